"""Benchmark of the pos group: import 100,000 sales (about 3 lines each) with taxes, stock and
ledger postings, then check the ledger still balances. Builds its own data.

    uv run python bench/pos_bench.py [--sales 100000] [--postgres URL] [--per-sale] [--keep]

--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres creates (and drops) a
database ``pos_bench_<random>`` on that server; without it the workspace is SQLite.

The data: 3 branches, 600 products (standard, zero-rated and kg items; retail prices tax
inclusive, wholesale tax exclusive), stock received at each branch, 50 customers. The sales
file (CSV, one row per line) spreads the sales over 28 days of February 2026, 15% wholesale,
tenders cash (with change), card, momo, split cash+momo and on account.

Timed: ``pos sale import`` of the whole file (parse, check, price, tax, stock, invoice
numbers, journal entries: one transaction). Checked afterwards: the trial balance sums to zero
per currency, and the pos and ledger integrity checks pass (stock levels = movements, sale
totals = lines + taxes, inventory accounts = stock value, entry hashes). Target at 100,000
sales on SQLite: <= 60 s. Prints figures; exits 1 if a check fails. Timings are not asserted.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, text

from ledgerctl.context import AppContext
from ledgerctl.tenancy.service import init_workspace

USER = "bench"
BRANCHES = ("ACC-01", "TEM-02", "KUM-03")
START = date(2026, 2, 1)


def make_workspace(home: Path, db_url: str | None) -> AppContext:
    overrides = {"database_url": db_url} if db_url else {}
    boot = AppContext(user_option=USER, overrides=overrides)
    init_workspace(home, boot, tenant_name="Bench Traders")
    boot.dispose()
    return AppContext(home_option=str(home), user_option=USER, overrides=overrides)


def products(count: int) -> list[tuple[str, Decimal, str, str]]:
    rnd = random.Random(7)
    out = []
    for i in range(count):
        unit = "kg" if i % 10 == 0 else "each"
        tax_class = "zero" if i % 17 == 0 else "standard"
        price = Decimal(rnd.randint(100, 50_000)).scaleb(-2)
        out.append((f"SKU-{i:05d}", price, unit, tax_class))
    return out


def setup(ctx: AppContext, catalog: list[tuple[str, Decimal, str, str]], sales: int) -> None:
    from ledgerctl.pos.api import (
        ProductInput,
        StockLine,
        add_branch,
        add_customer,
        add_product,
        receive_stock,
    )

    for code in BRANCHES:
        add_branch.run(ctx, code, f"Branch {code}")
    for sku, price, unit, tax_class in catalog:
        add_product.run(
            ctx,
            ProductInput(
                sku,
                f"Product {sku}",
                unit,
                price,
                (price * Decimal("0.85")).quantize(Decimal("0.01")),
                tax_class,
                (price * Decimal("0.6")).quantize(Decimal("0.0001")),
            ),
        )
    per_product = 100 + sales * 8 // len(catalog)
    for code in BRANCHES:
        lines = [StockLine(sku, Decimal(per_product)) for sku, *_ in catalog]
        receive_stock.run(ctx, code, lines, START - timedelta(days=1), credit_account="3000")
    for i in range(50):
        add_customer.run(ctx, f"C{i:03d}", f"Customer {i}")


def write_sales_file(path: Path, catalog: list[tuple[str, Decimal, str, str]], count: int) -> int:
    """Sales file; cash receipts pay the exact total (no tender column needed), wholesale on
    account receipts name a customer and pay the exact total on account."""
    rnd = random.Random(11)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            [
                "receipt",
                "date",
                "branch",
                "kind",
                "customer",
                "sku",
                "quantity",
                "unit_price",
                "payment",
                "prices",
            ]
        )
        for n in range(count):
            day = START + timedelta(days=n * 28 // count)
            branch = BRANCHES[n % 3]
            wholesale = rnd.random() < 0.15
            customer = f"C{rnd.randrange(50):03d}" if wholesale and rnd.random() < 0.5 else ""
            for i in range(rnd.choice((2, 3, 3, 4))):
                sku, _, unit, _ = catalog[rnd.randrange(len(catalog))]
                qty = (
                    Decimal(rnd.randint(100, 3000)).scaleb(-3)
                    if unit == "kg"
                    else Decimal(rnd.randint(1, 4))
                )
                writer.writerow(
                    [
                        f"T{n:07d}",
                        day.isoformat(),
                        branch,
                        "wholesale" if wholesale else "retail",
                        customer if i == 0 else "",
                        sku,
                        qty,
                        "",
                        "",
                        "",
                    ]
                )
                rows += 1
    return rows


def add_tenders(path: Path, ctx: AppContext) -> None:
    """Second pass: give receipts non-cash tenders with their exact totals (computed with the
    same pricing code the import uses, without writing), so every kind of tender is posted."""
    from ledgerctl.pos.drafts import PaymentDraft, SaleDraft
    from ledgerctl.pos.importing import COLUMNS, iter_rows, read_drafts
    from ledgerctl.pos.pricing import Pricer
    from ledgerctl.work import unit_of_work

    rnd = random.Random(5)
    with unit_of_work(ctx, "pos.read", write=False) as work:
        drafts = read_drafts(work, path, None)
        pricer = Pricer(work)
        pricer.preload(drafts)
        paid: list[SaleDraft] = []
        for d in drafts:
            gross = pricer.prepare(d).gross
            pick = rnd.random()
            if d.customer:
                pays: tuple[PaymentDraft, ...] = (PaymentDraft("account", gross),)
            elif pick < 0.2:
                pays = (PaymentDraft("card", gross),)
            elif pick < 0.35:
                pays = (PaymentDraft("momo", gross),)
            elif pick < 0.45 and gross > 1:
                half = (gross / 2).quantize(Decimal("0.01"))
                pays = (PaymentDraft("momo", half), PaymentDraft("cash", gross - half + 5))
            else:
                pays = (
                    (
                        PaymentDraft(
                            "cash", (gross / 10).to_integral_value(rounding="ROUND_CEILING") * 10
                        ),
                    )
                    if gross
                    else ()
                )
            paid.append(
                SaleDraft(
                    d.sale_date,
                    d.lines,
                    pays,
                    d.branch,
                    d.kind,
                    d.customer,
                    till_receipt=d.till_receipt,
                )
            )
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(iter_rows(paid))


def checks(ctx: AppContext) -> bool:
    from ledgerctl.audit.verification import integrity_checks
    from ledgerctl.ledger.lean import trial_balance

    tb = trial_balance(ctx, date(2026, 12, 31))
    ok = tb.balanced
    for cur, (dr, cr) in sorted(tb.totals.items()):
        print(
            f"  trial balance {cur}: debits {dr:,} credits {cr:,} "
            f"{'balanced' if dr == cr else 'NOT BALANCED'}"
        )
    t0 = time.perf_counter()
    for result in integrity_checks.run(ctx):
        if result.name.startswith(("pos", "ledger entries", "ledger period")):
            print(
                f"  check {result.name:<34} {result.checked:>9,} checked  "
                f"{'ok' if result.ok else 'PROBLEMS: ' + '; '.join(result.problems[:3])}"
            )
            ok = ok and result.ok
    print(f"  integrity checks took {time.perf_counter() - t0:.1f} s")
    return ok


def per_sale_posting(home: Path) -> None:
    """Workspace override of the posting map: one journal entry per imported sale."""
    from ledgerctl.rules.loader import shipped_rules_dir

    text = (shipped_rules_dir() / "pos" / "accounts.yaml").read_text(encoding="utf-8")
    target = home / "rules" / "pos" / "accounts.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        text.replace("import_posting: daily", "import_posting: per_sale"), encoding="utf-8"
    )


def run(home: Path, db_url: str | None, sales: int, per_sale: bool) -> bool:
    from ledgerctl.pos.importing import import_file

    label = ("Postgres" if db_url else "SQLite") + (
        ", one entry per sale" if per_sale else ", one entry per branch and day"
    )
    ctx = make_workspace(home, db_url)
    if per_sale:
        per_sale_posting(home)
    catalog = products(600)
    t0 = time.perf_counter()
    setup(ctx, catalog, sales)
    path = home / "csv_inbox" / "till-export-2026-02.csv"
    rows = write_sales_file(path, catalog, sales)
    add_tenders(path, ctx)
    print(
        f"data: {sales:,} sales, {rows:,} lines, 600 products, 3 branches "
        f"({time.perf_counter() - t0:.1f} s to build)"
    )
    t0, c0 = time.perf_counter(), time.process_time()
    result = import_file(ctx, path, None, False)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"{label}: pos sale import {result.sales:,} sales in {secs:.1f} s wall, {cpu:.1f} s "
        f"CPU of this process ({result.sales / secs:,.0f} sales/s, {rows / secs:,.0f} "
        f"lines/s); posting {result.posting}; gross {result.gross:,}"
    )
    print(f"  load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if sales >= 100_000 and not db_url:
        print(f"  target <= 60 s on SQLite: {'met' if secs <= 60 else 'MISSED'} (wall clock)")
    t0 = time.perf_counter()
    again = import_file(ctx, path, None, False)
    print(
        f"  importing the same file again: {again.sales} new, {again.duplicates:,} skipped "
        f"as already imported ({time.perf_counter() - t0:.1f} s)"
    )
    good = checks(ctx) and result.posting == "posted" and again.sales == 0
    ctx.dispose()
    return good


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=100_000)
    parser.add_argument("--postgres", help="server URL; a bench database is created there")
    parser.add_argument("--keep", action="store_true", help="keep the workspace")
    parser.add_argument(
        "--per-sale",
        action="store_true",
        help="post one journal entry per sale (import_posting: per_sale)",
    )
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="pos-bench-"))
    db_url, admin = None, None
    if args.postgres:
        name = f"pos_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        db_url = args.postgres.rsplit("/", 1)[0] + "/" + name
    try:
        good = run(root / "ws", db_url, args.sales, args.per_sale)
    finally:
        if admin is not None and not args.keep:
            with admin.connect() as conn:
                conn.execute(
                    text(f'DROP DATABASE IF EXISTS "{db_url.rsplit("/", 1)[1]}" WITH (FORCE)')
                )
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"workspace kept in {root / 'ws'}")
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()
