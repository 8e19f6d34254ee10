"""Open site requests are candidate sites for the planner (issue 4's third source)."""

from __future__ import annotations

import io

import pytest

from cctv_planner.domain import geo
from tests.services.crime_files import HEADER, lonlat_text, row

# Two places in Burnt Oak, about 650 m apart.
NEAR = {"lon": -0.2615, "lat": 51.6030}
FAR = {"lon": -0.2700, "lat": 51.6060}


def _raise(client, member, place, title):
    response = client.post("/api/site-requests", headers=member.headers, json={"title": title, "location": place})
    assert response.status_code == 201, response.json
    return response.json["id"]


def test_open_requests_are_scored_and_closed_ones_are_not(client, people, post_step):
    near = _raise(client, people["member"], NEAR, "Robberies by the station")
    far = _raise(client, people["member"], FAR, "Quiet road")
    gone = _raise(client, people["member"], FAR, "Changed my mind")
    assert post_step(people["member"], gone, "withdrawal", {"note": "resolved"}).status_code == 200

    # Two robberies (weight 3 each by the default table) 40 m from the first request.
    here = geo.from_lonlat(NEAR["lon"], NEAR["lat"])
    crimes = "\n".join([HEADER] + [row(f"r{i}", "2025-06", *lonlat_text(here.easting + 40, here.northing),
                                       "Robbery") for i in range(2)]) + "\n"
    upload = client.post("/api/crimes", data={"files": [(io.BytesIO(crimes.encode()), "june.csv")]},
                         headers=people["manager"].headers, content_type="multipart/form-data")
    assert upload.status_code == 201, upload.json

    response = client.post("/api/planning/score", headers=people["manager"].headers,
                           json={"source": "site-requests", "radius_m": 100})
    assert response.status_code == 200, response.json
    scored = {c["id"]: c for c in response.json["candidates"]}
    assert set(scored) == {f"request-{near}", f"request-{far}"}  # the withdrawn one is not a candidate
    assert scored[f"request-{near}"]["gap_weight"] == pytest.approx(6.0)
    assert scored[f"request-{far}"]["gap_weight"] == 0

    plan = client.post("/api/planning/plan", headers=people["manager"].headers,
                       json={"source": "site-requests", "radius_m": 100, "count": 1})
    assert plan.status_code == 200, plan.json
    assert plan.json["chosen"] == [f"request-{near}"]


def test_no_open_requests_is_a_clear_422(client, people):
    response = client.post("/api/planning/score", headers=people["manager"].headers, json={"source": "site-requests"})
    assert response.status_code == 422
    assert "source" in response.json["message"] or "site requests" in response.json["message"]
