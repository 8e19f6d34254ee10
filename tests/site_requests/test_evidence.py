"""Must-show 4: the evidence for a request at a known place equals the planning functions'
numbers for that point, and hand calculations for a small case."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
import shapely

from cctv_planner.domain import geo
from tests.site_requests.conftest import POINT


def _add_crime(session, n, x, y, crime_type, month):
    from cctv_planner.models import Crime

    lon, lat = geo.bng_to_lonlat_arrays(np.array([x]), np.array([y]))
    session.add(Crime(key=f"k{n}", month=month, crime_type=crime_type, x=x, y=y, lon=float(lon[0]),
                      lat=float(lat[0])))


@pytest.fixture
def place(db_session, people):
    """Crimes and a camera around the point:

    - 3 robberies (weight 3 each) 50 m east of the point, seen by the camera;
    - 2 vehicle crimes (weight 1.5 each) 50 m north, outside the camera's 60° view;
    - 1 anti-social behaviour (weight 0.5) 150 m east: outside the 100 m radius;
    - 1 robbery at the point in January 2024: outside the 12-month window (to December 2025);
    - a fixed camera 30 m west, looking east (bearing 90, FOV 60, range 100).
    """
    from cctv_planner.services import register

    here = geo.from_lonlat(POINT["lon"], POINT["lat"])
    e, n = here.easting, here.northing
    month = dt.date(2025, 12, 1)
    rows = [(e + 50, n, "Robbery")] * 3 + [(e, n + 50, "Vehicle crime")] * 2 + [(e + 150, n, "Anti-social behaviour")]
    for i, (x, y, kind) in enumerate(rows):
        _add_crime(db_session, i, x, y, kind, month)
    _add_crime(db_session, 99, e, n, "Robbery", dt.date(2024, 1, 1))
    site = register.create_site(db_session, {"code": "S-T1", "name": "test column",
                                             "location": {"easting": e - 30, "northing": n}})
    register.create_camera(db_session, {"asset_number": "T1", "camera_type": "fixed", "site_id": site.id,
                                        "bearing_deg": 90.0, "field_of_view_deg": 60.0, "range_m": 100.0})
    db_session.commit()
    return e, n


def _investigate(client, people, post_step):
    rid = client.post("/api/site-requests", headers=people["member"].headers,
                      json={"title": "Robberies", "location": POINT}).json["id"]
    assert post_step(people["cst"], rid, "investigation", {}).status_code == 200
    response = client.get(f"/api/site-requests/{rid}/evidence", headers=people["cst"].headers)
    assert response.status_code == 200
    return rid, response.json


def test_evidence_by_hand(client, people, post_step, place):
    _rid, evidence = _investigate(client, people, post_step)
    figures = evidence["figures"]
    assert figures["crime_window"] == ["2025-01", "2025-12"]
    assert figures["crimes_within_radius"] == 5
    assert figures["weighted_crime_within_radius"] == pytest.approx(3 * 3.0 + 2 * 1.5)
    # The camera sees the robberies (80 m east of it) but not the vehicle crimes (59° off its bearing).
    assert figures["weighted_crime_uncovered"] == pytest.approx(3.0)
    assert figures["crimes_uncovered"] == 2
    assert figures["coverage"]["share_of_weighted_crime_covered"] == pytest.approx(1 - 3.0 / 12.0)
    assert figures["coverage"]["seen_by"] == ["T1"]  # the point is 30 m in front of it
    # Quartic density, h = 200 m: 3/(pi h^2) (1 - d^2/h^2)^2 per crime, x 10^6 per km^2.
    h = 200.0

    def k(d):
        return 3 / (math.pi * h * h) * (1 - d * d / (h * h)) ** 2 * 1e6

    expected = 9.0 * k(50) + 3.0 * k(50) + 0.5 * k(150)
    assert figures["density_per_km2"] == pytest.approx(expected, rel=1e-6)
    assert figures["by_type"] == {"Robbery": {"weight": 9.0, "crimes": 3},
                                  "Vehicle crime": {"weight": 3.0, "crimes": 2}}
    assert [c["asset_number"] for c in figures["nearby_cameras"]] == ["T1"]
    assert figures["nearby_cameras"][0]["distance_m"] == 30.0
    assert figures["camera_history"]["faults"] == []
    assert figures["camera_history"]["incidents"] == []


def test_evidence_lists_nearby_cameras_faults_and_incidents(client, db_session, people, post_step, place):
    from cctv_planner.models.base import utcnow
    from cctv_planner.services import faults, incidents

    recent = utcnow() - dt.timedelta(days=20)
    # Not out of service, so the camera stays operational and the coverage figures stand.
    faults.create_fault(db_session, {"asset_number": "T1", "category": "image_quality", "severity": "low",
                                     "out_of_service": False, "detected_at": recent, "reported_at": recent,
                                     "description": "smeared dome"})
    old = utcnow() - dt.timedelta(days=500)
    faults.create_fault(db_session, {"asset_number": "T1", "category": "power", "severity": "high",
                                     "out_of_service": False, "detected_at": old, "reported_at": old,
                                     "status": "closed", "resolved_at": old + dt.timedelta(days=1),
                                     "resolution": "repair", "description": "long ago"})
    incidents.create_incident(db_session, {"occurred_at": recent, "incident_type": "begging",
                                           "origin": "proactive", "asset_numbers": ["T1"]})
    db_session.commit()
    _rid, evidence = _investigate(client, people, post_step)
    history = evidence["figures"]["camera_history"]
    assert [f["description"] for f in history["faults"]] == ["smeared dome"]  # not the one 500 days ago
    assert [i["incident_type"] for i in history["incidents"]] == ["begging"]
    assert history["incidents"][0]["asset_numbers"] == ["T1"]


def test_evidence_equals_the_planning_functions(client, db_session, people, post_step, place):
    from cctv_planner.domain.planning import (
        CameraView,
        CrimePoints,
        CrimeWeights,
        covered_by_views,
        hot_spots,
    )
    from cctv_planner.domain.planning.candidates import score_candidates
    from cctv_planner.services import register

    e, n = place
    _rid, evidence = _investigate(client, people, post_step)
    figures = evidence["figures"]
    # The same crimes (window applied), weighted by the default table.
    x = np.array([e + 50] * 3 + [e] * 2 + [e + 150])
    y = np.array([n] * 3 + [n + 50] * 2 + [n])
    kinds = np.array(["Robbery"] * 3 + ["Vehicle crime"] * 2 + ["Anti-social behaviour"])
    w = CrimeWeights.default().weigh(kinds)
    crimes = CrimePoints.from_arrays(x, y, w, kinds)
    view = CameraView(e - 30, n, "fixed", 90.0, 60.0, 100.0)
    covered = covered_by_views(crimes.x, crimes.y, [view])
    scores = score_candidates(np.array([e]), np.array([n]), crimes, radius_m=100, bandwidth_m=200,
                              already_covered=covered)
    assert figures["weighted_crime_uncovered"] == pytest.approx(scores.score[0])
    assert figures["density_per_km2"] == pytest.approx(scores.density_per_km2[0])
    area = shapely.union_all([s.polygon_bng for s in register.all_ward_shapes(db_session)])
    spots = hot_spots(x, y, 200.0, weight=w, area=area)
    row, col, _ = spots.grid.cell_of(np.array([e]), np.array([n]))
    assert figures["hot_spot"]["row"] == int(row[0]) and figures["hot_spot"]["col"] == int(col[0])
    assert figures["hot_spot"]["z"] == pytest.approx(spots.z[row[0], col[0]], rel=1e-6)
    assert figures["hot_spot"]["gi_bin"] == int(spots.gi_bin[row[0], col[0]])
    assert figures["hot_spot"]["weighted_crime_in_cell"] == pytest.approx(float(spots.counts[row[0], col[0]]))


def test_earlier_requests_at_the_same_place(client, db_session, people, post_step, place):
    e, n = place
    near = geo.bng_to_lonlat_arrays(np.array([e + 40]), np.array([n]))
    far = geo.bng_to_lonlat_arrays(np.array([e + 150]), np.array([n]))
    member = people["member"].headers
    first = client.post("/api/site-requests", headers=member,
                        json={"title": "earlier, 40 m", "location": {"lon": float(near[0][0]),
                                                                     "lat": float(near[1][0])}}).json["id"]
    client.post("/api/site-requests", headers=member,
                json={"title": "earlier, 150 m", "location": {"lon": float(far[0][0]), "lat": float(far[1][0])}})
    _rid, evidence = _investigate(client, people, post_step)
    found = evidence["figures"]["earlier_requests"]
    assert [(r["id"], r["distance_m"]) for r in found] == [(first, 40.0)]


def test_evidence_can_be_retaken_after_new_crime_data(client, db_session, people, post_step, place):
    rid, first = _investigate(client, people, post_step)
    e, n = place
    for i in range(2):  # two more robberies 20 m from the point, in the window
        _add_crime(db_session, 200 + i, e + 20, n, "Robbery", dt.date(2025, 12, 1))
    db_session.commit()
    assert client.post(f"/api/site-requests/{rid}/evidence", headers=people["member"].headers).status_code == 403
    retaken = client.post(f"/api/site-requests/{rid}/evidence", headers=people["cst"].headers)
    assert retaken.status_code == 201
    assert retaken.json["figures"]["crimes_within_radius"] == first["figures"]["crimes_within_radius"] + 2
    latest = client.get(f"/api/site-requests/{rid}/evidence", headers=people["member"].headers).json
    assert latest["figures"] == retaken.json["figures"]
