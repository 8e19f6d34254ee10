"""Load a named fixture set (e.g. the Barnet demo estate) through the normal services."""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain.business_case import preset, preset_ranges
from cctv_planner.domain.errors import CctvPlannerError, Conflict, NotFound, ValidationFailed
from cctv_planner.domain.faults import FaultStatus
from cctv_planner.domain.reviews import SignOff
from cctv_planner.domain.site_requests.principles import PRINCIPLE_KEYS
from cctv_planner.domain.site_requests.vocabulary import Action
from cctv_planner.models import (
    AreaCommittee,
    BusinessCaseScenario,
    Camera,
    Contract,
    Contractor,
    Deployment,
    Fault,
    Incident,
    OperationalReview,
    Site,
    SiteRequest,
    User,
    Ward,
)
from cctv_planner.registerfile.reader import read_register_file
from cctv_planner.services import (
    accounts,
    business_case,
    contracts,
    faults,
    log_imports,
    register,
    reviews,
    site_requests,
)
from cctv_planner.services.audit import current_actor, set_actor
from cctv_planner.services.register_files import ImportResult, import_register

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
# Demo accounts share one password so a person can try the pages; never used outside demo data.
DEMO_PASSWORD = "barnet-demo-2022"


@dataclass
class FixtureCounts:
    area_committees: int = 0
    wards: int = 0
    register: ImportResult | None = None
    deployments: int = 0
    users: list[str] = field(default_factory=list)
    site_requests: int = 0
    reviews: int = 0
    business_case_scenarios: int = 0
    contractors: int = 0
    contracts: int = 0
    faults: int = 0
    incidents: int = 0
    # Parts not loaded because the database already held them (e.g. "faults", "incidents").
    skipped: list[str] = field(default_factory=list)
    # Cameras whose status was set again from the stored fault history after the register reset it.
    statuses_resynced: int = 0


def available() -> list[str]:
    return sorted(p.name for p in FIXTURES_DIR.iterdir() if p.is_dir() and (p / "register.csv").exists())


def database_is_empty(session: Session) -> bool:
    for model in (Ward, Site, Camera, User):
        if session.scalar(sa.select(sa.func.count()).select_from(model)):
            return False
    return True


def load(session: Session, name: str, *, force: bool = False, passwords: bool = True,
         history: bool = True) -> FixtureCounts:
    """Load fixture set ``name`` into the database.

    Refuses a database that already holds data unless ``force``; with force,
    records are matched by their codes and updated, so loading twice is safe.
    With ``passwords`` the demo users get :data:`DEMO_PASSWORD` (hashing it is
    deliberately slow, so tests that only need tokens skip it). With ``history``
    the contractors, contracts, fault history and control-room incidents are
    loaded too; the fault history then moves the cameras' statuses on from the
    register's June 2022 baseline (37 of 127 fixed cameras on-line) to where
    the history leaves them. History files are loaded once: with ``force`` on a
    database that already has faults or incidents they are skipped (and named in
    ``skipped``); the register's baseline statuses are then brought back in line
    with the stored faults, so the register and the history still agree.
    """
    directory = FIXTURES_DIR / name
    if not (directory / "register.csv").exists():
        raise NotFound(f"no fixture set {name!r} (available: {', '.join(available()) or 'none'})", field="name")
    if not force and not database_is_empty(session):
        raise Conflict("the database is not empty: load fixtures into an empty database, or pass --force")
    counts = FixtureCounts()
    counts.area_committees = _load_committees(session, directory / "area_committees.csv")
    counts.wards = _load_wards(session, directory / "wards.csv", directory / "wards.geojson")
    counts.register = import_register(session, read_register_file(directory / "register.csv"))
    counts.deployments = _load_deployments(session, directory / "deployments.csv")
    counts.users = _load_users(session, directory / "users.csv", DEMO_PASSWORD if passwords else None)
    _load_committee_users(session, directory / "committee_users.csv")
    counts.site_requests = _load_site_requests(session, directory / "site_requests.json")
    if history:
        _load_history(session, directory, counts)
    if not counts.faults:
        # The register import put the cameras back to its baseline status; faults
        # already stored (not just imported, which sets statuses itself) say otherwise.
        counts.statuses_resynced = _resync_statuses(session)
    counts.reviews = _load_reviews(session, directory / "reviews.json")
    counts.business_case_scenarios = _load_business_case_scenarios(session)
    return counts


def _load_business_case_scenarios(session: Session) -> int:
    """Both published ranges as saved scenarios, so finance starts from the June 2022 case."""
    count = 0
    for range_ in preset_ranges("barnet-2022-obc"):
        scenario = preset("barnet-2022-obc", range_)
        if session.scalar(sa.select(BusinessCaseScenario.id).where(BusinessCaseScenario.name == scenario.name)):
            continue
        business_case.create_scenario(session, scenario, note="as published in the Revised OBC, June 2022",
                                      actor="finance")
        count += 1
    return count


