"""The layby group's rule files, validated with pydantic.

- ``rules/layby/<type>.yaml``: business rules of one business type (deposit range,
  frequencies, duration, fees, default threshold, limits, reservation, reminders);
- ``rules/layby/jurisdictions.yaml``: cancellation-policy profiles (AU, ZA, GH ...);
- ``rules/layby/accounts.yaml``: where lay-by money posts.

Workspace files override the shipped ones. ``ruleset`` combines a business type's rules with
a jurisdiction profile and fingerprints the result (``content_hash``): a lay-by stores that
version, so a later edit of the files never changes an existing lay-by's terms.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ledgerctl.core.errors import UsageError
from ledgerctl.db.types import canonical_json
from ledgerctl.rules.api import find_rule_file, list_rule_files, load_model, load_rule

FREQUENCIES = ("weekly", "fortnightly", "monthly")
CIRCUMSTANCES = ("death", "hospitalisation")
SPECIAL_FILES = ("jurisdictions.yaml", "accounts.yaml")
_TYPE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_ACCOUNT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")


def _no_float(value: object) -> object:
    if isinstance(value, float):
        raise ValueError('write it as a quoted decimal string, e.g. "10" or "5.00"')
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DepositRule(_Strict):
    min: Decimal = Field(ge=0, le=100)
    max: Decimal = Field(ge=0, le=100)
    default: Decimal = Field(ge=0, le=100)

    _exact = field_validator("min", "max", "default", mode="before")(_no_float)

    @model_validator(mode="after")
    def _ordered(self) -> DepositRule:
        if not self.min <= self.default <= self.max:
            raise ValueError("need min <= default <= max")
        if self.min <= 0:
            raise ValueError("min must be above 0: a lay-by starts with a deposit")
        return self


class FrequencyRule(_Strict):
    allowed: list[Literal["weekly", "fortnightly", "monthly"]]
    default: Literal["weekly", "fortnightly", "monthly"] | None = None

    @model_validator(mode="after")
    def _default_allowed(self) -> FrequencyRule:
        if self.allowed and self.default not in self.allowed:
            raise ValueError("default must be one of the allowed frequencies")
        if not self.allowed and self.default is not None:
            raise ValueError("default must be null when no frequency is allowed")
        return self


class FeeRule(_Strict):
    service_percent: Decimal = Field(ge=0, le=100)
    administration_fee: Decimal = Field(ge=0)
    late_fee: Decimal = Field(ge=0)
    late_fee_after_days: int = Field(ge=0, le=365)
    cancellation_percent: Decimal = Field(ge=0, le=100)
    cancellation_grace_hours: int = Field(ge=0, le=24 * 365)

    _exact = field_validator(
        "service_percent", "administration_fee", "late_fee", "cancellation_percent", mode="before"
    )(_no_float)

    @field_validator("administration_fee", "late_fee")
    @classmethod
    def _cents(cls, value: Decimal) -> Decimal:
        if value != value.quantize(Decimal("0.01")):
            raise ValueError("an amount has at most 2 decimal places")
        return value


class LimitRule(_Strict):
    min_amount: Decimal = Field(ge=0)
    max_amount: Decimal = Field(gt=0)
    min_items: int = Field(ge=1)
    max_items: int = Field(ge=1, le=10000)

    _exact = field_validator("min_amount", "max_amount", mode="before")(_no_float)

    @model_validator(mode="after")
    def _ordered(self) -> LimitRule:
        if self.min_amount > self.max_amount or self.min_items > self.max_items:
            raise ValueError("need min_amount <= max_amount and min_items <= max_items")
        return self


class ReminderRule(_Strict):
    days_before: list[int] = Field(default_factory=lambda: [3, 1, 0])
    overdue_every_days: int = Field(default=7, ge=1, le=365)

    @field_validator("days_before")
    @classmethod
    def _days(cls, value: list[int]) -> list[int]:
        if any(d < 0 or d > 60 for d in value) or len(set(value)) != len(value):
            raise ValueError("days before the due date are distinct whole numbers 0-60")
        return sorted(value, reverse=True)


class BusinessRules(_Strict):
    """One ``rules/layby/<type>.yaml`` file."""

    business_type: str
    version: int = Field(ge=1)
    description: str = ""
    deposit_percent: DepositRule
    frequencies: FrequencyRule
    max_duration_days: int = Field(ge=0, le=3660)
    fees: FeeRule
    default_after_missed: int = Field(ge=1, le=100)
    limits: LimitRule
    reservation: Literal["reserve", "none"] = "reserve"
    auto_complete: bool = False
    reminders: ReminderRule = Field(default_factory=ReminderRule)

    @field_validator("business_type")
    @classmethod
    def _type(cls, value: str) -> str:
        if not _TYPE.match(value):
            raise ValueError("must be lower-case letters, digits, '_' or '-' (e.g. clothing)")
        return value

    @model_validator(mode="after")
    def _instalments_possible(self) -> BusinessRules:
        if self.deposit_percent.max < 100 and not self.frequencies.allowed:
            raise ValueError("frequencies.allowed is empty, so the deposit must be 100%")
        return self


class JurisdictionProfile(_Strict):
    name: str
    fee_cap_percent_of_price: Decimal | None = Field(default=None, ge=0, le=100)
    fee_cap_amount: Decimal | None = Field(default=None, ge=0)
    fee_requires_disclosure: bool = True
    fee_waived_for: list[Literal["death", "hospitalisation"]] = Field(default_factory=list)
    keep_charged_fees: bool = False

    _exact = field_validator("fee_cap_percent_of_price", "fee_cap_amount", mode="before")(_no_float)


class Jurisdictions(_Strict):
    profiles: dict[str, JurisdictionProfile] = Field(min_length=1)

    @field_validator("profiles")
    @classmethod
    def _codes(cls, value: dict[str, JurisdictionProfile]) -> dict[str, JurisdictionProfile]:
        for code in value:
            if not re.match(r"^[A-Z]{2}$", code):
                raise ValueError(f"{code!r}: a jurisdiction is a 2-letter country code (AU)")
        return value


class ExtraAccount(_Strict):
    code: str
    name: str
    type: str


class LaybyAccounts(_Strict):
    """``rules/layby/accounts.yaml``."""

    deposits: str
    fees_receivable: str
    fee_income: str
    cancellation_income: str
    extra_accounts: list[ExtraAccount] = Field(default_factory=list)

    @field_validator("deposits", "fees_receivable", "fee_income", "cancellation_income")
    @classmethod
    def _code(cls, value: str) -> str:
        if not _ACCOUNT.match(str(value)):
            raise ValueError(f"{value!r} is not an account code")
        return str(value)


class RuleSet(_Strict):
    """What a lay-by is made under: business rules plus a jurisdiction's cancellation profile."""

    rules: BusinessRules
    jurisdiction: str
    profile: JurisdictionProfile

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.model_dump(mode="json")).encode()).hexdigest()

    @property
    def label(self) -> str:
        return f"{self.rules.business_type} v{self.rules.version} {self.jurisdiction}"


