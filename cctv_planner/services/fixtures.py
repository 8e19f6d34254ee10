"""Load a named fixture set (e.g. the Barnet demo estate) through the normal services."""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain.errors import Conflict, NotFound, ValidationFailed
from cctv_planner.domain.reviews import SignOff
from cctv_planner.models import AreaCommittee, Camera, Deployment, OperationalReview, Site, User, Ward
from cctv_planner.registerfile.reader import read_register_file
from cctv_planner.services import accounts, register, reviews
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
    reviews: int = 0


def available() -> list[str]:
    return sorted(p.name for p in FIXTURES_DIR.iterdir() if p.is_dir() and (p / "register.csv").exists())


def database_is_empty(session: Session) -> bool:
    for model in (Ward, Site, Camera, User):
        if session.scalar(sa.select(sa.func.count()).select_from(model)):
            return False
    return True


def load(session: Session, name: str, *, force: bool = False, passwords: bool = True) -> FixtureCounts:
    """Load fixture set ``name`` into the database.

    Refuses a database that already holds data unless ``force``; with force,
    records are matched by their codes and updated, so loading twice is safe.
    With ``passwords`` the demo users get :data:`DEMO_PASSWORD` (hashing it is
    deliberately slow, so tests that only need tokens skip it).
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
    counts.reviews = _load_reviews(session, directory / "reviews.json")
    return counts


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
