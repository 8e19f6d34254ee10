"""Account commands: create-user, create-token, revoke-token."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from cctv_planner.commands.options import fail
from cctv_planner.domain.errors import CctvPlannerError
from cctv_planner.domain.register import Role
from cctv_planner.extensions import db
from cctv_planner.services import accounts


@click.command("create-user")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role]),
              help="A role; repeat for several.")
@click.option("--ward", default=None, help="Ward code or name (required for a member).")
@click.option("--name", "display_name", default="", help="Display name.")
@click.option("--email", default=None)
@click.option("--password-stdin", is_flag=True, help="Read a password from standard input.")
@with_appcontext
def create_user(username, roles, ward, display_name, email, password_stdin) -> None:
    """Create a user with one or more roles."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    try:
        user = accounts.create_user(db.session, username, roles=roles, display_name=display_name,
                                    email=email, ward_code=ward, password=password)
    except CctvPlannerError as error:
        fail(error)
    db.session.commit()
    click.echo(f"Created user {user.username} ({', '.join(sorted(r.value for r in user.role_names))}).")


@click.command("create-token")
@click.argument("username")
@click.option("--label", default="", help="What the token is for.")
@with_appcontext
def create_token(username, label) -> None:
    """Create an API token for USERNAME and print it (it is shown only this once)."""
    try:
        token = accounts.create_token(db.session, accounts.get_user(db.session, username), label=label)
    except CctvPlannerError as error:
        fail(error)
    db.session.commit()
    click.echo(token)


@click.command("revoke-token")
@click.argument("username")
@click.option("--prefix", default=None, help="Only the token starting with these characters.")
@with_appcontext
def revoke_token(username, prefix) -> None:
    """Revoke USERNAME's tokens (all of them, or the one with --prefix)."""
    try:
        count = accounts.revoke_tokens(db.session, accounts.get_user(db.session, username), prefix=prefix)
    except CctvPlannerError as error:
        fail(error)
    db.session.commit()
    click.echo(f"Revoked {count} token(s) of {username}.")
