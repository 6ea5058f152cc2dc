"""A rule set as rows for `layby rules show` (one row per rule, with its value)."""

from __future__ import annotations

from ledgerctl.layby.rules import RuleSet


def rule_rows(ruleset: RuleSet) -> list[dict[str, object]]:
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
    return [{"rule": k, "value": str(v)} for k, v in rows]
