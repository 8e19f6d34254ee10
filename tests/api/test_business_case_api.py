"""Business-case API: presets reproduce the published tables, any scenario evaluates,
saved scenarios keep every version, writers are finance and the CCTV manager.

Expected figures are the council's published Tables 1-3 (£'000, Revised OBC June
2022; seed-digest §5), written out here, not taken from the model.
"""

from __future__ import annotations

import copy
import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PRESET = "/api/business-case/presets/barnet-2022-obc"
SCENARIOS = "/api/business-case/scenarios"

PUBLISHED = {  # £'000
    "A": {"contingency": 238, "capital_total": 2618, "revenue_total": 190,
          "profile": [(1833, 133), (785, 57)], "additional": (1836, 190),
          "additional_2022_23": (1051, 133), "total": (2618, 850), "after_savings": 175},
    "B": {"contingency": 220, "capital_total": 2415, "revenue_total": 301,
          "profile": [(1691, 211), (724, 90)], "additional": (1633, 301),
          "additional_2022_23": (909, 211), "total": (2415, 961), "after_savings": 167},
}


def k(amount: int) -> int:
    assert amount % 1000 == 0, amount
    return amount // 1000


def test_presets_are_listed_for_any_role(client, auth):
    body = client.get("/api/business-case/presets", headers=auth("viewer")).get_json()
    assert [(p["name"], p["ranges"]) for p in body] == [("barnet-2022-obc", ["A", "B"])]


@pytest.mark.parametrize("range_", ["A", "B"])
def test_preset_range_reproduces_the_published_tables(client, auth, range_):
    response = client.get(f"{PRESET}/{range_}", headers=auth("viewer"))
    assert response.status_code == 200
    result = response.get_json()["result"]
    want = PUBLISHED[range_]
    assert k(result["contingency"]) == want["contingency"]
    assert k(result["capital_total"]) == want["capital_total"]
    assert k(result["revenue_total"]) == want["revenue_total"]
    assert [(k(y["capital"]), k(y["revenue"])) for y in result["spend_profile"]] == want["profile"]
    funding = result["funding"]
    assert (k(funding["additional_capital"]), k(funding["additional_revenue"])) == want["additional"]
    first = funding["additional_by_year"][0]
    assert (k(first["capital"]), k(first["revenue"])) == want["additional_2022_23"]
    assert (k(funding["total_capital"]), k(funding["total_revenue"])) == want["total"]
    assert k(result["after_savings"]["revenue"]) == want["after_savings"]


def test_preset_comparison_puts_both_ranges_side_by_side(client, auth):
    body = client.get(PRESET, headers=auth("finance")).get_json()
    assert k(body["ranges"]["Range A"]["capital_total"]) == 2618
    assert k(body["ranges"]["Range B"]["capital_total"]) == 2415
    assert body["comparison"]


def test_unknown_preset_and_range_are_404(client, auth):
    headers = auth("finance")
    assert client.get("/api/business-case/presets/nope/A", headers=headers).status_code == 404
    assert client.get(f"{PRESET}/C", headers=headers).status_code == 404


def test_evaluate_an_edited_document_follows_the_rule(client, auth):
    headers = auth("viewer")  # evaluating stores nothing: any role may
    doc = client.get(f"{PRESET}/A", headers=headers).get_json()["scenario"]
    # Change one line, the contingency rate, and add a third profile year.
    line = next(item for item in doc["lines"] if item["key"] == "control_room")
    line["capital"] += 100_000
    doc["contingency_rate"] = "0.15"
    doc["spend_profile"] = [{"year": "2022-23", "share": "0.5"}, {"year": "2023-24", "share": "0.3"},
                            {"year": "2024-25", "share": "0.2"}]
    doc.pop("drivers", None)  # keep the edited lines as given
    response = client.post("/api/business-case/evaluate", json=doc, headers=headers)
    assert response.status_code == 200, response.get_json()
    result = response.get_json()["result"]
    # By hand: Range A's subtotal after the grant is £2,380,000 (Table 2); +£100,000 -> 2,480,000.
    # Contingency 15% = 372,000 exactly; capital 2,852,000.
    assert result["subtotal"] == 2_480_000
    assert result["contingency"] == 372_000
    assert result["capital_total"] == 2_852_000
    # Profile: 50% -> 1,426,000; 30% -> 855,600 -> 856,000 (half up to £1,000); remainder 570,000.
    assert [y["capital"] for y in result["spend_profile"]] == [1_426_000, 856_000, 570_000]
    # Revenue 190,000: 95,000; 57,000; remainder 38,000.
    assert [y["revenue"] for y in result["spend_profile"]] == [95_000, 57_000, 38_000]


