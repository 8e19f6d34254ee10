"""The pure domain package imports no framework and no app layer."""

from __future__ import annotations

import ast
from pathlib import Path

import cctv_planner

FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_smorest", "flask_migrate", "sqlalchemy", "marshmallow",
             "openpyxl", "cctv_planner.models", "cctv_planner.api", "cctv_planner.services",
             "cctv_planner.commands", "cctv_planner.extensions")
DOMAIN = Path(cctv_planner.__file__).parent / "domain"


def _imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_domain_modules_import_no_framework_or_app_layer():
    offenders = []
    for path in sorted(DOMAIN.rglob("*.py")):
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                offenders.append(f"{path.relative_to(DOMAIN)}: {name}")
    assert offenders == []


def test_services_do_not_import_the_web_or_cli_layers():
    services = Path(cctv_planner.__file__).parent / "services"
    offenders = [f"{p.name}: {n}" for p in services.rglob("*.py") for n in _imports(p)
                 if n.startswith(("cctv_planner.api", "cctv_planner.commands", "flask_smorest"))
                 or n == "flask"]
    assert offenders == []
