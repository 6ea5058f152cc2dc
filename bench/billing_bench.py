"""Benchmark of billing; builds its own data in a temporary SQLite workspace.

    uv run python bench/billing_bench.py [--clients 5000] [--statements 1000] [--processes N]
                                         [--keep]

A. Retainer cycle: ``--clients`` clients with monthly retainers (one in five also has an
   unbilled disbursement, one in ten starts mid-month) → ``billing.workflows.run_cycle`` for one
   month, no PDFs (job run, lock, drafts, lines, audit). Target at 5,000 clients: <= 10 s.
   A second run of the same month must make nothing (timed too).
B. Issuing: ``--statements`` of those drafts issued with ``billing.workflows.issue`` (numbers,
   snapshots, postings, audit, then the PDFs in ``--processes`` worker processes; default one
   per CPU). Target at 1,000 statements: <= 60 s on 2 cores. Then the same PDFs re-rendered
   in one process and again in parallel, to show the speed-up in the same run.

Prints figures and checks the results (drafts, numbers, PDFs, ledger balance); exits 1 if a
check fails. Timings are not asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, select

from ledgerctl.billing import workflows as service
from ledgerctl.billing.documents import default_processes
from ledgerctl.billing.tables import BillingClient, Charge, Retainer, Statement
from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.outputs.pdf import harfbuzz_subset_available
from ledgerctl.tenancy.service import init_workspace
from ledgerctl.tenancy.tables import Party
from ledgerctl.work import unit_of_work

USER = "bench"
PERIOD = "2026-02"


def make_workspace(root: Path) -> AppContext:
    home = root / "billing-bench"
    boot = AppContext(user_option=USER)
    init_workspace(home, boot, tenant_name="Bench Associates", coa_template="services")
    boot.dispose()
    return AppContext(home_option=str(home), user_option=USER)


def _ids(work, table, rows: list[dict]) -> list[int]:  # type: ignore[no-untyped-def]
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [r[0] for r in work.session.connection().execute(stmt, rows)]


def build_clients(ctx: AppContext, count: int) -> None:
    """``count`` customers, billing clients, retainers and some disbursements, in bulk."""
    now = utcnow()
    with unit_of_work(ctx, "billing.client") as work:
        tid = work.tenant_id
        parties = _ids(
            work,
            Party.__table__,
            [  # type: ignore[attr-defined]
                {
                    "tenant_id": tid,
                    "code": f"C{i:05d}",
                    "name": f"Client {i:05d} Ltd",
                    "kind": "customer",
                    "email": f"c{i}@example.com",
                    "phone": "",
                    "address": f"PO Box {i}\nAccra",
                    "tax_id": "",
                    "currency": "GHS",
                    "status": "active",
                    "created_at": now,
                }
                for i in range(count)
            ],
        )
        clients = _ids(
            work,
            BillingClient.__table__,
            [  # type: ignore[attr-defined]
                {
                    "tenant_id": tid,
                    "party_id": pid,
                    "contact_name": "",
                    "contact_email": "",
                    "currency": "GHS",
                    "terms_days": None,
                    "status": "active",
                    "created_at": now,
                    "created_by": USER,
                }
                for pid in parties
            ],
        )
        conn = work.session.connection()
        conn.execute(
            insert(Retainer.__table__),
            [  # type: ignore[attr-defined]
                {
                    "tenant_id": tid,
                    "client_id": cid,
                    "amount": Decimal(500 + i % 2000),
                    "start_date": date(2026, 2, 11) if i % 10 == 0 else date(2025, 1, 1),
                    "end_date": None,
                    "description": "Monthly retainer",
                    "status": "active",
                    "created_at": now,
                    "created_by": USER,
                }
                for i, cid in enumerate(clients)
            ],
        )
        conn.execute(
            insert(Charge.__table__),
            [  # type: ignore[attr-defined]
                {
                    "tenant_id": tid,
                    "client_id": cid,
                    "charge_date": date(2026, 2, 9),
                    "kind": "disbursement",
                    "description": "Courier",
                    "amount": Decimal("45.50"),
                    "statement_id": None,
                    "created_at": now,
                    "created_by": USER,
                }
                for i, cid in enumerate(clients)
                if i % 5 == 0
            ],
        )


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - t0


def draft_ids(ctx: AppContext, limit: int) -> list[str]:
    with unit_of_work(ctx, "billing.read", write=False) as work:
        rows = work.session.exec(
            select(Statement.id)
            .where(  # type: ignore[call-overload]
                Statement.tenant_id == work.tenant_id, Statement.status == "draft"
            )
            .order_by(Statement.id)
            .limit(limit)
        ).all()
        return [str(r[0]) for r in rows]


def bench_cycle(ctx: AppContext, clients: int) -> bool:
    build_clients(ctx, clients)
    first, seconds = timed(service.run_cycle, ctx, PERIOD)
    again, rerun = timed(service.run_cycle, ctx, PERIOD)
    print(
        f"A. retainer cycle, {clients:,} clients: {first.created:,} drafts in "
        f"{seconds:.2f} s (target <= 10 s at 5,000); rerun made {again.created} in "
        f"{rerun:.2f} s"
    )
    return first.created == clients and again.created == 0 and again.already == clients


def bench_issue(ctx: AppContext, count: int, processes: int) -> bool:
    refs = draft_ids(ctx, count)
    result, seconds = timed(
        service.issue, ctx, refs, None, processes=processes, issued_on=date(2026, 3, 2)
    )
    ok = len(result.numbers) == len(refs) == len(result.pdfs) and all(
        p.stat().st_size > 10_000 for p in result.pdfs
    )
    print(
        f"B. issue {len(refs):,} statements with PDFs ({processes} processes): "
        f"{seconds:.2f} s (target <= 60 s at 1,000 on 2 cores); "
        f"{result.numbers[0]} .. {result.numbers[-1]}"
    )
    cpu = time.process_time()
    serial, one = timed(service.render_pdfs, ctx, result.numbers, None, False, processes=1)
    cpu = time.process_time() - cpu
    parallel, many = timed(
        service.render_pdfs, ctx, result.numbers, None, False, processes=processes
    )
    print(
        f"   PDFs only: 1 process {one:.2f} s ({one / len(serial) * 1000:.0f} ms each, "
        f"{cpu / len(serial) * 1000:.0f} ms CPU each), {processes} processes {many:.2f} s: "
        f"speed-up x{one / many:.2f}"
    )
    return ok and len(serial) == len(parallel) == len(refs)


def check_ledger(ctx: AppContext) -> bool:
    """Receivable in the ledger = total of the issued statements."""
    from ledgerctl.ledger.api import balances

    balance = balances.run(ctx, "1100", None)
    with unit_of_work(ctx, "billing.read", write=False) as work:
        issued = sum(
            work.session.exec(
                select(Statement.total).where(  # type: ignore[call-overload]
                    Statement.tenant_id == work.tenant_id, Statement.status == "issued"
                )
            ).scalars(),
            Decimal(0),
        )
    ar = balance[0].balance if balance else Decimal(0)
    print(f"   ledger receivable {ar} = issued statements {issued}: {ar == issued}")
    return ar == issued


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=default_processes())
    parser.add_argument("--keep", action="store_true", help="Keep the workspace.")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="billing-bench-"))
    print(
        f"billing bench: {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f}, "
        f"libharfbuzz-subset {'found' if harfbuzz_subset_available() else 'missing'}, "
        f"workspace {root}"
    )
    ctx = make_workspace(root)
    try:
        ok = bench_cycle(ctx, args.clients)
        ok = bench_issue(ctx, min(args.statements, args.clients), args.processes) and ok
        ok = check_ledger(ctx) and ok
    finally:
        ctx.dispose()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print(
        f"load average at the end {os.getloadavg()[0]:.1f}; "
        + ("checks: ok" if ok else "checks: FAILED")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
