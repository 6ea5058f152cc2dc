"""Statement PDFs: where they go, the template context made from a snapshot, parallel rendering.

``output/billing/statements/<number>.pdf`` for the default tenant,
``output/billing/<tenant>/statements/<number>.pdf`` for the others. A PDF is always rendered
from the statement's frozen snapshot, so it can be re-rendered at any time (a voided one gets
the VOID watermark and the reason).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledgerctl.context import AppContext
from ledgerctl.outputs.api import PdfJob, longdate, render_many

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "statement.html"
STYLESHEETS = ("statement.css",)
PARALLEL_FROM = 12  # documents; fewer are rendered in the calling process by default
MONEY_KEYS = frozenset(
    {
        "amount",
        "charges_total",
        "opening_balance",
        "payments_total",
        "closing_balance",
        "current",
        "d30",
        "d60",
        "d90",
        "credit",
        "balance",
    }
)
DATE_KEYS = frozenset(
    {"date", "issued_on", "period_start", "period_end", "statement_date", "due_date", "as_of"}
)


@dataclass(frozen=True)
class StatementDoc:
    """One statement to render: its snapshot and, when voided, the void details."""

    number: str
    snapshot: dict[str, Any]
    void_on: date | None = None
    void_reason: str = ""


def statements_dir(ctx: AppContext, tenant_slug: str) -> Path:
    base = ctx.home / "output" / "billing"
    if tenant_slug != ctx.settings.default_tenant:
        base = base / tenant_slug
    return base / "statements"


def pdf_path(ctx: AppContext, tenant_slug: str, number: str) -> Path:
    return statements_dir(ctx, tenant_slug) / f"{number}.pdf"


def relative(ctx: AppContext, path: Path) -> str:
    """A path as stored and shown: relative to the workspace."""
    try:
        return path.relative_to(ctx.home).as_posix()
    except ValueError:
        return str(path)


def typed(value: Any, key: str = "") -> Any:
    """Snapshot JSON → template values: money as Decimal, dates as date."""
    if isinstance(value, dict):
        return {k: typed(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    if isinstance(value, str) and key in MONEY_KEYS:
        return Decimal(value)
    if isinstance(value, str) and key in DATE_KEYS:
        return date.fromisoformat(value)
    return value


def aging_labels(edges: list[int]) -> list[str]:
    """``[30, 60, 90]`` → Current (0–29 days), 30–59 days, 60–89 days, 90+ days."""
    first, second, third = edges
    return [
        f"Current (0–{first - 1} days)",
        f"{first}–{second - 1} days",
        f"{second}–{third - 1} days",
        f"{third}+ days",
    ]


def _business(firm: dict[str, Any], home: Path) -> dict[str, Any]:
    logo = firm.get("logo") or ""
    logo_path = (home / logo) if logo else None
    return {
        "name": firm["name"],
        "address_lines": firm["address_lines"],
        "phone": firm["phone"],
        "email": firm["email"],
        "tax_id": firm["tax_id"],
        "logo_path": str(logo_path) if logo_path and logo_path.is_file() else None,
    }


def context(doc: StatementDoc, home: Path) -> dict[str, Any]:
    """The template context of one statement."""
    s = typed(doc.snapshot)
    meta = [
        ("Statement date", longdate(s["statement_date"])),
        ("Period", s["period_label"]),
        ("Client no.", s["client"]["code"]),
        ("Due date", longdate(s["due_date"])),
        ("Currency", s["currency"]),
    ]
    if s["reissue_of"]:
        meta.append(("Replaces", s["reissue_of"]))
    void_info = {"on": doc.void_on, "reason": doc.void_reason} if doc.void_on else None
    return {
        "business": _business(s["firm"], home),
        "s": s,
        "document": {"title": "Statement of account", "number": doc.number, "meta": meta},
        "aging_labels": aging_labels(s["aging"]["edges"]),
        "void": void_info is not None,
        "void_info": void_info,
        "footer_note": f"Issued {longdate(s['issued_on'])} · {s['number']}",
    }


def default_processes() -> int:
    return max(1, os.cpu_count() or 1)


def render(
    ctx: AppContext,
    tenant_slug: str,
    docs: list[StatementDoc],
    *,
    processes: int | None = None,
    progress: Callable[[], None] | None = None,
) -> list[Path]:
    """Write every statement's PDF (in worker processes for batches of ``PARALLEL_FROM``+)."""
    jobs = [
        PdfJob(
            TEMPLATE,
            pdf_path(ctx, tenant_slug, d.number),
            context(d, ctx.home),
            TEMPLATES,
            STYLESHEETS,
        )
        for d in docs
    ]
    if processes is None:  # starting workers costs about as much as a dozen documents
        processes = default_processes() if len(jobs) >= PARALLEL_FROM else 1
    return render_many(jobs, processes, progress)
