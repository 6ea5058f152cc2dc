"""``layby create`` inside a Work: check the request against the tenant's rules, price the
items (pos catalog and taxes), take a gapless ``LAY-`` number, charge the creation fees,
build the instalment schedule, reserve the goods (pos stock) and take the deposit.

The agreed price of each item is stored tax-inclusive, so completing the lay-by later sells
it for exactly the total the customer paid whatever the tenant's price convention.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledgerctl.core.errors import UsageError
from ledgerctl.core.money import format_money
from ledgerctl.layby import accounting, domain, payments, store
from ledgerctl.layby.config import current_ruleset, settings_of
from ledgerctl.layby.customers import require_allowed
from ledgerctl.layby.record import LaybyRecord, record_of
from ledgerctl.layby.rules import BusinessRules
from ledgerctl.layby.tables import Fee, Instalment, Layby, LaybyItem
from ledgerctl.pos.api import (
    LineDraft,
    PreparedLine,
    SaleDraft,
    Site,
    line_amount,
    price_sale,
    refuse_closed,
    reserve_stock,
)
from ledgerctl.pos.api import customer as find_customer
from ledgerctl.sequences.api import allocate
from ledgerctl.tenancy.api import Branch
from ledgerctl.work import Work, use_case

NUMBER_SEQUENCE, NUMBER_PATTERN = "layby.number", "LAY-{year}-{n:05d}"
PRICE = Decimal("0.0001")


@dataclass(frozen=True)
class CreateRequest:
    customer: str
    items: tuple[tuple[str, Decimal], ...]
    deposit: domain.DepositSpec
    frequency: str | None
    instalments: int | None
    method: str
    day: date
    branch: str | None = None
    fee_disclosed: bool = True
    reference: str = ""


def _inclusive_price(line: PreparedLine) -> Decimal:
    """The tax-inclusive unit price that reproduces the line's gross exactly."""
    gross = line.taxes.gross
    unit = (gross / line.quantity).quantize(PRICE)
    if line_amount(line.quantity, unit) != gross:
        raise UsageError(
            f"--item {line.product.sku}:{line.quantity}: the price "
            f"{format_money(gross)} cannot be split into a unit price; use a "
            "smaller quantity per line"
        )
    return unit


def _branch_code(work: Work, req: CreateRequest) -> str | None:
    if req.branch:
        return req.branch
    s = settings_of(work)
    if s.branch_id:
        branch = work.session.get(Branch, s.branch_id)
        return branch.code if branch else None
    return None


def _check_limits(rules: BusinessRules, total: Decimal, units: Decimal) -> None:
    lim = rules.limits
    if not lim.min_amount <= total <= lim.max_amount:
        raise UsageError(
            f"the lay-by total {format_money(total)} is outside the "
            f"{rules.business_type} limits {format_money(lim.min_amount)}-"
            f"{format_money(lim.max_amount)}; change the items"
        )
    if not lim.min_items <= units <= lim.max_items:
        raise UsageError(
            f"{units.normalize()} item(s) is outside the {rules.business_type} "
            f"limits of {lim.min_items}-{lim.max_items} items per lay-by"
        )


def _frequency(rules: BusinessRules, asked: str | None) -> str | None:
    allowed = rules.frequencies.allowed
    if asked is None:
        return rules.frequencies.default
    if asked not in allowed:
        options = ", ".join(allowed) or "none (pay in full as the deposit)"
        raise UsageError(
            f"--frequency {asked!r} is not allowed for {rules.business_type} "
            f"lay-bys; allowed: {options}"
        )
    return asked


def _count(
    rules: BusinessRules, req: CreateRequest, frequency: str | None, remaining: Decimal
) -> int:
    if remaining == 0:
        if req.instalments:
            raise UsageError("the deposit pays the lay-by in full; leave out --instalments")
        return 0
    if frequency is None:
        raise UsageError(
            f"{rules.business_type} lay-bys allow no instalments; the deposit "
            "must be the full total (--deposit 100%)"
        )
    most = domain.max_instalments(req.day, frequency, rules.max_duration_days)
    count = req.instalments if req.instalments is not None else most
    if count < 1:
        raise UsageError("--instalments must be at least 1")
    last = domain.due_date(req.day, frequency, count)
    if count > most or (last - req.day).days > rules.max_duration_days:
        raise UsageError(
            f"{count} {frequency} instalments end on {last} ("
            f"{(last - req.day).days} days), over the maximum duration of "
            f"{rules.max_duration_days} days for {rules.business_type} lay-bys; "
            f"use at most {most} instalments"
        )
    return count


def _price(work: Work, req: CreateRequest, branch: str | None) -> tuple[list[PreparedLine], Site]:
    prepared = price_sale(
        work,
        SaleDraft(
            req.day,
            tuple(LineDraft(s, q) for s, q in req.items),
            branch=branch,
            customer=req.customer,
        ),
    )
    return prepared.lines, prepared.site


def _items(work: Work, plan: Layby, lines: list[PreparedLine], branch: str, reserve: bool) -> None:
    for no, line in enumerate(lines, start=1):
        res = (
            reserve_stock(work, branch, line.product.sku, line.quantity, plan.number)
            if reserve
            else None
        )
        work.session.add(
            LaybyItem(
                tenant_id=work.tenant_id,
                layby_id=store.id_of(plan),
                line_no=no,
                product_id=store.id_of(line.product),
                sku=line.product.sku,
                name=line.product.name,
                quantity=line.quantity,
                unit_price=_inclusive_price(line),
                amount=line.taxes.gross,
                reservation_id=res.id if res else None,
            )
        )


