"""``rules/pipeline.yaml``: owners, default split, settlement keywords, review categories."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ledgerctl.rules.api import find_rule_file, load_model


class PipelineConfig(BaseModel):
    """The validated content of rules/pipeline.yaml."""

    model_config = ConfigDict(extra="forbid")

    owners: list[str] = Field(default_factory=list)
    default_split: dict[str, Decimal] = Field(default_factory=dict)
    settlement_keywords: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)

    @field_validator("owners")
    @classmethod
    def _unique_owners(cls, owners: list[str]) -> list[str]:
        cleaned = [o.strip() for o in owners]
        if any(not o for o in cleaned):
            raise ValueError("an owner name is empty")
        if len({o.lower() for o in cleaned}) != len(cleaned):
            raise ValueError("an owner is listed twice")
        return cleaned

    @model_validator(mode="after")
    def _split_owners(self) -> PipelineConfig:
        for name, weight in self.default_split.items():
            if name not in self.owners:
                raise ValueError(f"default_split names {name!r}, who is not one of the owners")
            if weight < 0:
                raise ValueError(f"default_split of {name!r} is negative")
        if self.default_split and sum(self.default_split.values()) == 0:
            raise ValueError("default_split weights are all zero")
        return self

    def split_weights(self) -> list[Decimal]:
        """Weights of each owner (in ``owners`` order) for an expense marked Y."""
        if not self.default_split:
            return [Decimal(1)] * len(self.owners)
        return [self.default_split.get(o, Decimal(0)) for o in self.owners]

    def owner_named(self, text: str) -> str:
        """The configured owner spelled like ``text`` (case-insensitive), or ''."""
        wanted = text.strip().lower()
        return next((o for o in self.owners if o.lower() == wanted), "")


def load_config(home: Path | None) -> PipelineConfig:
    """rules/pipeline.yaml of the workspace, else the shipped default."""
    return load_model(find_rule_file("pipeline.yaml", home), PipelineConfig)


def lookup_categories(home: Path | None) -> list[str]:
    """The categories named in rules/merchant_lookup.csv (its ``category`` column)."""
    from ledgerctl.pipeline.merchants import MerchantLookup

    return sorted({r.category.strip() for r in MerchantLookup.load(home).rules} - {""})


def review_categories(home: Path | None, config: PipelineConfig | None = None) -> list[str]:
    """Every category an analyst may pick: pipeline.yaml's list, then the lookup's, no repeats."""
    config = config or load_config(home)
    seen: dict[str, str] = {}
    for name in [*config.categories, *lookup_categories(home)]:
        seen.setdefault(name.strip().lower(), name.strip())
    return [v for v in seen.values() if v]
