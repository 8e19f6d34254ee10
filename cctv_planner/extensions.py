"""Extensions, created unbound and bound by the app factory."""

from __future__ import annotations

import sqlite3

import flask_smorest
import sqlalchemy as sa
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from cctv_planner.models.base import Base

# No autoflush: a service's lookups mid-change must not flush half a change,
# which would split one edit into several audit entries. Services flush once.
db = SQLAlchemy(model_class=Base, session_options={"autoflush": False})
migrate = Migrate()


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Turn on foreign keys (off by default in SQLite) and WAL for file databases."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # The sqlite3 module's own transaction handling breaks SAVEPOINT (a
    # savepoint outside its implicit BEGIN commits at once); take over and
    # emit BEGIN ourselves, as SQLAlchemy's documentation recommends.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA database_list")
    rows = cursor.fetchall()
    if rows and rows[0][2]:  # a file, not :memory:
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@sa.event.listens_for(sa.engine.Engine, "begin")
def _sqlite_begin(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")


class Api(flask_smorest.Api):
    """flask-smorest's Api, with a ``message`` in every error body.

    Validation errors from webargs carry only ``errors``; people (and the
    product's error convention) want one sentence saying what was wrong.
    """

    def handle_http_exception(self, error):
        payload, status, headers = super().handle_http_exception(error)
        if "message" not in payload:
            fields = _error_fields(payload.get("errors") or {})
            payload["message"] = (f"invalid {', '.join(fields)}" if fields
                                  else (error.description or error.name))
        if status >= 500:
            # Never leave a half-done change in the session after a crash.
            db.session.rollback()
        return payload, status, headers


def _error_fields(errors, prefix: str = "") -> list[str]:
    """Dotted names of the fields in a webargs error tree, e.g. ``json.location.lon``."""
    names = []
    for key, value in errors.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            names.extend(_error_fields(value, name + ".") or [name])
        else:
            names.append(name)
    # Drop the location prefix ("json.", "query.") for the sentence.
    return [n.split(".", 1)[1] if n.startswith(("json.", "query.", "form.", "files.")) else n for n in names]
