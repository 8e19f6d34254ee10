"""Unit costs of a new site from the business case's published figures."""

from __future__ import annotations

import numpy as np
import pytest

from cctv_planner.domain.errors import ValidationFailed
from cctv_planner.domain.planning.costs import default_unit_costs, fill_costs


def test_unit_costs_from_the_published_business_case():
    costs = default_unit_costs()
    # Cameras & Installation £568,000 over 127 current + 98 additional fixed sites = £2,524.44.
    assert costs.camera_per_site == 2_524
    assert costs.cost("fibre") == 2_524 + 5_000           # quoted £5,000 per additional site
    assert costs.cost("wireless") == 2_524 + 3_160        # £335k / 106 wireless sites
    assert costs.cost("4g") == costs.cost("5g") == costs.cost("none") == 2_524
    with pytest.raises(ValidationFailed):
        costs.cost("carrier pigeon")


def test_fill_costs_replaces_only_unknowns():
    assert fill_costs(np.array([-1, 0, 9_000]), 7_524).tolist() == [7_524, 0, 9_000]
