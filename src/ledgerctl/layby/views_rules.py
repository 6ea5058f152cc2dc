"""`layby rules show`: the rules new lay-bys are made under, one row per rule with its value."""

from __future__ import annotations

from dataclasses import dataclass

from ledgerctl.layby.rules import RuleSet
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class RuleRow:
    rule: str
    value: str


@dataclass(frozen=True)
class RulesShown:
    """The rule set's rows and the business types there are rules for."""

    types: tuple[str, ...]
    rules: tuple[RuleRow, ...]


@use_case("layby.read", write=False)
def show_rules(work: Work, business_type: str | None) -> RulesShown:
    """The rules of ``business_type`` (default: the tenant's) under its jurisdiction."""
    from ledgerctl.layby import config, rules

    s = config.settings_of(work)
    ruleset = rules.ruleset(business_type or s.business_type, s.jurisdiction, work.ctx.home)
    return RulesShown(tuple(rules.business_types(work.ctx.home)), tuple(rule_rows(ruleset)))


def rule_rows(ruleset: RuleSet) -> list[RuleRow]:
    r, p = ruleset.rules, ruleset.profile
    f = r.fees
    rows = [
        ("business type", r.business_type),
        ("version", r.version),
        ("content hash", ruleset.content_hash),
        ("description", r.description),
        (
            "deposit % min / max / default",
            f"{r.deposit_percent.min} / {r.deposit_percent.max} / {r.deposit_percent.default}",
        ),
        ("frequencies", ", ".join(r.frequencies.allowed) or "none (deposit pays in full)"),
        ("default frequency", r.frequencies.default or "-"),
        ("maximum duration (days)", r.max_duration_days),
        ("service fee % of total", f.service_percent),
        ("administration fee", f.administration_fee),
        ("late fee per overdue instalment", f.late_fee),
        ("late fee charged days after due", f.late_fee_after_days),
        ("cancellation fee % of amount paid", f.cancellation_percent),
        ("no cancellation fee within (hours)", f.cancellation_grace_hours),
        ("default after missed instalments", r.default_after_missed),
        ("amount limits", f"{r.limits.min_amount} - {r.limits.max_amount}"),
        ("item limits", f"{r.limits.min_items} - {r.limits.max_items}"),
        ("reservation", r.reservation),
        ("auto complete at zero balance", r.auto_complete),
        ("reminders (days before due)", ", ".join(str(d) for d in r.reminders.days_before)),
        ("overdue notice every (days)", r.reminders.overdue_every_days),
        ("jurisdiction", f"{ruleset.jurisdiction}: {p.name}"),
        ("fee cap % of price", p.fee_cap_percent_of_price or "-"),
        ("fee cap amount", p.fee_cap_amount or "-"),
        ("fee requires disclosure", p.fee_requires_disclosure),
        ("no fee for", ", ".join(p.fee_waived_for) or "-"),
        ("keep fees already charged", p.keep_charged_fees),
        ("deposit forfeited", "never"),
        ("fee when the business cancels", "never"),
    ]
    return [RuleRow(k, str(v)) for k, v in rows]