def _fees(work: Work, plan: Layby) -> None:
    for kind, amount in (
        ("service", plan.service_fee),
        ("administration", plan.administration_fee),
    ):
        if amount > 0:
            entry = accounting.post_fees(
                work, plan.created_on, f"Lay-by {plan.number} {kind} fee", amount, plan.number
            )
            work.session.add(
                Fee(
                    tenant_id=work.tenant_id,
                    layby_id=store.id_of(plan),
                    kind=kind,
                    amount=amount,
                    charged_on=plan.created_on,
                    entry_number=entry,
                )
            )


@dataclass(frozen=True)
class Terms:
    """What the rules make of a request: money, frequency and the schedule."""

    total: Decimal
    deposit: Decimal
    service: Decimal
    administration: Decimal
    frequency: str | None
    schedule: list[domain.ScheduledPayment]

    @property
    def count(self) -> int:
        return len(self.schedule) - 1


def terms(rules: BusinessRules, req: CreateRequest, lines: list[PreparedLine]) -> Terms:
    """Check the request against the rules and compute deposit, fees and schedule."""
    total = sum((ln.taxes.gross for ln in lines), Decimal("0.00"))
    _check_limits(rules, total, sum((ln.quantity for ln in lines), Decimal(0)))
    frequency = _frequency(rules, req.frequency)
    dep = rules.deposit_percent
    deposit = domain.deposit_amount(total, req.deposit, dep.min, dep.max, dep.default)
    service = domain.percent_of(total, rules.fees.service_percent)
    rest = total + service + rules.fees.administration_fee - deposit
    count = _count(rules, req, frequency, rest)
    return Terms(
        total,
        deposit,
        service,
        rules.fees.administration_fee,
        frequency if count else None,
        domain.schedule(req.day, deposit, rest, frequency, count),
    )


def _plan(
    work: Work, req: CreateRequest, t: Terms, rules: BusinessRules, ids: tuple[int, int, int]
) -> Layby:
    customer_id, branch_id, version_id = ids
    number = allocate(work, NUMBER_SEQUENCE, pattern=NUMBER_PATTERN, reset="yearly", on=req.day)
    plan = Layby(
        tenant_id=work.tenant_id,
        number=number,
        customer_id=customer_id,
        branch_id=branch_id,
        rule_version_id=version_id,
        total_amount=t.total,
        deposit_amount=t.deposit,
        service_fee=t.service,
        administration_fee=t.administration,
        total_fees=t.service + t.administration,
        frequency=t.frequency,
        instalment_count=t.count,
        instalment_amount=t.schedule[1].amount if t.count else Decimal("0.00"),
        late_fee=rules.fees.late_fee,
        late_fee_after_days=rules.fees.late_fee_after_days,
        default_after_missed=rules.default_after_missed,
        fee_disclosed=req.fee_disclosed,
        created_on=req.day,
        created_by=work.actor.name,
    )
    work.session.add(plan)
    work.session.flush()
    return plan


def create(work: Work, req: CreateRequest) -> Layby:
    """Make a lay-by (see the module docstring); everything or nothing."""
    if not req.items:
        raise UsageError("a lay-by needs at least one --item SKU:QTY")
    accounting.check_method(work, req.method)
    party = find_customer(work, req.customer)
    require_allowed(work, party)
    ruleset, version = current_ruleset(work)
    lines, site = _price(work, req, _branch_code(work, req))
    t = terms(ruleset.rules, req, lines)
    refuse_closed(work, [(req.day, "")])
    ids = (store.id_of(party), store.id_of(site.branch), store.id_of(version))
    plan = _plan(work, req, t, ruleset.rules, ids)
    _items(work, plan, lines, site.code, ruleset.rules.reservation == "reserve")
    rows = [
        Instalment(
            tenant_id=work.tenant_id,
            layby_id=store.id_of(plan),
            seq=p.seq,
            due_date=p.due,
            amount=p.amount,
        )
        for p in t.schedule
    ]
    work.session.add_all(rows)
    _fees(work, plan)
    deposit_row = payments.record(
        work, plan, "deposit", t.deposit, req.method, req.day, reference=req.reference
    )
    work.session.flush()
    store.reapply(work, plan, rows)
    work.audit(
        "layby.create",
        "layby",
        plan.number,
        None,
        {
            **store.summary(plan),
            "customer": party.code,
            "branch": site.code,
            "rules": f"{ruleset.label} {version.content_hash[:12]}",
            "deposit": t.deposit,
            "deposit_receipt": deposit_row.receipt_number,
            "frequency": plan.frequency,
            "instalments": [[p.due, p.amount] for p in t.schedule[1:]],
            "items": [[ln.product.sku, ln.quantity, ln.taxes.gross] for ln in lines],
        },
    )
    return plan


@use_case("layby.create")
def create_layby(work: Work, req: CreateRequest) -> LaybyRecord:
    """``layby create``: the new lay-by's full record."""
    return record_of(work, create(work, req))
