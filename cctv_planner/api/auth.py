"""Bearer-token authentication and per-route role declarations."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from flask import request
from flask_smorest import abort

from cctv_planner.domain.register import Role
from cctv_planner.extensions import db
from cctv_planner.models import User
from cctv_planner.services import accounts
from cctv_planner.services.audit import set_actor

ALL_ROLES: tuple[Role, ...] = tuple(Role)
REGISTER_EDITORS: tuple[Role, ...] = (Role.ADMIN, Role.CCTV_MANAGER)


def authenticated_user() -> User:
    """Return the user behind the request's bearer token, or answer 401."""
    # Cached on the request, not on g: an app context (and its g) can outlive
    # one request, e.g. under a test client or a CLI-driven request.
    cached = getattr(request, "cctv_user", None)
    if cached is not None:
        return cached
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        abort(401, message="missing bearer token: send 'Authorization: Bearer <token>'")
    user = accounts.user_for_token(db.session, token.strip())
    if user is None:
        abort(401, message="invalid or revoked token")
    request.cctv_user = user
    set_actor(db.session, user_id=user.id, username=user.username)
    return user


def roles(*allowed: Role | Iterable[Role]):
    """Declare which roles may call a view: 401 without a valid token, 403 with the wrong role.

    The roles are appended to the view's docstring, so the OpenAPI document
    says who may call each operation.
    """
    flat: list[Role] = []
    for item in allowed:
        flat.extend([item] if isinstance(item, Role) else item)
    allowed_set = frozenset(flat)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            user = authenticated_user()
            if not user.has_any_role(allowed_set):
                names = ", ".join(sorted(r.value for r in allowed_set))
                abort(403, message=f"this needs one of the roles: {names}")
            return view(*args, **kwargs)

        names = ", ".join(sorted(r.value for r in allowed_set))
        wrapper.__doc__ = f"{(view.__doc__ or '').rstrip()}\n\nRoles: {names}."
        wrapper.cctv_roles = allowed_set  # type: ignore[attr-defined]
        return wrapper

    return decorator


def public(view):
    """Mark a view as callable without a token (health only)."""
    view.cctv_roles = None  # type: ignore[attr-defined]
    return view
