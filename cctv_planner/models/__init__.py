"""ORM models. Importing this package registers every table with the metadata."""

from cctv_planner.models.accounts import ApiToken, User, UserRole
from cctv_planner.models.audit import AuditEntry
from cctv_planner.models.base import Base
from cctv_planner.models.business_case import BusinessCaseScenario, BusinessCaseScenarioVersion
from cctv_planner.models.contracts import Contract, Contractor
from cctv_planner.models.crime import Crime, CrimeImport
from cctv_planner.models.faults import Fault, FaultNote
from cctv_planner.models.incidents import Incident, incident_cameras
from cctv_planner.models.register import AreaCommittee, Camera, Deployment, Site, Ward
from cctv_planner.models.reviews import OperationalReview, ReviewAction
from cctv_planner.models.site_requests import (
    AreaCommitteeUser,
    CostEstimateLine,
    FundingDecision,
    Notification,
    SiteRequest,
    SiteRequestCamera,
    SiteRequestEvent,
    SiteRequestEvidence,
)

__all__ = [
    "ApiToken",
    "AreaCommittee",
    "AreaCommitteeUser",
    "AuditEntry",
    "Base",
    "BusinessCaseScenario",
    "BusinessCaseScenarioVersion",
    "Camera",
    "Contract",
    "Contractor",
    "CostEstimateLine",
    "Crime",
    "CrimeImport",
    "Deployment",
    "Fault",
    "FaultNote",
    "FundingDecision",
    "Incident",
    "Notification",
    "OperationalReview",
    "ReviewAction",
    "Site",
    "SiteRequest",
    "SiteRequestCamera",
    "SiteRequestEvent",
    "SiteRequestEvidence",
    "User",
    "UserRole",
    "Ward",
    "incident_cameras",
]
