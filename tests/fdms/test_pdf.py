"""Receipt PDFs (80 mm roll and A4) are really rendered and their text read back."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from tests.fdms.conftest import SALE


@pytest.mark.parametrize(("size", "width_mm"), [("80mm", 80), ("a4", 210)])
def test_receipt_pdf_shows_what_zimra_requires(open_day, cli, size, width_mm) -> None:
    assert (
        cli(
            "fdms",
            "receipt",
            "submit",
            *SALE,
            "--buyer-name",
            "Acme (Pvt) Ltd",
            "--buyer-tin",
            "2000999999",
        ).code
        == 0
    )
    result = cli("fdms", "receipt", "pdf", "1", "--size", size)
    assert result.code == 0, result.err
    path = open_day.home / "output" / "fdms" / "receipts" / "321" / f"receipt-0000000001-{size}.pdf"
    reader = PdfReader(str(path))
    page = reader.pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == width_mm
    text = " ".join(p.extract_text() for p in reader.pages)
    for expected in (
        "Harare Demo Traders (Pvt) Ltd",
        "2000123456",
        "220012345",
        "FISCAL TAX INVOICE" if size == "80mm" else "Fiscal Tax Invoice",
        "321-00000001",
        "Acme (Pvt) Ltd",
        "Bread",
        "Milk",
        "5.00",
        "0.40",
        "SN-0001",
    ):
        assert expected.lower() in text.lower(), expected
    code = [
        line
        for line in cli("fdms", "receipt", "show", "1").out.splitlines()
        if "verification_code" in line
    ][0].split()[-2]
    assert code in text
    assert "NOT YET CONFIRMED" not in text.upper()


def test_a_queued_receipt_says_it_is_not_confirmed(open_day, cli, simulator) -> None:
    simulator.simulator.faults.add("error500", "SubmitReceipt")
    assert cli("fdms", "receipt", "submit", *SALE).code == 6
    out = open_day.home / "q.pdf"
    assert cli("fdms", "receipt", "pdf", "1", "--output", str(out)).code == 0
    assert "NOT YET CONFIRMED" in PdfReader(str(out)).pages[0].extract_text().upper()


def test_bad_size(open_day, cli) -> None:
    assert cli("fdms", "receipt", "submit", *SALE).code == 0
    result = cli("fdms", "receipt", "pdf", "1", "--size", "a5")
    assert result.code == 2 and "80mm or a4" in result.err
