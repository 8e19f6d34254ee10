"""Operations: faults, contractors and contracts, incidents, availability and the dashboard."""

from __future__ import annotations

from flask import current_app

from cctv_planner.api.auth import REGISTER_EDITORS
from cctv_planner.domain.faults import Severity, parse_target_hours
from cctv_planner.domain.register import Role

# Faults and contractors are the CCTV manager's records.
FAULT_EDITORS = REGISTER_EDITORS
# Caps and cost codes are finance's business as much as the manager's.
CONTRACT_EDITORS = (Role.ADMIN, Role.CCTV_MANAGER, Role.FINANCE)
INCIDENT_EDITORS = REGISTER_EDITORS
# Incident records carry notes about people: those who work with them (the
# manager, community safety officers, the DPO, police liaison as viewer) read
# them; members, area committees and finance see the statistics only.
INCIDENT_READERS = (Role.ADMIN, Role.CCTV_MANAGER, Role.CST_OFFICER, Role.DPO, Role.VIEWER)


def fault_targets() -> dict[Severity, int]:
    return parse_target_hours(current_app.config.get("CCTV_FAULT_TARGET_HOURS"))
