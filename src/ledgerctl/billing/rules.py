"""The billing rule file (``rules/billing.yaml``): accounts, payment methods, numbering, terms.

Loaded with the workspace override first; a bad file is reported as ``path:LINE: field: msg``
(exit 2) by ``ledgerctl.rules.loader``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from ledgerctl.core.errors import UsageError
from ledgerctl.rules.api import load_rule
from ledgerctl.sequences.api import validate_definition, validate_name

RULE_FILE = "billing.yaml"


class BillingAccounts(BaseModel):
    """Ledger account codes billing posts to."""

    model_config = ConfigDict(extra="forbid")
    receivable: str = Field(min_length=1, max_length=32)
    fee_income: str = Field(min_length=1, max_length=32)
    disbursement_income: str = Field(min_length=1, max_length=32)


class Numbering(BaseModel):
    """The gapless sequence issued statements take their numbers from."""

    model_config = ConfigDict(extra="forbid")
    sequence: str = "soa"
    reset: Literal["never", "yearly", "monthly"] = "yearly"  # before pattern: it checks both
    pattern: str = "SOA-{year}-{n:05d}"

    @field_validator("sequence")
    @classmethod
    def _name(cls, value: str) -> str:
        _as_value_error(validate_name, value)
        return value

    @field_validator("pattern")
    @classmethod
    def _pattern(cls, value: str, info: ValidationInfo) -> str:
        _as_value_error(validate_definition, value, info.data.get("reset", "yearly"))
        return value


def _as_value_error(check: Callable[..., None], *args: str) -> None:
    """Run a kernel validator; turn its UsageError into the ValueError pydantic reports."""
    try:
        check(*args)
    except UsageError as exc:
        raise ValueError(exc.message) from None


class BillingRules(BaseModel):
    """The whole ``billing.yaml``."""

    model_config = ConfigDict(extra="forbid")
    accounts: BillingAccounts
    payment_methods: dict[str, str] = Field(min_length=1)
    numbering: Numbering = Numbering()
    terms_days: int = Field(default=14, ge=0, le=365)
    aging_days: tuple[int, int, int] = (30, 60, 90)
    proration: Literal["daily", "none"] = "daily"
    retainer_label: str = Field(default="Monthly retainer", min_length=1, max_length=100)
    payment_instructions: str = ""

    @field_validator("aging_days")
    @classmethod
    def _increasing(cls, value: tuple[int, int, int]) -> tuple[int, int, int]:
        if not 0 < value[0] < value[1] < value[2]:
            raise ValueError("must be three increasing day counts above 0, e.g. [30, 60, 90]")
        return value

    @field_validator("payment_methods")
    @classmethod
    def _methods(cls, value: dict[str, str]) -> dict[str, str]:
        for name, code in value.items():
            if not name.isidentifier() or not name.islower():
                raise ValueError(f"method {name!r} must be a lower-case word (e.g. bank)")
            if not str(code).strip():
                raise ValueError(f"method {name!r} needs an account code")
        return {name: str(code) for name, code in value.items()}

    def method_account(self, method: str) -> str:
        """The account a payment method debits; exit 2 naming the known methods."""
        if method not in self.payment_methods:
            known = ", ".join(sorted(self.payment_methods))
            raise UsageError(
                f"--method {method!r} is not a payment method; use one of {known} "
                "(rules/billing.yaml payment_methods)"
            )
        return self.payment_methods[method]


def load_rules(home: Path | None) -> BillingRules:
    """The workspace's billing rules (its ``rules/billing.yaml``, else the shipped one)."""
    return load_rule(RULE_FILE, BillingRules, home)
