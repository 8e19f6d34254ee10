"""Options and helpers shared by several commands."""

from __future__ import annotations

import functools

import click
from flask.cli import with_appcontext

from cctv_planner.domain.errors import CctvPlannerError
from cctv_planner.extensions import db
from cctv_planner.services import accounts
from cctv_planner.services.audit import SYSTEM_ACTOR, set_actor


def as_user_option(command):
    """Add ``--as USER``: the audit trail names this user (default: the system user)."""

    @click.option("--as", "as_user", metavar="USER", default=None,
                  help="Record changes in the audit trail as this user (default: system).")
    @functools.wraps(command)
    @with_appcontext  # the session needs the app before the command's own with_appcontext runs
    def wrapper(*args, as_user=None, **kwargs):
        if as_user:
            try:
                user = accounts.get_user(db.session, as_user)
            except CctvPlannerError as error:
                raise click.BadParameter(error.message, param_hint="--as") from None
            set_actor(db.session, user_id=user.id, username=user.username)
        else:
            set_actor(db.session, user_id=None, username=SYSTEM_ACTOR)
        return command(*args, **kwargs)

    return wrapper


def fail(error: CctvPlannerError) -> None:
    """Roll back and stop with the error's message (exit code 1)."""
    db.session.rollback()
    raise click.ClickException(error.message)
