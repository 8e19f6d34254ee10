"""The command line, run through click against the test database."""

from __future__ import annotations

import csv
import shutil

import pytest
import sqlalchemy as sa
from flask.cli import ScriptInfo

from cctv_planner.commands.main import cli
from cctv_planner.models import AuditEntry, Camera, Site, User
from tests.conftest import DEMO_FIXTURES


@pytest.fixture
def run(app, db_session):
    """Return ``run(*args, input=None) -> Result`` invoking ``python cli.py ARGS``."""
    runner = app.test_cli_runner()

    def _run(*args, input=None):
        return runner.invoke(cli, list(args), input=input, obj=ScriptInfo(create_app=lambda: app))

    return _run


def _count(db_session, model) -> int:
    db_session.expire_all()
    return db_session.scalar(sa.select(sa.func.count()).select_from(model))


def test_create_user_and_token_then_the_token_works(run, client, db_session):
    result = run("create-user", "jsmith", "--role", "cctv_manager", "--role", "dpo", "--password-stdin",
                 input="correct horse battery\n")
    assert result.exit_code == 0, result.output
    token = run("create-token", "jsmith").output.strip()
    me = client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json
    assert me["roles"] == ["cctv_manager", "dpo"]
    from cctv_planner.services import accounts
    user = accounts.get_user(db_session, "jsmith")
    assert accounts.check_password(user, "correct horse battery")
    assert not accounts.check_password(user, "wrong password!")
    assert user.password_hash.startswith("scrypt:")


def test_create_user_errors_are_messages_not_tracebacks(run, db_session):
    result = run("create-user", "cllr", "--role", "member")
    assert result.exit_code == 1 and "must be linked to a ward" in result.output
    result = run("create-user", "x", "--role", "wizard")
    assert result.exit_code == 2 and "wizard" in result.output
    assert _count(db_session, User) == 0


def test_load_fixtures_refuses_a_non_empty_database(run, db_session, demo_estate):
    result = run("load-fixtures", "barnet-demo")
    assert result.exit_code == 1 and "not empty" in result.output
    assert run("load-fixtures", "barnet-demo", "--force").exit_code == 0
    assert _count(db_session, Camera) == 154
    assert run("load-fixtures", "nowhere").exit_code == 1


def _demo_rows():
    with (DEMO_FIXTURES / "register.csv").open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def _write(path, fieldnames, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)


def test_one_bad_row_imports_nothing_and_names_the_row_then_the_fixed_file_imports_all(
        run, db_session, barnet_wards, tmp_path):
    fieldnames, rows = _demo_rows()
    bad = [dict(r) for r in rows]
    bad[40]["lon"], bad[40]["lat"], bad[40]["easting"], bad[40]["northing"] = "2.3522", "48.8566", "", ""
    path = tmp_path / "register.csv"
    _write(path, fieldnames, bad)
    audit_before = _count(db_session, AuditEntry)

    result = run("import-register", str(path))
    assert result.exit_code == 1
    assert "register.csv, row 42, column lon" in result.output  # header is row 1, so rows[40] is row 42
    assert _count(db_session, Site) == 0 and _count(db_session, Camera) == 0
    assert _count(db_session, AuditEntry) == audit_before

    _write(path, fieldnames, rows)
    assert run("import-register", str(path), "--dry-run").exit_code == 0
    assert _count(db_session, Camera) == 0
    result = run("import-register", str(path))
    assert result.exit_code == 0, result.output
    assert _count(db_session, Camera) == len(rows)
    assert _count(db_session, Site) == len({r["site_code"] for r in rows if r["site_code"]})


