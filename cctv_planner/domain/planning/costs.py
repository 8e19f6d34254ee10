"""Capital cost of a new camera site, from the business case's unit rates.

A candidate without its own cost is priced as::

    cost = camera_per_site + transmission_install[transmission]

from a business-case scenario (default: the published ``barnet-2022-obc``
Range A, whose drivers hold both fibre and wireless rates):

* ``camera_per_site`` = the "Cameras & Installation" line's capital divided by
  the fixed sites it equips (current + additional fixed sites in the drivers),
  half up: £568,000 / (127 + 98) = £2,524;
* fibre: ``fibre_install_per_additional_site`` (£5,000, quoted);
* wireless: ``wireless_install_per_site`` (£3,160 = £335k / 106 sites);
* 4G / 5G / none: no transmission capital (4/5G backhaul is a revenue cost).

So with the published figures a fibre site costs £7,524, a wireless site
£5,684 and a 4G/5G site £2,524. These are planning figures for ranking
plans under a budget, not quotes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

import numpy as np

from cctv_planner.domain.business_case import BARNET_2022_OBC, Scenario, preset, round_half_up
from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.register import Transmission

CAMERAS_LINE = "cameras"


@dataclass(frozen=True)
class SiteUnitCosts:
    """Whole-pound capital cost of one new site by transmission type."""

    camera_per_site: int
    transmission_install: Mapping[Transmission, int]
    source: str

    def cost(self, transmission: Transmission | str) -> int:
        try:
            kind = Transmission(transmission)
        except ValueError:
            names = ", ".join(t.value for t in Transmission)
            raise ValidationFailed(f"unknown transmission {transmission!r} (use {names})",
                                   field="transmission") from None
        return self.camera_per_site + self.transmission_install.get(kind, 0)

    def describe(self) -> dict:
        return {"source": self.source, "camera_per_site": self.camera_per_site,
                "by_transmission": {t.value: self.cost(t) for t in Transmission}}


def unit_costs_from_scenario(scenario: Scenario) -> SiteUnitCosts:
    """Unit costs from a scenario's drivers and its "Cameras & Installation" line."""
    drivers = scenario.drivers
    cameras = scenario.line(CAMERAS_LINE)
    if drivers is None or cameras is None:
        raise ValidationFailed(f"scenario {scenario.name!r} has no drivers or cameras line",
                               field="scenario")
    sites = drivers.current_fixed_sites + drivers.additional_fixed_sites
    camera = round_half_up(Decimal(cameras.capital) / Decimal(sites)) if sites else 0
    install = {Transmission.FIBRE: drivers.fibre_install_per_additional_site,
               Transmission.WIRELESS: drivers.wireless_install_per_site}
    return SiteUnitCosts(camera_per_site=camera, transmission_install=MappingProxyType(install),
                         source=scenario.name)


def default_unit_costs() -> SiteUnitCosts:
    """Unit costs of the published Barnet 2022 business case, Range A."""
    return unit_costs_from_scenario(preset(BARNET_2022_OBC, "A"))


def fill_costs(cost: np.ndarray, unit_cost: int) -> np.ndarray:
    """Costs with every unknown (-1) replaced by ``unit_cost`` pounds."""
    cost = np.asarray(cost, np.int64)
    return np.where(cost < 0, np.int64(unit_cost), cost)
