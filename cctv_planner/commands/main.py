"""The top-level click group; every area's commands are added here."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from cctv_planner import create_app
from cctv_planner.commands import accounts, database, operations, planning, register, serve, site_requests
from cctv_planner.commands.business_case import business_case_command
from cctv_planner.commands.reviews import reviews_due_command


def _cli_app():
    # Commands run by an operator need no secret key: nothing is served.
    return create_app({"CCTV_CLI": True})


@click.group(cls=FlaskGroup, create_app=_cli_app, add_default_commands=False, add_version_option=False,
             load_dotenv=False)
def cli() -> None:
    """Plan, track and justify the council's public-space CCTV estate."""


for command in (database.init_db, database.load_fixtures, accounts.create_user, accounts.create_token,
                accounts.revoke_token, register.import_register_command,
                register.export_register_command, serve.serve, business_case_command,
                site_requests.site_requests_group, site_requests.send_notices,
                operations.import_faults_command, operations.import_incidents_command,
                operations.availability_command, operations.incident_stats_command,
                reviews_due_command):
    cli.add_command(command)
for command in planning.COMMANDS:
    cli.add_command(command)
