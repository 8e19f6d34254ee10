"""Whatever JSON arrives at a draft review, the API answers 2xx or 4xx, never 500."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cctv_planner.services import register

FIELDS = ["review_date", "reviewer", "site_visit_done", "surveillance_objectives", "mitigations", "actions",
          "decision", "privacy_outcome", "retention_days", "frames_per_second", "meets_requirement",
          "automated_processing", "camera_id", "justification"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False),
                    st.text(max_size=20), st.sampled_from(["remove", "2021-02-30", "2021-12-01", "", "other",
                                                           "adopted", "crime_and_asb"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(["number", "status", "note", "description", "due_on", "done_on"]), inner,
                    max_size=4)), max_leaves=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.lists(st.sampled_from(FIELDS), unique=True, max_size=6).flatmap(
    lambda keys: st.fixed_dictionaries({k: values for k in keys})))
def test_random_patches_never_give_a_500(client, auth, db_session, body):
    state = test_random_patches_never_give_a_500.__dict__
    if "review_id" not in state:
        state["headers"] = auth("cctv_manager")
        site = register.create_site(db_session, {"code": "S-1", "name": "High Street",
                                                 "location": {"lon": -0.2671, "lat": 51.6004}})
        camera = register.create_camera(db_session, {"asset_number": "BO69", "camera_type": "ptz",
                                                     "site_id": site.id})
        db_session.commit()
        state["review_id"] = client.post("/api/reviews", headers=state["headers"],
                                         json={"camera_id": camera.id}).json["id"]
    response = client.patch(f"/api/reviews/{state['review_id']}", headers=state["headers"], json=body)
    assert response.status_code < 500, (body, response.json)
    if response.status_code >= 400:
        assert response.json["message"]
