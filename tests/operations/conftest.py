"""Shared set-up for the operations tests: two cameras on one site."""

from __future__ import annotations

import pytest


@pytest.fixture
def manager(auth):
    return auth("cctv_manager")


@pytest.fixture
def cameras(client, manager):
    site = client.post("/api/sites", headers=manager, json={
        "code": "S-BO69", "name": "Burnt Oak Town Centre", "location": {"lon": -0.2615, "lat": 51.6030},
        "category": "town_centre", "transmission": "wireless"})
    assert site.status_code == 201, site.json
    made = []
    for asset in ("BO69", "BO61"):
        response = client.post("/api/cameras", headers=manager, json={
            "asset_number": asset, "camera_type": "fixed", "site_id": site.json["id"],
            "installed_on": "2014-09-15"})
        assert response.status_code == 201, response.json
        made.append(response.json)
    return made


@pytest.fixture
def run(app, db_session):
    """``run(*args) -> Result``: the CLI against the test database."""
    from flask.cli import ScriptInfo

    from cctv_planner.commands.main import cli

    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))
