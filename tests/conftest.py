"""Shared fixtures. The database is the real one: SQLite by default, or the
PostgreSQL named by CCTV_TEST_DATABASE_URL. Tables come from the migrations,
never ``create_all``; each test leaves the tables empty for the next."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest
import sqlalchemy as sa

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DEMO_FIXTURES = REPO / "fixtures" / "barnet-demo"


def test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("CCTV_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


test_database_url.__test__ = False  # a helper, not a test


def reset_database(engine) -> None:
    """Drop every table, including ones an older migration left behind."""
    inspector = sa.inspect(engine)
    metadata = sa.MetaData()
    metadata.reflect(bind=engine)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            for name in inspector.get_table_names():
                connection.execute(sa.text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))
        else:
            metadata.drop_all(connection)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    from flask_migrate import upgrade

    from cctv_planner import create_app
    from cctv_planner.extensions import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": test_database_url(tmp_path_factory),
                      "SECRET_KEY": "test-secret"})
    with app.app_context():
        reset_database(db.engine)
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()  # close pooled connections before the interpreter does


def _empty_tables(db) -> None:
    from cctv_planner.models import Base

    db.session.rollback()
    with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def db_session(app):
    """An app context and its session; every table is emptied afterwards."""
    from cctv_planner.extensions import db

    ctx = app.app_context()
    ctx.push()
    try:
        yield db.session
    finally:
        _empty_tables(db)
        db.session.remove()
        ctx.pop()


@pytest.fixture
def client(app, db_session):
    return app.test_client()


@pytest.fixture
def make_user(db_session):
    """Return ``make_user(*roles, ward_code=None) -> (user, token)``."""
    from cctv_planner.services import accounts

    counter = itertools.count(1)

    def _make_user(*roles, ward_code=None, username=None):
        user = accounts.create_user(db_session, username or f"user{next(counter)}", roles=roles or ("viewer",),
                                    ward_code=ward_code)
        token = accounts.create_token(db_session, user)
        db_session.commit()
        return user, token

    return _make_user


@pytest.fixture
def auth(make_user):
    """Return ``auth(role, ...) -> headers`` for a fresh user holding those roles."""

    def _auth(*roles, ward_code=None):
        _user, token = make_user(*roles, ward_code=ward_code)
        return {"Authorization": f"Bearer {token}"}

    return _auth


@pytest.fixture
def barnet_wards(db_session):
    """Load the 24 real 2022 Barnet ward polygons (and their committees)."""
    from cctv_planner.services import fixtures

    fixtures._load_committees(db_session, DEMO_FIXTURES / "area_committees.csv")
    fixtures._load_wards(db_session, DEMO_FIXTURES / "wards.csv", DEMO_FIXTURES / "wards.geojson")
    db_session.commit()
    return {f["properties"]["ward_code"]: f["properties"]["ward_name"]
            for f in json.loads((DEMO_FIXTURES / "wards.geojson").read_text())["features"]}


@pytest.fixture
def demo_estate(db_session):
    """The whole Barnet demo estate, loaded through the fixture loader."""
    from cctv_planner.services import fixtures

    counts = fixtures.load(db_session, "barnet-demo", passwords=False, history=False)
    db_session.commit()
    return counts
