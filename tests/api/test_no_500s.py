"""Whatever JSON arrives, the register API answers 4xx, never 500, and stores nothing."""

from __future__ import annotations

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cctv_planner.models import Camera, Deployment, Site

FIELDS = {
    "/api/sites": ["code", "name", "location", "category", "transmission", "ward_code", "status", "power"],
    "/api/cameras": ["asset_number", "camera_type", "site_id", "bearing_deg", "status", "installed_on",
                     "range_m", "retention_days"],
    "/api/deployments": ["camera_id", "asset_number", "site_id", "location", "started_on", "ended_on"],
}
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False),
                    st.text(max_size=20), st.sampled_from(["fixed", "2021-02-30", "", "0", "E05013630"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(["lon", "lat", "easting", "northing", "x"]), inner, max_size=4)),
    max_leaves=6)


@st.composite
def bodies(draw):
    url = draw(st.sampled_from(sorted(FIELDS)))
    keys = draw(st.lists(st.sampled_from(FIELDS[url]), unique=True, max_size=len(FIELDS[url])))
    return url, {k: draw(values) for k in keys}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=bodies())
def test_random_bodies_never_give_a_500(client, auth, db_session, request):
    headers = getattr(test_random_bodies_never_give_a_500, "_headers", None)
    if headers is None:
        headers = auth("cctv_manager")
        test_random_bodies_never_give_a_500._headers = headers
    url, body = request
    response = client.post(url, headers=headers, json=body)
    assert response.status_code < 500, (url, body, response.json)
    if response.status_code >= 400:
        assert response.json["message"]
    # Tidy up any record a random body happened to create validly.
    db_session.rollback()
    for model in (Deployment, Camera, Site):
        db_session.execute(sa.delete(model))
    db_session.commit()