def _load_history(session: Session, directory: Path, counts: FixtureCounts) -> None:
    for number, row in _rows(directory / "contractors.csv"):
        try:
            found = session.scalar(sa.select(Contractor).where(Contractor.name == row["name"]))
            if found is None:
                contracts.create_contractor(session, row)
            counts.contractors += 1
        except ValidationFailed as error:
            raise _where(directory / "contractors.csv", number, error) from None
    for number, row in _rows(directory / "contracts.csv"):
        try:
            if session.scalar(sa.select(Contract.id).where(Contract.reference == row["reference"])) is None:
                contracts.create_contract(session, {
                    "contractor_id": faults.contractor_by_name(session, row["contractor"]).id,
                    "reference": row["reference"], "title": row["title"], "service": row["service"],
                    "starts_on": dt.date.fromisoformat(row["starts_on"]),
                    "ends_on": dt.date.fromisoformat(row["ends_on"]) if row["ends_on"] else None,
                    "value_cap_pence": int(row["value_cap_pence"]) if row["value_cap_pence"] else None,
                    "cost_code": row["cost_code"]})
            counts.contracts += 1
        except (ValidationFailed, ValueError) as error:
            raise _where(directory / "contracts.csv", number, error) from None
    if (directory / "faults.csv").exists():
        if session.scalar(sa.select(sa.func.count(Fault.id))):
            counts.skipped.append("faults")
        else:
            counts.faults = log_imports.import_faults(session, directory / "faults.csv")
    if (directory / "incidents.csv").exists():
        if session.scalar(sa.select(sa.func.count(Incident.id))):
            counts.skipped.append("incidents")
        else:
            counts.incidents = log_imports.import_incidents(session, directory / "incidents.csv")


def _resync_statuses(session: Session) -> int:
    """Set each camera with stored outages (out-of-service faults not cancelled) to the status they
    imply, as logging them did; returns how many cameras changed."""
    camera_ids = session.scalars(sa.select(Fault.camera_id).distinct().where(
        Fault.out_of_service.is_(True), Fault.status != FaultStatus.CANCELLED)).all()
    changed = 0
    for camera_id in sorted(camera_ids):
        camera = session.get(Camera, camera_id)
        before = camera.status
        if faults.sync_camera_status(session, camera) is not before:
            changed += 1
    return changed


def _rows(path: Path):
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [(number, row) for number, row in enumerate(csv.DictReader(handle), start=2)]


def _where(path: Path, number: int, error: Exception) -> ValidationFailed:
    return ValidationFailed(f"{path.name}, row {number}: {error}")


def _load_committees(session: Session, path: Path) -> int:
    count = 0
    for _number, row in _rows(path):
        committee = session.scalar(sa.select(AreaCommittee).where(AreaCommittee.code == row["code"]))
        if committee is None:
            committee = AreaCommittee(code=row["code"])
            session.add(committee)
        committee.name = row["name"]
        committee.illustrative = row.get("illustrative", "").strip().lower() in {"yes", "true", "1"}
        count += 1
    session.flush()
    return count


def _load_wards(session: Session, csv_path: Path, geojson_path: Path) -> int:
    boundaries = {}
    if geojson_path.exists():
        collection = json.loads(geojson_path.read_text(encoding="utf-8"))
        boundaries = {f["properties"]["ward_code"]: f["geometry"] for f in collection["features"]}
    count = 0
    for number, row in _rows(csv_path):
        data = {"code": row["ward_code"], "name": row["ward_name"],
                "area_committee_code": row.get("area_committee_code") or None,
                "boundary": boundaries.get(row["ward_code"])}
        try:
            ward = session.scalar(sa.select(Ward).where(Ward.code == data["code"]))
            if ward is None:
                register.create_ward(session, data)
            else:
                register.update_ward(session, ward, data)
        except ValidationFailed as error:
            raise _where(csv_path, number, error) from None
        count += 1
    return count


def _load_deployments(session: Session, path: Path) -> int:
    count = 0
    for number, row in _rows(path):
        try:
            camera = register.camera_by_asset(session, row["asset_number"])
            started_on = dt.date.fromisoformat(row["started_on"])
            exists = session.scalar(sa.select(Deployment.id).where(
                Deployment.camera_id == camera.id, Deployment.started_on == started_on))
            if exists is not None:
                continue
            data = {"camera_id": camera.id, "started_on": started_on,
                    "ended_on": dt.date.fromisoformat(row["ended_on"]) if row.get("ended_on") else None,
                    "reason": row.get("reason", "")}
            if row.get("site_code"):
                data["site_code"] = row["site_code"]
            else:
                data["location"] = {"lon": float(row["lon"]), "lat": float(row["lat"])}
            register.create_deployment(session, data)
        except (ValidationFailed, Conflict, ValueError) as error:
            raise _where(path, number, error) from None
        count += 1
    return count


def _load_users(session: Session, path: Path, password: str | None) -> list[str]:
    names = []
    for number, row in _rows(path):
        username = row["username"].strip()
        names.append(username)
        if session.scalar(sa.select(User.id).where(User.username == username)) is not None:
            continue
        try:
            accounts.create_user(session, username, roles=row["roles"].split(";"),
                                 display_name=row.get("display_name", ""), email=row.get("email") or None,
                                 ward_code=row.get("ward_code") or None, password=password)
        except ValidationFailed as error:
            raise _where(path, number, error) from None
    return names