def check_type(business_type: str) -> str:
    if not _TYPE.match(business_type):
        raise UsageError(
            f"business type {business_type!r} must be lower-case letters "
            "(clothing, hardware, grocery, restaurant, construction, default)"
        )
    if f"{business_type}.yaml" in SPECIAL_FILES:
        raise UsageError(f"{business_type!r} is not a business type")
    return business_type


def business_rules(business_type: str, home: Path | None) -> BusinessRules:
    """Rules of ``business_type`` (workspace file first); error if there is no such file."""
    check_type(business_type)
    try:
        path = find_rule_file(f"layby/{business_type}.yaml", home)
    except UsageError:
        raise UsageError(
            f"no lay-by rules for business type {business_type!r}; types are: "
            f"{', '.join(business_types(home))}"
        ) from None
    rules = load_model(path, BusinessRules)
    if rules.business_type != business_type:
        raise UsageError(
            f"{path}: business_type is {rules.business_type!r} but the file name "
            f"says {business_type!r}; fix the file"
        )
    return rules


def business_types(home: Path | None) -> list[str]:
    """Every business type with a rule file."""
    return [p.stem for p in list_rule_files("layby", home) if p.name not in SPECIAL_FILES]


def jurisdictions(home: Path | None) -> Jurisdictions:
    return load_rule("layby/jurisdictions.yaml", Jurisdictions, home)


def profile(code: str, home: Path | None) -> JurisdictionProfile:
    found = jurisdictions(home).profiles
    if code not in found:
        raise UsageError(
            f"jurisdiction {code!r} has no cancellation profile in "
            f"rules/layby/jurisdictions.yaml (profiles: {', '.join(sorted(found))})"
        )
    return found[code]


def ruleset(business_type: str, jurisdiction: str, home: Path | None) -> RuleSet:
    return RuleSet(
        rules=business_rules(business_type, home),
        jurisdiction=jurisdiction,
        profile=profile(jurisdiction, home),
    )


def accounts(home: Path | None) -> LaybyAccounts:
    return load_rule("layby/accounts.yaml", LaybyAccounts, home)
