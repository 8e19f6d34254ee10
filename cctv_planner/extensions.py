"""Extensions, created unbound and bound by the app factory."""

from __future__ import annotations

import sqlite3

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