def _load_committee_users(session: Session, path: Path) -> None:
    for number, row in _rows(path):
        try:
            user = accounts.get_user(session, row["username"].strip())
            site_requests.assign_committee(session, user, row["area_committee_code"].strip())
        except (ValidationFailed, NotFound) as error:
            raise _where(path, number, error) from None


def _at(day: str) -> dt.datetime:
    # Demo steps happen at 9am on the day the file gives.
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(9), tzinfo=dt.UTC)


def _load_site_requests(session: Session, path: Path) -> int:
    """Take each demo request through the real steps as the named users, dated as the file says.

    A request already present (same title, same member) is left alone, so loading twice is safe.
    """
    if not path.exists():
        return 0
    document = json.loads(path.read_text(encoding="utf-8"))
    actor = current_actor(session)
    count = 0
    try:
        for number, entry in enumerate(document["requests"], start=1):
            try:
                count += _load_site_request(session, entry)
            except CctvPlannerError as error:
                raise ValidationFailed(f"{path.name}, request {number}: {error.message}") from None
    finally:
        set_actor(session, user_id=actor[0], username=actor[1])
    return count


def _load_site_request(session: Session, entry: dict) -> int:
    member = accounts.get_user(session, entry["raised_by"])
    exists = session.scalar(sa.select(SiteRequest.id).where(SiteRequest.title == entry["title"],
                                                            SiteRequest.raised_by_id == member.id))
    if exists is not None:
        return 0
    set_actor(session, user_id=member.id, username=member.username)
    request = site_requests.raise_request(session, member, entry, at=_at(entry["on"]))
    for step in entry["steps"]:
        user = accounts.get_user(session, step["as"])
        set_actor(session, user_id=user.id, username=user.username)
        site_requests.take_action(session, request, Action(step["action"]), user, _step_data(step),
                                  at=_at(step["on"]))
    return 1


def _step_data(step: dict) -> dict:
    data = {k: v for k, v in step.items() if k not in ("as", "action", "on")}
    for key in ("review_due", "site_visit_on", "future_look_on", "meeting_on", "target_date", "installed_on"):
        if data.get(key):
            data[key] = dt.date.fromisoformat(data[key])
    if data.get("principles") == "all_met":
        data["principles"] = {key: {"met": True, "evidence": "demo: see the investigation's evidence and site visit"}
                              for key in PRINCIPLE_KEYS}
    return data


def _load_reviews(session: Session, path: Path) -> int:
    """Operational reviews, drafted and signed through the review service (signing times from the file).

    A review already stored for the camera on that date (or a correction
    already made) is skipped, so loading twice is safe.
    """
    if not path.exists():
        return 0
    document = json.loads(path.read_text(encoding="utf-8"))
    today = dt.date.today()
    count = 0
    for number, entry in enumerate(document["reviews"], start=1):
        content = {k: v for k, v in entry.items() if k not in ("asset_number", "spoc", "dpo", "corrects")}
        try:
            for key in ("review_date",):
                content[key] = dt.date.fromisoformat(content[key])
            for action in content.get("actions", []):
                for key in ("due_on", "done_on"):
                    if action.get(key):
                        action[key] = dt.date.fromisoformat(action[key])
            camera = register.camera_by_asset(session, entry["asset_number"])
            review = _review_from_entry(session, camera, entry, content, today)
            if review is None:
                continue
            for capacity in (SignOff.SPOC, SignOff.DPO):
                if capacity.value in entry:
                    signer = accounts.get_user(session, entry[capacity.value]["username"])
                    reviews.sign(session, review, capacity, signer, today,
                                 at=dt.datetime.fromisoformat(entry[capacity.value]["signed_at"]))
        except (ValidationFailed, Conflict, NotFound, ValueError, KeyError) as error:
            message = error.message if hasattr(error, "message") else str(error)
            raise ValidationFailed(f"{path.name}, review {number} ({entry.get('asset_number')}): {message}") from None
        count += 1
    return count



def _review_from_entry(session: Session, camera: Camera, entry: dict, content: dict,
                       today: dt.date) -> OperationalReview | None:
    same_date = sa.select(OperationalReview).where(OperationalReview.camera_id == camera.id,
                                                   OperationalReview.review_date == content["review_date"])
    if entry.get("corrects"):
        original = session.scalar(sa.select(OperationalReview).where(
            OperationalReview.camera_id == camera.id, OperationalReview.supersedes_id.is_(None),
            OperationalReview.review_date == dt.date.fromisoformat(entry["corrects"])))
        if original is None:
            raise ValidationFailed(f"no review of {camera.asset_number} on {entry['corrects']} to correct")
        if original.superseded_by is not None:
            return None
        correction = reviews.supersede(session, original)
        return reviews.update_draft(session, correction, content, today)
    if session.scalar(same_date.where(OperationalReview.supersedes_id.is_(None))) is not None:
        return None
    return reviews.create_draft(session, {"camera_id": camera.id, **content}, today)
