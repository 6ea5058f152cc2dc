"""Line pricing arithmetic: exact quantities and prices, catalog price, price convention."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledgerctl.core.errors import UsageError
from ledgerctl.pos.domain.pricing import line_quantity, price_mode, unit_price

D = Decimal


def test_catalog_price_for_the_kind() -> None:
    assert unit_price("RICE", None, "wholesale", D("120"), D("100"), "") == D("100.0000")
    assert unit_price("RICE", None, "wholesale", D("120"), None, "") == D("120.0000")
    assert unit_price("RICE", None, "retail", D("120"), D("100"), "") == D("120.0000")
    assert unit_price("RICE", D("99.5"), "retail", D("120"), None, "") == D("99.5000")


def test_bad_quantities_and_prices_name_the_line() -> None:
    with pytest.raises(UsageError, match="x: quantity of RICE must be positive"):
        line_quantity("RICE", D(0), "x: ")
    with pytest.raises(UsageError, match="more than 3 decimal places"):
        line_quantity("RICE", D("1.0001"), "")
    with pytest.raises(UsageError, match="must not be negative"):
        unit_price("RICE", D("-1"), "retail", D(1), None, "")


def test_price_mode_from_the_profile_unless_given() -> None:
    assert price_mode("retail", None, "inclusive", "exclusive", "") == "inclusive"
    assert price_mode("wholesale", None, "inclusive", "exclusive", "") == "exclusive"
    assert price_mode("retail", "exclusive", "inclusive", "exclusive", "") == "exclusive"
    with pytest.raises(UsageError, match="sale kind 'layaway'"):
        price_mode("layaway", None, "inclusive", "exclusive", "")
