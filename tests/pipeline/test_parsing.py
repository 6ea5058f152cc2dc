"""parse_file: every shipped format reads its sample; bad input becomes RowProblems."""

from __future__ import annotations

import codecs
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerctl.pipeline.domain import fingerprints
from ledgerctl.pipeline.parsing import (
    balance_gaps,
    decode_bytes,
    inspect_file,
    make_date_parser,
    parse_file,
)

DATA = Path(__file__).parent / "data"

# file, schema, rows, (line, date, amount, currency, account) of the first row
SAMPLES = [
    (
        "Chase1234_Activity_20240131.CSV",
        "chase_checking",
        8,
        (2, date(2024, 1, 15), Decimal("320.00"), "USD", "1234"),
    ),
    (
        "stmt.csv",
        "bofa_checking",
        7,
        (9, date(2024, 1, 2), Decimal("-25.99"), "USD", "bofa-checking"),
    ),
    (
        "barclays_data.csv",
        "barclays_uk",
        6,
        (2, date(2024, 1, 2), Decimal("-23.45"), "GBP", "20-32-06 13152170"),
    ),
    (
        "MonzoDataExport_2024-01.csv",
        "monzo_uk",
        5,
        (2, date(2024, 1, 2), Decimal("-3.95"), "GBP", "monzo"),
    ),
    ("activity.csv", "amex_card", 6, (2, date(2024, 1, 3), Decimal("-24.87"), "USD", "71004")),
    (
        "MoMo_Statement_0241234567_Jan2024.csv",
        "mtn_momo_gh",
        6,
        (9, date(2024, 1, 2), Decimal("500.00"), "GHS", "0241234567"),
    ),
    (
        "20240131-648489890-umsatz.CSV",
        "sparkasse_de",
        5,
        (2, date(2024, 1, 2), Decimal("-45.67"), "EUR", "DE12500105170648489890"),
    ),
    (
        "generic_export.csv",
        "generic",
        5,
        (2, date(2024, 1, 2), Decimal("-85.40"), "GHS", "default"),
    ),
]


@pytest.mark.parametrize(
    ("name", "schema_id", "count", "first"), SAMPLES, ids=[s[1] for s in SAMPLES]
)
def test_each_shipped_format_parses_its_sample(
    name: str, schema_id: str, count: int, first: tuple
) -> None:
    parsed = parse_file(DATA / name, owner="jane")
    assert parsed.schema_id == schema_id
    assert parsed.problems == []
    assert len(parsed.rows) == count
    row = parsed.rows[0]
    assert (row.line_no, row.date, row.amount, row.currency, row.account) == first
    assert row.owner == "jane" and row.schema_id == schema_id
    assert all(isinstance(r.amount, Decimal) for r in parsed.rows)
    assert len(parsed.content_sha256) == 64
    assert balance_gaps(parsed.rows) == []


def test_sign_rules_and_extras() -> None:
    amex = parse_file(DATA / "activity.csv").rows
    assert [r.amount for r in amex][3:] == [
        Decimal("500.00"),
        Decimal("15.00"),
        Decimal("-1234.56"),
    ]  # flip, (15.00), $1,234.56
    assert amex[0].reference == "320240030123456789"
    assert amex[0].extras["Card Member"] == "JANE DOE"
    momo = parse_file(DATA / "MoMo_Statement_0241234567_Jan2024.csv").rows
    assert [r.amount for r in momo][:2] == [Decimal("500.00"), Decimal("-120.50")]
    assert momo[4].amount == Decimal("-1050.00")  # debit "1,050.00"
    chase = parse_file(DATA / "Chase1234_Activity_20240131.CSV").rows
    assert chase[0].extras == {"Details": "DSLIP", "Type": "CHECK_DEPOSIT"}


