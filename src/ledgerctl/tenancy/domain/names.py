"""Tenant ids (slugs), user names and tenant statuses: what is allowed, with clear errors."""

from __future__ import annotations

import re

from ledgerctl.core.errors import UsageError

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_USER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
TENANT_STATUSES = ("active", "suspended", "closed")


def check_slug(slug: str) -> str:
    """``slug`` if it is a valid tenant id, else exit 2 saying what is allowed."""
    if not _SLUG.match(slug):
        raise UsageError(f"tenant id {slug!r} must be lower-case letters, digits, - or _")
    return slug


def check_user_name(name: str) -> str:
    """``name`` if it is a valid user name, else exit 2 saying what is allowed."""
    if not _USER.match(name):
        raise UsageError(f"user name {name!r} must be letters, digits, '.', '_', '@' or '-'")
    return name
