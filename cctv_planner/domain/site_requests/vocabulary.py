"""The site-request process's words: states, actions, responses, options, ratings, sources.

Values are the stored and wire form; the comments give the council's words
(seed digest §4.3, the OBC "approved" seven-step table).
"""

from __future__ import annotations

from enum import StrEnum


class RequestState(StrEnum):
    RAISED = "raised"                              # step 1: Issue Raised
    UNDER_INVESTIGATION = "under_investigation"    # step 2: Issue Investigation
    RECOMMENDED = "recommended"                    # step 3: Recommendation (CCTV among the responses)
    CCTV_PROPOSED = "cctv_proposed"                # step 4: CCTV Recommendations
    AWAITING_FUNDING = "awaiting_funding"          # step 6: Funding (if AC funds required)
    IN_IMPLEMENTATION = "in_implementation"        # steps 5 and 7: Implementation
    COMPLETED = "completed"
    # Ends other than a camera.
    LOGGED_AND_MONITORED = "logged_and_monitored"  # "no response ... logged and the location monitored"
    OTHER_RESPONSE = "other_response"              # patrol, lighting or access review, not CCTV
    DECLINED = "declined"                          # the area committee declined funding
    WITHDRAWN = "withdrawn"                        # the member withdrew it


#: States in which nothing more happens (logged-and-monitored can be reopened).
CLOSED_STATES = frozenset({RequestState.COMPLETED, RequestState.OTHER_RESPONSE, RequestState.DECLINED,
                           RequestState.WITHDRAWN})
#: Before funding is agreed: the member may still withdraw.
NOT_YET_FUNDED = frozenset({RequestState.RAISED, RequestState.UNDER_INVESTIGATION, RequestState.RECOMMENDED,
                            RequestState.CCTV_PROPOSED, RequestState.AWAITING_FUNDING})
#: The order a request moves through on the way to a camera (for the funnel report).
PIPELINE = (RequestState.RAISED, RequestState.UNDER_INVESTIGATION, RequestState.RECOMMENDED,
            RequestState.CCTV_PROPOSED, RequestState.AWAITING_FUNDING, RequestState.IN_IMPLEMENTATION,
            RequestState.COMPLETED)


class Action(StrEnum):
    """Each workflow step; the API's ``POST /api/site-requests/{id}/<action>`` path."""

    INVESTIGATION = "investigation"          # CST starts the desk-top review
    FINDINGS = "findings"                    # CST records site visit, risk rating (stays under investigation)
    RECOMMENDATION = "recommendation"        # CST recommends responses, or none
    PROPOSAL = "proposal"                    # CST's CCTV proposal: option, principles, costs
    SUBMISSION = "submission"                # the Members item goes to the area committee
    FUNDING_DECISION = "funding-decision"    # the area committee decides
    IMPLEMENTATION = "implementation"        # works order, contractor, target date
    COMPLETION = "completion"                # installed: the register gets the camera
    WITHDRAWAL = "withdrawal"                # the member withdraws
    REOPENING = "reopening"                  # a logged-and-monitored place is looked at again


class Response(StrEnum):
    """The enforcement portfolio (L2473, L3181-3182)."""

    CCTV = "cctv"
    UNIFORMED_PATROL = "uniformed_patrol"
    INCREASED_LIGHTING = "increased_lighting"
    ACCESS_REVIEW = "access_review"
    NONE = "none"


class DeploymentOption(StrEnum):
    """Seed digest §4.4: the CCTV sub-options."""

    NEW_SITE_FIBRE = "new_site_fibre"
    NEW_SITE_WIRELESS = "new_site_wireless"
    NEW_SITE_4G_5G = "new_site_4g_5g"
    EXTRA_CAMERA_EXISTING_COLUMN = "extra_camera_existing_column"
    REDEPLOYABLE = "redeployable"
    STANDALONE_TEMPORARY = "standalone_temporary"


NEW_SITE_OPTIONS = frozenset({DeploymentOption.NEW_SITE_FIBRE, DeploymentOption.NEW_SITE_WIRELESS,
                              DeploymentOption.NEW_SITE_4G_5G})


class RiskRating(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


class FundingSource(StrEnum):
    """Seed digest §4.5: the routes an area committee can fund from."""

    AREA_COMMITTEE_CIL = "area_committee_cil"
    STRATEGIC_CIL = "strategic_cil"
    S106 = "s106"
    REVENUE = "revenue"


class FundingOutcome(StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"


class CostItem(StrEnum):
    """Principle 5's assessment headings, in the papers' order."""

    MOUNTING = "mounting"
    POWER = "power"
    TRANSMISSION = "transmission"
    WAYLEAVE = "wayleave"
    SIGNAGE = "signage"
    CAMERA = "camera"
    RECORDING_AND_RETENTION = "recording_and_retention"
    INSTALLATION = "installation"


class Recipient(StrEnum):
    """Whom a notice goes to: the people the papers name for each step."""

    MEMBER = "member"
    CST_OFFICER = "cst_officer"
    COMMITTEE_LEAD = "committee_lead"
