"""cctv_planner: plan, track and justify a council's public-space CCTV estate."""

from __future__ import annotations

__version__ = "0.1.0"

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the WSGI application. ``config`` overrides the environment's settings."""
    from apispec.ext.marshmallow import MarshmallowPlugin

    from cctv_planner import models  # noqa: F401 - every table registered before migrations run
    from cctv_planner.api import register_blueprints
    from cctv_planner.config import load_config, validate_config
    from cctv_planner.errors import register_error_handlers
    from cctv_planner.extensions import Api, db, migrate
    from cctv_planner.services import audit  # noqa: F401 - installs the audit listener

    app = Flask(__name__, instance_relative_config=True)
    app.json = IsoJSONProvider(app)
    app.config.update(load_config(app.instance_path, config))
    validate_config(app.config)
    os.makedirs(app.instance_path, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True)
    app.config["API_SPEC_OPTIONS"] = {
        "info": {"description": "Plan, track and justify the council's public-space CCTV estate. "
                                "Every route but /api/health needs `Authorization: Bearer <token>`."},
        "security": [{"bearerAuth": []}],
        "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
        **app.config.get("API_SPEC_OPTIONS", {}),
    }
    api = Api(app, spec_kwargs={"marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name)})
    register_blueprints(api)
    register_error_handlers(app)
    return app


class IsoJSONProvider(DefaultJSONProvider):
    """Dates and times as ISO 8601 wherever a view returns them unserialised (Flask's
    default is the HTTP-date format, which no client should have to parse)."""

    @staticmethod
    def default(o):
        if isinstance(o, dt.date | dt.datetime):
            return o.isoformat()
        return DefaultJSONProvider.default(o)


def schema_name(schema) -> str:
    """Name OpenAPI components after the schema class, marking partial (PATCH) variants."""
    from apispec.ext.marshmallow.common import resolve_schema_cls

    name = resolve_schema_cls(schema).__name__.removesuffix("Schema")
    if getattr(schema, "partial", False):
        name += "Patch"
    return name
