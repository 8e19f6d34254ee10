"""Fault and incident files: a bad row changes nothing and is named by file, row and column (must-show 6)."""

from __future__ import annotations

import sqlalchemy as sa

from cctv_planner.models import AuditEntry, Camera, Fault, Incident

HEADER = "reference,asset_number,detected_at,reported_at,category,severity,out_of_service,status,resolved_at,resolution"


def _counts(db_session):
    return tuple(db_session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (Fault, AuditEntry))


def test_a_bad_fault_row_imports_nothing_and_is_named(run, cameras, db_session, tmp_path):
    path = tmp_path / "faults.csv"
    path.write_text("\n".join([
        HEADER,
        "F-1,BO69,2022-05-01 08:00,2022-05-01 09:00,transmission,high,yes,open,,",
        "F-2,BO61,2022-05-02 08:00,2022-05-02 09:00,power,critical,yes,resolved,2022-05-03 10:00,repair",
        "F-3,XX99,2022-05-03 08:00,2022-05-03 09:00,power,high,yes,open,,",  # unknown camera
        "F-4,BO61,2022-05-04 08:00,2022-05-04 07:00,power,high,yes,open,,",  # reported before detected
    ]) + "\n")
    before = _counts(db_session)
    result = run("import-faults", str(path))
    assert result.exit_code == 1
    assert "faults.csv, row 4, column asset_number: unknown camera 'XX99'" in result.output
    assert "faults.csv, row 5, column reported_at: reported_at is before detected_at" in result.output
    db_session.expire_all()
    assert _counts(db_session) == before
    assert set(db_session.scalars(sa.select(Camera.status))) == {"operational"}  # no status changed


def test_cell_errors_are_found_before_anything_is_tried(run, cameras, db_session, tmp_path):
    path = tmp_path / "faults.csv"
    path.write_text(HEADER + "\nF-1,BO69,yesterday,2022-05-01 09:00,wobbly,high,maybe,open,,\n")
    result = run("import-faults", str(path))
    assert result.exit_code == 1
    for column in ("detected_at", "category", "out_of_service"):
        assert f"faults.csv, row 2, column {column}:" in result.output
    path.write_text("asset_number,colour\nBO69,red\n")
    result = run("import-faults", str(path))
    assert "faults.csv, row 1, column colour: unknown column" in result.output
    assert "faults.csv, row 1, column reported_at: required column is missing" in result.output


def test_a_good_file_imports_and_the_cameras_follow(run, cameras, db_session, tmp_path):
    path = tmp_path / "faults.csv"
    path.write_text("\n".join([
        HEADER,
        "F-1,BO69,2022-05-01 08:00,2022-05-01 09:00,transmission,high,yes,open,,",
        "F-2,BO61,2022-05-02 08:00,2022-05-02 09:00,power,critical,yes,closed,2022-05-03 10:00,repair",
    ]) + "\n")
    result = run("import-faults", str(path))
    assert result.exit_code == 0, result.output
    assert "Imported 2 faults" in result.output
    status = dict(db_session.execute(sa.select(Camera.asset_number, Camera.status)).all())
    assert status == {"BO69": "defective", "BO61": "operational"}
    # Times without a zone are London time: 09:00 BST is 08:00 UTC.
    reported = db_session.scalar(sa.select(Fault.reported_at).where(Fault.reference == "F-1"))
    assert (reported.hour, reported.tzinfo is not None) == (8, True)
    again = run("import-faults", str(path))  # references are unique: a second run changes nothing
    assert again.exit_code == 1 and "column reference: fault reference 'F-1' is already used" in again.output


def test_incident_xlsx_bad_row_imports_nothing(run, cameras, db_session, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["reference", "occurred_at", "asset_numbers", "incident_type", "origin", "arrest_made"])
    ws.append(["CR-1", "2022-10-24 14:05", "BO69;BO61", "begging", "proactive", "no"])
    ws.append(["CR-2", "2022-10-24 15:00", "BO69", "shoplifting", "reactive", "no"])
    path = tmp_path / "incidents.xlsx"
    wb.save(path)
    result = run("import-incidents", str(path))
    assert result.exit_code == 1
    assert "incidents.xlsx, row 3, column incident_type: 'shoplifting' is not allowed" in result.output
    assert db_session.scalar(sa.select(sa.func.count(Incident.id))) == 0
    ws.delete_rows(3)
    wb.save(path)
    result = run("import-incidents", str(path))
    assert result.exit_code == 0, result.output
    incident = db_session.scalar(sa.select(Incident))
    assert sorted(c.asset_number for c in incident.cameras) == ["BO61", "BO69"]
