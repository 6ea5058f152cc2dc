"""Benchmark of the fiscal device client; builds its own data in a temporary workspace.

    uv run python bench/fdms_bench.py [--receipts 10000] [--audit-receipts 100000] [--keep]

A. Submission: a simulator in its own process (``ledgerctl fdms simulator serve``, HTTPS with
   client certificates on loopback), a registered device, one open day, then ``--receipts``
   receipts issued through ``receipt_service.submit_with`` on one device session (one
   keep-alive HTTPS connection): each is numbered, hash-chained, signed (ECDSA P-256), stored
   before sending, sent, and FDMS's answer (verified RSA signature) recorded. Target at 10,000:
   >= 300 receipts/s end to end. Then close-day over them (counters, signature, polling).
B. Audit: ``--audit-receipts`` receipts written straight into a second workspace with the same
   builder, real device signatures and real FDMS-style RSA signatures (100 receipts per fiscal
   day, closed days with signed counters, audit rows with content hashes), then ``fdms audit``
   as a subprocess. Target at 100,000: <= 10 s.

Set LEDGERCTL_DATABASE_URL to run against Postgres instead of the workspace's SQLite.
The audit is timed twice: as a `ledgerctl` subprocess (what an operator waits for, including
interpreter start-up and imports — slow where PYTHONDONTWRITEBYTECODE keeps Python from
caching compiled modules) and called in-process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

USER = "bench"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ledgerctl(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LEDGERCTL_HOME": str(home), "LEDGERCTL_USER": USER}
    done = subprocess.run(
        [sys.executable, "-m", "ledgerctl.cli", *args], env=env, capture_output=True, text=True
    )
    if check and done.returncode != 0:
        raise SystemExit(
            f"ledgerctl {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}"
        )
    return done


def _workspace(root: Path, name: str) -> Path:
    home = root / name
    home.mkdir()
    _ledgerctl(home, "init", str(home))
    return home


def _configure(home: Path, url: str, ca: Path) -> None:
    from ledgerctl.fdms.keys import new_fernet_key

    settings = home / "ledgerctl.toml"
    settings.write_text(
        settings.read_text()
        + (
            f'\n[ledgerctl.fdms]\nbase_url = "{url}"\nca_bundle = "{ca}"\ndevice_id = 321\n'
            'serial_no = "SN-0001"\nclose_poll_interval = 0.2\n'
        )
    )
    (home / ".env").write_text(f"FDMS_ENCRYPTION_KEY={new_fernet_key()}\n")


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _drafts(count: int) -> list[object]:
    from ledgerctl.fdms.domain.drafts import DraftLine, DraftPayment, ReceiptDraft

    lines = (
        DraftLine(
            "Bread 700g",
            Decimal(2),
            Decimal("1.50"),
            tax_percent=Decimal("15.5"),
            hs_code="19059000",
        ),
        DraftLine(
            "Fresh milk 1L", Decimal(1), Decimal("2.00"), tax_exempt=True, hs_code="04011000"
        ),
    )
    kinds = ("Cash", "Card", "MobileWallet")
    return [
        ReceiptDraft("FiscalInvoice", "USD", lines, (DraftPayment(kinds[i % 3], Decimal("5.00")),))
        for i in range(count)
    ]


def bench_submit(root: Path, count: int) -> None:
    from ledgerctl.context import AppContext
    from ledgerctl.fdms import close, day, registration
    from ledgerctl.fdms.batch import submit_many

    home = _workspace(root, "submit")
    port, state = _free_port(), root / "simulator"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ledgerctl.cli",
            "fdms",
            "simulator",
            "serve",
            "--port",
            str(port),
            "--state-dir",
            str(state),
            "--close-delay",
            "1",
        ],
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            if (state / "tls.pem").exists():
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    pass
            time.sleep(0.1)
        _configure(home, f"https://127.0.0.1:{port}", state / "ca.pem")
        ctx = AppContext(home_option=str(home), user_option=USER)
        registration.register(ctx, 321, "ABCD1234", "SN-0001")
        day.open_day(ctx)
        drafts = _drafts(count)
        server_cpu = _cpu_of(server.pid)
        cpu, started = time.process_time(), time.perf_counter()
        report = submit_many(ctx, drafts)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - started
        cpu, server_cpu = time.process_time() - cpu, _cpu_of(server.pid) - server_cpu
        if report.error or report.accepted != count:
            raise SystemExit(f"only {report.accepted} accepted: {report.error}")
        print(
            f"A. submitted {count:,} receipts over HTTPS (keep-alive) in {elapsed:.1f} s = "
            f"{count / elapsed:,.0f} receipts/s end to end (target >= 300/s)"
        )
        print(
            f"   CPU per receipt: client {cpu / count * 1000:.2f} ms, simulator "
            f"{server_cpu / count * 1000:.2f} ms; load average now "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPU(s)"
        )
        started = time.perf_counter()
        closed = close.close_day(ctx)
        print(
            f"   close-day over {closed.receipts:,} receipts: {closed.status} in "
            f"{time.perf_counter() - started:.1f} s (includes FDMS's 1 s asynchronous close)"
        )
        ctx.dispose()
    finally:
        server.terminate()
        server.wait(timeout=10)


def bench_audit(root: Path, count: int) -> None:
    from bench_fdms_data import build_store  # type: ignore[import-not-found]

    home = _workspace(root, "audit")
    started = time.perf_counter()
    build_store(home, USER, count, root / "authority")
    print(
        f"B. wrote {count:,} signed receipts into a workspace in "
        f"{time.perf_counter() - started:.1f} s (setup, not measured)"
    )
    started = time.perf_counter()
    done = _ledgerctl(home, "fdms", "audit", check=False)
    elapsed = time.perf_counter() - started
    print(
        f"   `ledgerctl fdms audit` over {count:,} receipts: {elapsed:.1f} s, exit "
        f"{done.returncode} (target <= 10 s); load average now {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPU(s); {done.stderr.strip()}"
    )
    print(
        f"   the same audit called in-process (no interpreter start-up or imports): "
        f"{_audit_in_process(home):.1f} s"
    )
    print(
        f"   CPU per receipt of the checks (a sample of 5,000 in one process): "
        f"{_check_cpu(home) * 1000:.3f} ms"
    )
    if done.returncode != 0:
        raise SystemExit(1)


def _audit_in_process(home: Path) -> float:
    from ledgerctl.context import AppContext
    from ledgerctl.fdms.audit import audit

    ctx = AppContext(home_option=str(home), user_option=USER)
    started = time.perf_counter()
    report = audit(ctx)
    elapsed = time.perf_counter() - started
    ctx.dispose()
    if not report.ok:
        raise SystemExit(f"audit found problems: {report.first}")
    return elapsed


def _check_cpu(home: Path) -> float:
    """CPU seconds per receipt of audit_check on the first 5,000 receipts (this process)."""
    from sqlalchemy import create_engine

    from ledgerctl.fdms import audit_check

    url = f"sqlite:///{home / 'ledgerctl.db'}"
    url = os.environ.get("LEDGERCTL_DATABASE_URL", url)
    engine = create_engine(url)
    with engine.connect() as conn:
        tenant, device_pk = conn.exec_driver_sql("SELECT tenant_id, id FROM fdms_devices").one()
        pems = {
            f"device:{i}": p
            for i, p in conn.exec_driver_sql("SELECT id, certificate_pem FROM fdms_certificates")
        }
        pems.update(
            {
                f"server:{t}": p
                for t, p in conn.exec_driver_sql(
                    "SELECT thumbprint, certificate_pem FROM fdms_server_certificates"
                )
            }
        )
        scope = audit_check.Scope(url, tenant, device_pk, 321)
        rows = audit_check.read_rows(conn, scope, 1, 5000)
    engine.dispose()
    started = time.process_time()
    audit_check.check_rows(rows, pems)
    return (time.process_time() - started) / len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receipts", type=int, default=10_000)
    parser.add_argument("--audit-receipts", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="Keep the temporary workspaces.")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    root = Path(tempfile.mkdtemp(prefix="fdms-bench-"))
    print(
        f"workspaces in {root}; {os.cpu_count()} CPU(s); database: "
        f"{os.environ.get('LEDGERCTL_DATABASE_URL', 'SQLite')}"
    )
    try:
        if args.receipts:
            bench_submit(root, args.receipts)
        if args.audit_receipts:
            bench_audit(root, args.audit_receipts)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
