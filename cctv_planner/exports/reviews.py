"""One camera's operational review / DPIA as a printable workbook, laid out like the council's template.

The rows follow the BO69 example (OBC June 2022) in order: camera and location,
operational requirement, views, automated processing, retention, images per
second, surveillance objectives, meets the OR, privacy risks, the seven
solutions, outcome, justification, then the decision, actions, date of the
review and the two sign-offs. Labels are the template's own words.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from cctv_planner.domain.reviews import OBJECTIVES_NOTE
from cctv_planner.exports.xlsx import safe_text, write_value

TITLE = "Operational Review (OR) and Data Protection Impact Assessment (DPIA)"
_BOLD = Font(bold=True)
_SECTION = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_AUTOMATED = {"none": "No", "anpr": "Yes: ANPR", "analytics": "Yes: Analytics", "biometrics": "Yes: Biometrics"}


def _yes_no(value: bool | None, narrative: str) -> str:
    answer = {True: "Yes.", False: "No.", None: ""}[value]
    return f"{answer} {narrative}".strip()


def _title_case(value: str | None) -> str:
    return (value or "").capitalize()


def template_rows(doc: dict[str, Any]) -> list[tuple[str, str, object]]:
    """``(kind, label, value)`` rows in the template's order; kind is section, row or item."""
    retention = ""
    if doc["retention_days"]:
        retention = f"{doc['recording_hours']} - {doc['retention_days']} days at {doc['recording_location']}".strip()
    objectives = "; ".join(o["label"] for o in doc["surveillance_objectives"] if o["objective"] != "other")
    if doc["surveillance_objectives_other"]:
        objectives = f"{objectives}; Other: {doc['surveillance_objectives_other']}".lstrip("; ")
    automated = _AUTOMATED.get(doc["automated_processing"] or "", "")
    if doc["automated_processing_note"]:
        automated = f"{automated}. {doc['automated_processing_note']}".lstrip(". ")
    rows: list[tuple[str, str, object]] = [
        ("section", "Operational Review (OR)", ""),
        ("row", "Camera No:", doc["camera_number"]),
        ("row", "Location detail:", doc["location_detail"]),
        ("row", "Camera Operational Requirement / Why needed:", doc["operational_requirement"]),
        ("row", "Camera Primary View/s / Specific Purpose/s:", doc["primary_views"]),
        ("row", "Used for any automated processing (ANPR/Analytics/Biometrics)?", automated),
        ("row", "Recording Retention Period:", retention),
        ("row", "Recording Images Per Second:",
         f"{doc['frames_per_second']} fps" if doc["frames_per_second"] else ""),
        ("row", "Surveillance Objectives (summary):", f"{OBJECTIVES_NOTE}. {objectives}".strip()),
        ("row", "Does the camera meet the OR / objectives?",
         _yes_no(doc["meets_requirement"], doc["meets_requirement_narrative"])),
        ("section", "Data Protection Impact Assessment (DPIA)", ""),
        ("row", "Privacy Risks", doc["privacy_risks"]),
        ("section", "Solution/s to address the privacy issue/s:", "Adopted or outstanding"),
    ]
    for item in doc["mitigations"]:
        status = _title_case(item["status"]) or "Not assessed"
        rows.append(("item", f"{item['number']}. {item['text']}",
                     f"{status}. {item['note']}".strip() if item["note"] else status))
    rows += [
        ("row", "Outcome/s: (Is the privacy risk removed; reduced or accepted):",
         f"{_title_case(doc['privacy_outcome'])}. {doc['privacy_outcome_narrative']}".strip(". ")
         if doc["privacy_outcome"] else doc["privacy_outcome_narrative"]),
        ("row", "Justification/s (Is the impact after implementing each solution justified; compliant & "
                "proportionate to the aim / OR of the camera):", doc["justification"]),
        ("section", "Decision", ""),
        ("row", "Review decision (justify, modify or remove the camera):", _title_case(doc["decision"])),
    ]
    for action in doc["actions"]:
        done = f"done {action['done_on']}" if action["done_on"] else "not yet done"
        due = f"due {action['due_on']}; " if action["due_on"] else ""
        note = f" ({action['done_note']})" if action["done_note"] else ""
        rows.append(("item", f"Action {action['number']}: {action['description']}", f"{due}{done}{note}"))
    evidence = doc.get("evidence")
    if evidence:
        types = ", ".join(f"{kind.replace('_', ' ')} {n}" for kind, n in evidence["incidents_by_type"].items())
        rows += [
            ("section", f"Evidence: {evidence['since']} to {evidence['until']}", ""),
            ("row", "Faults (of which took the camera out of service; still open):",
             f"{evidence['faults']} ({evidence['outages']}; {evidence['faults_open']})"),
            ("row", "Control-room incidents captured (arrests):",
             f"{evidence['incidents']} ({evidence['arrests']})" + (f": {types}" if types else "")),
        ]
    review_date = dt.date.fromisoformat(doc["review_date"]) if doc["review_date"] else None
    spoc, dpo = doc["sign_offs"]["spoc"], doc["sign_offs"]["dpo"]
    rows += [
        ("section", "Review and sign-off", ""),
        ("row", "Date of last audit:", review_date),
        ("row", "Reviewer:", doc["reviewer"]),
        ("row", "Site visit done:", {True: "Yes", False: "No", None: ""}[doc["site_visit_done"]]),
        ("row", "Signed: CCTV Single Point of Contact (SPOC)", _signature(spoc)),
        ("row", "Signed: Data Protection Officer (DPO)", _signature(dpo)),
        ("row", "Status:", _status(doc)),
    ]
    return rows


def _signature(sign_off: dict[str, Any]) -> str:
    if not sign_off["signed_by"]:
        return "Not signed"
    return f"{sign_off['signed_by']}, {sign_off['signed_at'][:16].replace('T', ' ')} UTC"


def _status(doc: dict[str, Any]) -> str:
    text = {"draft": "Draft: not complete until signed by the SPOC and the DPO",
            "signed": "Complete: signed by the SPOC and the DPO",
            "superseded": "Superseded"}[doc["state"]]
    if doc["superseded_by_id"]:
        text += f" (corrected by review {doc['superseded_by_id']})"
    if doc["supersedes_id"]:
        text += f"; corrects review {doc['supersedes_id']}"
    return text


def review_workbook(doc: dict[str, Any]) -> bytes:
    """The review as an A4 portrait sheet: labels in column A, answers in B, wrapped and boxed."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Operational review"
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 80
    safe_text(ws["A1"], TITLE)
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:B1")
    safe_text(ws["A2"], f"Camera No: {doc['camera_number']}")
    ws["A2"].font = Font(bold=True, size=12)
    ws.merge_cells("A2:B2")
    row = 4
    for kind, label, value in template_rows(doc):
        label_cell, value_cell = ws.cell(row=row, column=1), ws.cell(row=row, column=2)
        safe_text(label_cell, label)
        write_value(value_cell, value if value != "" else None, "dd/mm/yyyy" if isinstance(value, dt.date) else None)
        for cell in (label_cell, value_cell):
            cell.alignment = _WRAP
            cell.border = _BOX
        if kind == "section":
            label_cell.font = value_cell.font = _BOLD
            label_cell.fill = value_cell.fill = _SECTION
        elif kind == "row":
            label_cell.font = _BOLD
        row += 1
    ws.print_area = f"A1:B{row - 1}"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "&P of &N"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
