"""The pos group's rule files: dated tax regimes (``rules/tax/<country>-*.yaml``) and the
posting map (``rules/pos/accounts.yaml``), validated with pydantic.

A regime is picked by the document's date; a date no regime covers, two regimes covering the
same date, a scheme or tax class a regime does not have: each is an error naming the file or
what to add. Workspace files override shipped ones of the same name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ledgerctl.core.errors import UsageError
from ledgerctl.pos.domain.taxes import TaxRate
from ledgerctl.rules.api import list_rule_files, load_model, load_rule

_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,15}$")
_ACCOUNT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")


class TaxSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    name: str = Field(min_length=1, max_length=100)
    rate: Decimal = Field(ge=0, lt=1)
    base: list[str] = Field(default_factory=list)

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not _CODE.match(value):
            raise ValueError("must be upper-case letters, digits or _ (e.g. VAT, NHIL)")
        return value

    @field_validator("rate", mode="before")
    @classmethod
    def _exact(cls, value: object) -> object:
        if isinstance(value, float):
            raise ValueError('write the rate as a quoted decimal string, e.g. "0.15"')
        return value


class SchemeSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str = ""
    taxes: list[TaxSpec]

    @model_validator(mode="after")
    def _order(self) -> SchemeSpec:
        seen: set[str] = set()
        for tax in self.taxes:
            if tax.code in seen:
                raise ValueError(f"tax {tax.code} is listed twice")
            missing = [b for b in tax.base if b not in seen]
            if missing:
                raise ValueError(
                    f"tax {tax.code}: base {', '.join(missing)} must be a tax listed above it"
                )
            seen.add(tax.code)
        return self


class Regime(BaseModel):
    """One dated tax regime file."""

    model_config = ConfigDict(extra="forbid")
    regime: str = Field(min_length=1, max_length=32)
    country: str = Field(min_length=2, max_length=32)
    currency: str = Field(min_length=3, max_length=3)
    valid_from: date
    valid_to: date | None = None
    schemes: dict[str, SchemeSpec] = Field(min_length=1)
    classes: dict[str, list[str]] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Regime:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        codes = {t.code for s in self.schemes.values() for t in s.taxes}
        for name, listed in self.classes.items():
            unknown = sorted(set(listed) - codes)
            if unknown:
                raise ValueError(f"class {name}: unknown tax {', '.join(unknown)}")
        return self

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def rates(self, scheme: str, tax_class: str) -> tuple[TaxRate, ...]:
        """The taxes a product of ``tax_class`` carries under ``scheme``, in rule order."""
        spec = self.schemes.get(scheme)
        if spec is None:
            raise UsageError(
                f"tax scheme {scheme!r} does not exist in regime {self.regime} "
                f"(schemes: {', '.join(sorted(self.schemes))}); change the tenant's "
                "tax profile with `ledgerctl pos tax-profile set --scheme ...`"
            )
        if tax_class not in self.classes:
            raise UsageError(
                f"tax class {tax_class!r} does not exist in regime {self.regime} "
                f"(classes: {', '.join(sorted(self.classes))})"
            )
        charged = set(self.classes[tax_class])
        return tuple(
            TaxRate(t.code, t.name, t.rate, tuple(t.base)) for t in spec.taxes if t.code in charged
        )


@dataclass(frozen=True)
class RegimeBook:
    """Every regime of one country, with the file each came from."""

    country: str
    regimes: tuple[tuple[Regime, Path], ...]

    def for_date(self, day: date) -> Regime:
        found = [r for r, _ in self.regimes if r.covers(day)]
        if not found:
            raise UsageError(
                f"no {self.country} tax regime is in force on {day.isoformat()}; "
                f"add a rule file rules/tax/{self.country}-YYYY.yaml covering it"
            )
        return found[0]


def _check_overlaps(book: RegimeBook) -> None:
    ordered = sorted(book.regimes, key=lambda item: item[0].valid_from)
    for (a, path_a), (b, path_b) in zip(ordered, ordered[1:], strict=False):
        if a.valid_to is None or a.valid_to >= b.valid_from:
            raise UsageError(
                f"{path_a} and {path_b}: regimes {a.regime} and {b.regime} overlap "
                f"from {b.valid_from}; end the first one the day before"
            )


def _mtimes(files: list[Path]) -> tuple[tuple[str, float], ...]:
    return tuple((str(p), p.stat().st_mtime) for p in files)


@lru_cache(maxsize=16)
def _load_book(country: str, stamp: tuple[tuple[str, float], ...]) -> RegimeBook:
    regimes = []
    for name, _ in stamp:
        path = Path(name)
        regime = load_model(path, Regime)
        if regime.country != country:
            raise UsageError(
                f"{path}: country is {regime.country!r} but the file name says "
                f"{country!r}; fix the file"
            )
        regimes.append((regime, path))
    book = RegimeBook(country, tuple(regimes))
    _check_overlaps(book)
    return book


def regime_book(country: str, home: Path | None) -> RegimeBook:
    """The tax regimes of ``country`` (workspace files first), checked for overlaps."""
    if not re.match(r"^[a-z][a-z0-9_]{1,31}$", country):
        raise UsageError(f"country {country!r} must be lower-case letters (e.g. ghana)")
    files = list_rule_files("tax", home, f"{country}-*.yaml")
    if not files:
        raise UsageError(f"no tax rule files for {country!r}: expected rules/tax/{country}-*.yaml")
    return _load_book(country, _mtimes(files))


class ExtraAccount(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str
    name: str
    type: str


class AccountMap(BaseModel):
    """Where pos documents post (``rules/pos/accounts.yaml``)."""

    model_config = ConfigDict(extra="forbid")
    tenders: dict[str, str] = Field(min_length=1)
    sales: dict[str, str]
    returns: str
    taxes: dict[str, str]
    cost_of_sales: str
    inventory: str
    in_transit: str
    stock_adjustments: str
    receipts_credit: str
    import_posting: Literal["daily", "per_sale"] = "daily"
    extra_accounts: list[ExtraAccount] = Field(default_factory=list)

    @field_validator("tenders", "sales", "taxes")
    @classmethod
    def _codes(cls, value: dict[str, str]) -> dict[str, str]:
        for key, code in value.items():
            if not _ACCOUNT.match(str(code)):
                raise ValueError(f"{key}: {code!r} is not an account code")
        return {k: str(v) for k, v in value.items()}

    def tender_account(self, tender: str) -> str:
        if tender not in self.tenders:
            raise UsageError(
                f"tender {tender!r} has no account in rules/pos/accounts.yaml "
                f"(tenders: {', '.join(self.tenders)})"
            )
        return self.tenders[tender]

    def tax_account(self, code: str) -> str:
        if code not in self.taxes:
            raise UsageError(
                f"tax {code} has no payable account in rules/pos/accounts.yaml; add it under taxes:"
            )
        return self.taxes[code]

    def branch_inventory(self, branch_code: str) -> str:
        """The inventory sub-account of a branch (``1200-ACC-01``)."""
        return f"{self.inventory}-{branch_code}"


def account_map(home: Path | None) -> AccountMap:
    """The posting map of the workspace (its override, else the shipped one)."""
    return load_rule("pos/accounts.yaml", AccountMap, home)
