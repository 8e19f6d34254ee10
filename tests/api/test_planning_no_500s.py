"""Whatever JSON arrives, the planning API answers 4xx or 200, never 500."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIELDS = ["candidates", "candidates_csv", "source", "radius_m", "bandwidth_m", "weights", "since", "until",
          "half_life_months", "existing", "limit", "count", "budget", "transmission", "exact_time_limit_s"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False),
                    st.text(max_size=20), st.sampled_from(["lightposts", "uniform", "2023-13", "2023-01",
                                                           "id,lon,lat\na,-0.2,51.6\n", "wireless"]))
candidate = st.dictionaries(st.sampled_from(["id", "lon", "lat", "easting", "northing", "cost", "category"]),
                            st.one_of(scalars, st.floats(-1, 60), st.floats(500_000, 540_000)), max_size=5)
values = st.one_of(scalars, st.lists(candidate, max_size=3),
                   st.dictionaries(st.text(max_size=10), st.one_of(st.floats(allow_nan=False), st.text()),
                                   max_size=3))


@st.composite
def bodies(draw):
    url = draw(st.sampled_from(["/api/planning/score", "/api/planning/plan"]))
    keys = draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=6))
    return url, {k: draw(values) for k in keys}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=bodies())
def test_random_planning_bodies_never_give_a_500(client, auth, db_session, request):
    headers = getattr(test_random_planning_bodies_never_give_a_500, "_headers", None)
    if headers is None:
        headers = auth("cctv_manager")
        test_random_planning_bodies_never_give_a_500._headers = headers
    url, body = request
    response = client.post(url, headers=headers, json=body)
    assert response.status_code < 500, (url, body, response.json)
    if response.status_code >= 400:
        assert response.json["message"]
