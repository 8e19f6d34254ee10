"""reviews-due: cameras whose operational review / DPIA is overdue or falls due soon."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import click
from flask import current_app
from flask.cli import with_appcontext

from cctv_planner.commands.operations import AcceptedDate
from cctv_planner.domain.reviews import ReviewDue
from cctv_planner.extensions import db
from cctv_planner.services import reviews


def _json_row(row: ReviewDue) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in dataclasses.asdict(row).items()}


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _line(row: ReviewDue) -> str:
    place = ", ".join(p for p in (row.site_name, row.ward_name) if p)
    if row.never_reviewed and row.due_on is None:
        when = "never reviewed"
    elif row.never_reviewed:
        when = f"never reviewed, first review due {row.due_on}"
    else:
        when = f"last reviewed {row.last_reviewed_on}, due {row.due_on}"
    if row.days_until_due is not None:
        days = row.days_until_due
        when += f" ({_days(-days)} overdue)" if days < 0 else f" (in {_days(days)})"
    return f"  {row.asset_number:<8} {when}" + (f"  [{place}]" if place else "")


@click.command("reviews-due")
@click.option("--days", type=click.IntRange(0, 3660), default=30, show_default=True,
              help="Also list reviews falling due within this many days.")
@click.option("--as-of", "as_of", type=AcceptedDate(), default=None,
              help="Report as of this day (YYYY-MM-DD, 1990 to 2100; default today). "
                   "The demo is set on 2022-11-30.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@with_appcontext
def reviews_due_command(days: int, as_of: dt.datetime | None, as_json: bool) -> None:
    """List cameras overdue for their operational review (never-reviewed ones included) and those due soon."""
    today = as_of.date() if as_of else dt.date.today()
    interval = int(current_app.config["CCTV_REVIEW_INTERVAL_MONTHS"])
    overdue = reviews.overdue_report(db.session, today, interval)
    due = reviews.due_report(db.session, today, days, interval)
    if as_json:
        click.echo(json.dumps({"as_of": today.isoformat(), "interval_months": interval, "days": days,
                               "overdue": [_json_row(r) for r in overdue],
                               "due_soon": [_json_row(r) for r in due]}, indent=2))
        return
    never = sum(1 for r in overdue if r.never_reviewed)
    click.echo(f"Operational reviews as of {today} (every {interval} months).")
    click.echo(f"Overdue: {len(overdue)} cameras ({never} never reviewed).")
    for row in overdue:
        click.echo(_line(row))
    click.echo(f"Due in the next {days} days: {len(due)} cameras.")
    for row in due:
        click.echo(_line(row))
