"""Use cases of ``pos tax-profile``: the tenant's tax country, scheme, TIN and price
conventions (the scheme must exist in some regime of the country's rule files)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ledgerctl.core.errors import UsageError
from ledgerctl.pos.domain.taxes import PRICE_MODES
from ledgerctl.pos.lookup import tax_profile
from ledgerctl.pos.rules import regime_book
from ledgerctl.pos.tables import TaxProfile
from ledgerctl.work import Work, use_case


@dataclass(frozen=True)
class TaxProfileView:
    country: str
    scheme: str
    tin: str
    retail_prices: str
    wholesale_prices: str
    fiscal_year_end: str


def profile_view(p: TaxProfile) -> TaxProfileView:
    return TaxProfileView(
        p.country, p.scheme, p.tin, p.retail_prices, p.wholesale_prices, p.fiscal_year_end
    )


@use_case("pos.read", write=False)
def show_tax_profile(work: Work) -> TaxProfileView:
    """The tenant's tax profile (the defaults when none was set)."""
    return profile_view(tax_profile(work))


@use_case("pos.setup")
def set_tax_profile(
    work: Work,
    *,
    country: str | None = None,
    scheme: str | None = None,
    tin: str | None = None,
    retail_prices: str | None = None,
    wholesale_prices: str | None = None,
) -> TaxProfileView:
    """Create or change the tenant's tax profile; the scheme must exist in some regime."""
    from ledgerctl.core.clock import utcnow

    profile = tax_profile(work)
    before = asdict(profile_view(profile)) if profile.id else None
    for mode in (retail_prices, wholesale_prices):
        if mode is not None and mode not in PRICE_MODES:
            raise UsageError(f"price convention {mode!r} must be inclusive or exclusive")
    profile.country = country or profile.country
    profile.scheme = scheme or profile.scheme
    book = regime_book(profile.country, work.ctx.home)
    if not any(profile.scheme in r.schemes for r, _ in book.regimes):
        raise UsageError(
            f"tax scheme {profile.scheme!r} is in no {profile.country} regime; "
            "schemes: " + ", ".join(sorted({s for r, _ in book.regimes for s in r.schemes}))
        )
    profile.tin = tin if tin is not None else profile.tin
    profile.retail_prices = retail_prices or profile.retail_prices
    profile.wholesale_prices = wholesale_prices or profile.wholesale_prices
    profile.updated_at = utcnow()
    work.session.add(profile)
    work.session.flush()
    view = profile_view(profile)
    work.audit("pos.tax_profile.set", "tax_profile", work.tenant.slug, before, asdict(view))
    return view
