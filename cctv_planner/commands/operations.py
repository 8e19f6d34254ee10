"""Operations commands: import-faults, import-incidents, availability, incident-stats."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from cctv_planner.commands.options import as_user_option, fail
from cctv_planner.domain import dates
from cctv_planner.domain.errors import CctvPlannerError, ValidationFailed
from cctv_planner.domain.faults import parse_target_hours
from cctv_planner.extensions import db
from cctv_planner.logfiles import FAULT_COLUMNS, INCIDENT_COLUMNS, read_log_file
from cctv_planner.services import availability, incidents, log_imports


class AcceptedDate(click.DateTime):
    """YYYY-MM-DD, within the years the product accepts (``domain.dates``: 1990 to 2100)."""

    name = "date"

    def __init__(self):
        super().__init__(formats=["%Y-%m-%d"])

    def convert(self, value, param, ctx):
        moment = super().convert(value, param, ctx)
        try:
            dates.check_date(moment.date(), param.name if param else "date")
        except ValidationFailed:
            self.fail(f"{moment.date()} is out of range: give a day from {dates.EARLIEST} to {dates.LATEST}",
                      param, ctx)
        return moment


_DATE = AcceptedDate()


def check_period(first: dt.date, last: dt.date, max_days: int = dates.MAX_PERIOD_DAYS) -> None:
    """--from..--to in order and not too long, or a usage error (exit code 2) naming --to."""
    try:
        dates.check_period(first, last, max_days, field="--to", start_field="--from")
    except ValidationFailed as error:
        raise click.BadParameter(error.message, param_hint=error.field) from None


def _import(file: Path, columns, apply, what: str) -> None:
    try:
        rows = read_log_file(file, columns)
        with click.progressbar(length=len(rows), label=f"Checking {len(rows)} {what}", file=sys.stderr) as bar:
            count = apply(db.session, file.name, rows, bar.update)
    except CctvPlannerError as error:
        fail(error)
    db.session.commit()
    click.echo(f"Imported {count} {what} from {file.name}.")


@click.command("import-faults")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@as_user_option
@with_appcontext
def import_faults_command(file: Path) -> None:
    """Import faults from a .csv or .xlsx FILE (all rows or none). Columns: docs/faults-and-availability.md."""
    _import(file, FAULT_COLUMNS, log_imports.apply_faults, "faults")


@click.command("import-incidents")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@as_user_option
@with_appcontext
def import_incidents_command(file: Path) -> None:
    """Import control-room incidents from a .csv or .xlsx FILE (all rows or none)."""
    _import(file, INCIDENT_COLUMNS, log_imports.apply_incidents, "incidents")


def _json(data) -> str:
    def default(value):
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        raise TypeError(type(value).__name__)

    return json.dumps(data, indent=1, default=default)


def _pct(value) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _num(value, unit: str = " h") -> str:
    return "-" if value is None else f"{value:,.1f}{unit}"


@click.command("availability")
@click.option("--from", "first", type=_DATE, required=True, help="First day (London), YYYY-MM-DD.")
@click.option("--to", "last", type=_DATE, required=True, help="Last day, inclusive.")
@click.option("--step", type=click.Choice(["day", "week"]), default="week", show_default=True,
              help="Series sampled every day or at the end of each week.")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@with_appcontext
def availability_command(first, last, step: str, as_json: bool) -> None:
    """Availability, MTTR, MTBF and the operational-of-total series of the fixed estate.

    A period of at most 20 years (5 with --step day), days from 1990 to 2100.
    """
    check_period(first.date(), last.date(),
                 dates.MAX_DAILY_PERIOD_DAYS if step == "day" else dates.MAX_PERIOD_DAYS)
    targets = parse_target_hours(current_app.config.get("CCTV_FAULT_TARGET_HOURS"))
    report = availability.report(db.session, first.date(), last.date(), step_days=7 if step == "week" else 1,
                                 targets=targets, per_camera=as_json)
    if as_json:
        click.echo(_json(report))
        return
    e = report["estate"]
    click.echo(f"Fixed estate, {first.date()} to {last.date()} ({e['cameras']} cameras)")
    click.echo(f"  availability          {_pct(e['availability'])}")
    click.echo(f"  downtime              {_num(e['downtime_hours'])}")
    click.echo(f"  MTTR                  {_num(e['mttr_hours'])}")
    click.echo(f"  MTBF                  {_num(e['mtbf_hours'])}")
    click.echo(f"  fixed within target   {_pct(e['within_target_share'])}")
    click.echo(f"  detection-to-report   {_num(e['mean_report_delay_hours'])} (mean)")
    click.echo(f"  faults reported {e['faults_reported']}, resolved {e['faults_resolved']}, "
               f"open at the end {e['open_at_end']}")
    click.echo("By contractor:")
    for row in report["by_contractor"]:
        click.echo(f"  {row['contractor']:<28} resolved {row['faults_resolved']:>4}  MTTR {_num(row['mttr_hours']):>12}"
                   f"  within target {_pct(row['within_target_share']):>6}")
    click.echo("By ward:")
    for row in report["by_ward"]:
        click.echo(f"  {row['ward']:<28} {row['cameras']:>3} cameras  availability {_pct(row['availability']):>6}")
    click.echo("Operational fixed cameras of total:")
    for point in report["series"]:
        click.echo(f"  {point['day']}  {point['operational']:>4} of {point['total']}")


@click.command("incident-stats")
@click.option("--from", "first", type=_DATE, required=True, help="First day (London), YYYY-MM-DD.")
@click.option("--to", "last", type=_DATE, required=True, help="Last day, inclusive.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@with_appcontext
def incident_stats_command(first, last, as_json: bool) -> None:
    """The board's incident figures for a period (at most 20 years): count, share by type, by hour,
    proactive share."""
    check_period(first.date(), last.date())
    data = incidents.stats_dict(incidents.stats(db.session, first.date(), last.date()), first.date(), last.date())
    if as_json:
        click.echo(_json(data))
        return
    click.echo(f"From {first.date()} to {last.date()} there were {data['count']} incidents captured by CCTV.")
    for row in sorted(data["by_type"], key=lambda r: -r["count"]):
        if row["count"]:
            click.echo(f"  {row['percent']:>3}%  {row['count']:>5}  {row['label']}")
    if data["count"]:
        click.echo(f"Proactive {data['proactive']} ({_pct(data['proactive_share'])}), reactive {data['reactive']}; "
                   f"arrests {data['arrests']}; quietest hours {data['quietest_hours']}.")
        click.echo("By hour: " + " ".join(f"{h:02d}:{n}" for h, n in enumerate(data["by_hour"])))
