"""The camera register's vocabulary: the enumerations every layer shares.

Values are the stored and wire form (lower-case snake case); labels are what
the council's papers call them.
"""

from __future__ import annotations

from enum import StrEnum


class SiteCategory(StrEnum):
    TOWN_CENTRE = "town_centre"
    PARADE = "parade"
    STATION = "station"
    PARK = "park"
    BOROUGH_ENTRANCE = "borough_entrance"
    LIBRARY = "library"
    ESTATE = "estate"
    OTHER = "other"


class OwningService(StrEnum):
    COMMUNITY_SAFETY = "community_safety"
    LIBRARIES = "libraries"
    HOUSING = "housing"
    HIGHWAYS = "highways"
    OTHER = "other"


class Mounting(StrEnum):
    COLUMN = "column"
    POLE = "pole"
    WALL = "wall"
    BUILDING = "building"


class Power(StrEnum):
    MAINS = "mains"
    SOLAR = "solar"
    BATTERY = "battery"


class Transmission(StrEnum):
    FIBRE = "fibre"
    WIRELESS = "wireless"
    G4 = "4g"
    G5 = "5g"
    NONE = "none"


class SiteStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    DECOMMISSIONED = "decommissioned"


class CameraType(StrEnum):
    FIXED = "fixed"
    PTZ = "ptz"
    MULTI_SENSOR = "multi_sensor"
    DOME = "dome"
    ANPR = "anpr"
    REDEPLOYABLE = "redeployable"


class AutomatedProcessing(StrEnum):
    NONE = "none"
    ANPR = "anpr"
    ANALYTICS = "analytics"
    BIOMETRICS = "biometrics"


class CameraStatus(StrEnum):
    OPERATIONAL = "operational"
    DEFECTIVE = "defective"
    OFFLINE = "offline"
    IN_STORE = "in_store"
    DECOMMISSIONED = "decommissioned"


class Role(StrEnum):
    ADMIN = "admin"
    CCTV_MANAGER = "cctv_manager"
    CST_OFFICER = "cst_officer"
    DPO = "dpo"
    MEMBER = "member"
    AREA_COMMITTEE = "area_committee"
    FINANCE = "finance"
    VIEWER = "viewer"


# Camera types that count as "fixed" in the papers' "37 of 127 fixed cameras
# on-line": every type but a redeployable (mobile) camera.
FIXED_CAMERA_TYPES = frozenset(t for t in CameraType if t is not CameraType.REDEPLOYABLE)

DEFAULT_RETENTION_DAYS = 28
DEFAULT_FRAMES_PER_SECOND = 25

# A redeployable camera left in one place longer than this is not mobile in
# practice (the 2021 review found every "mobile" unit had stood >= 18 months).
MOBILE_STANDING_LIMIT_MONTHS = 18
