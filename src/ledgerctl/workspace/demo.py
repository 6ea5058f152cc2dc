"""The runner behind ``ledgerctl demo``: a throw-away workspace showing each group at work.

It makes ``./ledgerctl-demo`` (or the folder given), with you as admin, books a month of a
Ghana retailer's transactions through the real services, closes the month, shows that the
closed month refuses a posting, reverses a mistaken entry, prints the trial balance and
verifies the audit chain. Then each group that has a ``ledgerctl.<group>.demo`` module
shows itself: its ``run(ctx, home, step)`` works on sample data it makes itself and returns
the commands to try next. Re-running the demo rebuilds the demo folder from scratch.

``run_demo`` is a workflow over an ``AppContext`` (many units of work, through the groups'
apis) that narrates each step on stderr and shows the trial balance; the command
(``cli/demo.py``) prints what to try next.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ledgerctl.console import message, render
from ledgerctl.context import AppContext
from ledgerctl.core.errors import Conflict
from ledgerctl.plugins import group_modules

MARKER = ".ledgerctl-demo"


@dataclass(frozen=True)
class DemoResult:
    """The demo workspace and the commands to try in it next."""

    home: Path
    hints: tuple[str, ...]


@dataclass(frozen=True)
class SampleEntry:
    """One journal entry of the sample month (``CODE=AMOUNT`` debits and credits)."""

    day: date
    description: str
    debits: tuple[str, ...]
    credits: tuple[str, ...]


JANUARY = (
    SampleEntry(
        date(2026, 1, 2), "Owner's capital paid in", ("1010=50000.00",), ("3000=50000.00",)
    ),
    SampleEntry(
        date(2026, 1, 3),
        "Stock bought on credit from Tema Wholesale",
        ("1200=20000.00",),
        ("2000=20000.00",),
    ),
    SampleEntry(
        date(2026, 1, 10),
        "Cash sales, net 1,000.00 + VAT 15% + NHIL 2.5% + GETFund 2.5%",
        ("1000=1200.00",),
        ("4000=1000.00", "2200=150.00", "2210=25.00", "2220=25.00"),
    ),
    SampleEntry(
        date(2026, 1, 10),
        "Cost of goods sold for the cash sales",
        ("5000=700.00",),
        ("1200=700.00",),
    ),
    SampleEntry(
        date(2026, 1, 15),
        "Mobile money sales, net 500.00 + taxes",
        ("1020=600.00",),
        ("4000=500.00", "2200=75.00", "2210=12.50", "2220=12.50"),
    ),
    SampleEntry(
        date(2026, 1, 15),
        "Cost of goods sold for the mobile money sales",
        ("5000=350.00",),
        ("1200=350.00",),
    ),
    SampleEntry(date(2026, 1, 20), "Shop rent, January", ("6100=2500.00",), ("1010=2500.00",)),
    SampleEntry(
        date(2026, 1, 25), "Part payment to Tema Wholesale", ("2000=10000.00",), ("1010=10000.00",)
    ),
    SampleEntry(
        date(2026, 1, 31),
        "January payroll: basic 5,000.00, PAYE 779.75, SSNIT",
        ("6000=5000.00", "6010=650.00"),
        ("2300=779.75", "2310=925.00", "2320=3945.25"),
    ),
)


def _prepare_folder(path: Path) -> Path:
    home = path.resolve()
    if home.exists() and any(home.iterdir()):
        if not (home / MARKER).exists():
            raise Conflict(
                f"{home} exists and is not a ledgerctl demo folder; "
                "give another folder: `ledgerctl demo PATH`"
            )
        shutil.rmtree(home)
    home.mkdir(parents=True)
    (home / MARKER).write_text("made by `ledgerctl demo`; safe to delete\n", encoding="utf-8")
    return home


def _book(ctx: AppContext, entries: tuple[SampleEntry, ...]) -> list[str]:
    from ledgerctl.ledger.api import post_entry

    numbers = []
    for e in entries:
        posted = post_entry.run(ctx, e.day, e.description, list(e.debits), list(e.credits))
        numbers.append(posted.number)
    return numbers


def _show_closed_period_refusal(ctx: AppContext) -> None:
    from ledgerctl.ledger.api import post_entry

    try:
        post_entry.run(
            ctx, date(2026, 1, 31), "Late electricity bill", ["6100=300.00"], ["1010=300.00"]
        )
    except Conflict as refused:
        message(f"  refused as it should be (exit 4): {refused.message}")


MISTAKE = SampleEntry(
    date(2026, 2, 3), "Rent booked twice by mistake", ("6100=2500.00",), ("1010=2500.00",)
)


def _ledger_steps(ctx: AppContext) -> None:
    """Steps 3-5: book January, close it, show the refusal, reverse a mistaken entry, TB."""
    from ledgerctl.ledger.api import close_period, reverse_entry, trial_balance
    from ledgerctl.work import unit_of_work

    numbers = _book(ctx, JANUARY)
    message(f"3. booked {len(numbers)} January entries ({numbers[0]} .. {numbers[-1]})")
    close_period.run(ctx, "2026-01")
    message("4. closed period 2026-01; posting into it now:")
    _show_closed_period_refusal(ctx)
    wrong = _book(ctx, (MISTAKE,))[0]
    reversal = reverse_entry.run(ctx, wrong, date(2026, 2, 3), "duplicate of January rent")
    message(f"5. {wrong} posted by mistake and reversed by {reversal.number}")
    with unit_of_work(ctx, "ledger.read", write=False) as work:
        tb = trial_balance(work, date(2026, 2, 28))
    render(tb.table(), title="Trial balance as of 2026-02-28 (GHS)")


def run_demo(ctx: AppContext, path: Path) -> DemoResult:
    """Build the demo workspace at ``path`` step by step; the commands to try next."""
    from ledgerctl.audit.api import verify_audit_chain
    from ledgerctl.tenancy.api import use_cases as tenancy

    home = _prepare_folder(path)
    message(f"1. workspace in {home}")
    tenancy.init_workspace(home, ctx, tenant_name="Accra Demo Traders", currency="GHS")
    message(
        f"   tenant 'default' with the retail chart of accounts; you ({ctx.actor_name}) "
        "are its admin"
    )
    tenancy.add_user(ctx, "ama", ["accountant"], "Ama Mensah")
    tenancy.add_user(ctx, "kofi", ["viewer"], "Kofi Boateng")
    message("2. users: ama (accountant), kofi (viewer)")
    _ledger_steps(ctx)
    hints = [
        "ledgerctl ledger journal",
        "ledgerctl ledger trial-balance --as-of 2026-01-31 --format csv",
        "ledgerctl ledger export --format hledger",
    ]
    step = 6
    for _group, module in group_modules("demo"):
        hints.extend(module.run(ctx, home, step))
        step += 1
    verified = verify_audit_chain.run(ctx)
    message(
        f"{step}. audit chain: {verified.checked} rows, "
        f"{'intact' if verified.problem is None else 'BROKEN'}"
    )
    hints += ["ledgerctl audit log", "ledgerctl schedule show --os cron"]
    return DemoResult(home, tuple(hints))
