"""Database commands: init-db and load-fixtures."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_migrate import upgrade

from cctv_planner.commands.options import as_user_option, fail
from cctv_planner.domain.errors import CctvPlannerError
from cctv_planner.extensions import db
from cctv_planner.services import fixtures


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade every table (Alembic migrations to head)."""
    upgrade()
    click.echo(f"Database at head: {db.engine.url.render_as_string(hide_password=True)}")


@click.command("load-fixtures")
@click.argument("name")
@click.option("--force", is_flag=True, help="Load into a database that already holds data (matching by code).")
@with_appcontext
@as_user_option
def load_fixtures(name: str, force: bool) -> None:
    """Load the fixture set NAME (e.g. barnet-demo) into the database."""
    try:
        counts = fixtures.load(db.session, name, force=force)
    except CctvPlannerError as error:
        fail(error)
    db.session.commit()
    r = counts.register
    click.echo(f"Loaded {name}: {counts.area_committees} area committees, {counts.wards} wards, "
               f"{r.sites} sites, {r.cameras} cameras, "
               f"{counts.deployments} deployments, {len(counts.users)} users, {counts.contractors} contractors, "
               f"{counts.contracts} contracts, {counts.faults} faults, {counts.incidents} incidents, "
               f"{counts.reviews} reviews, {counts.site_requests} site requests, "
               f"{counts.business_case_scenarios} saved business-case scenarios."
               + (f" Skipped, already loaded: {', '.join(counts.skipped)}"
                  f" ({counts.statuses_resynced} camera statuses set again from the stored faults)."
                  if counts.skipped else ""))
