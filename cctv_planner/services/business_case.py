"""Saved business-case scenarios: create, version, fetch and evaluate.

The scenario document is validated by the marshmallow schema before it gets
here (a domain ``Scenario``); what is stored is its canonical document
(``scenario_to_document``), so a stored version always loads back.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain.business_case import (
    BusinessCaseResult,
    Scenario,
    document_changes,
    evaluate,
    preset,
    scenario_to_document,
)
from cctv_planner.domain.errors import Conflict, NotFound
from cctv_planner.models import BusinessCaseScenario, BusinessCaseScenarioVersion
from cctv_planner.schemas.business_case import load_scenario


def _name_free(session: Session, name: str, except_id: int | None = None) -> None:
    query = sa.select(BusinessCaseScenario.id).where(BusinessCaseScenario.name == name)
    found = session.scalar(query)
    if found is not None and found != except_id:
        raise Conflict(f"a saved scenario named {name!r} already exists (id {found}); "
                       "choose another name or save a new version of that one", field="document.name")


def get_scenario(session: Session, scenario_id: int) -> BusinessCaseScenario:
    record = session.get(BusinessCaseScenario, scenario_id)
    if record is None:
        raise NotFound(f"no saved scenario with id {scenario_id}")
    return record


def get_version(session: Session, record: BusinessCaseScenario,
                number: int | None = None) -> BusinessCaseScenarioVersion:
    """The numbered version of a saved scenario (the latest when ``number`` is None)."""
    wanted = record.latest_version if number is None else number
    version = session.scalar(sa.select(BusinessCaseScenarioVersion).where(
        BusinessCaseScenarioVersion.scenario_id == record.id,
        BusinessCaseScenarioVersion.number == wanted))
    if version is None:
        raise NotFound(f"saved scenario {record.id} has no version {wanted} "
                       f"(versions 1 to {record.latest_version})", field="version")
    return version


def from_preset(name: str, range_: str, new_name: str | None = None) -> Scenario:
    """A published preset range to save as a scenario of one's own, renamed if asked."""
    scenario = preset(name, range_)
    return dataclasses.replace(scenario, name=new_name) if new_name else scenario


def create_scenario(session: Session, scenario: Scenario, *, description: str = "", note: str = "",
                    actor: str = "") -> BusinessCaseScenario:
    """Save a new named scenario as version 1. Its name is the document's name."""
    _name_free(session, scenario.name)
    record = BusinessCaseScenario(name=scenario.name, description=description or scenario.description,
                                  latest_version=1, created_by=actor)
    session.add(record)
    session.flush()
    session.add(BusinessCaseScenarioVersion(scenario_id=record.id, number=1,
                                            document=scenario_to_document(scenario),
                                            note=note, saved_by=actor))
    session.flush()
    return record


def save_version(session: Session, record: BusinessCaseScenario, scenario: Scenario, *,
                 description: str | None = None, note: str = "",
                 actor: str = "") -> BusinessCaseScenarioVersion:
    """Append a version; the earlier ones stay as they were. Renames follow the document."""
    if scenario.name != record.name:
        _name_free(session, scenario.name, except_id=record.id)
        record.name = scenario.name
    if description is not None:
        record.description = description
    record.latest_version += 1
    version = BusinessCaseScenarioVersion(scenario_id=record.id, number=record.latest_version,
                                          document=scenario_to_document(scenario), note=note,
                                          saved_by=actor)
    session.add(version)
    session.flush()
    return version


def delete_scenario(session: Session, record: BusinessCaseScenario) -> None:
    for version in list(record.versions):
        session.delete(version)  # one audit entry per version, not a silent cascade
    session.delete(record)
    session.flush()


def scenario_of(version: BusinessCaseScenarioVersion) -> Scenario:
    return load_scenario(version.document)


def evaluate_version(version: BusinessCaseScenarioVersion, *, years: int | None = None,
                     discount_rate: Decimal | None = None) -> BusinessCaseResult:
    return evaluate(scenario_of(version), years=years, discount_rate=discount_rate)


def changes_from_previous(session: Session, record: BusinessCaseScenario,
                          version: BusinessCaseScenarioVersion) -> list[dict]:
    """Field-by-field changes from the version before (everything is new in version 1)."""
    if version.number == 1:
        return document_changes({}, version.document)
    previous = get_version(session, record, version.number - 1)
    return document_changes(previous.document, version.document)


def list_query(text: str | None = None):
    query = sa.select(BusinessCaseScenario)
    if text:
        like = f"%{text.lower()}%"
        query = query.where(sa.or_(sa.func.lower(BusinessCaseScenario.name).like(like),
                                   sa.func.lower(BusinessCaseScenario.description).like(like)))
    return query
