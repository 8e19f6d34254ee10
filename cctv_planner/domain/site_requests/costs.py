"""The itemised cost estimate of a CCTV proposal, with defaults from the business case.

Principle 5 asks for an "estimated detailed cost for each element of the
installation". Defaults come from the published scenario's unit rates
(``barnet-2022-obc`` Range B, the full-fibre preferred approach; see
``domain/business_case/presets.py``), in whole pounds; the officer replaces
any line with a quote. Where the papers give no figure the default is £0 and
the line says "quote needed": a guess would look like a published number.

============================ ================================================ =================
line                         default                                          basis
============================ ================================================ =================
transmission, fibre site     capital £5,000; £1,157 a year rental              drivers: fibre_install_per_additional_site, fibre_rental_per_connection_year
transmission, wireless site  capital £3,160                                    drivers: wireless_install_per_site
transmission, 4G/5G site     £500 a year data                                  drivers: mobile_data_per_camera_year
camera (fixed site/column)   £1,033 (camera and installation)                  "Cameras & Installation" £568,000 ÷ ~550 planned cameras
camera, redeployable         £4,350 (camera with 4/5G kit)                     drivers: mobile_capital_per_camera; £500 a year data
camera, stand-alone          £0                                                an existing asset redeployed (principle 6)
installation                 £0                                                included in the "Cameras & Installation" rate
mounting, power, wayleave,   £0, quote needed                                  no published rate
signage
recording and retention      £0                                                recorded 24/7, 28 days at the control room, priced in the control-room line
============================ ================================================ =================
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from cctv_planner.domain.business_case.money import round_half_up
from cctv_planner.domain.business_case.presets import BARNET_2022_OBC, preset
from cctv_planner.domain.business_case.scenario import Drivers
from cctv_planner.domain.site_requests.vocabulary import CostItem, DeploymentOption

DEFAULT_PRESET = (BARNET_2022_OBC, "B")
#: The business case's fixed-estate camera line is for the planned estate of
#: 209 sites, "~550 cameras" (PRODUCT.md; seed digest §5 derived rates).
PLANNED_ESTATE_CAMERAS = 550
CAMERA_LINE_KEY = "cameras"
QUOTE_NEEDED = "no published rate: quote needed"


@dataclass(frozen=True)
class UnitRates:
    """The unit rates a site estimate uses, whole pounds."""

    fibre_install: int
    fibre_rental_year: int
    wireless_install: int
    mobile_data_year: int
    mobile_camera: int
    camera_and_installation: int
    camera_line_total: int
    source: str


def unit_rates(name: str = DEFAULT_PRESET[0], range_: str = DEFAULT_PRESET[1]) -> UnitRates:
    """Read the rates from the published scenario, so the two can never disagree."""
    scenario = preset(name, range_)
    d: Drivers = scenario.drivers
    cameras_line = next(line for line in scenario.lines if line.key == CAMERA_LINE_KEY)
    return UnitRates(
        fibre_install=d.fibre_install_per_additional_site,
        fibre_rental_year=d.fibre_rental_per_connection_year,
        wireless_install=d.wireless_install_per_site,
        mobile_data_year=d.mobile_data_per_camera_year,
        mobile_camera=d.mobile_capital_per_camera,
        camera_and_installation=round_half_up(Decimal(cameras_line.capital) / PLANNED_ESTATE_CAMERAS),
        camera_line_total=cameras_line.capital,
        source=scenario.name,
    )


@dataclass(frozen=True)
class CostLine:
    item: CostItem
    capital_pounds: int
    revenue_pounds_per_year: int
    basis: str


def default_estimate(option: DeploymentOption, cameras: int = 1,
                     rates: UnitRates | None = None) -> list[CostLine]:
    """The default itemised estimate for a deployment option and number of cameras (one line per item)."""
    r = rates or unit_rates()
    per_camera = f"{cameras} camera{'s' if cameras != 1 else ''}"
    camera_basis = (f"{per_camera} × £{r.camera_and_installation:,} (Cameras & Installation "
                    f"£{r.camera_line_total:,} ÷ ~{PLANNED_ESTATE_CAMERAS} cameras, {r.source})")
    lines: dict[CostItem, CostLine] = {
        CostItem.MOUNTING: CostLine(CostItem.MOUNTING, 0, 0, QUOTE_NEEDED),
        CostItem.POWER: CostLine(CostItem.POWER, 0, 0, QUOTE_NEEDED),
        CostItem.TRANSMISSION: CostLine(CostItem.TRANSMISSION, 0, 0, "no new connection"),
        CostItem.WAYLEAVE: CostLine(CostItem.WAYLEAVE, 0, 0, QUOTE_NEEDED + " (if a wayleave is required)"),
        CostItem.SIGNAGE: CostLine(CostItem.SIGNAGE, 0, 0, QUOTE_NEEDED),
        CostItem.CAMERA: CostLine(CostItem.CAMERA, cameras * r.camera_and_installation, 0, camera_basis),
        CostItem.RECORDING_AND_RETENTION: CostLine(
            CostItem.RECORDING_AND_RETENTION, 0, 0,
            "recorded 24/7, 28 days at the control room (priced in the control-room line)"),
        CostItem.INSTALLATION: CostLine(CostItem.INSTALLATION, 0, 0,
                                        "included in the Cameras & Installation rate"),
    }
    if option is DeploymentOption.NEW_SITE_FIBRE:
        lines[CostItem.TRANSMISSION] = CostLine(
            CostItem.TRANSMISSION, r.fibre_install, r.fibre_rental_year,
            f"fibre installation £{r.fibre_install:,} per additional site (quoted); "
            f"line rental £{r.fibre_rental_year:,} a year ({r.source})")
    elif option is DeploymentOption.NEW_SITE_WIRELESS:
        lines[CostItem.TRANSMISSION] = CostLine(
            CostItem.TRANSMISSION, r.wireless_install, 0,
            f"wireless installation £{r.wireless_install:,} per site ({r.source})")
    elif option is DeploymentOption.NEW_SITE_4G_5G:
        lines[CostItem.TRANSMISSION] = CostLine(
            CostItem.TRANSMISSION, 0, r.mobile_data_year * cameras,
            f"4G/5G data £{r.mobile_data_year:,} a year per camera ({r.source}); router: {QUOTE_NEEDED}")
    elif option is DeploymentOption.EXTRA_CAMERA_EXISTING_COLUMN:
        lines[CostItem.MOUNTING] = CostLine(CostItem.MOUNTING, 0, 0, "the existing column")
        lines[CostItem.POWER] = CostLine(CostItem.POWER, 0, 0, "the existing column's supply")
        lines[CostItem.TRANSMISSION] = CostLine(CostItem.TRANSMISSION, 0, 0, "the column's existing connection")
    elif option is DeploymentOption.REDEPLOYABLE:
        lines[CostItem.CAMERA] = CostLine(
            CostItem.CAMERA, cameras * r.mobile_camera, 0,
            f"{per_camera} × £{r.mobile_camera:,} (rapid mobile deployment, with 4/5G kit, {r.source})")
        lines[CostItem.TRANSMISSION] = CostLine(
            CostItem.TRANSMISSION, 0, r.mobile_data_year * cameras,
            f"4G/5G data £{r.mobile_data_year:,} a year per camera ({r.source})")
    elif option is DeploymentOption.STANDALONE_TEMPORARY:
        lines[CostItem.CAMERA] = CostLine(CostItem.CAMERA, 0, 0,
                                          "an existing camera redeployed (principle 6: temporary)")
        lines[CostItem.TRANSMISSION] = CostLine(CostItem.TRANSMISSION, 0, 0,
                                                "stand-alone: not connected, images retrieved on site")
        lines[CostItem.INSTALLATION] = CostLine(CostItem.INSTALLATION, 0, 0, QUOTE_NEEDED)
    return [lines[item] for item in CostItem]


def totals(lines: Iterable[CostLine]) -> tuple[int, int]:
    """(capital, revenue a year) in whole pounds."""
    lines = list(lines)
    return sum(line.capital_pounds for line in lines), sum(line.revenue_pounds_per_year for line in lines)
