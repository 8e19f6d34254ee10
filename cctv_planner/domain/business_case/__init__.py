"""Business case: the council's Tables 1-3, any scenario, consistency and whole-life cost.

Pure domain code (stdlib and Decimal only). Typical use::

    from cctv_planner.domain.business_case import evaluate, preset, result_to_json
    result = evaluate(preset("barnet-2022-obc", "B"))
    result.capital_total            # 2415000
"""

from cctv_planner.domain.business_case.consistency import Finding, check, inconsistencies
from cctv_planner.domain.business_case.documents import (
    comparison_to_json,
    document_changes,
    result_to_json,
    scenario_to_document,
    sweep_to_json,
)
from cctv_planner.domain.business_case.drivers import apply_drivers, generate, site_counts
from cctv_planner.domain.business_case.model import (
    BusinessCaseResult,
    ComparisonRow,
    SweepRow,
    compare,
    evaluate,
    sweep_fibre,
)
from cctv_planner.domain.business_case.money import Rounding, round_half_up
from cctv_planner.domain.business_case.presets import (
    BARNET_2022_OBC,
    preset,
    preset_names,
    preset_ranges,
)
from cctv_planner.domain.business_case.scenario import (
    Appraisal,
    Baseline,
    CapitalSource,
    Drivers,
    Line,
    ProfileYear,
    Saving,
    SavingKind,
    Scenario,
    validate_scenario,
)

__all__ = [
    "BARNET_2022_OBC", "Appraisal", "Baseline", "BusinessCaseResult", "CapitalSource",
    "ComparisonRow", "Drivers", "Finding", "Line", "ProfileYear", "Rounding", "Saving",
    "SavingKind", "Scenario", "SweepRow", "apply_drivers", "check", "compare",
    "comparison_to_json", "document_changes", "evaluate", "generate", "inconsistencies", "preset", "preset_names",
    "preset_ranges", "result_to_json", "round_half_up", "scenario_to_document", "site_counts",
    "sweep_fibre", "sweep_to_json", "validate_scenario",
]
