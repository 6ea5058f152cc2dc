"""PDF rendering: a real statement rendered by WeasyPrint, read back with pypdf and pdftoppm."""

from __future__ import annotations

import logging
import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jinja2 import UndefinedError
from pypdf import PdfReader

from ledgerctl.outputs.pdf import (
    PdfJob,
    PdfRenderError,
    css_string,
    harfbuzz_subset_available,
    money,
    render_html,
    render_many,
    render_pdf,
)

TEMPLATES = Path(__file__).parent / "templates"


def statement(
    lines: int = 12, *, number: str = "SOA-2025-00012", void: bool = False, logo: Path | None = None
) -> dict[str, Any]:
    """A statement of account like billing issues: charges, payments, running balance."""
    opening = balance = Decimal("1250.00")
    charges = payments = Decimal(0)
    rows = []
    for i in range(lines):
        on = date(2025, 9, 1) + timedelta(days=i % 30)
        if i % 3 == 2:
            pay = Decimal("1500.00") + i
            balance, payments = balance - pay, payments + pay
            rows.append(
                {
                    "on": on,
                    "ref": f"PAY-{i:04d}",
                    "text": "Payment received",
                    "charge": None,
                    "payment": pay,
                    "balance": balance,
                }
            )
        else:
            charge = Decimal("12345.67") + Decimal(i) / 4
            balance, charges = balance + charge, charges + charge
            rows.append(
                {
                    "on": on,
                    "ref": f"CHG-{i:04d}",
                    "text": "Monthly retainer",
                    "charge": charge,
                    "payment": None,
                    "balance": balance,
                }
            )
    return {
        "business": {
            "name": "Mensah & Sons Accounting",
            "address_lines": ["12 Independence Ave", "Accra, Ghana"],
            "phone": "+233 30 123 4567",
            "tax_id": "C0012345678",
            "logo_path": logo,
        },
        "document": {
            "title": "Statement of account",
            "number": number,
            "meta": [("Date", "30 Sep 2025"), ("Client no.", "CL-0042")],
        },
        "client": {"name": "Asante Trading Ltd", "address_lines": ["PO Box 123", "Kumasi"]},
        "period": {"start": date(2025, 9, 1), "end": date(2025, 9, 30)},
        "lines": rows,
        "opening": opening,
        "charges": charges,
        "payments": payments,
        "closing": balance,
        "currency": "GHS",
        "due_on": date(2025, 10, 15),
        "bank": "GCB Bank, account 1234567890",
        "void": void,
    }


