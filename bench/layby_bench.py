"""Benchmark of the daily lay-by automation; builds its own data in a temporary workspace.

    uv run python bench/layby_bench.py [--laybys 100000] [--keep] [--database-url URL]

Makes a clothing shop (one branch, 50 products, 20,000 customers) and N active lay-bys made
over the 88 days before the run date, monthly (3 instalments) or fortnightly (6), with
deposits paid, a stock reservation each, and a realistic payment record: most up to date,
some one instalment behind, some two or more behind. The rows are bulk-inserted with the
same shape ``layby create`` writes (the shape is checked by ``layby check`` afterwards).

Then times ``layby automation run`` for the run date (target <= 30 s at 100,000 on SQLite)
and a second run the same day (target <= 5 s), checks the second run changed nothing
(counts of fees, notices, defaults, journal entries and the outbox files) and that the
integrity checks pass. Prints figures and the load average; exits 1 on a wrong count.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, insert, select, text

from ledgerctl.context import AppContext
from ledgerctl.core.money import split_evenly
from ledgerctl.layby import automation, domain, service
from ledgerctl.layby.tables import (
    Instalment,
    Layby,
    LaybyCustomer,
    LaybyItem,
    Notification,
    Payment,
)
from ledgerctl.pos.tables import Product, Reservation, StockLevel
from ledgerctl.tenancy.service import init_workspace
from ledgerctl.tenancy.tables import Party
from ledgerctl.work import unit_of_work

USER = "bench"
AS_OF = date(2026, 6, 15)
CHUNK = 10000


def setup(home: Path, url: str | None) -> AppContext:
    overrides = {"database_url": url} if url else {}
    boot = AppContext(user_option=USER, overrides=overrides)
    init_workspace(home, boot, tenant_name="Bench Clothing")
    boot.dispose()
    ctx = AppContext(home_option=str(home), user_option=USER, overrides=overrides)
    from ledgerctl.pos.api import add_branch

    add_branch.run(ctx, "ACC-01", "Accra")
    service.configure(ctx, "clothing", "GH", "ACC-01")
    return ctx


def _bulk(conn, table, rows: list[dict]) -> None:  # type: ignore[no-untyped-def]
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(table), rows[start : start + CHUNK])


def _catalog(conn, tenant: int, n_customers: int) -> tuple[list[int], list[int]]:  # type: ignore[no-untyped-def]
    from ledgerctl.core.clock import utcnow

    products = [
        {
            "tenant_id": tenant,
            "sku": f"SKU{i:03d}",
            "name": f"Garment {i}",
            "unit": "each",
            "price": Decimal(60 + 40 * i),
            "tax_class": "standard",
            "cost": Decimal(30 + 20 * i),
            "status": "active",
            "created_at": utcnow(),
        }
        for i in range(50)
    ]
    _bulk(conn, Product.__table__, products)
    pids = [
        r[0] for r in conn.execute(select(Product.__table__.c.id).order_by(Product.__table__.c.id))
    ]
    now = products[0]["created_at"]
    parties = [
        {
            "tenant_id": tenant,
            "code": f"C{i:06d}",
            "name": f"Customer {i}",
            "kind": "customer",
            "email": f"c{i}@example.com" if i % 2 else "",
            "phone": f"+23324{i:07d}" if i % 3 else "",
            "address": "",
            "tax_id": "",
            "currency": "GHS",
            "status": "active",
            "created_at": now,
        }
        for i in range(n_customers)
    ]
    _bulk(conn, Party.__table__, parties)
    cids = [
        r[0]
        for r in conn.execute(
            select(Party.__table__.c.id).where(Party.__table__.c.tenant_id == tenant)
        )
    ]
    _bulk(
        conn,
        LaybyCustomer.__table__,
        [
            {
                "tenant_id": tenant,
                "party_id": c,
                "allowed": True,
                "changed_at": now,
                "changed_by": USER,
                "note": "",
            }
            for c in cids
        ],
    )
    return pids, cids


def _plan(rnd: random.Random, price: Decimal) -> dict:
    created = AS_OF - timedelta(days=rnd.randint(1, 88))
    freq, count = ("monthly", 3) if rnd.random() < 0.6 else ("fortnightly", 6)
    count = min(count, domain.max_instalments(created, freq, 90))
    deposit = domain.percent_of(price, Decimal(20))
    parts = split_evenly(price - deposit, count)
    dues = [domain.due_date(created, freq, k) for k in range(1, count + 1)]
    due_now = sum(1 for d in dues if d < AS_OF)
    roll = rnd.random()
    behind = 0 if roll < 0.75 else (1 if roll < 0.92 else 2)
    paid_n = max(due_now - behind, 0)
    return {
        "created": created,
        "freq": freq,
        "deposit": deposit,
        "parts": parts,
        "dues": dues,
        "paid": sum(parts[:paid_n], Decimal("0.00")),
    }


def _plan_row(ctx_ids: dict, i: int, price: Decimal, d: dict, rnd: random.Random, now) -> dict:  # type: ignore[no-untyped-def]
    total_paid = d["deposit"] + d["paid"]
    got = _split(d["paid"], d["parts"])
    return {
        "tenant_id": ctx_ids["tenant"],
        "number": f"LAY-2026-{i + 1:06d}",
        "customer_id": ctx_ids["customers"][rnd.randrange(len(ctx_ids["customers"]))],
        "branch_id": ctx_ids["branch"],
        "rule_version_id": ctx_ids["rv"],
        "status": "ACTIVE",
        "price_mode": "inclusive",
        "total_amount": price,
        "deposit_amount": d["deposit"],
        "service_fee": Decimal(0),
        "administration_fee": Decimal(0),
        "late_fees": Decimal(0),
        "total_fees": Decimal(0),
        "total_paid": total_paid,
        "balance": price - total_paid,
        "frequency": d["freq"],
        "instalment_count": len(d["parts"]),
        "instalment_amount": d["parts"][0],
        "next_due": next(
            (due for due, part, g in zip(d["dues"], d["parts"], got, strict=True) if g < part), None
        ),
        "late_fee": Decimal("5.00"),
        "late_fee_after_days": 1,
        "default_after_missed": 2,
        "fee_disclosed": True,
        "created_on": d["created"],
        "created_at": now,
        "created_by": USER,
        "hold_reason": "",
        "items_released": False,
        "cancel_reason": "",
        "cancellation_fee": Decimal(0),
        "fees_kept": Decimal(0),
        "refunded": Decimal(0),
        "updated_at": now,
    }


def _instalments(tenant: int, lid: int, d: dict) -> list[dict]:
    rows = [
        {
            "tenant_id": tenant,
            "layby_id": lid,
            "seq": 0,
            "due_date": d["created"],
            "amount": d["deposit"],
            "late_fee": Decimal(0),
            "paid": d["deposit"],
            "status": "paid",
        }
    ]
    for seq, (due, part, got) in enumerate(
        zip(d["dues"], d["parts"], _split(d["paid"], d["parts"]), strict=True), 1
    ):
        rows.append(
            {
                "tenant_id": tenant,
                "layby_id": lid,
                "seq": seq,
                "due_date": due,
                "amount": part,
                "late_fee": Decimal(0),
                "paid": got,
                "status": "paid" if got == part else "open",
            }
        )
    return rows


def _chunk(
    conn,
    ids: dict,
    drafts: list,
    rnd: random.Random,
    now,  # type: ignore[no-untyped-def]
    reserved: dict[int, int],
) -> None:
    tenant = ids["tenant"]
    plans = [_plan_row(ids, i, price, d, rnd, now) for i, _k, price, d in drafts]
    _bulk(conn, Layby.__table__, plans)
    numbers = [p["number"] for p in plans]
    lids = dict(
        conn.execute(
            select(Layby.__table__.c.number, Layby.__table__.c.id).where(
                Layby.__table__.c.number.in_(numbers)
            )
        ).all()
    )
    _bulk(
        conn,
        Reservation.__table__,
        [
            {
                "tenant_id": tenant,
                "location_id": ids["location"],
                "product_id": ids["products"][k],
                "quantity": Decimal(1),
                "reference": p["number"],
                "status": "active",
                "created_at": now,
            }
            for (_i, k, _p, _d), p in zip(drafts, plans, strict=True)
        ],
    )
    rids = dict(
        conn.execute(
            select(Reservation.__table__.c.reference, Reservation.__table__.c.id).where(
                Reservation.__table__.c.reference.in_(numbers)
            )
        ).all()
    )
    items, insts, pays = [], [], []
    for (i, k, price, d), plan in zip(drafts, plans, strict=True):
        lid, pid = lids[plan["number"]], ids["products"][k]
        reserved[pid] = reserved.get(pid, 0) + 1
        items.append(
            {
                "tenant_id": tenant,
                "layby_id": lid,
                "line_no": 1,
                "product_id": pid,
                "sku": f"SKU{k:03d}",
                "name": f"Garment {k}",
                "quantity": Decimal(1),
                "unit_price": price,
                "amount": price,
                "reservation_id": rids[plan["number"]],
            }
        )
        insts += _instalments(tenant, lid, d)
        pays.append(_payment(tenant, lid, 2 * i + 1, "deposit", d["deposit"], d["created"], now))
        if d["paid"]:
            pays.append(
                _payment(
                    tenant, lid, 2 * i + 2, "instalment", d["paid"], AS_OF - timedelta(days=1), now
                )
            )
    _bulk(conn, LaybyItem.__table__, items)
    _bulk(conn, Instalment.__table__, insts)
    _bulk(conn, Payment.__table__, pays)


def build(ctx: AppContext, n: int, seed: int = 7) -> None:
    """Bulk-insert n lay-bys shaped like `layby create` makes them."""
    from ledgerctl.core.clock import utcnow
    from ledgerctl.layby.config import current_ruleset

    rnd = random.Random(seed)
    with unit_of_work(ctx, "layby.create") as work:
        _, version = current_ruleset(work)
        ids: dict = {
            "tenant": work.tenant_id,
            "rv": version.id,
            "branch": work.session.execute(text("SELECT id FROM branches")).scalar_one(),
            "location": work.session.execute(text("SELECT id FROM pos_locations")).scalar_one(),
        }
    with ctx.engine.begin() as conn:
        ids["products"], ids["customers"] = _catalog(conn, ids["tenant"], 20000)
    now, reserved = utcnow(), {}
    for start in range(0, n, CHUNK):
        drafts = []
        for i in range(start, min(start + CHUNK, n)):
            k = rnd.randrange(50)
            price = Decimal(60 + 40 * k).quantize(Decimal("0.01"))
            drafts.append((i, k, price, _plan(rnd, price)))
        with ctx.engine.begin() as conn:
            _chunk(conn, ids, drafts, rnd, now, reserved)
    with ctx.engine.begin() as conn:
        _bulk(
            conn,
            StockLevel.__table__,
            [
                {
                    "tenant_id": ids["tenant"],
                    "location_id": ids["location"],
                    "product_id": p,
                    "quantity": Decimal(n),
                    "value": Decimal(0),
                    "unit_cost": Decimal(0),
                    "reserved": Decimal(reserved.get(p, 0)),
                }
                for p in ids["products"]
            ],
        )


def _split(paid: Decimal, parts: list[Decimal]) -> list[Decimal]:
    return domain.waterfall(parts, paid)


def _payment(tenant: int, lid: int, n: int, kind: str, amount: Decimal, day: date, now) -> dict:  # type: ignore[no-untyped-def]
    return {
        "tenant_id": tenant,
        "layby_id": lid,
        "receipt_number": f"LBR-B-{n:08d}",
        "kind": kind,
        "amount": amount,
        "method": "cash",
        "reference": "",
        "paid_on": day,
        "processed_by": USER,
        "processed_at": now,
        "notes": "",
        "is_refund": False,
    }


def counts(ctx: AppContext) -> dict[str, object]:
    with ctx.engine.connect() as conn:

        def scalar(sql: str) -> object:
            return conn.execute(text(sql)).scalar()

        folder = ctx.home / "output" / "layby" / "outbox" / AS_OF.isoformat()
        digest = (
            hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.glob("*")))).hexdigest()[
                :16
            ]
            if folder.exists()
            else ""
        )
        return {
            "late fees": scalar("SELECT COUNT(*) FROM layby_fees WHERE kind = 'late'"),
            "notices": scalar(f"SELECT COUNT(*) FROM {Notification.__tablename__}"),
            "defaulted": scalar("SELECT COUNT(*) FROM layby_plans WHERE status = 'DEFAULTED'"),
            "journal entries": scalar("SELECT COUNT(*) FROM journal_entries"),
            "fees total": scalar("SELECT SUM(total_fees) FROM layby_plans"),
            "reserved": scalar("SELECT SUM(reserved) FROM pos_stock_levels"),
            "outbox files": digest,
        }


def timed_run(ctx: AppContext, label: str) -> tuple[float, automation.Tally]:
    t0 = time.perf_counter()
    tally = automation.run(ctx, AS_OF)
    seconds = time.perf_counter() - t0
    print(f"{label}: {seconds:6.2f} s  {tally.text()}")
    return seconds, tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laybys", type=int, default=100000)
    parser.add_argument("--keep", action="store_true", help="keep the workspace")
    parser.add_argument("--database-url", default=None, help="e.g. postgresql+psycopg://...")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="layby-bench-"))
    try:
        ctx = setup(root / "ws", args.database_url)
        t0 = time.perf_counter()
        build(ctx, args.laybys)
        if ctx.engine.dialect.name == "postgresql":  # fresh bulk load: give the planner stats
            with ctx.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        print(
            f"built {args.laybys:,} active lay-bys in {time.perf_counter() - t0:.1f} s "
            f"({ctx.engine.dialect.name})"
        )
        with ctx.engine.connect() as conn:
            print(
                "instalments:",
                conn.execute(select(func.count()).select_from(Instalment.__table__)).scalar(),
            )
        first, _ = timed_run(ctx, "first run ")
        after_first = counts(ctx)
        second, tally = timed_run(ctx, "second run")
        after_second = counts(ctx)
        print("after first run: ", after_first)
        unchanged = after_first == after_second and tally.changes == 0
        print("second run changed nothing:", unchanged)
        t0 = time.perf_counter()
        results = service.check(ctx)
        problems = [p for r in results for p in r.problems]
        print(
            f"layby check: {time.perf_counter() - t0:.1f} s, "
            f"{'ok' if not problems else problems[:5]}"
        )
        load = os.getloadavg()
        print(
            f"figures: first {first:.1f} s (target <= 30), second {second:.1f} s "
            f"(target <= 5); load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on "
            f"{os.cpu_count()} cores"
        )
        ctx.dispose()
        return 0 if unchanged and not problems else 1
    finally:
        if args.keep:
            print(f"workspace kept in {root / 'ws'}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
