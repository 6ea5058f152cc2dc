"""The pos part of `ledgerctl demo`: a Ghana shop on sample data it makes itself.

Onboards tenant ``demo-shop`` (the demo's default tenant has January 2026 closed), adds a
second branch and a manager, stocks products, and books a December 2025 sale (old regime with
the COVID levy), a tax-inclusive retail sale and a tax-exclusive wholesale sale on account in
February 2026, a return of the December sale, a transfer between branches and a payment on
account; then prints the day's Z report, writes it as Excel and runs the integrity checks.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from ledgerctl.console import message, render
from ledgerctl.context import AppContext

TENANT = "demo-shop"
D = Decimal


def _shop(ctx: AppContext) -> None:
    from ledgerctl.pos.ar import add_customer
    from ledgerctl.pos.branches import add_branch
    from ledgerctl.pos.catalog import ProductInput, add_product
    from ledgerctl.pos.staff import add_staff
    from ledgerctl.pos.stock import StockLine, receive_stock

    add_branch.run(ctx, "TEM-02", "Tema Branch", address="Harbour Road, Tema")
    add_staff.run(ctx, "esi", "manager", "TEM-02", display_name="Esi Mensah")
    for item in (
        ProductInput(
            "RICE-5KG", "Rice 5kg bag", "each", D("120.00"), D("100.00"), "standard", D("70")
        ),
        ProductInput("SOAP", "Soap bar", "each", D("6.50"), None, "standard", D("3.20")),
        ProductInput("MILK", "Infant milk (zero-rated)", "each", D("45.00"), None, "zero", D("30")),
        ProductInput("SUGAR", "Sugar, loose", "kg", D("14.99"), None, "standard", D("9")),
    ):
        add_product.run(ctx, item)
    receive_stock.run(
        ctx,
        "ACC-01",
        [
            StockLine("RICE-5KG", D(40), D(70)),
            StockLine("SOAP", D(200), D("3.20")),
            StockLine("MILK", D(30), D(30)),
            StockLine("SUGAR", D("50.5"), D(9)),
        ],
        date(2025, 12, 1),
        reference="Opening stock from the owner",
        credit_account="3000",
    )
    add_customer.run(ctx, "C001", "Kofi Wholesale Ltd", phone="024 555 0101")


def _sales(ctx: AppContext) -> list[str]:
    from ledgerctl.pos.ar import receive_payment
    from ledgerctl.pos.drafts import LineDraft, PaymentDraft, SaleDraft
    from ledgerctl.pos.returns import ReturnLineDraft, record_return
    from ledgerctl.pos.sales import SaleRecorded, record_sale
    from ledgerctl.pos.transfers import receive_transfer, send_transfer

    def sell(
        day: date,
        lines: list[tuple[str, str]],
        pays: tuple[tuple[str, str], ...] = (),
        kind: str = "retail",
        customer: str | None = None,
    ) -> SaleRecorded:
        draft = SaleDraft(
            day,
            tuple(LineDraft(s, D(q)) for s, q in lines),
            tuple(PaymentDraft(t, D(a)) for t, a in pays),
            branch="ACC-01",
            kind=kind,
            customer=customer,
        )
        return record_sale.run(ctx, draft)

    december = sell(date(2025, 12, 20), [("RICE-5KG", "2")], (("cash", "250"),))
    retail = sell(
        date(2026, 2, 3),
        [("RICE-5KG", "1"), ("SOAP", "3"), ("MILK", "1"), ("SUGAR", "1.250")],
        (("cash", "200"), ("momo", "10")),
    )
    wholesale = sell(
        date(2026, 2, 3),
        [("RICE-5KG", "10")],
        (("account", "1200.00"),),
        kind="wholesale",
        customer="C001",
    )
    ret = record_return.run(
        ctx,
        december.number,
        [ReturnLineDraft("RICE-5KG", D(1))],
        date(2026, 2, 3),
        refunds=[("card", D("120.00"))],
        reason="damaged bag",
    )
    transfer = send_transfer.run(
        ctx,
        "ACC-01",
        "TEM-02",
        [("SOAP", D(50)), ("RICE-5KG", D(5))],
        date(2026, 2, 3),
        "weekly restock",
    )
    receive_transfer.run(ctx, transfer.number, date(2026, 2, 4))
    receive_payment.run(
        ctx,
        "C001",
        D("500.00"),
        "momo",
        date(2026, 2, 3),
        branch="ACC-01",
        reference="MoMo ref 88123",
    )
    taxes = ", ".join(f"{c} {a}" for c, a in december.taxes.items())
    return [
        f"   {december.number}: 2025 regime (VAT on net + levies, COVID levy): {taxes}",
        f"   {retail.number}: retail, shelf prices tax-inclusive, gross "
        f"{retail.gross}, change {retail.change}",
        f"   {wholesale.number}: wholesale, tax-exclusive, on account, gross {wholesale.gross}",
        f"   {ret.number}: one bag of {december.number} back, refunded to a card; "
        f"its 2025 taxes reversed ({ret.tax}), stock back at cost {ret.cost}",
        f"   {transfer.number}: ACC-01 -> TEM-02 at cost {transfer.cost}, received",
        "   C001 paid 500.00 by mobile money",
    ]


def run(ctx: AppContext, home: Path, step: int) -> list[str]:
    """Show the pos group at work in tenant ``demo-shop``; returns commands to try."""
    from ledgerctl.audit.api import integrity_checks
    from ledgerctl.pos import day
    from ledgerctl.pos.tenants import Onboarding, onboard

    onboard.run(
        ctx,
        Onboarding(
            TENANT,
            "Demo Shop Accra",
            "ACC-01",
            "Accra Head Office",
            "yaw",
            "Yaw Asante",
            admin_role="director",
            period="2025-12",
            tin="C0009998887",
            address="123 High Street, Accra",
        ),
    )
    message(
        f"{step}. pos: onboarded tenant {TENANT} (chart, periods, tax profile, branch "
        "ACC-01, director yaw)",
        ctx=ctx,
    )
    shop = AppContext(
        home_option=str(home),
        tenant_option=TENANT,
        user_option=ctx.actor_name,
        quiet=ctx.quiet,
        overrides=ctx.overrides,
    )
    try:
        _shop(shop)
        message("   branch TEM-02 with manager esi; 4 products; opening stock received", ctx=ctx)
        for line in _sales(shop):
            message(line, ctx=ctx)
        target = home / "output" / "pos" / "z-ACC-01-2026-02-03.xlsx"
        summary = day.day_summary.run(shop, "ACC-01", date(2026, 2, 3))
        day.write_workbook(summary, target)
        render(summary.rows, columns=day.COLUMNS, title="Z report ACC-01 2026-02-03")
        message(f"   Z report also written to {target.relative_to(home)}", ctx=ctx)
        checks = integrity_checks.run(shop)
        bad = [c for c in checks if not c.ok]
        message(
            f"   audit check: {len(checks)} checks, "
            f"{'all passed' if not bad else 'PROBLEMS: ' + bad[0].name}",
            ctx=ctx,
        )
    finally:
        shop.dispose()
    t = f"ledgerctl --tenant {TENANT}"
    return [
        f"{t} pos sale list",
        f"{t} pos sale show ACC-01-INV-2026-000001",
        f"{t} pos stock levels",
        f"{t} pos day summary --branch ACC-01 --date 2026-02-03",
        f"{t} pos ar aging --as-of 2026-04-30",
        f"{t} --user esi pos branch list",
        f"{t} ledger trial-balance --as-of 2026-02-28",
    ]
