"""The six guiding principles and the proposal rule (must-show 5, without a database)."""

from __future__ import annotations

import pytest

from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.site_requests.principles import PRINCIPLE_KEYS, PRINCIPLES, check_proposal
from cctv_planner.domain.site_requests.vocabulary import DeploymentOption

FIBRE = DeploymentOption.NEW_SITE_FIBRE
ALL_MET = {key: {"met": True, "evidence": "seen"} for key in PRINCIPLE_KEYS}


def test_six_principles_in_the_papers_order():
    assert [p.number for p in PRINCIPLES] == [1, 2, 3, 4, 5, 6]
    assert PRINCIPLES[0].title == "Camera Operational Requirement is justified"
    assert "Stand-alone cameras are not connected to the network" in PRINCIPLES[5].wording


def test_all_met_with_evidence_passes():
    assert [a.met for a in check_proposal(FIBRE, ALL_MET)] == [True] * 6


@pytest.mark.parametrize("key", PRINCIPLE_KEYS)
def test_each_unmet_principle_without_exception_is_refused(key):
    given = {**ALL_MET, key: {"met": False}}
    with pytest.raises(ValidationFailed) as refused:
        check_proposal(FIBRE, given)
    assert list(refused.value.errors) == [f"principles.{key}"]
    given[key]["exception"] = "recorded exception"
    assessed = {a.key: a for a in check_proposal(FIBRE, given)}
    assert assessed[key].exception == "recorded exception" and not assessed[key].met


@pytest.mark.parametrize("key", PRINCIPLE_KEYS)
def test_each_principle_must_be_assessed_and_met_needs_evidence(key):
    missing = {k: v for k, v in ALL_MET.items() if k != key}
    with pytest.raises(ValidationFailed) as refused:
        check_proposal(FIBRE, missing)
    assert "not assessed" in refused.value.errors[f"principles.{key}"][0]
    with pytest.raises(ValidationFailed):
        check_proposal(FIBRE, {**ALL_MET, key: {"met": True, "evidence": " "}})


def test_standalone_is_temporary_with_a_reason_and_never_meets_principle_6():
    unmet6 = {**ALL_MET, "connects_to_control_room": {"met": False}}
    standalone = DeploymentOption.STANDALONE_TEMPORARY
    with pytest.raises(ValidationFailed) as refused:
        check_proposal(standalone, unmet6)
    assert "temporary_reason" in refused.value.errors
    with pytest.raises(ValidationFailed):
        check_proposal(standalone, ALL_MET, temporary_reason="now")
    assessed = check_proposal(standalone, unmet6, temporary_reason="while the fibre site is built")
    assert assessed[5].exception == "while the fibre site is built"


def test_fibre_first():
    for option in (DeploymentOption.NEW_SITE_WIRELESS, DeploymentOption.NEW_SITE_4G_5G):
        with pytest.raises(ValidationFailed):
            check_proposal(option, ALL_MET)
        assert check_proposal(option, ALL_MET, fibre_not_chosen_reason="no duct")
    assert check_proposal(DeploymentOption.EXTRA_CAMERA_EXISTING_COLUMN, ALL_MET)
