"""Use cases of the chart of accounts: add one account, install a chart template.

The rules (codes, templates, idempotent install) live in ``chart``; these take a ``Work``
(``@use_case``) and return frozen dataclasses. ``install_chart`` takes the ``AppContext``
because it may install into a tenant other than the invoking one (a new tenant).
"""

from __future__ import annotations

from dataclasses import dataclass

from ledgerctl.context import AppContext
from ledgerctl.core.errors import UsageError
from ledgerctl.ledger import chart
from ledgerctl.ledger.domain import ACCOUNT_TYPES
from ledgerctl.ledger.views import AccountRow
from ledgerctl.work import Work, unit_of_work, use_case


@dataclass(frozen=True)
class ChartInstalled:
    """A chart template installed: how many of its accounts were new."""

    template: str
    added: int


@use_case("ledger.accounts")
def new_account(
    work: Work,
    code: str,
    name: str,
    type_: str,
    parent: str | None = None,
    side: str | None = None,
) -> AccountRow:
    """`ledger account add CODE --name --type`: exit 4 if the code exists."""
    if type_ not in ACCOUNT_TYPES:
        raise UsageError(f"--type {type_!r} must be one of {', '.join(ACCOUNT_TYPES)}")
    return AccountRow.of(chart.add_account(work, code, name, type_, parent, side))


@use_case("ledger.accounts")
def install_template(work: Work, template: str) -> ChartInstalled:
    """`ledger chart install TEMPLATE` in the work's tenant; existing codes are skipped."""
    model = chart.load_template(template, work.ctx.home)
    return ChartInstalled(template, chart.install_into(work, model, template))


def install_chart(
    ctx: AppContext, template: str, *, tenant_slug: str | None = None
) -> ChartInstalled:
    """Install a chart template into a tenant (default: the invoking one), one transaction.

    Idempotent: account codes the tenant already has are skipped. The template is read
    before the transaction opens.
    """
    model = chart.load_template(template, ctx.home)
    with unit_of_work(ctx, "ledger.accounts", tenant_slug=tenant_slug) as work:
        return ChartInstalled(template, chart.install_into(work, model, template))