def page_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def font_names(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_statement_figures_fonts_and_metadata(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    target = tmp_path / "output" / "SOA-2025-00012.pdf"
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        render_pdf("sample_statement.html", statement(), target, templates_dir=TEMPLATES)
    assert [r.getMessage() for r in caplog.records] == []
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    text = page_text(target)[0]
    for expected in (
        "Mensah & Sons Accounting",
        "STATEMENT OF ACCOUNT",
        "SOA-2025-00012",
        "Asante Trading Ltd",
        "01 Sep 2025 to 30 Sep 2025",
        "Opening balance",
        "1,250.00",
        "12,345.67",
        "1,502.00",
        "98,775.36",
        "6,026.00",
        "93,999.36 GHS",
        "Page 1 of 1",
        "Tax ID C0012345678",
    ):
        assert expected in text, expected
    assert "VOID" not in text
    assert reader.metadata.title == "Statement of account SOA-2025-00012"
    assert reader.metadata.author == "Mensah & Sons Accounting"
    assert font_names(target) == {"Ledger-Sans", "Ledger-Sans-Bold"}  # the bundled fonts


def test_long_void_statement_has_page_numbers_and_watermark(tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
        '<rect width="40" height="40" fill="#1f3a5f"/></svg>'
    )
    target = render_pdf(
        "sample_statement.html",
        statement(45, void=True, logo=logo),
        tmp_path / "void.pdf",
        templates_dir=TEMPLATES,
    )
    pages = page_text(target)
    assert len(pages) == 2
    assert "Page 1 of 2" in pages[0] and "Page 2 of 2" in pages[1]
    assert all("VOID" in p for p in pages)
    assert "Date Reference Description" in pages[1].replace("\n", " ")  # header repeats
    assert "348,936.35 GHS" in pages[1]
    assert "/XObject" in PdfReader(target).pages[0]["/Resources"]  # the logo is drawn


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_page_renders_to_png(tmp_path: Path) -> None:
    target = render_pdf(
        "sample_statement.html", statement(), tmp_path / "s.pdf", templates_dir=TEMPLATES
    )
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(target), str(tmp_path / "page")],
        check=True,
    )
    png = (tmp_path / "page-1.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (497, 702)  # A4 at 60 dpi


def test_same_input_same_bytes(tmp_path: Path) -> None:
    a = render_pdf(
        "sample_statement.html", statement(), tmp_path / "a.pdf", templates_dir=TEMPLATES
    )
    b = render_pdf(
        "sample_statement.html", statement(), tmp_path / "b.pdf", templates_dir=TEMPLATES
    )
    assert a.read_bytes() == b.read_bytes()


def test_text_is_escaped(tmp_path: Path) -> None:
    context = statement(1)
    context["client"]["name"] = '<b>Bold & "quoted"</b>'
    context["business"]["name"] = 'Ama "Quotes" </style> Ltd'
    html = render_html("sample_statement.html", context, TEMPLATES)
    assert "&lt;b&gt;Bold &amp; &#34;quoted&#34;&lt;/b&gt;" in html
    assert "</style> Ltd" not in html.split("<body>")[0]
    target = render_pdf(
        "sample_statement.html", context, tmp_path / "e.pdf", templates_dir=TEMPLATES
    )
    text = page_text(target)[0]
    assert '<b>Bold & "quoted"</b>' in text
    assert 'Ama "Quotes" </style> Ltd · Statement of account' in text  # footer, from CSS


def test_money_filter() -> None:
    assert money(Decimal("1234567.5")) == "1,234,567.50"
    assert money(Decimal("-0.1")) == "-0.10"
    assert money(Decimal("99"), "ghs") == "99.00 GHS"
    assert money(7) == "7.00"
    assert money(None) == ""
    with pytest.raises(TypeError, match="must be a Decimal"):
        money(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got '12.50'"):
        money("12.50")  # type: ignore[arg-type]
    assert css_string('a "b" \\ <c') == 'a \\"b\\" \\\\ \\3c c'


def test_failed_render_leaves_nothing(tmp_path: Path) -> None:
    context = statement(1)
    del context["closing"]
    target = tmp_path / "x.pdf"
    with pytest.raises(UndefinedError, match="'closing' is undefined"):
        render_pdf("sample_statement.html", context, target, templates_dir=TEMPLATES)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("processes", [1, 2])
def test_render_many_renders_every_file(tmp_path: Path, processes: int) -> None:
    jobs = [
        PdfJob(
            "sample_statement.html",
            tmp_path / f"SOA-{n}.pdf",
            statement(3, number=f"SOA-2025-{n:05d}"),
            TEMPLATES,
        )
        for n in range(1, 6)
    ]
    written = render_many(jobs, processes=processes)
    assert written == [job.target for job in jobs]
    for n, path in enumerate(written, start=1):
        assert f"SOA-2025-{n:05d}" in page_text(path)[0]


def test_render_many_reports_failures_and_writes_the_rest(tmp_path: Path) -> None:
    broken = statement(1)
    del broken["bank"]
    jobs = [
        PdfJob("sample_statement.html", tmp_path / "ok.pdf", statement(1), TEMPLATES),
        PdfJob("sample_statement.html", tmp_path / "bad.pdf", broken, TEMPLATES),
    ]
    with pytest.raises(PdfRenderError, match=r"1 of 2 PDF documents failed.*bad\.pdf.*bank"):
        render_many(jobs, processes=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.pdf"]


def test_harfbuzz_probe_is_a_bool() -> None:
    assert isinstance(harfbuzz_subset_available(), bool)
