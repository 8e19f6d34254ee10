"""Dates the process agrees: review dates, overdue requests, a new camera's first review.

The papers fix no deadline for the first look ("No constraint"; the review
period is "Agreed with the Member"), so a raised request is given a default
review date :data:`DEFAULT_REVIEW_DAYS` after it is raised, our default,
which the CST officer replaces with the date agreed with the member.
"""

from __future__ import annotations

import datetime as dt

from cctv_planner.domain.dates import add_months
from cctv_planner.domain.site_requests.vocabulary import CLOSED_STATES, RequestState

DEFAULT_REVIEW_DAYS = 28
#: "the new camera's first operational review is due within 3 months" (issue 6).
FIRST_REVIEW_MONTHS = 3




def default_review_due(raised_on: dt.date) -> dt.date:
    return raised_on + dt.timedelta(days=DEFAULT_REVIEW_DAYS)


def first_review_due(installed_on: dt.date) -> dt.date:
    return add_months(installed_on, FIRST_REVIEW_MONTHS)


def is_overdue(state: RequestState, review_due: dt.date | None, as_of: dt.date) -> bool:
    """Open (or monitored) and past the agreed review date: no progress since it fell due.

    Each step that moves the request on sets its next review date, so a
    request that has progressed is no longer past its date.
    """
    return state not in CLOSED_STATES and review_due is not None and review_due < as_of
