"""Fixtures of the billing tests: a workspace with the billing accounts, a biller ("bill") and a
reviewer ("rita"), helpers to set up clients and statements through the real CLI, and direct
SQL access to check what was (not) written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from ledgerctl.ledger.api import install_chart
from ledgerctl.tenancy import service as tenancy
from tests.ledger.conftest import Db as LedgerDb

TABLES = (
    "billing_clients",
    "billing_retainers",
    "billing_charges",
    "billing_statements",
    "billing_statement_lines",
    "billing_payments",
    "billing_allocations",
    "billing_periods",
    "journal_entries",
    "postings",
    "audit_log",
    "job_runs",
    "parties",
)


class Db(LedgerDb):
    """Direct SQL on a test workspace's database, counting the billing tables too."""

    def counts(self) -> dict[str, int]:
        return {t: int(self.scalar(f"SELECT COUNT(*) FROM {t}")) for t in TABLES}  # type: ignore[arg-type]

    def snapshot(self) -> dict[str, object]:
        """Counts plus the mutable columns of statements and payments (for 'nothing changed')."""
        return {
            "counts": self.counts(),
            "statements": self.rows(
                "SELECT id, status, total, paid, number FROM billing_statements ORDER BY id"
            ),
            "payments": self.rows(
                "SELECT id, allocated, verified_by FROM billing_payments ORDER BY id"
            ),
            "charges": self.rows("SELECT id, statement_id FROM billing_charges ORDER BY id"),
            "retainers": self.rows(
                "SELECT id, end_date, status FROM billing_retainers ORDER BY id"
            ),
        }


@pytest.fixture
def db(workspace) -> Iterator[Db]:  # type: ignore[no-untyped-def]
    handle = Db(workspace.db_url)
    yield handle
    handle.engine.dispose()


@pytest.fixture
def billing(workspace):  # type: ignore[no-untyped-def]
    """The workspace with the services accounts, a biller 'bill' and a reviewer 'rita'."""
    ctx = workspace.ctx()
    install_chart(ctx, "services")
    tenancy.add_user(ctx, "bill", ["biller"])
    tenancy.add_user(ctx, "rita", ["reviewer"])
    ctx.dispose()
    return workspace


def ok(result):  # type: ignore[no-untyped-def]
    assert result.code == 0, result.err
    return result


def add_client(cli, code: str = "ASANTE", *extra: str):  # type: ignore[no-untyped-def]
    return ok(
        cli("billing", "client", "add", code, "--name", f"{code.title()} Ltd", *extra, user="bill")
    )


def set_retainer(cli, code: str, amount: str, start: str, *extra: str):  # type: ignore[no-untyped-def]
    return ok(
        cli(
            "billing",
            "retainer",
            "set",
            "--client",
            code,
            "--amount",
            amount,
            "--start",
            start,
            *extra,
            user="bill",
        )
    )


def cycle(cli, period: str):  # type: ignore[no-untyped-def]
    return ok(cli("billing", "run-retainer-cycle", period, "--format", "json", user="bill"))


def issue(cli, *refs: str) -> list[str]:  # type: ignore[no-untyped-def]
    result = ok(
        cli("billing", "statement", "issue", *refs, "--yes", "--processes", "1", user="rita")
    )
    return result.out.split()


def statements(cli, *args: str) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    return json.loads(ok(cli("billing", "statement", "list", "--format", "json", *args)).out)


def pay(cli, code: str, amount: str, on: str, invoice: str, *allocs: str):  # type: ignore[no-untyped-def]
    args = [a for alloc in allocs for a in ("--allocate", alloc)]
    return cli(
        "billing",
        "payment",
        "record",
        "--client",
        code,
        "--amount",
        amount,
        "--date",
        on,
        "--method",
        "bank",
        "--invoice-no",
        invoice,
        *args,
        user="bill",
    )


def pdf_text(path: Path) -> str:
    """The PDF's text with runs of white space made single spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def billed_month(
    cli,
    code: str = "ASANTE",
    amount: str = "1500.00",  # type: ignore[no-untyped-def]
    period: str = "2026-02",
) -> str:
    """A client with a retainer whose statement for ``period`` is issued; returns its number."""
    add_client(cli, code)
    set_retainer(cli, code, amount, period)
    cycle(cli, period)
    draft = next(s for s in statements(cli, "--period", period, "--client", code))
    return issue(cli, str(draft["id"]))[0]
