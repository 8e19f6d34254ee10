"""Must-show 4 (costs): the estimate's defaults are the business case's unit rates."""

from __future__ import annotations

from cctv_planner.domain.business_case.presets import preset
from cctv_planner.domain.site_requests import costs
from cctv_planner.domain.site_requests.vocabulary import CostItem, DeploymentOption

# The published figures (Revised OBC, June 2022; seed digest §5), typed in from the papers.
FIBRE_PER_ADDITIONAL_SITE = 5_000         # "Assumed rate of £5,000 per additional site (quoted)"
FIBRE_RENTAL = 1_157                      # 147/127 = 81/70 = 1.157 (£'000 per connection)
WIRELESS_PER_SITE = 3_160                 # £335k / 106 wireless sites, Range A
MOBILE_CAMERA = 4_350                     # £87k / 20 mobile cameras
MOBILE_DATA = 500                         # £10k / 20 connections
CAMERA = 1_033                            # £568k / ~550 cameras = 1,032.7 -> 1,033


def _lines(option, cameras=1):
    return {line.item: line for line in costs.default_estimate(option, cameras)}


def test_rates_come_from_the_published_scenario():
    rates = costs.unit_rates()
    d = preset("barnet-2022-obc", "B").drivers
    assert (rates.fibre_install, rates.fibre_rental_year, rates.wireless_install, rates.mobile_camera,
            rates.mobile_data_year) == (d.fibre_install_per_additional_site, d.fibre_rental_per_connection_year,
                                        d.wireless_install_per_site, d.mobile_capital_per_camera,
                                        d.mobile_data_per_camera_year)
    assert (rates.fibre_install, rates.fibre_rental_year, rates.wireless_install, rates.mobile_camera,
            rates.mobile_data_year, rates.camera_and_installation) == (
        FIBRE_PER_ADDITIONAL_SITE, FIBRE_RENTAL, WIRELESS_PER_SITE, MOBILE_CAMERA, MOBILE_DATA, CAMERA)


def test_every_option_has_all_eight_items_in_the_papers_order():
    for option in DeploymentOption:
        assert [line.item for line in costs.default_estimate(option)] == list(CostItem)


def test_new_fibre_site():
    lines = _lines(DeploymentOption.NEW_SITE_FIBRE, cameras=2)
    assert lines[CostItem.TRANSMISSION].capital_pounds == 5_000
    assert lines[CostItem.TRANSMISSION].revenue_pounds_per_year == 1_157
    assert lines[CostItem.CAMERA].capital_pounds == 2 * 1_033
    assert costs.totals(lines.values()) == (5_000 + 2_066, 1_157)


def test_wireless_4g_extra_camera_redeployable_standalone():
    assert costs.totals(_lines(DeploymentOption.NEW_SITE_WIRELESS).values()) == (3_160 + 1_033, 0)
    assert costs.totals(_lines(DeploymentOption.NEW_SITE_4G_5G).values()) == (1_033, 500)
    assert costs.totals(_lines(DeploymentOption.EXTRA_CAMERA_EXISTING_COLUMN).values()) == (1_033, 0)
    assert costs.totals(_lines(DeploymentOption.REDEPLOYABLE, cameras=3).values()) == (3 * 4_350, 3 * 500)
    assert costs.totals(_lines(DeploymentOption.STANDALONE_TEMPORARY).values()) == (0, 0)


def test_lines_without_a_published_rate_say_a_quote_is_needed():
    lines = _lines(DeploymentOption.NEW_SITE_FIBRE)
    for item in (CostItem.MOUNTING, CostItem.POWER, CostItem.WAYLEAVE, CostItem.SIGNAGE):
        assert lines[item].capital_pounds == 0 and "quote needed" in lines[item].basis
