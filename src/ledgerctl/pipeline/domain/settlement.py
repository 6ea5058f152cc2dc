"""Settlement between owners for one month: who owes whom, and the lines behind it.

Rules (documented in docs/pipeline.md):

- A transaction reviewed as shared ``Y`` is split by ``default_split`` of rules/pipeline.yaml;
  ``S`` gives the owner who paid ``split_pct`` percent and splits the rest equally among the
  other owners. Splits use ``core.money.allocate`` (the parts add up to the cent).
- A money-out transaction whose description contains a settlement keyword is a payment from
  its owner to another owner (the owner named in the description, else — with two owners —
  the other one); it is netted and never counted as an expense.
- Each owner's position = what they paid for shared expenses − their shares + settlement
  payments they made − payments they received. Positive: is owed money.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import allocate

ZERO = Decimal("0.00")


class SettlementRules(Protocol):
    """What settlement needs of rules/pipeline.yaml (``config.PipelineConfig`` has it)."""

    @property
    def owners(self) -> list[str]: ...

    @property
    def settlement_keywords(self) -> list[str]: ...

    def split_weights(self) -> list[Decimal]: ...

    def owner_named(self, text: str) -> str: ...


@dataclass(frozen=True)
class SettleInput:
    """A transaction of the period that may matter for settlement."""

    fingerprint: str
    date: date
    description: str
    amount: Decimal
    currency: str
    owner: str
    shared: str | None
    split_pct: Decimal | None


@dataclass
class SettlementLine:
    """One line behind a settlement: a shared expense, a split one, or a payment."""

    fingerprint: str
    date: date
    description: str
    paid_by: str
    kind: str  # shared | split | payment
    split_pct: Decimal | None
    amount: Decimal  # cost borne together (expense > 0, refund < 0) or payment made
    shares: dict[str, Decimal]
    paid_to: str = ""


@dataclass
class Settlement:
    """Who owes whom for one month, with the lines and notes behind it."""

    period: str
    owners: list[str]
    currency: str
    lines: list[SettlementLine] = field(default_factory=list)
    positions: dict[str, Decimal] = field(default_factory=dict)
    transfers: list[tuple[str, str, Decimal]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def result(self) -> str:
        if not self.transfers:
            return f"{self.period}: nobody owes anything"
        return "; ".join(
            f"{a} owes {b} {amt:,.2f}" + (f" {self.currency}" if self.currency else "")
            for a, b, amt in self.transfers
        )

    def line_rows(self) -> list[dict[str, Any]]:
        rows = []
        for line in self.lines:
            row: dict[str, Any] = {
                "date": line.date,
                "description": line.description,
                "paid_by": line.paid_by,
                "paid_to": line.paid_to,
                "kind": line.kind,
                "split_pct": line.split_pct,
                "amount": line.amount,
            }
            for owner in self.owners:
                row[f"share_{owner}"] = line.shares.get(owner, ZERO)
            row["fingerprint"] = line.fingerprint
            rows.append(row)
        return rows

    def position_rows(self) -> list[dict[str, Any]]:
        return [{"owner": o, "position": self.positions.get(o, ZERO)} for o in self.owners]


def _recipient(config: SettlementRules, payer: str, description: str) -> str:
    text = description.lower()
    named = [o for o in config.owners if o != payer and o.lower() in text]
    if len(named) == 1:
        return named[0]
    others = [o for o in config.owners if o != payer]
    return others[0] if len(others) == 1 else ""


def is_payment(config: SettlementRules, row: SettleInput) -> bool:
    text = row.description.lower()
    return row.amount < 0 and any(k.lower() in text for k in config.settlement_keywords if k)


def compute(config: SettlementRules, period: str, rows: Sequence[SettleInput]) -> Settlement:
    """The settlement of ``period`` from its transactions (pure; no database)."""
    owners = list(config.owners)
    if len(owners) < 2:
        raise UsageError(
            "settlement needs two or more owners; list them under `owners:` in rules/pipeline.yaml"
        )
    currencies = sorted(
        {r.currency for r in rows if r.shared in ("Y", "S") or is_payment(config, r)}
    )
    if len(currencies) > 1:
        raise UsageError(
            f"{period} has shared transactions in {', '.join(currencies)}; "
            "settle one currency at a time is not supported yet"
        )
    currency = currencies[0] if currencies else ""
    out = Settlement(period, owners, currency, positions={o: ZERO for o in owners})
    for row in sorted(rows, key=lambda r: (r.date, r.fingerprint)):
        payer = config.owner_named(row.owner) if row.owner else ""
        if is_payment(config, row):
            if not payer:
                out.notes.append(
                    f"{row.date} {row.description!r}: payment from an account "
                    "with no owner; not counted"
                )
                continue
            to = _recipient(config, payer, row.description)
            if not to:
                out.notes.append(
                    f"{row.date} {row.description!r}: cannot tell which owner "
                    "was paid; name them in the description"
                )
                continue
            paid = -row.amount
            out.positions[payer] += paid
            out.positions[to] -= paid
            out.lines.append(
                SettlementLine(
                    row.fingerprint, row.date, row.description, payer, "payment", None, paid, {}, to
                )
            )
            continue
        if row.shared not in ("Y", "S"):
            continue
        if not payer:
            out.notes.append(
                f"{row.date} {row.description!r}: shared, but its account has no "
                "owner (put the file under csv_inbox/<owner>/); not counted"
            )
            continue
        cost = -row.amount
        if row.shared == "Y":
            weights = config.split_weights()
            kind, pct = "shared", None
        else:
            pct = row.split_pct if row.split_pct is not None else Decimal(50)
            rest = (Decimal(100) - pct) / (len(owners) - 1)
            weights = [pct if o == payer else rest for o in owners]
            kind = "split"
        parts = allocate(cost, weights, row.currency)
        shares = dict(zip(owners, parts, strict=True))
        out.positions[payer] += cost
        for owner, share in shares.items():
            out.positions[owner] -= share
        out.lines.append(
            SettlementLine(
                row.fingerprint, row.date, row.description, payer, kind, pct, cost, shares
            )
        )
    out.transfers = _transfers(out.positions)
    return out


def _transfers(positions: dict[str, Decimal]) -> list[tuple[str, str, Decimal]]:
    """Fewest simple transfers: the largest debtor pays the largest creditor, and so on."""
    debt = sorted(((o, -p) for o, p in positions.items() if p < 0), key=lambda x: -x[1])
    credit = sorted(((o, p) for o, p in positions.items() if p > 0), key=lambda x: -x[1])
    owed = [p for _, p in debt]
    due = [p for _, p in credit]
    out: list[tuple[str, str, Decimal]] = []
    i = j = 0
    while i < len(debt) and j < len(credit):
        amount = min(owed[i], due[j])
        out.append((debt[i][0], credit[j][0], amount))
        owed[i] -= amount
        due[j] -= amount
        if owed[i] == 0:
            i += 1
        if due[j] == 0:
            j += 1
    return out
