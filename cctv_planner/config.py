"""Configuration: defaults, then environment variables, then the caller's overrides."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def parse_boolean(value: str, name: str) -> bool:
    """Parse an environment flag strictly: junk is an error, not False."""
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"{name} must be a boolean (yes/no), got {value!r}")


def default_database_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "cctv_planner.sqlite3")


def load_config(instance_path: str, override: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Build the app's configuration.

    Read at call time, never import time, so tests can set variables freely.
    """
    env = os.environ
    config: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": env.get("CCTV_DATABASE_URL") or default_database_url(instance_path),
        "SECRET_KEY": env.get("CCTV_SECRET_KEY"),
        "CCTV_DEMO": parse_boolean(env.get("CCTV_DEMO", "no"), "CCTV_DEMO"),
        "TESTING": False,
        # Surveillance Camera Code: reviews are annual.
        "CCTV_REVIEW_INTERVAL_MONTHS": int(env.get("CCTV_REVIEW_INTERVAL_MONTHS", "12")),
        # Target hours from report to fix per fault severity, e.g. "critical=24,high=72"
        # (severities not named keep the defaults in domain/faults.py).
        "CCTV_FAULT_TARGET_HOURS": env.get("CCTV_FAULT_TARGET_HOURS", ""),
        "CCTV_PAGE_SIZE_MAX": 500,
        # Site-request notices (send-notices): e-mailed when a host is set, else printed.
        "CCTV_SMTP_HOST": env.get("CCTV_SMTP_HOST") or None,
        "CCTV_SMTP_PORT": int(env.get("CCTV_SMTP_PORT", "25")),
        "CCTV_SMTP_FROM": env.get("CCTV_SMTP_FROM", "cctv-planner@localhost"),
        "CCTV_SMTP_USER": env.get("CCTV_SMTP_USER") or None,
        "CCTV_SMTP_PASSWORD": env.get("CCTV_SMTP_PASSWORD") or None,
        "CCTV_SMTP_STARTTLS": parse_boolean(env.get("CCTV_SMTP_STARTTLS", "no"), "CCTV_SMTP_STARTTLS"),
        # Street-lighting columns used as candidate sites (default: the shared real-data copy).
        "CCTV_LIGHTPOSTS_PATH": env.get("CCTV_LIGHTPOSTS_PATH") or None,
        "API_TITLE": "cctv_planner",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        # Served from the package's own static folder would need a bundled UI;
        # the docs page loads Swagger UI from its CDN in the browser only.
        "OPENAPI_SWAGGER_UI_URL": "https://cdn.jsdelivr.net/npm/swagger-ui-dist/",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    }
    if override:
        config.update(override)
    return config


def validate_config(config: Mapping[str, Any]) -> None:
    """Fail fast on settings the service cannot run without."""
    if not config.get("SECRET_KEY"):
        if config.get("TESTING") or config.get("CCTV_DEMO") or config.get("CCTV_CLI"):
            return
        raise RuntimeError(
            "CCTV_SECRET_KEY is not set: set it to a long random string "
            "(outside demo and test runs it is required)"
        )
