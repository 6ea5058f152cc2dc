"""Chart of accounts: template rule files (``rules/coa/NAME.yaml``) and account rows.

A template is validated with pydantic; a bad file is reported as ``file:line: field: problem``.
Installing is idempotent: codes the tenant already has are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlmodel import select

from ledgerctl.core.errors import Conflict, NotFound, UsageError
from ledgerctl.ledger.domain import normal_side
from ledgerctl.ledger.tables import Account
from ledgerctl.rules.api import load_rule
from ledgerctl.work import Work

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
AccountType = Literal["asset", "liability", "equity", "income", "expense"]


def check_code(code: str) -> str:
    """An account code: letters, digits, '.', '_' or '-', up to 32 characters."""
    if not CODE.match(code):
        raise UsageError(
            f"account code {code!r} is invalid; use up to 32 letters, digits, "
            "'.', '_' or '-' (e.g. 6100)"
        )
    return code


class TemplateAccount(BaseModel):
    """One account of a template."""

    model_config = ConfigDict(extra="forbid")
    code: str
    name: str = Field(min_length=1, max_length=200)
    type: AccountType
    normal_side: Literal["debit", "credit"] | None = None
    parent: str | None = None

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: object) -> str:
        text = str(value)
        if not CODE.match(text):
            raise ValueError("must be up to 32 letters, digits, '.', '_' or '-'")
        return text


class ChartTemplate(BaseModel):
    """A chart of accounts template file."""

    model_config = ConfigDict(extra="forbid")
    name: str
    currency: str = Field(default="GHS", min_length=3, max_length=3)
    accounts: list[TemplateAccount] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_and_parents(self) -> ChartTemplate:
        codes = [a.code for a in self.accounts]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"account codes repeated: {', '.join(dupes)}")
        for acc in self.accounts:
            if acc.parent is not None and acc.parent not in codes:
                raise ValueError(f"account {acc.code}: parent {acc.parent} is not in the template")
        return self


def load_template(template: str, home: Path | None = None) -> ChartTemplate:
    """Read and validate ``rules/coa/TEMPLATE.yaml`` (workspace override first)."""
    if not re.match(r"^[A-Za-z0-9_-]+$", template):
        raise UsageError(f"chart template {template!r} is not a valid name (e.g. retail)")
    return load_rule(f"coa/{template}.yaml", ChartTemplate, home)


def accounts_by_code(work: Work) -> dict[str, Account]:
    """Every account of the work's tenant, by code."""
    rows = work.session.exec(select(Account).where(Account.tenant_id == work.tenant_id)).all()
    return {a.code: a for a in rows}


def account_row(a: Account) -> dict[str, object]:
    return {
        "code": a.code,
        "name": a.name,
        "type": a.type,
        "normal_side": a.normal_side,
        "parent": a.parent_code or "",
        "status": a.status,
    }


def install_into(work: Work, chart: ChartTemplate, template: str) -> int:
    """Add the template's accounts the tenant does not have yet; returns how many."""
    existing = accounts_by_code(work)
    added = []
    for acc in chart.accounts:
        if acc.code in existing:
            continue
        row = Account(
            tenant_id=work.tenant_id,
            code=acc.code,
            name=acc.name,
            type=acc.type,
            normal_side=acc.normal_side or normal_side(acc.type),
            parent_code=acc.parent,
        )
        work.session.add(row)
        added.append(acc.code)
    if added:
        work.audit(
            "ledger.chart_install", "chart", template, None, {"template": template, "added": added}
        )
    return len(added)


def add_account(
    work: Work, code: str, name: str, type_: str, parent: str | None = None, side: str | None = None
) -> Account:
    """Add one account to the tenant's chart (exit 4 if the code exists)."""
    check_code(code)
    if not name.strip():
        raise UsageError("account name must not be empty; pass --name")
    existing = accounts_by_code(work)
    if code in existing:
        raise Conflict(
            f"account {code} already exists ({existing[code].name}); "
            "see `ledgerctl ledger accounts`"
        )
    if parent is not None and parent not in existing:
        raise NotFound(f"parent account {parent} not found; see `ledgerctl ledger accounts`")
    if side is not None and side not in ("debit", "credit"):
        raise UsageError(f"normal side {side!r} must be debit or credit")
    row = Account(
        tenant_id=work.tenant_id,
        code=code,
        name=name.strip(),
        type=type_,
        normal_side=side or normal_side(type_),
        parent_code=parent,
    )
    work.session.add(row)
    work.session.flush()
    work.audit("ledger.account_add", "account", code, None, account_row(row))
    return row
