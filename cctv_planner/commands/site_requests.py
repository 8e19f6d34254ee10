"""Site-request commands: ``site-requests list|show|overdue|assign-committee`` and ``send-notices``.

The command line is the operator's: it sees every request.
"""

from __future__ import annotations

import json

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from cctv_planner.commands.options import fail
from cctv_planner.domain.errors import CctvPlannerError, NotFound
from cctv_planner.domain.site_requests.vocabulary import CLOSED_STATES, RequestState
from cctv_planner.extensions import db
from cctv_planner.models import SiteRequest, Ward
from cctv_planner.services import accounts, notices
from cctv_planner.services import site_requests as service
from cctv_planner.services.site_request_evidence import latest


def _outline(request: SiteRequest) -> dict:
    return {"id": request.id, "state": request.state.value, "title": request.title,
            "ward": request.ward.code if request.ward else None,
            "ward_name": request.ward.name if request.ward else None,
            "area_committee": request.area_committee.code if request.area_committee else None,
            "raised_by": request.raised_by.username, "raised_on": request.raised_at.date().isoformat(),
            "review_due": request.review_due.isoformat() if request.review_due else None,
            "cst_officer": request.cst_officer.username if request.cst_officer else None}


def _print_table(rows: list[dict]) -> None:
    if not rows:
        click.echo("No site requests.")
        return
    click.echo(f"{'id':>4}  {'state':<20} {'ward':<22} {'raised':<10} {'review due':<10}  title")
    for r in rows:
        click.echo(f"{r['id']:>4}  {r['state']:<20} {(r['ward_name'] or '-')[:22]:<22} {r['raised_on']:<10} "
                   f"{r['review_due'] or '-':<10}  {r['title']}")


@click.group("site-requests")
def site_requests_group() -> None:
    """Members' site requests: list, show, overdue; assign area-committee users."""


@site_requests_group.command("list")
@click.option("--state", type=click.Choice([s.value for s in RequestState]), default=None)
@click.option("--ward", default=None, help="Ward code.")
@click.option("--open", "open_only", is_flag=True, help="Only requests not yet closed.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@with_appcontext
def list_command(state, ward, open_only, as_json) -> None:
    """List site requests, oldest first."""
    query = sa.select(SiteRequest).order_by(SiteRequest.id)
    if state:
        query = query.where(SiteRequest.state == RequestState(state))
    if ward:
        query = query.where(SiteRequest.ward_id.in_(sa.select(Ward.id).where(Ward.code == ward)))
    if open_only:
        query = query.where(SiteRequest.state.not_in(list(CLOSED_STATES)))
    rows = [_outline(r) for r in db.session.scalars(query)]
    click.echo(json.dumps(rows, indent=2)) if as_json else _print_table(rows)


@site_requests_group.command("show")
@click.argument("request_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def show_command(request_id, as_json) -> None:
    """Show one request: the place, the people, every step and the evidence."""
    request = db.session.get(SiteRequest, request_id)
    if request is None:
        fail(NotFound(f"no site request with id {request_id}"))
    events = service.events(db.session, request)
    snapshot = latest(db.session, request)
    data = {**_outline(request), "address": request.address, "lon": request.lon, "lat": request.lat,
            "risk_rating": request.risk_rating.value if request.risk_rating else None,
            "responses": request.responses,
            "deployment_option": request.deployment_option.value if request.deployment_option else None,
            "capital_pounds": sum(x.capital_pounds for x in request.cost_lines),
            "revenue_pounds_per_year": sum(x.revenue_pounds_per_year for x in request.cost_lines),
            "cameras": [c.asset_number for c in request.cameras],
            "events": [{"at": e.occurred_at.isoformat(), "actor": e.actor_name, "action": e.action,
                        "from": e.from_state.value if e.from_state else None, "to": e.to_state.value,
                        "note": e.note} for e in events],
            "evidence": snapshot.figures if snapshot else None}
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"Site request {request.id}: {request.title} [{request.state.value}]")
    for key in ("ward_name", "area_committee", "raised_by", "cst_officer", "raised_on", "review_due", "address",
                "risk_rating", "responses", "deployment_option", "capital_pounds", "revenue_pounds_per_year",
                "cameras"):
        if data[key] not in (None, "", []):
            click.echo(f"  {key.replace('_', ' ')}: {data[key]}")
    click.echo("  steps:")
    for e in data["events"]:
        click.echo(f"    {e['at'][:16]}  {e['actor']:<16} {e['action']:<17} {e['from'] or '-'} -> {e['to']}"
                   + (f"  ({e['note']})" if e["note"] else ""))
    if snapshot:
        f = snapshot.figures
        click.echo(f"  evidence: {f['crimes_within_radius']} crimes within {snapshot.parameters['radius_m']:g} m "
                   f"(weighted {f['weighted_crime_within_radius']}, uncovered {f['weighted_crime_uncovered']}); "
                   f"density {f['density_per_km2']} per km²; "
                   f"Gi* {f['hot_spot']['label'] if f.get('hot_spot') else 'n/a'}")


@site_requests_group.command("overdue")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Default: today.")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def overdue_command(as_of, as_json) -> None:
    """Requests past their agreed review date without progress."""
    day = as_of.date() if as_of else service.today()
    operator = _Operator()
    rows = [_outline(r) for r in service.overdue(db.session, operator, day)]
    click.echo(json.dumps(rows, indent=2)) if as_json else _print_table(rows)


class _Operator:
    """The command line sees everything, as the CCTV manager does."""

    id = None
    role_names = frozenset(service.SEE_ALL)


@site_requests_group.command("assign-committee")
@click.argument("username")
@click.argument("committee_code")
@with_appcontext
def assign_committee_command(username, committee_code) -> None:
    """Record that USERNAME serves area committee COMMITTEE_CODE (decides its proposals, is told of steps)."""
    try:
        user = accounts.get_user(db.session, username)
        service.assign_committee(db.session, user, committee_code)
    except CctvPlannerError as error:
        fail(error)
    db.session.commit()
    click.echo(f"{username} serves area committee {committee_code}.")


@click.command("send-notices")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many.")
@click.option("--print", "print_only", is_flag=True, help="Print even when SMTP is configured.")
@with_appcontext
def send_notices(limit, print_only) -> None:
    """Send queued site-request notices: by e-mail when CCTV_SMTP_HOST is set, else print them. Marks them sent."""
    queued = notices.unsent(db.session, limit)
    sender = None if print_only else notices.smtp_sender(current_app.config)

    def show(notice) -> None:
        click.echo(f"To: {notice.email or '(no e-mail address)'} [{notice.recipient.value}]")
        click.echo(f"Subject: {notice.subject}")
        click.echo(notice.body)
        click.echo("")

    try:
        sent = notices.send(db.session, queued, sender or show, needs_address=sender is not None)
    except OSError as error:
        db.session.commit()  # the ones already sent stay marked
        raise click.ClickException(f"sending failed ({error}); the rest stay queued") from None
    db.session.commit()
    how = "e-mailed" if sender else "printed"
    click.echo(f"{sent} notice(s) {how} and marked sent; {notices.unsent_count(db.session)} left queued.",
               err=True)