def test_unknown_ward_code_is_reported_with_row_and_column(run, db_session, barnet_wards, tmp_path):
    fieldnames, rows = _demo_rows()
    rows = [dict(r) for r in rows[:5]]
    rows[2]["ward_code"] = "E05999999"
    path = tmp_path / "few.csv"
    _write(path, fieldnames, rows)
    result = run("import-register", str(path))
    assert result.exit_code == 1
    assert "few.csv, row 4, column ward_code" in result.output
    assert _count(db_session, Site) == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_round_trips_the_estate(run, db_session, demo_estate, tmp_path, fmt):
    out = tmp_path / f"register.{fmt}"
    result = run("export-register", "--format", fmt, str(out))
    assert result.exit_code == 0, result.output
    assert "154 cameras" in result.output

    def snapshot():
        db_session.expire_all()
        sites = {s.code: (s.name, s.location_detail, round(s.easting, 3), round(s.northing, 3),
                          s.ward.code if s.ward else None, s.category, s.transmission, s.status,
                          s.connected_to_control_room)
                 for s in db_session.scalars(sa.select(Site))}
        cameras = {c.asset_number: (c.site.code if c.site else None, c.camera_type, c.status, c.installed_on,
                                    c.bearing_deg, c.field_of_view_deg, c.range_m, c.make, c.serial_number)
                   for c in db_session.scalars(sa.select(Camera))}
        return sites, cameras

    before = snapshot()
    # Re-importing the export changes nothing and writes no audit entries.
    audit_before = _count(db_session, AuditEntry)
    again = run("import-register", str(out))
    assert again.exit_code == 0
    assert "0 sites created, 0 updated, 147 unchanged; 0 cameras created, 0 updated, 154 unchanged" in again.output
    assert snapshot() == before
    assert _count(db_session, AuditEntry) == audit_before

    # Into an empty register, the export rebuilds the same estate.
    db_session.execute(sa.text("DELETE FROM deployments"))
    db_session.execute(sa.text("DELETE FROM review_actions"))
    db_session.execute(sa.text("DELETE FROM operational_reviews"))
    db_session.execute(sa.delete(Camera))
    db_session.execute(sa.delete(Site))
    db_session.commit()
    assert run("import-register", str(out)).exit_code == 0
    assert snapshot() == before


def test_import_as_a_user_names_them_in_the_audit_trail(run, db_session, barnet_wards, tmp_path):
    fieldnames, rows = _demo_rows()
    path = tmp_path / "one.csv"
    _write(path, fieldnames, rows[:1])
    run("create-user", "jsmith", "--role", "cctv_manager")
    assert run("import-register", str(path), "--as", "jsmith").exit_code == 0
    actors = set(db_session.scalars(sa.select(AuditEntry.actor_name).where(
        AuditEntry.entity_type.in_(["site", "camera"]))))
    assert actors == {"jsmith"}
    assert run("import-register", str(path), "--as", "nobody").exit_code == 2


def test_export_template_writes_a_file_that_imports(run, db_session, barnet_wards, tmp_path):
    out = tmp_path / "template.xlsx"
    assert run("export-register", "--template", str(out)).exit_code == 0
    result = run("import-register", str(out), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "1 cameras created" in result.output


def test_serve_demo_builds_a_fresh_migrated_demo_database(tmp_path):
    from cctv_planner.commands.serve import build_demo_app

    app, tokens, path = build_demo_app(tmp_path)
    assert path.exists()
    client = app.test_client()
    assert client.get("/api/health").status_code == 200
    summary = client.get("/api/register/summary",
                         headers={"Authorization": f"Bearer {tokens['cctv.manager'] if 'cctv.manager' in tokens else next(iter(tokens.values()))}"}).json
    # The register's June 2022 baseline is 37 of 127; the demo's fault history
    # (fixed by DSSL in summer 2022, new faults to March 2023) leaves 92 of 127.
    assert (summary["fixed_cameras_total"], summary["fixed_cameras_operational"]) == (127, 92)
    roles_covered = set()
    for token in tokens.values():
        me = client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json
        roles_covered.update(me["roles"])
    assert roles_covered == {"admin", "cctv_manager", "cst_officer", "dpo", "member", "area_committee",
                             "finance", "viewer"}
    from cctv_planner.extensions import db
    with app.app_context():
        db.engine.dispose()
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_serve_without_a_secret_key_says_so_without_a_traceback(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from cctv_planner.commands import serve as serve_module

    monkeypatch.delenv("CCTV_SECRET_KEY", raising=False)
    monkeypatch.delenv("CCTV_DEMO", raising=False)
    monkeypatch.setenv("CCTV_DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    monkeypatch.setattr(serve_module, "run_simple", lambda *a, **k: pytest.fail("must not start serving"))
    result = CliRunner().invoke(serve_module.serve, [])
    assert result.exit_code == 1
    assert "CCTV_SECRET_KEY" in result.output and "Traceback" not in result.output
