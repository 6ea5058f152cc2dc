"""Settlement: shared expenses split by rule, payments netted, parts add up to the cent."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from ledgerctl.core.errors import UsageError
from ledgerctl.pipeline.config import PipelineConfig
from ledgerctl.pipeline.domain.settlement import SettleInput, compute
from tests.conftest import Workspace
from tests.pipeline.test_store_helpers import SEPT, edit_queue, queue_fingerprints, write_csv

CONFIG = PipelineConfig(
    owners=["Ryan", "Jordyn"],
    default_split={"Ryan": 50, "Jordyn": 50},
    settlement_keywords=["zelle"],
)


def _in(
    desc: str, amount: str, owner: str, shared: str | None = None, pct: str | None = None
) -> SettleInput:
    return SettleInput(
        desc,
        date(2025, 9, 1),
        desc,
        Decimal(amount),
        "GHS",
        owner,
        shared,
        Decimal(pct) if pct else None,
    )


def test_shared_split_and_payments_netted() -> None:
    result = compute(
        CONFIG,
        "2025-09",
        [
            _in("Rent", "-1000.01", "Ryan", "Y"),  # Ryan pays; 500.01 / 500.00
            _in("Groceries", "-100.00", "Jordyn", "S", "60"),  # Jordyn bears 60, Ryan 40
            _in("Coffee", "-5.00", "Ryan", "N"),  # personal: ignored
            _in("Zelle to Ryan", "-200.00", "Jordyn"),  # Jordyn pays Ryan 200
        ],
    )
    rent = next(line for line in result.lines if line.description == "Rent")
    assert sum(rent.shares.values()) == Decimal("1000.01")
    # Ryan +1000.01 - 500.01 - 40 (his 40% of groceries) - 200 received = 260.00
    assert result.positions == {"Ryan": Decimal("260.00"), "Jordyn": Decimal("-260.00")}
    assert result.transfers == [("Jordyn", "Ryan", Decimal("260.00"))]
    assert result.result == "Jordyn owes Ryan 260.00 GHS"
    assert sum(result.positions.values()) == 0


def test_three_owners_and_one_owner_refused() -> None:
    three = PipelineConfig(owners=["A", "B", "C"])
    result = compute(three, "2025-09", [_in("Dinner", "-100.00", "A", "Y")])
    assert sorted(result.transfers) == [("B", "A", Decimal("33.33")), ("C", "A", Decimal("33.33"))]
    with pytest.raises(UsageError, match="two or more owners"):
        compute(PipelineConfig(owners=["A"]), "2025-09", [])


def test_settle_command_writes_csv_json_and_workbook(workspace: Workspace, cli) -> None:
    (workspace.home / "rules" / "pipeline.yaml").write_text(
        "owners: [Ryan, Jordyn]\ndefault_split: {Ryan: 50, Jordyn: 50}\n"
        "settlement_keywords: [zelle]\ncategories: [Groceries]\n",
        encoding="utf-8",
    )
    write_csv(workspace.home / "csv_inbox" / "ryan" / "sept.csv", SEPT)
    assert cli("pipeline", "process").code == 0
    book = workspace.home / "output" / "pipeline" / "balance_data.xlsx"
    fps = queue_fingerprints(book)
    edit_queue(
        book,
        {
            fps["Shoprite Accra Mall"]: {"Shared": "Y"},
            fps["KFC Osu"]: {"Shared": "S", "Split %": 0},
        },
    )
    assert cli("pipeline", "review", "apply").code == 0
    result = cli("pipeline", "settle", "--period", "2025-09", "--format", "json")
    assert result.code == 0, result.err
    # Ryan paid 100 (Jordyn's half: 50) + 33.33 (all Jordyn's) and sent Jordyn 50 by Zelle
    assert "Jordyn owes Ryan 133.33 GHS" in result.err
    lines = json.loads(result.out)
    assert {line["kind"] for line in lines} == {"shared", "split", "payment"}
    out = workspace.home / "output" / "pipeline"
    doc = json.loads((out / "settlement_2025-09.json").read_text(encoding="utf-8"))
    assert doc["transfers"] == [{"from": "Jordyn", "to": "Ryan", "amount": "133.33"}]
    assert (out / "settlement_2025-09.csv").read_text(encoding="utf-8-sig").startswith("date,")
    from openpyxl import load_workbook

    ws = load_workbook(book)["Settlement"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Jordyn owes Ryan 133.33" in t for t in texts)
    assert cli("pipeline", "settle", "--period", "2025-9").code == 2
