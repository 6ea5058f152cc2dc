"""`ledgerctl demo`, billing part: a professional firm's February 2026 retainer run.

Called by ``workspace/demo.py`` in the demo tenant (retail chart, January 2026 closed). It
installs the billing accounts, adds a biller and a reviewer, three clients with retainers
(one starting mid-month, one in USD) and a disbursement, runs the retainer cycle twice (the
second run makes nothing), shows a biller refused when issuing, issues the drafts with their
PDFs, records and verifies a payment, voids and reissues a statement, closes the billing
month (reopening it, since the demos after billing book February too) and prints the
ageing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ledgerctl.billing import workflows
from ledgerctl.billing.charges import add_charge
from ledgerctl.billing.clients import ClientInput, add_client
from ledgerctl.billing.drafts import add_line
from ledgerctl.billing.payments import record_payment, verify_payment
from ledgerctl.billing.periods import close_period, reopen_period
from ledgerctl.billing.retainers import set_retainer
from ledgerctl.billing.views import AgingRow, aging
from ledgerctl.billing.voiding import reissue
from ledgerctl.console import message, render
from ledgerctl.context import AppContext
from ledgerctl.core.errors import PermissionDenied

BILLER, REVIEWER = "efua", "yaw"
CLIENTS = (
    (
        ClientInput(
            "ASANTE",
            "Asante Trading Ltd",
            "accounts@asante.example",
            address="PO Box 123\nKumasi",
            contact_name="Kwame Asante",
        ),
        "1500.00",
        date(2026, 1, 1),
        "Bookkeeping and payroll retainer",
    ),
    (
        ClientInput(
            "BOATENG",
            "Boateng Legal Chambers",
            "office@boateng.example",
            address="14 Liberation Road\nAccra",
            terms_days=30,
        ),
        "2400.00",
        date(2026, 2, 16),
        "Tax advisory retainer",
    ),
    (
        ClientInput(
            "KIRK",
            "Kirkland Imports",
            "ap@kirkland.example",
            currency="USD",
            address="Tema Free Zone",
        ),
        "650.00",
        date(2025, 11, 1),
        "Compliance retainer",
    ),
)


def _as(ctx: AppContext, home: Path, user: str) -> AppContext:
    return AppContext(
        home_option=str(home),
        tenant_option=ctx.tenant_option,
        user_option=user,
        overrides=ctx.overrides,
    )


def _setup(ctx: AppContext, home: Path) -> tuple[AppContext, AppContext]:
    from ledgerctl.ledger.api import install_chart
    from ledgerctl.tenancy.api import use_cases as tenancy

    install_chart(ctx, "services")
    tenancy.add_user(ctx, BILLER, ["biller"], "Efua Owusu")
    tenancy.add_user(ctx, REVIEWER, ["reviewer"], "Yaw Darko")
    biller, reviewer = _as(ctx, home, BILLER), _as(ctx, home, REVIEWER)
    for data, amount, start, text in CLIENTS:
        add_client.run(biller, data)
        set_retainer.run(biller, data.code, amount, start, None, text)
    add_charge.run(
        biller, "ASANTE", date(2026, 2, 12), "85.40", "Courier of filings to GRA", "disbursement"
    )
    return biller, reviewer


def _cycle_and_issue(biller: AppContext, reviewer: AppContext) -> list[str]:
    made = workflows.run_cycle(biller, "2026-02")
    again = workflows.run_cycle(biller, "2026-02")
    message(
        f"   retainer cycle 2026-02 by {BILLER}: {made.created} drafts "
        + ", ".join(f"{d.client} {d.total:,} {d.currency}" for d in made.drafts)
        + f"; run again: {again.created} new ({again.already} already have one)"
    )
    try:
        workflows.issue(biller, [str(made.drafts[0].id)], None)
    except PermissionDenied as refused:
        message(f"   {BILLER} (biller) tries to issue: refused (exit 7): {refused.message}")
    issued = workflows.issue(reviewer, [], "2026-02", processes=1, issued_on=date(2026, 3, 2))
    message(
        f"   {REVIEWER} (reviewer) issued {', '.join(issued.numbers)}; PDFs in "
        f"{issued.pdfs[0].parent}"
    )
    return list(issued.numbers)


def _payments(
    ctx: AppContext, biller: AppContext, reviewer: AppContext, numbers: list[str]
) -> None:
    asante, boateng = numbers[0], numbers[1]
    paid = record_payment.run(
        biller,
        "ASANTE",
        "2000.00",
        date(2026, 3, 6),
        "bank",
        "RCT-0107",
        "GCB transfer",
        [f"{asante}=1585.40"],
    )
    message(
        f"   {BILLER} recorded payment {paid.id} (receipt RCT-0107, 2,000.00): "
        f"{asante} settled, {paid.unallocated} stays as credit on account"
    )
    try:
        verify_payment.run(biller, paid.id)
    except PermissionDenied:
        message(f"   {BILLER} cannot mark her own payment verified (exit 7)")
    verify_payment.run(reviewer, paid.id)
    message(f"   {REVIEWER} marked payment {paid.id} verified")
    number = workflows.void(
        reviewer, boateng, "retainer started on the 16th, not the 1st", date(2026, 3, 9)
    ).number
    draft = reissue.run(reviewer, number, "2026-03")
    add_line.run(
        biller, str(draft.draft), "Advice on VAT registration", "350.00", "fee", date(2026, 3, 5)
    )
    again = workflows.issue(
        reviewer, [str(draft.draft)], None, processes=1, issued_on=date(2026, 3, 10)
    )
    message(
        f"   {number} voided (PDF now shows VOID) and reissued as {again.numbers[0]} in "
        "March with an extra fee"
    )
    close_period.run(ctx, "2026-02")
    message("   billing period 2026-02 closed: nothing new can be dated in it")
    reopen_period.run(ctx, "2026-02", "the demo books more of February next")
    message("   and reopened by the admin (with a reason) for the rest of the demo")


def run(ctx: AppContext, home: Path, step: int) -> list[str]:
    """Show billing at work on its own sample data; return commands to try."""
    message(f"{step}. billing: a firm's retainers, statements of account and payments")
    biller, reviewer = _setup(ctx, home)
    try:
        numbers = _cycle_and_issue(biller, reviewer)
        _payments(ctx, biller, reviewer, numbers)
        render(
            aging.run(ctx, date(2026, 3, 31)),
            title="Billing: ageing of open statements at 2026-03-31",
            row_type=AgingRow,
        )
    finally:
        biller.dispose()
        reviewer.dispose()
    return [
        "ledgerctl billing statement list",
        f"ledgerctl billing statement show {numbers[0]}",
        "ledgerctl billing ledger --client ASANTE",
        "ledgerctl billing aging --as-of 2026-04-30 --format xlsx",
        f"ledgerctl --user {REVIEWER} billing payment list --client ASANTE",
    ]
