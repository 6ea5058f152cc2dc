"""`ledgerctl demo`, lay-by part: a clothing shop's lay-bys from deposit to release.

Works on sample data it makes itself in the demo tenant (a branch if there is none, two
garments with stock, two customers), all dated after the demo's closed January 2026:
enables the customers, creates two lay-bys with deposits, runs the daily automation for a
later date (a late fee, an overdue notice and a reminder), takes payments, completes one
lay-by (the sale is recorded in pos), cancels the other with the refund per policy, and
runs the integrity checks. Idempotent: existing sample rows are reused.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from ledgerctl.console import message
from ledgerctl.context import AppContext

PRODUCTS = (
    ("LB-DRESS", "Kente print dress", "250.00", "100"),
    ("LB-SHOES", "Leather sandals", "180.00", "80"),
)
CUSTOMERS = (
    ("LB-C001", "Ama Mensah", "+233241234567", "ama@example.com"),
    ("LB-C002", "Kofi Boateng", "+233201112223", ""),
)


def _shop(ctx: AppContext) -> str:
    """A branch with the sample garments in stock and the sample customers; returns it."""
    from ledgerctl.pos.api import (
        ProductInput,
        StockLine,
        add_branch,
        add_customer,
        add_product,
        list_branches,
        list_customers,
        list_products,
        receive_stock,
    )

    branches = list_branches.run(ctx)
    branch = (
        branches[0].code if branches else add_branch.run(ctx, "ACC-01", "Accra Head Office").code
    )
    known = {r.sku for r in list_products.run(ctx, "LB-")}
    new = [p for p in PRODUCTS if p[0] not in known]
    for sku, name, price, cost in new:
        add_product.run(ctx, ProductInput(sku, name=name, price=Decimal(price), cost=Decimal(cost)))
    if new:
        receive_stock.run(
            ctx,
            branch,
            [StockLine(p[0], Decimal(10), Decimal(p[3])) for p in new],
            date(2026, 2, 2),
            reference="lay-by demo stock",
        )
    codes = {r.code for r in list_customers.run(ctx)}
    for code, name, phone, email in CUSTOMERS:
        if code not in codes:
            add_customer.run(ctx, code, name, phone=phone, email=email)
    return branch


def _create(
    ctx: AppContext,
    branch: str,
    customer: str,
    items: tuple[tuple[str, int], ...],
    deposit: str,
    frequency: str,
    method: str,
) -> str:
    from ledgerctl.layby.create import CreateRequest, create_layby
    from ledgerctl.layby.domain import parse_deposit

    record = create_layby.run(
        ctx,
        CreateRequest(
            customer,
            tuple((s, Decimal(q)) for s, q in items),
            parse_deposit(deposit),
            frequency,
            None,
            method,
            date(2026, 2, 10),
            branch,
        ),
    )
    return (
        f"{record.number} (total {record.total_amount}, deposit {record.deposit}, "
        f"{record.instalments} {record.frequency} instalments)"
    )


def run(ctx: AppContext, home: Path, step: int) -> list[str]:
    """Show lay-by at work; returns commands to try next."""
    from ledgerctl.layby import automation
    from ledgerctl.layby.config import ConfigChange, change_config
    from ledgerctl.layby.customers import CustomerChange, set_customers
    from ledgerctl.layby.integrity import check_laybys
    from ledgerctl.layby.lifecycle import Cancellation, cancel_layby, complete_layby
    from ledgerctl.layby.payments import PaymentDraft, pay_layby
    from ledgerctl.layby.views import show_layby

    branch = _shop(ctx)
    change_config.run(ctx, ConfigChange("clothing", "GH", branch))
    codes = tuple(c[0] for c in CUSTOMERS)
    set_customers.run(ctx, CustomerChange(codes, True, False, "demo"))
    message(
        f"{step}. lay-by: clothing rules (deposit 20-80%, 90 days, late fee 5.00); "
        f"customers {', '.join(c[0] for c in CUSTOMERS)} enabled for lay-by"
    )
    a = _create(
        ctx, branch, "LB-C001", (("LB-DRESS", 2), ("LB-SHOES", 1)), "20%", "monthly", "cash"
    )
    b = _create(ctx, branch, "LB-C002", (("LB-DRESS", 1),), "30%", "weekly", "momo")
    first, second = a.split()[0], b.split()[0]
    message(f"   2026-02-10 created {a}\n   2026-02-10 created {b}; goods reserved")
    tally = automation.run(ctx, date(2026, 2, 21))
    message(f"   automation as of 2026-02-21: {tally.text()}")
    message(
        f"   outbox files: {', '.join(Path(p).name for p in tally.files.values())} in "
        f"{Path(next(iter(tally.files.values()))).parent}"
        if tally.files
        else "   no notices"
    )
    late = [
        i
        for i in show_layby.run(ctx, second).schedule
        if i.status == "open" and i.due_date < date(2026, 2, 21)
    ]
    owed = sum((i.amount + i.late_fee - i.paid for i in late), Decimal("0.00"))
    paid = pay_layby.run(ctx, PaymentDraft(second, owed, "momo", date(2026, 2, 22), "", ""))
    message(
        f"   {second}: paid the overdue {owed} (instalment "
        f"{sum(i.amount for i in late)} + late fee {sum(i.late_fee for i in late)}), "
        f"receipt {paid.receipt}"
    )
    balance = show_layby.run(ctx, first).balance
    row = pay_layby.run(ctx, PaymentDraft(first, balance, "card", date(2026, 3, 5), "", ""))
    done = complete_layby.run(ctx, first, date(2026, 3, 5))
    message(
        f"   {first}: paid the balance (receipt {row.receipt}) and completed: sale "
        f"{done.sale}, items released by {done.released_by}"
    )
    why = "customer changed her mind"
    cancel = cancel_layby.run(ctx, Cancellation(second, why, "customer", date(2026, 3, 6), None))
    message(
        f"   {second}: cancelled by the customer: fee {cancel.fee} "
        f"({cancel.fee_reason}), refunded {cancel.refund} to the tenders that paid"
    )
    problems = [p for r in check_laybys.run(ctx) for p in r.problems]
    message(f"   layby check: {'; '.join(problems) or 'all checks pass'}")
    return [
        "ledgerctl layby list",
        f"ledgerctl layby show {first}",
        "ledgerctl layby outbox list",
        "ledgerctl layby automation history",
        "ledgerctl layby report --as-of 2026-03-31",
        "ledgerctl layby rules show",
    ]
