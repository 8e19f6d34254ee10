"""Contractors and contracts, and spend against each contract's cap.

Spend is the sum of ``cost_pence`` of the faults charged to the contract.
Services flush, never commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain.contracts import remaining_pence
from cctv_planner.domain.errors import Conflict, ValidationFailed
from cctv_planner.models import Contract, Contractor, Fault

CONTRACTOR_FIELDS = ("name", "contact", "notes")
CONTRACT_FIELDS = ("reference", "title", "service", "starts_on", "ends_on", "value_cap_pence", "cost_code")


def create_contractor(session: Session, data: Mapping[str, Any]) -> Contractor:
    _name_free(session, data["name"])
    contractor = Contractor(name=data["name"].strip(), contact=data.get("contact") or "",
                            notes=data.get("notes") or "")
    session.add(contractor)
    session.flush()
    return contractor


def update_contractor(session: Session, contractor: Contractor, data: Mapping[str, Any]) -> Contractor:
    if "name" in data and data["name"].strip() != contractor.name:
        _name_free(session, data["name"])
    for key in CONTRACTOR_FIELDS:
        if key in data:
            setattr(contractor, key, data[key].strip() if key == "name" else data[key])
    session.flush()
    return contractor


def delete_contractor(session: Session, contractor: Contractor) -> None:
    if contractor.contracts or session.scalar(sa.select(sa.func.count()).where(Fault.contractor_id == contractor.id)):
        raise Conflict(f"{contractor.name} has contracts or faults: it cannot be deleted")
    session.delete(contractor)
    session.flush()


def _name_free(session: Session, name: str) -> None:
    if session.scalar(sa.select(Contractor.id).where(sa.func.lower(Contractor.name) == name.strip().lower())):
        raise Conflict(f"contractor {name.strip()!r} already exists", field="name")


def create_contract(session: Session, data: Mapping[str, Any]) -> Contract:
    _reference_free(session, data["reference"])
    contract = Contract(contractor=_contractor(session, data["contractor_id"]), title="", cost_code="")
    for key in CONTRACT_FIELDS:
        if key in data:
            setattr(contract, key, data[key])
    _check_contract(contract)
    session.add(contract)
    session.flush()
    return contract


def update_contract(session: Session, contract: Contract, data: Mapping[str, Any]) -> Contract:
    if "reference" in data and data["reference"] != contract.reference:
        _reference_free(session, data["reference"])
    if "contractor_id" in data and data["contractor_id"] != contract.contractor_id:
        if session.scalar(sa.select(sa.func.count()).where(Fault.contract_id == contract.id)):
            raise Conflict("faults are charged to this contract: its contractor cannot change",
                           field="contractor_id")
        contract.contractor = _contractor(session, data["contractor_id"])
    for key in CONTRACT_FIELDS:
        if key in data:
            setattr(contract, key, data[key])
    _check_contract(contract)
    session.flush()
    return contract


def delete_contract(session: Session, contract: Contract) -> None:
    if session.scalar(sa.select(sa.func.count()).where(Fault.contract_id == contract.id)):
        raise Conflict(f"faults are charged to contract {contract.reference}: it cannot be deleted")
    session.delete(contract)
    session.flush()


def _contractor(session: Session, contractor_id: int) -> Contractor:
    contractor = session.get(Contractor, contractor_id)
    if contractor is None:
        raise ValidationFailed(f"no contractor with id {contractor_id}", field="contractor_id")
    return contractor


def _reference_free(session: Session, reference: str) -> None:
    if session.scalar(sa.select(Contract.id).where(Contract.reference == reference)):
        raise Conflict(f"contract reference {reference!r} is already used", field="reference")


def _check_contract(contract: Contract) -> None:
    if contract.ends_on is not None and contract.ends_on < contract.starts_on:
        raise ValidationFailed("ends_on is before starts_on", field="ends_on")


def spend_by_contract(session: Session, contract_ids: list[int] | None = None) -> dict[int, int]:
    """Pence charged to each contract through its faults."""
    query = (sa.select(Fault.contract_id, sa.func.coalesce(sa.func.sum(Fault.cost_pence), 0))
             .where(Fault.contract_id.is_not(None)).group_by(Fault.contract_id))
    if contract_ids is not None:
        query = query.where(Fault.contract_id.in_(contract_ids))
    return {cid: int(total) for cid, total in session.execute(query)}


def spend(contract: Contract, spent_pence: int) -> dict[str, Any]:
    """Spend against the cap: spent, remaining, and the share of the cap used."""
    cap = contract.value_cap_pence
    return {"spent_pence": spent_pence, "remaining_pence": remaining_pence(cap, spent_pence),
            "cap_used_share": round(spent_pence / cap, 4) if cap else None}
