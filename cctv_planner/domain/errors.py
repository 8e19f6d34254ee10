"""Domain errors. Each carries the HTTP status the API maps it to."""

from __future__ import annotations


class CctvPlannerError(Exception):
    """Base of every error the product raises on purpose."""

    http_status = 400
    code = "error"

    def __init__(self, message: str, *, field: str | None = None, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors if errors is not None else ({field: [message]} if field else {})


class ValidationFailed(CctvPlannerError):
    """Input is well-formed but wrong (bad value, point off the grid)."""

    http_status = 422
    code = "validation_failed"


class Forbidden(CctvPlannerError):
    """The user is known but their role may not do this (e.g. sign a DPIA as DPO)."""

    http_status = 403
    code = "forbidden"


class NotFound(CctvPlannerError):
    http_status = 404
    code = "not_found"


class Conflict(CctvPlannerError):
    """The change clashes with what is stored (duplicate key, record in use)."""

    http_status = 409
    code = "conflict"


class InvalidTransition(Conflict):
    """A workflow step not allowed from the current state."""

    code = "invalid_transition"


class PreconditionFailed(CctvPlannerError):
    """A stale ETag: someone else changed the record first."""

    http_status = 412
    code = "precondition_failed"
