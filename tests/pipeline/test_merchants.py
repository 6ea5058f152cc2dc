"""Merchant lookup: shipped rules, workspace override, bad regex, tidy fallback, prefilter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerctl.core.errors import UsageError
from ledgerctl.pipeline.merchants import (
    MerchantLookup,
    MerchantRule,
    parse_lookup,
    required_literals,
    tidy,
)


@pytest.fixture(scope="module")
def shipped() -> MerchantLookup:
    return MerchantLookup.load(None)


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("AMZN Mktp US*2K4LL1AB2 Amzn.com/bill WA", ("Amazon", "Shopping")),
        ("UBER   *TRIP HELP.UBER.COM CA", ("Uber", "Transport")),
        ("UBER EATS           SAN FRANCISCO       CA", ("Uber Eats", "Eating Out")),
        ("STARBUCKS STORE 12345 NEW YORK NY", ("Starbucks", "Coffee")),
        ("TESCO STORES 3297      ON 01 JAN BCC", ("Tesco", "Groceries")),
        ("Payment to SHOPRITE ACCRA MALL", ("Shoprite", "Groceries")),
        ("MTN Airtime purchase", ("MTN Airtime", "Phone & Internet")),
        ("MTN MOMO CASH IN", ("MTN Mobile Money", "Transfers")),
        ("Total Filling Station Airport", ("Total / GOIL", "Fuel")),  # "# comment" dropped
        ("Kontoführungsgebühren", ("Bank fees", "Fees")),
    ],
)
def test_shipped_patterns(
    shipped: MerchantLookup, description: str, expected: tuple[str, str]
) -> None:
    assert shipped.clean(description) == expected
    assert shipped.clean(description) == expected  # cached


def test_shipped_file_has_about_forty_patterns(shipped: MerchantLookup) -> None:
    assert len(shipped.rules) >= 40


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("JOE'S DINER 0412 #123456", "Joe's Diner"),
        ("SQ *BLUE BOTTLE COFFEE 8812", "Blue Bottle Coffee"),
        ("POS PURCHASE - KOFI'S   CHOP BAR REF:99812", "Kofi's Chop Bar"),
        ("CHECKCARD 0105 CORNER DELI 24492153005", "Corner Deli"),
        ("12345", "12345"),
        ("", ""),
    ],
)
def test_unmatched_descriptions_are_tidied(shipped: MerchantLookup, raw: str, clean: str) -> None:
    assert tidy(raw) == clean
    assert shipped.clean(raw) == (clean, "")


def test_first_match_wins_and_comments(tmp_path: Path) -> None:
    text = (
        "pattern,canonical,category\n# a comment line\n\n"
        "COFFEE,Generic coffee  # broad,Coffee\nSTAR,Star,Other\n"
    )
    lookup = MerchantLookup(parse_lookup(text, "x.csv"))
    assert lookup.clean("STARBUCKS COFFEE") == ("Generic coffee", "Coffee")
    assert lookup.clean("STAR MART") == ("Star", "Other")


def test_bad_regex_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "rules" / "merchant_lookup.csv"
    path.parent.mkdir(parents=True)
    path.write_text("pattern,canonical,category\nOK,Ok,\n\n(UNCLOSED,Broken,\n")
    with pytest.raises(UsageError) as err:
        MerchantLookup.load(tmp_path)
    assert err.value.message.startswith(f"{path}:4: pattern: '(UNCLOSED' is not a valid regex")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("merchant,name\nA,B\n", ":1: header:"),
        ("pattern,canonical\nA,\n", ":2: canonical:"),
        ("", ":1: header: the file is empty"),
    ],
)
def test_other_bad_lookup_files(text: str, where: str) -> None:
    with pytest.raises(UsageError, match=re.escape(f"f.csv{where}")):
        parse_lookup(text, "f.csv")


def test_workspace_lookup_wins(tmp_path: Path) -> None:
    path = tmp_path / "rules" / "merchant_lookup.csv"
    path.parent.mkdir(parents=True)
    path.write_text("pattern,canonical,category\nSTARBUCKS,Bucks,Treats\n")
    lookup = MerchantLookup.load(tmp_path)
    assert lookup.clean("STARBUCKS 123") == ("Bucks", "Treats")
    assert lookup.source == str(path)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bNETFLIX", ["netflix"]),
        (r"AB|\bCD\b", None),
        (r"(?:foo)+bar", ["foo"]),
        (r"X?YZW|QRS", ["yzw", "qrs"]),
        (r"\d{4}", None),
        (r"(?:ABC)?D", None),
    ],
)
def test_required_literals(pattern: str, expected: list[str] | None) -> None:
    assert required_literals(pattern) == expected


WORDS = [
    "STARBUCKS",
    "SHOP",
    "UBER",
    "EATS",
    "AMZN",
    "MKTP",
    "1234",
    "#55",
    "*",
    "TESCO",
    "MTN",
    "MOMO",
    "ecg",
    "prepaid",
    "GH",
    "x",
    "Café",
    "Kontoführung",
    "BP",
    "ab",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join))
def test_prefilter_gives_the_same_answer_as_trying_every_pattern(description: str) -> None:
    lookup = MerchantLookup.load(None)
    extra = [MerchantRule(r"SHOP\s*\d+|AB", "Shop", "", 900), MerchantRule(r"^x", "X", "", 901)]
    lookup = MerchantLookup(lookup.rules + extra)
    brute = next(
        (r for r in lookup.rules if re.search(r.pattern, description, re.IGNORECASE)), None
    )
    assert lookup.match(description) == brute


def test_five_hundred_patterns_stay_fast() -> None:
    import time

    rules = [MerchantRule(rf"\bMERCHANT{i}X\b|SHOP{i}Y", f"M{i}", "c", i) for i in range(500)]
    lookup = MerchantLookup(rules)
    start = time.perf_counter()
    for i in range(5000):
        lookup.clean(f"SOME STORE {i} CITY ST")
    assert lookup.clean("PAID SHOP77Y") == ("M77", "c")
    assert time.perf_counter() - start < 2.0  # ~5 µs per new description; the loop was 300+
