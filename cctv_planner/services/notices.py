"""The notifications outbox: every step of a site request queues a notice for the
people the papers name (the member, the CST officer, the area committee lead).

``send-notices`` prints queued notices, or e-mails them when ``CCTV_SMTP_HOST``
is configured, and marks each one sent. Queuing happens in the step's own
transaction, so a refused step queues nothing.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cctv_planner.domain.site_requests.vocabulary import Recipient
from cctv_planner.domain.site_requests.workflow import allowed_actions
from cctv_planner.models import Notification, SiteRequest, SiteRequestEvent, User
from cctv_planner.models.base import utcnow

STATE_WORDS = {
    "raised": "raised", "under_investigation": "under investigation", "recommended": "recommended",
    "cctv_proposed": "CCTV proposed", "awaiting_funding": "awaiting funding",
    "in_implementation": "in implementation", "completed": "completed",
    "logged_and_monitored": "logged and monitored", "other_response": "closed with another response",
    "declined": "declined", "withdrawn": "withdrawn",
}


def queue_notices(session: Session, request: SiteRequest, event: SiteRequestEvent) -> list[Notification]:
    """Queue one notice per named person (once each, however many hats they wear)."""
    people: list[tuple[Recipient, User | None]] = [
        (Recipient.MEMBER, request.raised_by),
        (Recipient.CST_OFFICER, request.cst_officer),
        (Recipient.COMMITTEE_LEAD, request.committee_lead),
    ]
    seen: set[int] = set()
    state = STATE_WORDS[event.to_state.value]
    subject = f"Site request {request.id} ({request.title[:120]}): {state}"
    next_steps = ", ".join(a.value for a in allowed_actions(event.to_state)) or "none (closed)"
    body = "\n".join(filter(None, [
        f"Site request {request.id}: {request.title}",
        f"Place: {request.address or f'{request.lat:.5f}, {request.lon:.5f}'}"
        f" ({request.ward.name if request.ward else 'no ward'})",
        f"Step: {event.action} by {event.actor_name}; now {state}.",
        f"Note: {event.note}" if event.note else "",
        f"Review due: {request.review_due.isoformat()}" if request.review_due else "",
        f"Next steps: {next_steps}.",
    ]))
    queued = []
    for recipient, user in people:
        if user is None or user.id in seen:
            continue
        seen.add(user.id)
        notice = Notification(request_id=request.id, event_id=event.id, recipient=recipient, user_id=user.id,
                              email=user.email or "", subject=subject, body=body)
        session.add(notice)
        queued.append(notice)
    session.flush()
    return queued


def unsent(session: Session, limit: int | None = None) -> list[Notification]:
    query = sa.select(Notification).where(Notification.sent_at.is_(None)).order_by(Notification.id)
    return list(session.scalars(query if limit is None else query.limit(limit)))


def unsent_count(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Notification)
                          .where(Notification.sent_at.is_(None))) or 0


def smtp_sender(config: Mapping[str, Any]) -> Callable[[Notification], None] | None:
    """An e-mail sender from the app's settings, or None when no SMTP host is set."""
    host = config.get("CCTV_SMTP_HOST")
    if not host:
        return None

    def send(notice: Notification) -> None:
        message = EmailMessage()
        message["From"] = config.get("CCTV_SMTP_FROM") or "cctv-planner@localhost"
        message["To"] = notice.email
        message["Subject"] = notice.subject
        message.set_content(notice.body)
        with smtplib.SMTP(host, int(config.get("CCTV_SMTP_PORT") or 25), timeout=30) as smtp:
            if config.get("CCTV_SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("CCTV_SMTP_USER"):
                smtp.login(config["CCTV_SMTP_USER"], config.get("CCTV_SMTP_PASSWORD") or "")
            smtp.send_message(message)

    return send


def send(session: Session, notices: list[Notification], deliver: Callable[[Notification], None], *,
         needs_address: bool = False) -> int:
    """Deliver each notice and mark it sent; return how many were sent.

    With ``needs_address`` (e-mail), a notice for someone without an address
    stays queued. A delivery that raises stops the run; notices already sent
    stay marked (the caller commits them).
    """
    sent = 0
    for notice in notices:
        if needs_address and not notice.email:
            continue
        deliver(notice)
        notice.sent_at = utcnow()
        session.flush()
        sent += 1
    return sent