def test_preamble_and_trailer_lines_are_skipped_with_physical_line_numbers() -> None:
    insp = inspect_file(DATA / "MoMo_Statement_0241234567_Jan2024.csv")
    assert insp.header_line == 7
    assert [r.line_no for r in insp.parsed.rows] == [9, 10, 11, 12, 13, 14]
    assert insp.skipped_trailer == 4  # opening balance, two totals, closing balance
    bofa = inspect_file(DATA / "stmt.csv")
    assert bofa.header_line == 7 and bofa.parsed.rows[-1].line_no == 15


def test_cp1252_and_decimal_commas() -> None:
    insp = inspect_file(DATA / "20240131-648489890-umsatz.CSV")
    assert insp.encoding == "cp1252"
    rows = insp.parsed.rows
    assert rows[1].description == "Hausverwaltung Müller Miete Januar Wohnung 3. OG"
    assert rows[1].amount == Decimal("-1150.00") and rows[2].amount == Decimal("3250.00")
    assert rows[0].post_date == date(2024, 1, 2)
    assert rows[2].reference == "GEHALT-2024-01" and rows[0].reference == ""


GENERIC = (
    "Date,Description,Amount\n2024-01-02,Café Kofi,(12.00)\n2024-01-03,Refund,12.00-\n"
    '2024-01-04,Big one,"-$1,234.56"\n2024-01-05,Cedis,GH₵ 5.50\n'
)
EXPECTED = [Decimal("-12.00"), Decimal("-12.00"), Decimal("-1234.56"), Decimal("5.50")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    text = GENERIC if encoding != "cp1252" else GENERIC.replace("GH₵ ", "")
    path = tmp_path / "bank.csv"
    path.write_bytes(text.encode(encoding))
    insp = inspect_file(path)
    assert insp.parsed.problems == []
    assert [r.amount for r in insp.parsed.rows] == EXPECTED
    assert insp.parsed.rows[0].description == "Café Kofi"
    assert insp.parsed.rows[0].line_no == 2


def test_decode_bytes_detects_boms_and_fallbacks() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + b"a,b")[1] == "utf-8-sig"
    assert decode_bytes("a,b".encode("utf-16"))[1] == "utf-16"
    assert decode_bytes("a,b".encode("utf-16-be"))[1] == "utf-16-be"
    assert decode_bytes("Müller".encode("cp1252")) == ("Müller", "cp1252")
    assert decode_bytes(b"\x81\x8d") == ("\x81\x8d", "latin-1")


@pytest.mark.parametrize("content", [b"", b"   \r\n\n", codecs.BOM_UTF8])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    parsed = parse_file(path)
    assert parsed.schema_id is None and parsed.rows == []
    assert [str(p) for p in parsed.problems] == [
        f"{path}:1: file: file is empty; export it again from the bank"
    ]