@pytest.mark.parametrize(("mutate", "field"), [
    (lambda d: d.update(contingency_rate="ten per cent"), "contingency_rate"),
    (lambda d: d["lines"][0].update(capital=1.5), "lines"),
    (lambda d: d.update(colour="blue"), "colour"),
    (lambda d: d.update(spend_profile=[{"year": "2022-23", "share": "0.6"}]), "spend_profile"),
])
def test_evaluate_refuses_a_bad_document_naming_the_field(client, auth, mutate, field):
    headers = auth("finance")
    doc = client.get(f"{PRESET}/B", headers=headers).get_json()["scenario"]
    mutate(doc)
    response = client.post("/api/business-case/evaluate", json=doc, headers=headers)
    assert response.status_code == 422
    body = response.get_json()
    assert field in body["errors"]["json"]
    assert field in body["message"]


def test_sweep_needs_drivers_and_runs_with_them(client, auth):
    headers = auth("finance")
    body = client.get(f"{PRESET}/A?sweep_fibre=true", headers=headers).get_json()
    shares = [row["fibre_share"] for row in body["sweep_fibre"]]
    assert shares[0] in ("0", "0.0", "0.00") and len(shares) == 11
    doc = body["scenario"]
    doc.pop("drivers")
    response = client.post("/api/business-case/evaluate?sweep_fibre=true", json=doc, headers=headers)
    assert response.status_code == 422
    assert "sweep_fibre" in response.get_json()["message"]


def _workbook_values(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_workbook_downloads_for_a_preset_and_a_posted_scenario(client, auth):
    headers = auth("viewer")
    response = client.get(f"{PRESET}/B/workbook", headers=headers)
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert 'filename="barnet-2022-obc-range-B.xlsx"' in response.headers["Content-Disposition"]
    assert "Inputs" in _workbook_values(response.data).sheetnames
    doc = client.get(f"{PRESET}/B", headers=headers).get_json()["scenario"]
    posted = client.post("/api/business-case/evaluate/workbook", json=doc, headers=headers)
    assert posted.status_code == 200 and posted.data[:2] == b"PK"


def _save(client, headers, **body):
    return client.post(SCENARIOS, json=body, headers=headers)


def test_saved_scenario_keeps_every_version_with_changes_and_audit(client, auth, make_user):
    finance, token = make_user("finance", username="fin.officer")
    headers = {"Authorization": f"Bearer {token}"}
    created = _save(client, headers, preset="barnet-2022-obc", range="A", name="Range A 2026 refresh",
                    note="copied from the published case")
    assert created.status_code == 201, created.get_json()
    record = created.get_json()
    assert record["name"] == "Range A 2026 refresh"
    assert record["latest_version"] == 1
    assert k(record["result"]["capital_total"]) == 2618
    etag = created.headers["ETag"]

    doc = copy.deepcopy(record["document"])
    doc["contingency_rate"] = "0.12"
    saved = client.post(f"{SCENARIOS}/{record['id']}/versions", json={"document": doc, "note": "12%"},
                        headers={**headers, "If-Match": etag})
    assert saved.status_code == 201, saved.get_json()
    version = saved.get_json()
    assert version["number"] == 2
    # 12% of the £2,380,000 subtotal = 285,600 -> 286,000 (half up to £1,000).
    assert version["result"]["contingency"] == 286_000
    assert version["changes"] == [{"field": "contingency_rate", "old": "0.10", "new": "0.12"}]

    # Version 1 is unchanged and still re-runs to the published figure.
    first = client.get(f"{SCENARIOS}/{record['id']}/versions/1", headers=auth("viewer")).get_json()
    assert first["result"]["contingency"] == 238_000
    history = client.get(f"{SCENARIOS}/{record['id']}/versions", headers=headers).get_json()
    assert [(v["number"], v["saved_by"], v["note"]) for v in history] == [
        (1, "fin.officer", "copied from the published case"), (2, "fin.officer", "12%")]

    # A stale ETag is refused and stores nothing.
    stale = client.post(f"{SCENARIOS}/{record['id']}/versions", json={"document": doc},
                        headers={**headers, "If-Match": etag})
    assert stale.status_code == 412
    assert client.get(f"{SCENARIOS}/{record['id']}", headers=headers).get_json()["latest_version"] == 2

    trail = client.get("/api/audit?entity=business_case_scenario_version",
                       headers=auth("admin")).get_json()
    assert sorted((e["action"], e["actor"]) for e in trail) == [
        ("create", "fin.officer"), ("create", "fin.officer")]


def test_only_finance_and_the_cctv_manager_write(client, auth, barnet_wards):
    body = {"preset": "barnet-2022-obc", "range": "B"}
    readers = [auth(role) for role in ("viewer", "cst_officer", "dpo", "area_committee")]
    readers.append(auth("member", ward_code="E05013630"))  # Burnt Oak
    for headers in readers:
        assert client.post(SCENARIOS, json=body, headers=headers).status_code == 403
    assert client.get(SCENARIOS, headers=auth("viewer")).get_json() == []
    assert _save(client, auth("cctv_manager"), **body).status_code == 201
    assert _save(client, auth("finance"), **body).status_code == 409  # same name again


@pytest.mark.parametrize(("body", "field"), [
    ({}, "document"),
    ({"preset": "barnet-2022-obc"}, "range"),
    ({"preset": "nope", "range": "A"}, "preset"),
    ({"preset": "barnet-2022-obc", "range": "A", "colour": 1}, "colour"),
])
def test_save_refuses_bad_bodies_naming_the_field(client, auth, body, field):
    response = client.post(SCENARIOS, json=body, headers=auth("finance"))
    assert response.status_code == 422
    assert field in response.get_json()["errors"]["json"]


def test_saved_workbook_and_delete(client, auth):
    headers = auth("finance")
    record = _save(client, headers, preset="barnet-2022-obc", range="B").get_json()
    book = client.get(f"{SCENARIOS}/{record['id']}/workbook?version=1", headers=auth("viewer"))
    assert book.status_code == 200 and book.data[:2] == b"PK"
    assert client.get(f"{SCENARIOS}/{record['id']}/workbook?version=9", headers=headers).status_code == 404
    assert client.delete(f"{SCENARIOS}/{record['id']}", headers=auth("viewer")).status_code == 403
    assert client.delete(f"{SCENARIOS}/{record['id']}", headers=headers).status_code == 204
    assert client.get(f"{SCENARIOS}/{record['id']}", headers=headers).status_code == 404


# Whatever a scenario document holds, /evaluate answers 200 or 422, never 500.
_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**13, 10**13), st.floats(allow_nan=False),
                     st.text(max_size=8), st.sampled_from(["0.1", "1", "-0.5", "1e309", "thousand", ""]))
