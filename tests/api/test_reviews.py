"""Operational reviews / DPIAs over the API: must-show 3 (both sign-offs, immutability, roles)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from cctv_planner.domain.reviews import STANDARD_MITIGATIONS, STANDARD_PRIVACY_RISKS
from cctv_planner.services import register

TODAY = dt.date.today()


@pytest.fixture
def camera(db_session):
    site = register.create_site(db_session, {"code": "S-BO69", "name": "Burnt Oak Town Centre",
                                             "location_detail": "Burnt Oak Broadway opposite Stag Lane",
                                             "location": {"lon": -0.267068, "lat": 51.600443}})
    camera = register.create_camera(db_session, {"asset_number": "BO69", "camera_type": "ptz", "site_id": site.id,
                                                 "recording_location": "Enfield Public Safety Centre (EPSC)"})
    db_session.commit()
    return camera


@pytest.fixture
def manager(auth):
    return auth("cctv_manager")


@pytest.fixture
def dpo(auth):
    return auth("dpo")


COMPLETE = {
    "review_date": (TODAY - dt.timedelta(days=10)).isoformat(),
    "reviewer": "Global MCS (CCTV consultant)",
    "site_visit_done": True,
    "operational_requirement": "Strategic location for surveillance in main town / retail/ commercial area.",
    "primary_views": "Pedestrian & vehicle activity.",
    "automated_processing_note": "PSSCCTV cameras are not used for automated processing",
    "meets_requirement": True,
    "meets_requirement_narrative": "This camera meets the OR and is effective in meeting a pressing need in this area.",
    "mitigations": [{"number": n, "status": "outstanding" if n in (1, 4) else "adopted"} for n in range(1, 8)],
    "privacy_outcome": "reduced",
    "privacy_outcome_narrative": "Publish a Privacy Notice and up-to-date Codes of Practice (1 & 4 above).",
    "justification": "The camera remains justified for its operational requirement.",
    "decision": "justified",
}


def _draft(client, headers, camera, **fields):
    response = client.post("/api/reviews", headers=headers, json={"camera_id": camera.id, **fields})
    assert response.status_code == 201, response.json
    return response


def _signed(client, manager, dpo, camera, **fields):
    review = _draft(client, manager, camera, **{**COMPLETE, **fields}).json
    signed = client.post(f"/api/reviews/{review['id']}/sign-spoc", headers=manager)
    assert signed.status_code == 200, signed.json
    response = client.post(f"/api/reviews/{review['id']}/sign-dpo", headers=dpo)
    assert response.status_code == 200, response.json
    return response.json


def test_a_draft_is_prefilled_from_the_register_and_the_template(client, manager, camera):
    review = _draft(client, manager, camera).json
    assert review["state"] == "draft"
    assert review["camera_number"] == "BO69 Burnt Oak Town Centre"
    assert review["location_detail"] == "Burnt Oak Broadway opposite Stag Lane"
    assert (review["retention_days"], review["frames_per_second"]) == (28, 25)
    assert review["recording_location"] == "Enfield Public Safety Centre (EPSC)"
    assert review["automated_processing"] == "none"
    assert review["privacy_risks"] == STANDARD_PRIVACY_RISKS
    assert review["surveillance_objectives"] == ["crime_and_asb", "community_safety", "offenders", "evidence"]
    assert [(m["number"], m["text"], m["status"]) for m in review["mitigations"]] == [
        (n, text, None) for n, text in STANDARD_MITIGATIONS.items()]
    # What stands between the draft and a signature, named field by field.
    assert {"review_date", "reviewer", "site_visit_done", "operational_requirement", "primary_views",
            "mitigations", "privacy_outcome", "justification", "decision"} <= set(review["missing"])


def test_an_incomplete_review_cannot_be_signed_and_the_answer_names_the_fields(client, manager, camera):
    review = _draft(client, manager, camera, reviewer="Global MCS").json
    response = client.post(f"/api/reviews/{review['id']}/sign-spoc", headers=manager)
    assert response.status_code == 422
    assert "justification" in response.json["message"]
    assert "reviewer" not in response.json["errors"]["json"]
    assert response.json["errors"]["json"]["decision"] == ["required before signing"]


def test_a_review_is_complete_only_with_both_sign_offs(client, manager, dpo, camera):
    review = _draft(client, manager, camera, **COMPLETE).json
    assert review["missing"] == {}
    spoc = client.post(f"/api/reviews/{review['id']}/sign-spoc", headers=manager).json
    assert spoc["state"] == "draft"
    assert spoc["sign_offs"]["spoc"]["signed_by"] and spoc["sign_offs"]["dpo"]["signed_by"] is None
    # Half-signed is not reviewed: the camera is still never reviewed, so overdue.
    overdue = client.get("/api/reviews/reports/overdue", headers=manager).json
    assert [(r["asset_number"], r["never_reviewed"]) for r in overdue] == [("BO69", True)]

    done = client.post(f"/api/reviews/{review['id']}/sign-dpo", headers=dpo).json
    assert done["state"] == "signed"
    assert done["sign_offs"]["dpo"]["signed_by"]
    assert client.get("/api/reviews/reports/overdue", headers=manager).json == []


def test_the_dpo_may_sign_first(client, manager, dpo, camera):
    review = _draft(client, manager, camera, **COMPLETE).json
    assert client.post(f"/api/reviews/{review['id']}/sign-dpo", headers=dpo).json["state"] == "draft"
    assert client.post(f"/api/reviews/{review['id']}/sign-spoc", headers=manager).json["state"] == "signed"


def test_a_signed_review_cannot_be_changed_or_deleted(client, manager, dpo, camera):
    review = _signed(client, manager, dpo, camera)
    etag = f'"review-{review["id"]}-v{review["version"]}"'
    response = client.patch(f"/api/reviews/{review['id']}", headers={**manager, "If-Match": etag},
                            json={"justification": "changed after signing"})
    assert response.status_code == 409
    assert "signed" in response.json["message"] and "supersede" in response.json["message"]
    assert client.delete(f"/api/reviews/{review['id']}", headers=manager).status_code == 409
    again = client.post(f"/api/reviews/{review['id']}/sign-spoc", headers=manager)
    assert again.status_code == 409
    stored = client.get(f"/api/reviews/{review['id']}", headers=manager).json
    assert stored["justification"] == COMPLETE["justification"] and stored["version"] == review["version"]


@pytest.mark.parametrize(("roles", "action"), [
    (("viewer",), "sign-spoc"), (("viewer",), "sign-dpo"),
    (("dpo",), "sign-spoc"), (("cctv_manager",), "sign-dpo"),
    (("admin",), "sign-spoc"), (("admin",), "sign-dpo"),
    (("cst_officer",), "sign-spoc"), (("finance",), "sign-dpo"), (("area_committee",), "sign-spoc"),
])
def test_only_the_right_roles_can_sign(client, manager, auth, camera, roles, action):
    review = _draft(client, manager, camera, **COMPLETE).json
    response = client.post(f"/api/reviews/{review['id']}/{action}", headers=auth(*roles))
    assert response.status_code == 403
    stored = client.get(f"/api/reviews/{review['id']}", headers=manager).json
    assert stored["sign_offs"] == {"spoc": {"signed_by": None, "signed_at": None},
                                   "dpo": {"signed_by": None, "signed_at": None}}


def test_a_councillor_cannot_sign_or_see_drafts_but_reads_signed_reviews(client, manager, dpo, auth, camera,
                                                                          barnet_wards):
    member = auth("member", ward_code="E05013630")
    draft = _draft(client, manager, camera, **COMPLETE).json
    assert client.post(f"/api/reviews/{draft['id']}/sign-dpo", headers=member).status_code == 403
    assert client.get(f"/api/reviews/{draft['id']}", headers=member).status_code == 404
    assert client.get("/api/reviews", headers=member).json == []
    assert client.post("/api/reviews", headers=member, json={"camera_id": camera.id}).status_code == 403
    client.post(f"/api/reviews/{draft['id']}/sign-spoc", headers=manager)
    client.post(f"/api/reviews/{draft['id']}/sign-dpo", headers=dpo)
    assert client.get(f"/api/reviews/{draft['id']}", headers=member).json["state"] == "signed"
    assert [r["id"] for r in client.get("/api/reviews", headers=member).json] == [draft["id"]]


def test_the_dpo_and_admin_see_drafts(client, manager, dpo, auth, camera):
    draft = _draft(client, manager, camera).json
    for headers in (dpo, auth("admin")):
        assert client.get(f"/api/reviews/{draft['id']}", headers=headers).status_code == 200
    assert client.get(f"/api/reviews/{draft['id']}", headers=auth("viewer")).status_code == 404


def test_one_person_cannot_sign_in_both_capacities_even_holding_both_roles(client, manager, dpo, auth, camera):
    both = auth("cctv_manager", "dpo")
    review = _draft(client, manager, camera, **COMPLETE).json
    assert client.post(f"/api/reviews/{review['id']}/sign-spoc", headers=both).status_code == 200
    response = client.post(f"/api/reviews/{review['id']}/sign-dpo", headers=both)
    assert response.status_code == 409 and "different person" in response.json["message"]
    assert client.post(f"/api/reviews/{review['id']}/sign-dpo", headers=dpo).json["state"] == "signed"


def test_editing_a_half_signed_draft_withdraws_the_sign_off(client, manager, dpo, camera):
    review = _draft(client, manager, camera, **COMPLETE).json
    signed = client.post(f"/api/reviews/{review['id']}/sign-spoc", headers=manager).json
    etag = f'"review-{signed["id"]}-v{signed["version"]}"'
    edited = client.patch(f"/api/reviews/{review['id']}", headers={**manager, "If-Match": etag},
                          json={"primary_views": "Pedestrian & vehicle activity; bus stops."}).json
    assert edited["sign_offs"]["spoc"]["signed_by"] is None
    assert client.post(f"/api/reviews/{review['id']}/sign-dpo", headers=dpo).json["state"] == "draft"


def test_a_stale_etag_gets_412(client, manager, camera):
    review = _draft(client, manager, camera).json
    stale = f'"review-{review["id"]}-v{review["version"]}"'
    assert client.patch(f"/api/reviews/{review['id']}", headers={**manager, "If-Match": stale},
                        json={"reviewer": "A"}).status_code == 200
    response = client.patch(f"/api/reviews/{review['id']}", headers={**manager, "If-Match": stale},
                            json={"reviewer": "B"})
    assert response.status_code == 412


@pytest.mark.parametrize(("body", "field"), [
    ({"mitigations": [{"number": 9, "status": "adopted"}]}, "mitigations"),
    ({"mitigations": [{"number": 1, "status": "maybe"}]}, "mitigations"),
    ({"surveillance_objectives": ["spying"]}, "surveillance_objectives"),
    ({"decision": "keep"}, "decision"),
    ({"privacy_outcome": "ignored"}, "privacy_outcome"),
    ({"review_date": (TODAY + dt.timedelta(days=1)).isoformat()}, "review_date"),
    ({"retention_days": 0}, "retention_days"),
    ({"retention_days": 27.5}, "retention_days"),
    ({"mitigations": [{"number": 1.5, "status": "adopted"}]}, "mitigations"),
    ({"actions": [{"description": ""}]}, "actions"),
    ({"camera_id": 1}, "camera_id"),
])
def test_bad_input_is_422_naming_the_field(client, manager, camera, body, field):
    review = _draft(client, manager, camera).json
    response = client.patch(f"/api/reviews/{review['id']}", headers=manager, json=body)
    assert response.status_code == 422, response.json
    assert field in str(response.json["errors"])


def test_a_review_of_an_unknown_camera_is_422(client, manager, camera):
    response = client.post("/api/reviews", headers=manager, json={"asset_number": "ZZ1"})
    assert response.status_code == 422 and "asset_number" in response.json["errors"]["json"]
    response = client.post("/api/reviews", headers=manager, json={"reviewer": "x"})
    assert response.status_code == 422 and "camera_id" in response.json["errors"]["json"]


def test_a_patch_may_send_just_the_mitigations_it_changes(client, manager, camera):
    review = _draft(client, manager, camera, **COMPLETE).json
    changed = client.patch(f"/api/reviews/{review['id']}", headers=manager,
                           json={"mitigations": [{"number": 4, "status": "adopted", "note": "CoP 2022 published"}]}).json
    assert [m["status"] for m in changed["mitigations"]] == [
        "outstanding", "adopted", "adopted", "adopted", "adopted", "adopted", "adopted"]
    assert changed["mitigations"][3]["note"] == "CoP 2022 published"


def test_a_correction_supersedes_the_signed_review_once_it_is_signed(client, manager, dpo, camera):
    first = _signed(client, manager, dpo, camera)
    correction = client.post(f"/api/reviews/{first['id']}/supersede", headers=manager)
    assert correction.status_code == 201
    correction = correction.json
    assert correction["state"] == "draft" and correction["supersedes_id"] == first["id"]
    assert correction["justification"] == first["justification"]
    # Until the correction is signed, the first review stands.
    assert client.get(f"/api/reviews/{first['id']}", headers=manager).json["state"] == "signed"
    assert client.post(f"/api/reviews/{first['id']}/supersede", headers=manager).status_code == 409
    client.patch(f"/api/reviews/{correction['id']}", headers=manager,
                 json={"mitigations": [{"number": 1, "status": "adopted"}]})
    client.post(f"/api/reviews/{correction['id']}/sign-spoc", headers=manager)
    assert client.post(f"/api/reviews/{correction['id']}/sign-dpo", headers=dpo).json["state"] == "signed"
    old = client.get(f"/api/reviews/{first['id']}", headers=manager).json
    assert old["state"] == "superseded" and old["superseded_by_id"] == correction["id"]
    assert client.post(f"/api/reviews/{first['id']}/supersede", headers=manager).status_code == 409
    listed = client.get(f"/api/reviews?camera_id={camera.id}&state=signed", headers=manager).json
    assert [r["id"] for r in listed] == [correction["id"]]
    report = client.get("/api/reviews/reports/mitigations-outstanding", headers=manager).json
    assert [(m["number"], m["cameras"]) for m in report if m["count"]] == [(4, ["BO69"])]


def test_a_draft_cannot_be_superseded_and_may_be_deleted(client, manager, camera):
    review = _draft(client, manager, camera).json
    assert client.post(f"/api/reviews/{review['id']}/supersede", headers=manager).status_code == 409
    assert client.delete(f"/api/reviews/{review['id']}", headers=manager).status_code == 204
    assert client.get(f"/api/reviews/{review['id']}", headers=manager).status_code == 404


def test_decisions_to_modify_stay_outstanding_until_every_action_is_done(client, manager, dpo, camera):
    body = {"decision": "modify", "actions": [{"description": "Re-angle away from flats' windows",
                                               "due_on": TODAY.isoformat()},
                                              {"description": "Add privacy masking"}]}
    assert client.post("/api/reviews", headers=manager,
                       json={"camera_id": camera.id, **COMPLETE, "decision": "modify"}).json["missing"] == {
        "actions": ["a decision to modify needs at least one action"]}
    review = _signed(client, manager, dpo, camera, **body)
    as_of = (TODAY + dt.timedelta(days=1)).isoformat()
    report = client.get(f"/api/reviews/reports/decisions-outstanding?as_of={as_of}", headers=manager).json
    assert [(r["asset_number"], r["decision"], len(r["actions_open"]), r["actions_overdue"]) for r in report] == [
        ("BO69", "modify", 2, 1)]
    done = client.patch(f"/api/reviews/{review['id']}/actions/1", headers=manager,
                        json={"done_on": TODAY.isoformat(), "note": "re-angled by DSSL"})
    assert done.status_code == 200 and done.json["done_on"] == TODAY.isoformat()
    report = client.get("/api/reviews/reports/decisions-outstanding", headers=manager).json
    assert [len(r["actions_open"]) for r in report] == [1]
    client.patch(f"/api/reviews/{review['id']}/actions/2", headers=manager, json={"done_on": TODAY.isoformat()})
    assert client.get("/api/reviews/reports/decisions-outstanding", headers=manager).json == []
    # The signed review's content did not change; only the follow-up did.
    assert client.get(f"/api/reviews/{review['id']}", headers=manager).json["state"] == "signed"
    assert client.patch(f"/api/reviews/{review['id']}/actions/3", headers=manager,
                        json={"done_on": TODAY.isoformat()}).status_code == 404
    future = (TODAY + dt.timedelta(days=1)).isoformat()
    assert client.patch(f"/api/reviews/{review['id']}/actions/1", headers=manager,
                        json={"done_on": future}).status_code == 422


def test_a_remove_decision_is_acted_on_when_the_camera_is_decommissioned(client, manager, dpo, auth, camera):
    _signed(client, manager, dpo, camera, decision="remove",
            actions=[{"description": "Remove the camera and its column bracket"}])
    assert len(client.get("/api/reviews/reports/decisions-outstanding", headers=manager).json) == 1
    cam = client.get(f"/api/cameras/{camera.id}", headers=manager)
    client.patch(f"/api/cameras/{camera.id}", headers={**manager, "If-Match": cam.headers["ETag"]},
                 json={"status": "decommissioned"})
    assert client.get("/api/reviews/reports/decisions-outstanding", headers=manager).json == []


def test_reports_answer_every_role_and_due_counts_from_the_review_date(client, manager, dpo, auth, camera):
    _signed(client, manager, dpo, camera, review_date="2022-01-31")
    viewer = auth("viewer")
    # 31 Jan 2022 + 12 months = 31 Jan 2023: due within 30 days of 5 Jan 2023 (26 days), overdue on 1 Feb.
    due = client.get("/api/reviews/reports/due?days=30&as_of=2023-01-05", headers=viewer).json
    assert [(r["asset_number"], r["due_on"], r["days_until_due"]) for r in due] == [("BO69", "2023-01-31", 26)]
    assert client.get("/api/reviews/reports/due?days=25&as_of=2023-01-05", headers=viewer).json == []
    assert client.get("/api/reviews/reports/overdue?as_of=2023-01-31", headers=viewer).json == []
    late = client.get("/api/reviews/reports/overdue?as_of=2023-02-01", headers=viewer).json
    assert [(r["due_on"], r["days_until_due"], r["never_reviewed"]) for r in late] == [("2023-01-31", -1, False)]
    assert client.get("/api/reviews/reports/due?days=-1", headers=viewer).status_code == 422


def test_list_filters(client, manager, dpo, camera, db_session):
    other_site = register.create_site(db_session, {"code": "S-ED1", "name": "Edgware", "location":
                                                   {"lon": -0.2750, "lat": 51.6130}})
    other = register.create_camera(db_session, {"asset_number": "ED1", "camera_type": "fixed",
                                                "site_id": other_site.id})
    db_session.commit()
    a = _signed(client, manager, dpo, camera, decision="justified")
    b = _draft(client, manager, other, decision="remove").json
    ids = lambda q: [r["id"] for r in client.get(f"/api/reviews?{q}", headers=manager).json]  # noqa: E731
    assert ids(f"camera_id={camera.id}") == [a["id"]]
    assert ids("asset_number=ed1") == [b["id"]]
    assert ids("decision=remove") == [b["id"]]
    assert ids("state=draft") == [b["id"]]
    assert sorted(ids("")) == sorted([a["id"], b["id"]])
    assert client.get("/api/reviews?state=bogus", headers=manager).status_code == 422


def test_every_change_is_in_the_audit_trail(client, manager, dpo, camera):
    review = _signed(client, manager, dpo, camera)
    entries = client.get(f"/api/audit?entity=review&entity_id={review['id']}", headers=manager).json
    actions = [e["action"] for e in reversed(entries)]
    assert actions == ["create", "update", "update"]
    assert entries[0]["changes"]["state"] == ["draft", "signed"]


def test_export_json_and_xlsx_follow_the_template(client, manager, dpo, auth, camera):
    review = _signed(client, manager, dpo, camera, review_date="2021-12-01")
    doc = client.get(f"/api/reviews/{review['id']}/export?format=json", headers=auth("viewer"))
    assert doc.status_code == 200 and doc.mimetype == "application/json"
    assert [m["status"] for m in doc.json["mitigations"]][:4] == ["outstanding", "adopted", "adopted", "outstanding"]
    response = client.get(f"/api/reviews/{review['id']}/export", headers=auth("viewer"))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.data)).active
    labels = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
    values = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)}
    order = ["Camera No:", "Location detail:", "Camera Operational Requirement / Why needed:",
             "Camera Primary View/s / Specific Purpose/s:",
             "Used for any automated processing (ANPR/Analytics/Biometrics)?", "Recording Retention Period:",
             "Recording Images Per Second:", "Surveillance Objectives (summary):",
             "Does the camera meet the OR / objectives?", "Privacy Risks",
             "Solution/s to address the privacy issue/s:", "1. " + STANDARD_MITIGATIONS[1],
             "7. " + STANDARD_MITIGATIONS[7],
             "Outcome/s: (Is the privacy risk removed; reduced or accepted):", "Date of last audit:"]
    positions = [labels.index(label) for label in order]
    assert positions == sorted(positions)
    assert values["Camera No:"] == "BO69 Burnt Oak Town Centre"
    assert values["Recording Retention Period:"] == "24/7 - 28 days at Enfield Public Safety Centre (EPSC)"
    assert values["Recording Images Per Second:"] == "25 fps"
    assert values["1. " + STANDARD_MITIGATIONS[1]] == "Outstanding"
    assert values["Date of last audit:"] == dt.datetime(2021, 12, 1)
    assert ws.page_setup.orientation == "portrait" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert client.get(f"/api/reviews/{review['id']}/export?format=pdf", headers=manager).status_code == 422


def test_a_camera_s_first_review_due_date_is_set_through_the_register_api(client, manager, camera):
    etag = client.get(f"/api/cameras/{camera.id}", headers=manager).headers["ETag"]
    due = (TODAY + dt.timedelta(days=60)).isoformat()
    response = client.patch(f"/api/cameras/{camera.id}", headers={**manager, "If-Match": etag},
                            json={"first_review_due": due})
    assert response.status_code == 200 and response.json["first_review_due"] == due
    assert client.get("/api/reviews/reports/overdue", headers=manager).json == []
    assert [r["due_on"] for r in client.get("/api/reviews/reports/due?days=60", headers=manager).json] == [due]


def test_the_review_shows_the_cameras_faults_and_incidents_of_the_year_before(client, manager, dpo, auth,
                                                                               camera):
    review_day = TODAY - dt.timedelta(days=10)

    def at(days_before: int) -> str:
        return dt.datetime.combine(review_day - dt.timedelta(days=days_before), dt.time(12),
                                   tzinfo=dt.UTC).isoformat()

    # In the year before the review: one outage (resolved) and two incidents, one with an arrest.
    fault = client.post("/api/faults", headers=manager, json={
        "camera_id": camera.id, "category": "power", "severity": "high",
        "detected_at": at(100), "reported_at": at(100)}).json
    client.post(f"/api/faults/{fault['id']}/transitions", headers=manager,
                json={"status": "resolved", "resolution": "repair", "at": at(98)})
    for kind, arrest, days in (("begging", False, 30), ("violence", True, 200), ("theft", False, 400)):
        response = client.post("/api/incidents", headers=manager, json={
            "occurred_at": at(days), "incident_type": kind, "origin": "proactive",
            "arrest_made": arrest, "camera_ids": [camera.id]})
        assert response.status_code == 201, response.json
    review = _signed(client, manager, dpo, camera)

    evidence = client.get(f"/api/reviews/{review['id']}/evidence", headers=dpo).json
    assert evidence["summary"]["faults"] == 1 and evidence["summary"]["outages"] == 1
    assert evidence["summary"]["faults_open"] == 0
    assert evidence["summary"]["incidents"] == 2  # the theft 400 days before is outside the year
    assert evidence["summary"]["incidents_by_type"] == {"begging": 1, "violence": 1}
    assert evidence["summary"]["arrests"] == 1
    assert [i["incident_type"] for i in evidence["incidents"]] == ["violence", "begging"]  # oldest first
    # Incident records hold notes about people: not for a councillor; the export carries counts only.
    member = auth("finance")
    assert client.get(f"/api/reviews/{review['id']}/evidence", headers=member).status_code == 403
    exported = client.get(f"/api/reviews/{review['id']}/export?format=json", headers=member)
    assert exported.status_code == 200
    assert exported.json["evidence"]["incidents"] == 2 and "notes" not in json.dumps(exported.json["evidence"])


def test_the_dashboard_counts_reviews_overdue_and_due_soon(client, manager, dpo, auth, db_session, camera):
    other = register.create_camera(db_session, {"asset_number": "BO70", "camera_type": "fixed",
                                                "site_id": camera.site_id,
                                                "recording_location": "Enfield Public Safety Centre (EPSC)"})
    third = register.create_camera(db_session, {"asset_number": "BO71", "camera_type": "fixed",
                                                "site_id": camera.site_id,
                                                "first_review_due": TODAY + dt.timedelta(days=20)})
    db_session.commit()
    # BO69 signed 10 days ago: due in about a year. BO70 signed 12 months less 15 days ago: due in 15 days.
    _signed(client, manager, dpo, camera)
    fifteen_days_short = TODAY.replace(year=TODAY.year - 1) + dt.timedelta(days=15)
    _signed(client, manager, dpo, other, review_date=fifteen_days_short.isoformat())
    board = client.get("/api/dashboard", headers=auth("viewer")).json["reviews"]
    # BO71 has never been reviewed but its first review is due in 20 days: due soon, not overdue.
    assert (board["overdue"], board["never_reviewed"], board["due_soon"]) == (0, 0, 2)
    assert third.asset_number == "BO71"
