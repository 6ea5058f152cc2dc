"""The tenant's lay-by configuration (business type, jurisdiction, default branch) and the
rule versions lay-bys are created under (inside a Work).

``current_ruleset`` reads the rule files for the tenant's type and jurisdiction and returns
the ``layby_rule_versions`` row for their exact content, adding it the first time that
content is used: every lay-by points at the rules it was made under.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import NotFound
from ledgerctl.layby import rules
from ledgerctl.layby.rules import RuleSet
from ledgerctl.layby.tables import LaybySettings, RuleVersion
from ledgerctl.ledger.api import accounts_by_code, add_account
from ledgerctl.tenancy.api import Branch
from ledgerctl.work import Work, use_case

DEFAULT_JURISDICTION = {"AUD": "AU", "ZAR": "ZA", "GHS": "GH"}


@dataclass(frozen=True)
class LaybyConfig:
    """The tenant's lay-by configuration (`layby config`)."""

    business_type: str
    jurisdiction: str
    branch: str
    updated_by: str
    updated_at: datetime | None


@dataclass(frozen=True)
class ConfigChange:
    """`layby config` options: each one given changes that setting."""

    business_type: str | None = None
    jurisdiction: str | None = None
    branch: str | None = None

    @property
    def changes(self) -> bool:
        return any(v is not None for v in (self.business_type, self.jurisdiction, self.branch))


def settings_of(work: Work) -> LaybySettings:
    """The tenant's settings row (defaults when none was saved: type ``default``, the
    jurisdiction of the tenant's currency, GH otherwise)."""
    found = work.session.exec(
        select(LaybySettings).where(LaybySettings.tenant_id == work.tenant_id)
    ).first()
    if found is not None:
        return found
    return LaybySettings(
        tenant_id=work.tenant_id,
        business_type="default",
        jurisdiction=DEFAULT_JURISDICTION.get(work.tenant.base_currency, "GH"),
    )


def config_of(work: Work, s: LaybySettings) -> LaybyConfig:
    branch = work.session.get(Branch, s.branch_id) if s.branch_id else None
    return LaybyConfig(
        s.business_type,
        s.jurisdiction,
        branch.code if branch else "",
        s.updated_by,
        s.updated_at if s.id else None,
    )


def settings_row(work: Work, s: LaybySettings) -> dict[str, object]:
    """The settings as an audit row."""
    return dataclasses.asdict(config_of(work, s))


def configure(
    work: Work, business_type: str | None, jurisdiction: str | None, branch: str | None
) -> LaybySettings:
    """Change the tenant's business type, jurisdiction or lay-by branch (checked first)."""
    current = settings_of(work)
    before = settings_row(work, current) if current.id else None
    if business_type is not None:
        rules.business_rules(business_type, work.ctx.home)
        current.business_type = business_type
    if jurisdiction is not None:
        rules.profile(jurisdiction.upper(), work.ctx.home)
        current.jurisdiction = jurisdiction.upper()
    if branch is not None:
        from ledgerctl.pos.api import site

        current.branch_id = site(work, branch).branch.id
    current.updated_at, current.updated_by = utcnow(), work.actor.name
    work.session.add(current)
    work.session.flush()
    work.audit(
        "layby.config", "layby_settings", work.tenant.slug, before, settings_row(work, current)
    )
    return current


@use_case("layby.read", write=False)
def read_config(work: Work) -> LaybyConfig:
    """`layby config` without options."""
    return config_of(work, settings_of(work))


@use_case("layby.admin")
def change_config(work: Work, change: ConfigChange) -> LaybyConfig:
    """`layby config --business-type/--jurisdiction/--branch`."""
    current = configure(work, change.business_type, change.jurisdiction, change.branch)
    return config_of(work, current)


def current_ruleset(work: Work) -> tuple[RuleSet, RuleVersion]:
    """The rules new lay-bys are made under, and their version row (added if new)."""
    s = settings_of(work)
    ruleset = rules.ruleset(s.business_type, s.jurisdiction, work.ctx.home)
    digest = ruleset.content_hash
    row = work.session.exec(
        select(RuleVersion).where(
            RuleVersion.tenant_id == work.tenant_id, RuleVersion.content_hash == digest
        )
    ).first()
    if row is None:
        row = RuleVersion(
            tenant_id=work.tenant_id,
            business_type=s.business_type,
            version=ruleset.rules.version,
            jurisdiction=s.jurisdiction,
            content_hash=digest,
            content=ruleset.model_dump(mode="json"),
        )
        work.session.add(row)
        work.session.flush()
        work.audit(
            "layby.rules.version",
            "layby_rule_version",
            f"{ruleset.label} {digest[:12]}",
            None,
            {
                "business_type": s.business_type,
                "version": ruleset.rules.version,
                "jurisdiction": s.jurisdiction,
                "content_hash": digest,
            },
        )
    return ruleset, row


def ruleset_of(work: Work, rule_version_id: int) -> tuple[RuleSet, RuleVersion]:
    """The rules a lay-by was created under."""
    row = work.session.get(RuleVersion, rule_version_id)
    if row is None or row.tenant_id != work.tenant_id:
        raise NotFound(f"lay-by rule version {rule_version_id} not found")
    return RuleSet.model_validate(row.content), row


def ensure_accounts(work: Work) -> rules.LaybyAccounts:
    """The posting map, after adding its extra accounts the tenant's chart lacks."""
    amap = rules.accounts(work.ctx.home)
    existing = accounts_by_code(work)
    for acc in amap.extra_accounts:
        if acc.code not in existing:
            add_account(work, acc.code, acc.name, acc.type)
    return amap
