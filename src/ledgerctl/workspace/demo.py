"""`ledgerctl demo`: a throw-away workspace with sample data, showing each group at work.

It makes ``./ledgerctl-demo`` (or the folder given), with you as admin, books a month of a
Ghana retailer's transactions through the real services, closes the month, shows that the
closed month refuses a posting, reverses a mistaken entry, prints the trial balance and
verifies the audit chain. Then each group that has a ``ledgerctl.<group>.demo`` module
shows itself: its ``run(ctx, home, step)`` works on sample data it makes itself and returns
the commands to try next. Re-running the demo rebuilds the demo folder from scratch.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import typer

from ledgerctl.cli_support import app_context, message
from ledgerctl.plugins import group_modules

MARKER = ".ledgerctl-demo"


@dataclass(frozen=True)
class SampleEntry:
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
            from ledgerctl.core.errors import Conflict

            raise Conflict(
                f"{home} exists and is not a ledgerctl demo folder; "
                "give another folder: `ledgerctl demo PATH`"
            )
        shutil.rmtree(home)
    home.mkdir(parents=True)
    (home / MARKER).write_text("made by `ledgerctl demo`; safe to delete\n", encoding="utf-8")
    return home


def _book(ctx, entries: tuple[SampleEntry, ...]) -> list[str]:  # type: ignore[no-untyped-def]
    from ledgerctl.ledger.api import use_cases as ledger

    numbers = []
    for e in entries:
        posted = ledger.post_entry(ctx, e.day, e.description, list(e.debits), list(e.credits))
        numbers.append(str(posted["number"]))
    return numbers


def _show_closed_period_refusal(ctx) -> None:  # type: ignore[no-untyped-def]
    from ledgerctl.core.errors import Conflict
    from ledgerctl.ledger.api import use_cases as ledger

    try:
        ledger.post_entry(
            ctx, date(2026, 1, 31), "Late electricity bill", ["6100=300.00"], ["1010=300.00"]
        )
    except Conflict as refused:
        message(f"  refused as it should be (exit 4): {refused.message}")


def _trial_balance_rows(ctx, as_of: date) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    from ledgerctl.ledger.api import use_cases as ledger

    tb = ledger.trial_balance(ctx, as_of)
    return tb.table()


def demo(
    ctx: typer.Context,
    path: Path = typer.Argument(Path("ledgerctl-demo"), help="Folder for the demo workspace."),
) -> None:
    """Make a demo workspace with sample data and show what ledgerctl does."""
    from ledgerctl.audit.api import use_cases as audit
    from ledgerctl.cli_support import render_rows
    from ledgerctl.ledger.api import use_cases as ledger
    from ledgerctl.tenancy.api import use_cases as tenancy

    actx = app_context(ctx)
    home = _prepare_folder(path)
    message(f"1. workspace in {home}")
    tenancy.init_workspace(home, actx, tenant_name="Accra Demo Traders", currency="GHS")
    message(
        f"   tenant 'default' with the retail chart of accounts; you ({actx.actor_name}) "
        "are its admin"
    )
    tenancy.add_user(actx, "ama", ["accountant"], "Ama Mensah")
    tenancy.add_user(actx, "kofi", ["viewer"], "Kofi Boateng")
    message("2. users: ama (accountant), kofi (viewer)")
    numbers = _book(actx, JANUARY)
    message(f"3. booked {len(numbers)} January entries ({numbers[0]} .. {numbers[-1]})")
    ledger.close_period(actx, "2026-01")
    message("4. closed period 2026-01; posting into it now:")
    _show_closed_period_refusal(actx)
    wrong = _book(
        actx,
        (
            SampleEntry(
                date(2026, 2, 3),
                "Rent booked twice by mistake",
                ("6100=2500.00",),
                ("1010=2500.00",),
            ),
        ),
    )[0]
    reversal = ledger.reverse_entry(actx, wrong, date(2026, 2, 3), "duplicate of January rent")
    message(f"5. {wrong} posted by mistake and reversed by {reversal.get('number')}")
    render_rows(
        _trial_balance_rows(actx, date(2026, 2, 28)), title="Trial balance as of 2026-02-28 (GHS)"
    )
    hints = [
        "ledgerctl ledger journal",
        "ledgerctl ledger trial-balance --as-of 2026-01-31 --format csv",
        "ledgerctl ledger export --format hledger",
    ]
    step = 6
    for _group, module in group_modules("demo"):
        hints.extend(module.run(actx, home, step))
        step += 1
    verified = audit.verify(actx)
    message(
        f"{step}. audit chain: {verified.checked} rows, "
        f"{'intact' if verified.problem is None else 'BROKEN'}"
    )
    hints += ["ledgerctl audit log", "ledgerctl schedule show --os cron"]
    message(f"\nTry it yourself:\n  cd {home}\n" + "\n".join(f"  {h}" for h in hints))