_PATHS = [("contingency_rate",), ("rounding",), ("baseline", "capital"), ("baseline", "revenue"),
          ("spend_profile", 0, "share"), ("spend_profile", 1, "year"), ("lines", 0, "capital"),
          ("lines", 1, "revenue"), ("lines", 2, "key"), ("savings", 0, "amount"),
          ("savings", 1, "start_year"), ("appraisal", "years"), ("appraisal", "discount_rate"),
          ("drivers", "fibre_share_additional"), ("drivers", "additional_sites"),
          ("drivers", "wireless_replacement_cycle_years"), ("lines",), ("spend_profile",)]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.sampled_from(_PATHS), _scalars), min_size=1, max_size=3))
def test_random_documents_never_give_a_500(client, auth, changes):
    headers = getattr(test_random_documents_never_give_a_500, "_headers", None)
    if headers is None:
        headers = auth("viewer")
        test_random_documents_never_give_a_500._headers = headers
        test_random_documents_never_give_a_500._doc = client.get(
            f"{PRESET}/A", headers=headers).get_json()["scenario"]
    doc = copy.deepcopy(test_random_documents_never_give_a_500._doc)
    for path, value in changes:
        target = doc
        try:
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = value
        except (TypeError, IndexError, KeyError):
            continue  # an earlier change replaced the container this path runs through
    response = client.post("/api/business-case/evaluate?sweep_fibre=true", json=doc, headers=headers)
    assert response.status_code in (200, 422), (changes, response.get_json())
    if response.status_code == 422:
        assert response.get_json()["message"]


def test_the_demo_starts_finance_from_both_published_ranges(client, auth, demo_estate):
    assert demo_estate.business_case_scenarios == 2
    listed = client.get(SCENARIOS, headers=auth("finance")).get_json()
    totals = {}
    for item in listed:
        detail = client.get(f"{SCENARIOS}/{item['id']}", headers=auth("finance")).get_json()
        totals[item["name"]] = k(detail["result"]["capital_total"])
    assert totals == {"barnet-2022-obc Range A": 2618, "barnet-2022-obc Range B": 2415}


def test_one_reply_names_a_bad_field_and_a_bad_profile_together(client, auth):
    headers = auth("finance")
    doc = client.get(f"{PRESET}/A", headers=headers).get_json()["scenario"]
    doc["lines"][0]["capital"] = 1.5
    doc["spend_profile"] = [{"year": "2022-23", "share": "0.65"}, {"year": "2023-24", "share": "0.3"}]
    response = client.post("/api/business-case/evaluate", json=doc, headers=headers)
    assert response.status_code == 422
    assert {"lines", "spend_profile"} <= set(response.get_json()["errors"]["json"])
