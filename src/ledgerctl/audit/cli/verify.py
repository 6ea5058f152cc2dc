"""`ledgerctl audit verify`: re-hash the tenant's audit chain."""

from __future__ import annotations

import typer

from ledgerctl.console import app_context, message
from ledgerctl.core.errors import IntegrityProblem


def audit_verify(ctx: typer.Context) -> None:
    """Re-hash the tenant's audit chain; exit 5 at the first edited or deleted row."""
    from ledgerctl.audit.verification import verify_audit_chain

    result = verify_audit_chain.run(app_context(ctx))
    if result.problem:
        raise IntegrityProblem(
            f"audit chain of tenant {result.tenant!r} is broken at row {result.problem.seq}: "
            f"{result.problem.reason} ({result.checked} rows before it are intact)"
        )
    message(f"audit chain of tenant {result.tenant!r}: {result.checked} rows intact")
