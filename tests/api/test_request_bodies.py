"""A body the API cannot read is refused (415), never taken as "no fields given"."""

from __future__ import annotations

import sqlalchemy as sa

from cctv_planner.models import Site


def test_a_text_body_is_415_and_changes_nothing(client, auth, db_session):
    headers = {**auth("cctv_manager"), "Content-Type": "text/plain"}
    response = client.post("/api/sites", headers=headers,
                           data='{"code": "S1", "name": "x", "location": {"lon": -0.2, "lat": 51.6}}')
    assert response.status_code == 415
    assert "application/json" in response.json["message"]
    assert response.json["errors"]["headers"]["Content-Type"]
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Site)) == 0


def test_form_bodies_are_refused_but_json_and_empty_bodies_pass(client, auth):
    headers = auth("finance")
    form = client.post("/api/business-case/evaluate", headers=headers, data={"name": "x"},
                       content_type="application/x-www-form-urlencoded")
    assert form.status_code == 415
    doc = client.get("/api/business-case/presets/barnet-2022-obc/A", headers=headers).json["scenario"]
    assert client.post("/api/business-case/evaluate", headers=headers, json=doc).status_code == 200
    # An action with no body at all (e.g. a sign-off) is not refused for its missing body.
    assert client.post("/api/business-case/evaluate", headers=headers).status_code == 422


def test_dates_in_plain_json_are_iso_8601(app):
    import datetime as dt

    with app.test_request_context():
        from flask import json

        text = json.dumps({"day": dt.date(2022, 11, 1), "at": dt.datetime(2022, 11, 1, 9, 30, tzinfo=dt.UTC)})
    assert text == '{"at": "2022-11-01T09:30:00+00:00", "day": "2022-11-01"}'
