"""The six CCTV deployment guiding principles, and the rule that a proposal meets them.

Wording from the committee report and the OBC (000_12c3d386a394124e.txt
L2456-2463, L3166-3173; seed digest §4.1). A CCTV proposal marks each one met
with its evidence; one not met needs a recorded exception, else the proposal
is refused. A stand-alone camera never connects to the control room, so
principle 6 is not met for it and the temporary reason is its exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.site_requests.vocabulary import NEW_SITE_OPTIONS, DeploymentOption


@dataclass(frozen=True)
class Principle:
    key: str
    number: int
    title: str
    wording: str


PRINCIPLES: tuple[Principle, ...] = (
    Principle("operational_requirement", 1, "Camera Operational Requirement is justified",
              "These must be evidence-based and intelligence-led linked to location and surveillance "
              "objectives (using crime statistics and incident reporting). There will be a risk assessment "
              "undertaken of the site. Photos of the proposed specific location with CCTV camera marked "
              "where it will be sited are required for this."),
    Principle("primary_view", 2, "Camera Primary view and purpose is defined",
              "Detailed account of the views captured by the camera is required (street and building "
              "descriptions)."),
    Principle("surveillance_objectives", 3,
              "Surveillance Objectives: the camera must meet the requirements of the Surveillance Camera "
              "Code of Practice 2013 and the Protection of Freedoms Act 2012",
              "A relevant authority must follow its duty under statute and guidance in the code when it "
              "considers the future deployment or continued deployment of surveillance camera systems to "
              "observe public places may be appropriate. For example: prevention and detection of crime "
              "and ASB; apprehension and prosecution of offenders; gathering evidence to support judicial "
              "proceedings."),
    Principle("privacy_risks", 4,
              "Privacy Risks: the camera must meet the requirements for GDPR and the Data Protection Act 2018",
              "Large scale, systematic monitoring of public areas by CCTV is considered 'high risk "
              "processing' in GDPR and Data Protection Act 2018. All processing must be fully justified and "
              "assessed for any risks to the privacy of those affected. Appropriate mitigation measures must "
              "be applied, as necessary. Transparency and accountability when using CCTV in public space is "
              "paramount."),
    Principle("installed_cost_effectively", 5,
              "The CCTV Camera must be able to be installed appropriately and in a cost effective manner",
              "The assessment of requirements must include: mounting; power supply; transmission type "
              "(e.g. wireless); wayleaves (if required); CCTV signage; camera type and suitability for the "
              "location; recording time and retention period; estimated detailed cost for each element of "
              "the installation is required."),
    Principle("connects_to_control_room", 6,
              "The CCTV camera must be able to connect to the CCTV control room (unless there are "
              "exceptional circumstances)",
              "The CCTV camera is required to be connected to the network to provide 24/7 monitoring where "
              "response can be provided in real-time. Stand-alone cameras are not connected to the network "
              "and therefore not monitored in the control room. They are reviewed periodically "
              "'after-the-fact' and require resource to retrieve and view the images. A stand-alone camera "
              "should only be considered as an immediate response (redeployment of an existing asset) and "
              "as a temporary solution."),
)
PRINCIPLE_KEYS = tuple(p.key for p in PRINCIPLES)
CONTROL_ROOM = "connects_to_control_room"


@dataclass(frozen=True)
class Assessment:
    """One principle as the proposal marks it."""

    key: str
    met: bool
    evidence: str = ""
    exception: str = ""  # why the proposal goes ahead although the principle is not met


def check_proposal(option: DeploymentOption, assessments: Mapping[str, Mapping[str, Any]], *,
                   temporary_reason: str = "", fibre_not_chosen_reason: str = "") -> list[Assessment]:
    """Check a CCTV proposal against the principles; return the six assessments in order.

    Raises ValidationFailed (422), each error under ``principles.<key>`` (or
    the option's own field), when:

    - a principle is not assessed, or marked met without evidence;
    - a principle is not met and no exception is recorded;
    - a stand-alone camera has no temporary reason (principle 6), or is marked
      as meeting principle 6 (it cannot: the reason becomes its exception);
    - a new site not on fibre gives no reason (fibre first, L2836).
    """
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(assessments) - set(PRINCIPLE_KEYS))
    for key in unknown:
        errors[f"principles.{key}"] = [f"no principle {key!r}; the six are {', '.join(PRINCIPLE_KEYS)}"]
    standalone = option is DeploymentOption.STANDALONE_TEMPORARY
    if standalone and not temporary_reason.strip():
        errors["temporary_reason"] = [
            "a stand-alone camera is only a temporary, immediate response (principle 6): give the reason"]
    if (option in NEW_SITE_OPTIONS and option is not DeploymentOption.NEW_SITE_FIBRE
            and not fibre_not_chosen_reason.strip()):
        errors["fibre_not_chosen_reason"] = [
            "fibre comes first unless it is not technically feasible or economically viable: say why not"]
    result = []
    for principle in PRINCIPLES:
        given = assessments.get(principle.key)
        field = f"principles.{principle.key}"
        if given is None:
            errors[field] = [f"principle {principle.number} ({principle.title}) is not assessed"]
            continue
        met = bool(given.get("met"))
        evidence = str(given.get("evidence") or "").strip()
        exception = str(given.get("exception") or "").strip()
        if standalone and principle.key == CONTROL_ROOM:
            if met:
                errors[field] = ["a stand-alone camera is not connected to the control room: principle 6 "
                                 "is not met, and the temporary reason is recorded as its exception"]
                continue
            exception = exception or temporary_reason.strip()
        if met and not evidence:
            errors[field] = [f"principle {principle.number} is marked met: give the evidence"]
        elif not met and not exception:
            errors[field] = [f"principle {principle.number} ({principle.title}) is not met and no exception "
                             "is recorded: the proposal cannot be made"]
        result.append(Assessment(principle.key, met, evidence, exception if not met else ""))
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed(f"the proposal does not meet the guiding principles: {first}", errors=errors)
    return result
