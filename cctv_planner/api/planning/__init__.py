"""Planning API: crime data, site scores and plans, heat map, coverage, hot spots."""

from __future__ import annotations

from cctv_planner.domain.register import Role

#: Who may import crimes: those who plan the estate.
PLANNERS: tuple[Role, ...] = (Role.ADMIN, Role.CCTV_MANAGER, Role.CST_OFFICER)
#: Who may read crimes and run the analyses (which change nothing): planners and finance.
PLANNING_READERS: tuple[Role, ...] = (*PLANNERS, Role.FINANCE)
