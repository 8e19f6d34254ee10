"""One place that turns errors into responses: JSON ``{code, status, message, errors}``."""

from __future__ import annotations

from flask import Flask, jsonify, request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.http import HTTP_STATUS_CODES

from cctv_planner.domain.errors import CctvPlannerError
from cctv_planner.extensions import db


def error_body(status: int, message: str, errors: dict | None = None):
    body = {"code": status, "status": HTTP_STATUS_CODES.get(status, "Error"), "message": message}
    if errors:
        body["errors"] = errors
    return jsonify(body), status


def _location() -> str:
    return "query" if request.method in ("GET", "HEAD", "DELETE") else "json"


# Bodies the API reads: JSON everywhere, multipart where a file is uploaded.
ACCEPTED_BODIES = ("application/json", "multipart/form-data")


def register_error_handlers(app: Flask) -> None:
    @app.before_request
    def _refuse_unreadable_bodies():
        # The argument parser silently ignores a body it cannot read, so a text/plain
        # body would be taken as "no fields given": refuse it instead.
        if request.method not in ("POST", "PUT", "PATCH") or not request.path.startswith("/api/"):
            return None
        has_body = bool(request.content_length) or request.headers.get("Transfer-Encoding") == "chunked"
        if has_body and request.mimetype not in ACCEPTED_BODIES and not request.mimetype.endswith("+json"):
            given = request.mimetype or "none"
            return error_body(415, f"send the body as application/json (Content-Type was {given})",
                              {"headers": {"Content-Type": [f"expected application/json, got {given}"]}})
        return None

    @app.errorhandler(CctvPlannerError)
    def _domain_error(error: CctvPlannerError):
        db.session.rollback()
        if hasattr(error, "to_dicts"):  # a file's errors: a list naming row and column
            errors = {"file": error.to_dicts()}
        else:
            errors = {_location(): error.errors} if error.errors else None
        return error_body(error.http_status, error.message, errors)

    @app.errorhandler(IntegrityError)
    def _integrity_error(error: IntegrityError):
        # Normally caught earlier with a named field; this is the race between
        # two writers, which only the database can see.
        db.session.rollback()
        return error_body(409, "the change conflicts with another record (a duplicate or a record in use)")

    @app.errorhandler(StaleDataError)
    def _stale(error: StaleDataError):
        db.session.rollback()
        return error_body(412, "the record changed while you were saving it; fetch it again")
