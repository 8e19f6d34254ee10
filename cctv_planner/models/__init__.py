"""ORM models. Importing this package registers every table with the metadata."""

from cctv_planner.models.accounts import ApiToken, User, UserRole
from cctv_planner.models.audit import AuditEntry
from cctv_planner.models.base import Base
from cctv_planner.models.crime import Crime, CrimeImport
from cctv_planner.models.register import AreaCommittee, Camera, Deployment, Site, Ward
from cctv_planner.models.reviews import OperationalReview, ReviewAction

__all__ = [
    "ApiToken",
    "AreaCommittee",
    "AuditEntry",
    "Base",
    "Camera",
    "Crime",
    "CrimeImport",
    "Deployment",
    "OperationalReview",
    "ReviewAction",
    "Site",
    "User",
    "UserRole",
    "Ward",
]
