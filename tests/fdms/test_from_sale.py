"""`fdms receipt from-sale`: a pos sale fiscalised once, with its lines, taxes and tenders."""

from __future__ import annotations

import json

from tests.pos.conftest import ok, setup_shop


def _sale(cli) -> str:  # type: ignore[no-untyped-def]
    """A retail sale in ACC-01: rice (standard rated) and two tins of milk (zero rated)."""
    setup_shop(cli)
    ok(
        cli(
            "pos",
            "sale",
            "record",
            "-b",
            "ACC-01",
            "-l",
            "RICE-5KG=1",
            "-l",
            "MILK=2",
            "--pay",
            "card=210.00",
            "--date",
            "2026-02-03",
        )
    )
    return json.loads(ok(cli("pos", "sale", "list", "--format", "json")).out)[0]["number"]


def test_a_sale_becomes_one_receipt(open_day, cli) -> None:  # type: ignore[no-untyped-def]
    number = _sale(cli)
    first = cli(
        "fdms",
        "receipt",
        "from-sale",
        number,
        "--tax",
        "standard=15.5",
        "--tax",
        "zero=0",
        "--hs-code",
        "1006",
        "--format",
        "json",
    )
    assert first.code == 0, first.err
    again = cli(
        "fdms",
        "receipt",
        "from-sale",
        number,
        "--tax",
        "standard=15.5",
        "--tax",
        "zero=0",
        "--hs-code",
        "1006",
    )
    assert again.code == 0 and "already fiscalised" in again.err
    receipts = json.loads(ok(cli("fdms", "receipt", "list", "--format", "json")).out)
    assert len(receipts) == 1
    shown = ok(
        cli("fdms", "receipt", "show", str(receipts[0]["global_no"]), "--format", "json")
    ).out
    assert number in shown and "Rice 5kg" in shown and "Infant milk" in shown
    assert "210.00" in shown and "Card" in shown


def test_unknown_sale_and_bad_tax_map(open_day, cli) -> None:  # type: ignore[no-untyped-def]
    missing = cli("fdms", "receipt", "from-sale", "NO-SUCH-SALE")
    assert missing.code == 3 and "NO-SUCH-SALE" in missing.err
    bad = cli("fdms", "receipt", "from-sale", "X", "--tax", "standard")
    assert bad.code == 2 and "CLASS=TAX" in bad.err
    assert json.loads(ok(cli("fdms", "receipt", "list", "--format", "json")).out) == []
