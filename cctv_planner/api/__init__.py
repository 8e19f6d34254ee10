"""The REST API: one flask-smorest blueprint per area."""

from __future__ import annotations

from cctv_planner.api import audit, system
from cctv_planner.api.business_case import evaluation, scenarios
from cctv_planner.api.operations import availability, contracts, faults, incidents
from cctv_planner.api.planning import analysis, crimes
from cctv_planner.api.register import cameras, deployments, sites, summary, wards
from cctv_planner.api.reviews import resources as reviews
from cctv_planner.api.site_requests import views as site_requests

BLUEPRINTS = (
    system.blp,
    wards.blp,
    wards.committees_blp,
    sites.blp,
    cameras.blp,
    deployments.blp,
    summary.blp,
    evaluation.blp,
    scenarios.blp,
    site_requests.blp,
    faults.blp,
    contracts.contractors_blp,
    contracts.blp,
    incidents.blp,
    availability.blp,
    availability.dashboard_blp,
    crimes.blp,
    analysis.blp,
    reviews.blp,
    audit.blp,
)


def register_blueprints(api) -> None:
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
