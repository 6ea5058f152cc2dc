"""Roles → permissions, read from the ``roles.yaml`` rule file; permission matching."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ledgerctl.rules.api import load_rule
from ledgerctl.tenancy.domain import grants


class Role(BaseModel):
    """A role of roles.yaml: what it is for and the permission patterns it grants."""

    model_config = ConfigDict(extra="forbid")
    description: str = ""
    permissions: list[str] = Field(min_length=1)


class RoleBook(BaseModel):
    """Every role of the workspace by name."""

    model_config = ConfigDict(extra="forbid")
    roles: dict[str, Role]


@lru_cache(maxsize=8)
def role_book(home: Path | None) -> RoleBook:
    """The roles of the workspace (its rules/roles.yaml, else the shipped one)."""
    return load_rule("roles.yaml", RoleBook, home)


def role_allows(book: RoleBook, roles: list[str], permission: str) -> bool:
    """True when any of the roles grants the permission."""
    for name in roles:
        role = book.roles.get(name)
        if role and any(grants(p, permission) for p in role.permissions):
            return True
    return False
