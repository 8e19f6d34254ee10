"""Migrations build the whole schema, agree with the models, and go back down.

Runs on a database of its own (a new SQLite file, or a sibling PostgreSQL
database next to CCTV_TEST_DATABASE_URL) so it never disturbs the suite's.
"""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext


@pytest.fixture
def empty_database_url(tmp_path):
    base = os.environ.get("CCTV_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    url = sa.make_url(base)
    name = f"cctv_mig_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_to_head_matches_models_and_downgrade_to_base_empties(empty_database_url):
    from flask_migrate import downgrade, upgrade

    from cctv_planner import create_app
    from cctv_planner.extensions import db
    from cctv_planner.models import Base

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            tables = set(sa.inspect(connection).get_table_names())
        assert set(Base.metadata.tables) <= tables

        downgrade(revision="base")
        with db.engine.connect() as connection:
            assert set(sa.inspect(connection).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path):
    from cctv_planner import create_app
    from cctv_planner.extensions import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
    with app.app_context():
        db.engine.dispose()