def test_header_that_matches_no_schema(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("When;What;How much\n2024-01-01;x;1\n")
    parsed = parse_file(path)
    assert parsed.schema_id is None and parsed.rows == []
    (problem,) = parsed.problems
    assert (problem.line_no, problem.field) == (1, "header")
    assert "headers seen: When, What, How much" in problem.message
    assert "add a schema in rules/schemas/" in problem.message


def test_bad_rows_become_problems_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    path.write_text(
        "Date,Description,Amount\n"
        "2024-01-02,ok,1.00\n"
        "2024-13-02,bad date,1.00\n"
        "2024-01-03,bad amount,12abc\n"
        "2024-01-04,no amount,\n"
        "\n"
        "2024-01-05,short\n"
        "2024-01-06,too precise,1.001\n"
        '2024-01-07,"multi\nline",2.00\n'
        "2024-01-08,ok again,3.00\n"
    )
    parsed = parse_file(path)
    assert [(r.line_no, r.amount) for r in parsed.rows] == [
        (2, Decimal("1.00")),
        (9, Decimal("2.00")),
        (11, Decimal("3.00")),
    ]
    got = [(p.line_no, p.field) for p in parsed.problems]
    assert got == [(3, "date"), (4, "amount"), (5, "amount"), (7, "line"), (8, "amount")]
    assert "'2024-13-02' is not a date in format %Y-%m-%d" in parsed.problems[0].message
    assert "'12abc' is not an amount" in parsed.problems[1].message
    assert "more than 2 decimal places for GHS" in parsed.problems[4].message


def test_decimal_comma_needs_the_schema_flag(tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    path.write_text('Date,Description,Amount\n2024-01-02,x,"12,00"\n')
    (problem,) = parse_file(path).problems
    assert "set decimal_comma: true" in problem.message


def _chase(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    lines = ["Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #"]
    lines += [f"DEBIT,{d},{desc},{amt},DEBIT_CARD,{bal},," for d, desc, amt, bal in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_fingerprints_of_overlapping_exports_agree(tmp_path: Path) -> None:
    txns = [
        ("01/02/2024", "A", "-1.00", "99.00"),
        ("01/05/2024", "COFFEE", "-3.00", "96.00"),
        ("01/05/2024", "COFFEE", "-3.00", "93.00"),
        ("01/09/2024", "B", "-2.00", "91.00"),
        ("01/12/2024", "C", "-4.00", "87.00"),
    ]
    first = parse_file(_chase(tmp_path / "Chase1234_Activity_a.csv", txns[:4]))
    second = parse_file(_chase(tmp_path / "Chase1234_Activity_b.csv", txns[1:]))
    fp1 = dict(zip(fingerprints(first.rows), [r.line_no for r in first.rows], strict=True))
    fp2 = fingerprints(second.rows)
    shared = [fp for fp in fp2 if fp in fp1]
    assert len(shared) == 3  # both coffees (numbered -1, -2) and B
    assert {fp.rsplit("-", 1)[1] for fp in shared} == {"1", "2"}


def test_balance_gaps_name_the_lines_around_a_missing_row(tmp_path: Path) -> None:
    rows = parse_file(DATA / "Chase1234_Activity_20240131.CSV").rows
    gappy = rows[:3] + rows[4:]  # newest first; drop one row
    (gap,) = balance_gaps(gappy)
    assert (
        f"missing or extra row between line {rows[2].line_no} and {rows[4].line_no}" in gap.message
    )
    assert gap.field == "balance"
    forward = parse_file(DATA / "stmt.csv").rows
    (gap,) = balance_gaps(forward[:2] + forward[3:])
    assert "between line 10 and 12" in gap.message


def test_workspace_schema_overrides_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "rules" / "schemas").mkdir(parents=True)
    shipped = (Path(__file__).parents[2] / "rules" / "schemas" / "generic.yaml").read_text()
    (tmp_path / "rules" / "schemas" / "generic.yaml").write_text(
        shipped.replace("currency: GHS", "currency: NGN")
    )
    rows = parse_file(DATA / "generic_export.csv", home=tmp_path).rows
    assert rows[0].currency == "GHS"  # the file's Currency column wins over the default
    path = tmp_path / "plain.csv"
    path.write_text("Date,Description,Amount\n2024-01-02,x,1.00\n")
    assert parse_file(path, home=tmp_path).rows[0].currency == "NGN"


FORMATS = [
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%d.%m.%y",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%d %b %Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2068, 12, 31)), st.sampled_from(FORMATS))
def test_date_fast_paths_agree_with_strftime(day: date, fmt: str) -> None:
    from datetime import datetime

    text = datetime(day.year, day.month, day.day, 13, 45, 7).strftime(fmt)
    assert make_date_parser([fmt])(text) == day


def test_dates_that_do_not_fit_the_format() -> None:
    parse = make_date_parser(["%m/%d/%Y"])
    assert parse("02/30/2024") is None and parse("2024-01-02") is None and parse("") is None
    assert make_date_parser(["%d %b %Y"])("05 Foo 2024") is None
    assert make_date_parser(["%Y-%m-%d", "%d %b %Y"])("05 Jan 2024") == date(2024, 1, 5)
