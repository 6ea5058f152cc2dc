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
    from ledgerctl.layby import service
    from ledgerctl.layby.create import CreateRequest
    from ledgerctl.layby.domain import parse_deposit

    record = service.create(
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
    head = record["layby"]
    return (
        f"{head['number']} (total {head['total_amount']}, deposit {head['deposit']}, "
        f"{head['instalments']} {head['frequency']} instalments)"
    )


def run(ctx: AppContext, home: Path, step: int) -> list[str]:
    """Show lay-by at work; returns commands to try next."""
    from ledgerctl.layby import automation, service

    branch = _shop(ctx)
    service.configure(ctx, "clothing", "GH", branch)
    service.set_customers(ctx, [c[0] for c in CUSTOMERS], True, False, "demo")
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
        for i in service.show(ctx, second)["instalments"]
        if i["status"] == "open" and i["due_date"] < date(2026, 2, 21)
    ]
    owed = sum((i["amount"] + i["late_fee"] - i["paid"] for i in late), Decimal("0.00"))
    paid = service.pay(ctx, second, owed, "momo", date(2026, 2, 22), "", "")
    message(
        f"   {second}: paid the overdue {owed} (instalment "
        f"{sum(i['amount'] for i in late)} + late fee {sum(i['late_fee'] for i in late)}), "
        f"receipt {paid['receipt']}"
    )
    balance = service.show(ctx, first)["layby"]["balance"]
    row = service.pay(ctx, first, balance, "card", date(2026, 3, 5), "", "")
    done = service.complete(ctx, first, date(2026, 3, 5))
    message(
        f"   {first}: paid the balance (receipt {row['receipt']}) and completed: sale "
        f"{done['sale']}, items released by {done['released_by']}"
    )
    cancel = service.cancel(
        ctx, second, "customer changed her mind", "customer", date(2026, 3, 6), None
    )
    message(
        f"   {second}: cancelled by the customer: fee {cancel['fee']} "
        f"({cancel['fee_reason']}), refunded {cancel['refund']} to the tenders that paid"
    )
    problems = [p for r in service.check(ctx) for p in r.problems]
    message(f"   layby check: {'; '.join(problems) or 'all checks pass'}")
    return [
        "ledgerctl layby list",
        f"ledgerctl layby show {first}",
        "ledgerctl layby outbox list",
        "ledgerctl layby automation history",
        "ledgerctl layby report --as-of 2026-03-31",
        "ledgerctl layby rules show",
    ]
