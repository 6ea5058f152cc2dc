"""Health checks behind `ledgerctl doctor`: one line per check, all must pass.

Groups add their own checks by defining ``CHECKS`` (a list of functions taking an
AppContext and returning a ``Check``) in a ``ledgerctl.<group>.health`` module.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from ledgerctl.context import AppContext
from ledgerctl.core.errors import LedgerError
from ledgerctl.workspace.settings import WORKSPACE_DIRS

MIN_FREE_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True)
class Check:
    """The result of one health check: its name, whether it passed, and what it found."""

    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class DoctorReport:
    """Every check's result, kernel first; ``failed`` counts the ones that did not pass."""

    checks: tuple[Check, ...]

    @property
    def failed(self) -> int:
        return sum(not c.ok for c in self.checks)


def check_database(ctx: AppContext) -> Check:
    """The database named by the settings answers."""
    try:
        engine = ctx.engine
    except LedgerError as exc:
        return Check("database", False, exc.message)
    return Check("database", True, f"{engine.dialect.name} reachable")


def check_migrations(ctx: AppContext) -> Check:
    """The database is migrated to the code's head revision."""
    from ledgerctl.db import migrate

    try:
        current, head = migrate.current_revision(ctx.engine), migrate.head_revision(ctx.engine)
    except LedgerError as exc:
        return Check("migrations", False, exc.message)
    if current != head:
        return Check(
            "migrations",
            False,
            f"database at {current or 'nothing'}, code at {head}; run `ledgerctl db upgrade`",
        )
    return Check("migrations", True, f"at head {head}")


def check_folders(ctx: AppContext) -> Check:
    """Every workspace folder exists and is writable."""
    bad = []
    for name in WORKSPACE_DIRS:
        folder = ctx.home / name
        try:
            folder.mkdir(exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder):
                pass
        except OSError as exc:
            bad.append(f"{name}/ ({exc.strerror})")
    if bad:
        return Check("folders", False, "not writable: " + ", ".join(bad))
    return Check("folders", True, "workspace folders writable")


def check_disk(ctx: AppContext) -> Check:
    """At least 0.5 GiB free where the workspace lives."""
    free = shutil.disk_usage(ctx.home).free
    ok = free >= MIN_FREE_BYTES
    detail = f"{free / 1024**3:.1f} GiB free"
    return Check("disk", ok, detail if ok else detail + "; free some space (need 0.5 GiB)")


def check_pdf_engine(ctx: AppContext) -> Check:
    """WeasyPrint renders about 5x faster when Debian's libharfbuzz-subset0 is installed."""
    from ledgerctl.outputs.api import harfbuzz_subset_available

    if harfbuzz_subset_available():
        return Check("pdf", True, "libharfbuzz-subset found (fast PDF font subsetting)")
    return Check(
        "pdf",
        True,
        "libharfbuzz-subset missing: PDFs render about 5x slower; "
        "install it (Debian/Ubuntu: apt-get install libharfbuzz-subset0)",
    )


def all_checks() -> list[Callable[[AppContext], Check]]:
    """The kernel's checks, then every group's ``health.CHECKS``."""
    from ledgerctl.plugins import contributions

    kernel: list[Callable[[AppContext], Check]] = [
        check_database,
        check_migrations,
        check_folders,
        check_disk,
        check_pdf_engine,
    ]
    groups = cast(list[Callable[[AppContext], Check]], contributions("health", "CHECKS"))
    return kernel + groups


def run_checks(ctx: AppContext) -> DoctorReport:
    """Run every check; a check that raises a LedgerError is reported as failed, not raised."""
    results = []
    for check in all_checks():
        try:
            results.append(check(ctx))
        except LedgerError as exc:
            results.append(Check(check.__name__.removeprefix("check_"), False, exc.message))
    return DoctorReport(tuple(results))
