"""The REST API: one flask-smorest blueprint per area."""

from __future__ import annotations

from cctv_planner.api import audit, system
from cctv_planner.api.register import cameras, deployments, sites, summary, wards
from cctv_planner.api.reviews import resources as reviews

BLUEPRINTS = (
    system.blp,
    wards.blp,
    wards.committees_blp,
    sites.blp,
    cameras.blp,
    deployments.blp,
    summary.blp,
    reviews.blp,
    audit.blp,
)


def register_blueprints(api) -> None:
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
