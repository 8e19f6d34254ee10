"""Accounts: users, roles and bearer tokens."""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from cctv_planner.domain.errors import Conflict, NotFound, ValidationFailed
from cctv_planner.domain.register import Role
from cctv_planner.models import ApiToken, User, UserRole, Ward
from cctv_planner.models.base import utcnow

TOKEN_BYTES = 32
MIN_PASSWORD_LENGTH = 10


def hash_token(token: str) -> str:
    """SHA-256 of a token: tokens are long and random, so no salt or slow hash is needed."""
    return hashlib.sha256(token.encode()).hexdigest()


def parse_roles(values) -> list[Role]:
    roles = []
    for value in values:
        try:
            roles.append(Role(str(value).strip().lower()))
        except ValueError:
            allowed = ", ".join(r.value for r in Role)
            raise ValidationFailed(f"unknown role {value!r} (allowed: {allowed})", field="roles") from None
    if not roles:
        raise ValidationFailed("a user needs at least one role", field="roles")
    return roles


def get_user(session: Session, username: str) -> User:
    user = session.scalar(sa.select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user named {username!r}", field="username")
    return user


def create_user(session: Session, username: str, *, roles, display_name: str = "", email: str | None = None,
                ward_code: str | None = None, password: str | None = None) -> User:
    """Create a user with roles; a member must be linked to a ward."""
    username = username.strip()
    if not username or len(username) > 64:
        raise ValidationFailed("username must be 1-64 characters", field="username")
    if session.scalar(sa.select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"user {username!r} already exists", field="username")
    role_list = parse_roles(roles)
    ward = None
    if ward_code:
        ward = session.scalar(sa.select(Ward).where((Ward.code == ward_code) | (Ward.name == ward_code)))
        if ward is None:
            raise ValidationFailed(f"unknown ward {ward_code!r}", field="ward")
    if Role.MEMBER in role_list and ward is None:
        raise ValidationFailed("a member (councillor) must be linked to a ward", field="ward")
    user = User(username=username, display_name=display_name or username, email=email, ward=ward,
                roles=[UserRole(role=r) for r in dict.fromkeys(role_list)])
    if password is not None:
        set_password(user, password)
    session.add(user)
    session.flush()
    return user


def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"password must be at least {MIN_PASSWORD_LENGTH} characters", field="password")
    user.password_hash = generate_password_hash(password)  # scrypt, werkzeug's default


def check_password(user: User, password: str) -> bool:
    return bool(user.password_hash) and check_password_hash(user.password_hash, password)


def create_token(session: Session, user: User, *, label: str = "") -> str:
    """Create a token for ``user`` and return it; only its hash is stored."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(ApiToken(user=user, token_hash=hash_token(token), prefix=token[:8], label=label))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """Return the active user a live token belongs to, or None."""
    if not token:
        return None
    row = session.scalar(
        sa.select(ApiToken).where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None))
    )
    if row is None or not row.user.active:
        return None
    return row.user


def revoke_tokens(session: Session, user: User, *, prefix: str | None = None) -> int:
    """Revoke a user's live tokens (all, or those starting with ``prefix``); return how many."""
    query = sa.select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    if prefix:
        query = query.where(ApiToken.prefix == prefix[:8])
    count = 0
    for token in session.scalars(query):
        token.revoked_at = utcnow()
        count += 1
    session.flush()
    return count
