"""Bank formats as rule files: validation errors with path:line, matching, and the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ledgerctl.core.errors import UsageError
from ledgerctl.pipeline.schemas import load_schemas

DATA = Path(__file__).parent / "data"
SHIPPED = Path(__file__).parents[2] / "rules" / "schemas"
GOOD = """id: mybank
name: My Bank
bank: My Bank
file_pattern: 'mybank'
header_signature: [Date, Text, Value]
column_map:
  Date: date
  Text: description
  Value: amount
currency: GHS
"""


def test_shipped_formats_load_in_match_order() -> None:
    loaded = load_schemas(None)
    ids = [s.schema.id for s in loaded]
    assert len(ids) >= 6 and len(set(ids)) == len(ids)
    assert {
        "chase_checking",
        "bofa_checking",
        "barclays_uk",
        "amex_card",
        "mtn_momo_gh",
        "sparkasse_de",
        "generic",
    } <= set(ids)
    assert ids[-1] == "generic"  # priority -100: tried last
    assert all(s.source == "shipped" for s in loaded)


def _write(home: Path, text: str, name: str = "mybank.yaml") -> Path:
    folder = home / "rules" / "schemas"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("change", "line", "field", "msg"),
    [
        (
            ("sign_rule", "sign_rul: flip\nsign_rule"),
            10,
            "sign_rul",
            "Extra inputs are not permitted",
        ),
        (("currency: GHS", "currency: GHS\nsign_rule: backwards"), 11, "sign_rule", "Input should"),
        (("'mybank'", "'(unclosed'"), 4, "file_pattern", "bad regex"),
        (
            ("Value: amount", "Value: amount\n  Other: amont"),
            10,
            "column_map.Other",
            "Input should",
        ),
        (("currency: GHS", "currency: cedi"), 10, "currency", "String should match"),
        (("Value: amount", "Value: debit"), 6, "(top level)", "needs a column mapped to amount"),
    ],
)
def test_a_bad_schema_file_names_path_line_and_field(
    tmp_path: Path, change: tuple[str, str], line: int, field: str, msg: str
) -> None:
    text = (
        GOOD.replace(*change)
        if change[0] != "sign_rule"
        else GOOD.replace("currency: GHS", "sign_rul: flip\ncurrency: GHS")
    )
    path = _write(tmp_path, text)
    with pytest.raises(UsageError) as err:
        load_schemas(tmp_path)
    text_err = err.value.message
    assert text_err.startswith(f"{path}:") and f": {field}: " in text_err and msg in text_err
    if field != "(top level)":
        assert text_err.startswith(f"{path}:{line}: {field}: ")


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, GOOD.replace("id: mybank", "id: generic"))
    with pytest.raises(UsageError, match="also the id of"):
        load_schemas(tmp_path)


def test_workspace_schema_is_added_and_matched(tmp_path: Path) -> None:
    _write(tmp_path, GOOD)
    from ledgerctl.pipeline.parsing import parse_file

    sources = {s.schema.id: s.source for s in load_schemas(tmp_path)}
    assert sources["mybank"] == "workspace" and sources["generic"] == "shipped"
    export = tmp_path / "mybank-2024.csv"
    export.write_text("Statement\n\nDate,Text,Value\n2024-01-02,Shop,-5.00\n")
    parsed = parse_file(export, home=tmp_path)
    assert parsed.schema_id == "mybank" and parsed.rows[0].line_no == 4


# -- CLI ----------------------------------------------------------------------------------------
def test_cli_schemas_list(cli, workspace) -> None:
    _write(workspace.home, GOOD)
    res = cli("pipeline", "schemas", "list", "--format", "json")
    assert res.code == 0, res.err
    rows = {r["id"]: r for r in json.loads(res.out)}
    assert rows["mybank"]["source"] == "workspace"
    assert rows["chase_checking"]["source"] == "shipped"
    assert rows["chase_checking"]["bank"] == "Chase"
    table = cli("pipeline", "schemas", "list")
    assert table.code == 0 and "sparkasse_de" in table.out


def test_cli_schemas_test_shows_why_and_a_preview(cli, workspace) -> None:
    res = cli("pipeline", "schemas", "test", str(DATA / "stmt.csv"), "--rows", "3")
    assert res.code == 0, res.err
    assert "bofa_checking" in res.out and "line 7 has every signature column" in res.out
    assert "does not match file_pattern" in res.out
    assert "Starbucks" in res.out and "Coffee" in res.out
    data = json.loads(
        cli("pipeline", "schemas", "test", str(DATA / "activity.csv"), "--format", "json").out
    )
    assert data["schema"] == "amex_card" and data["rows"] == 6
    assert data["preview"][0]["merchant"] == "Uber Eats"


def test_cli_schemas_test_no_match_exits_2(cli, workspace, tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("When,What\n1,2\n")
    res = cli("pipeline", "schemas", "test", str(odd))
    assert res.code == 2
    assert "no bank format matches" in res.err and "rules/schemas/" in res.err
    assert "generic" in res.out and "missing Date, Description, Amount" in res.out


def test_cli_schemas_test_missing_file_and_bad_rule(cli, workspace, tmp_path: Path) -> None:
    res = cli("pipeline", "schemas", "test", str(tmp_path / "nope.csv"))
    assert res.code == 3 and "not found" in res.err
    _write(workspace.home, GOOD.replace("bank: My Bank", "bank: My Bank\nbogus: 1"))
    res = cli("pipeline", "schemas", "list")
    assert res.code == 2 and "mybank.yaml:4: bogus:" in res.err


def test_cli_schemas_needs_pipeline_read(cli, workspace) -> None:
    assert cli("user", "add", "cashier", "--role", "user").code == 0
    res = cli("pipeline", "schemas", "list", user="cashier")
    assert res.code == 7 and "pipeline.read" in res.err


def test_diagnose_reports_encoding_header_and_balance(workspace, tmp_path: Path) -> None:
    from ledgerctl.pipeline.formats import diagnose_file

    result = diagnose_file.run(workspace.ctx(), DATA / "20240131-648489890-umsatz.CSV")
    summary = result
    assert summary.encoding == "cp1252" and summary.schema == "sparkasse_de"
    assert summary.rows_read == 5 and summary.balance_check.startswith("no running")
    lines = (DATA / "Chase1234_Activity_20240131.CSV").read_text().splitlines(keepends=True)
    gappy = tmp_path / "Chase1234_Activity_gap.csv"
    gappy.write_text("".join(lines[:3] + lines[4:]))
    result = diagnose_file.run(workspace.ctx(), gappy)
    assert result.balance_check == "1 gap(s) in 6 steps: rows missing or extra"
    assert "missing or extra row between line 3 and 4" in result.problem_lines[0].message
    shutil.copy(DATA / "stmt.csv", tmp_path / "stmt.csv")
    ok = diagnose_file.run(workspace.ctx(), tmp_path / "stmt.csv")
    assert ok.header_line == 7 and ok.balance_check == "continuous (6 steps checked)"


def test_cli_diagnose_when_mounted(cli, workspace) -> None:
    from ledgerctl.pipeline.cli import app

    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    if "diagnose" not in names:
        pytest.skip("`pipeline diagnose` is not mounted yet")
    res = cli("pipeline", "diagnose", str(DATA / "MoMo_Statement_0241234567_Jan2024.csv"))
    assert res.code == 0, res.err
    assert "mtn_momo_gh" in res.out and "continuous" in res.out
