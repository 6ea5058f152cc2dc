"""Job names: lower-case letters, digits, '.', '_' or '-', at most 64 characters."""

from __future__ import annotations

import re

from ledgerctl.core.errors import UsageError

JOB_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def check_job_name(name: str) -> str:
    """Return ``name`` if it is a valid job name, else a UsageError saying what is allowed."""
    if not JOB_NAME.match(name):
        raise UsageError(
            f"job name {name!r} must be 1-64 lower-case letters, digits, '.', '_' "
            "or '-', starting with a letter or digit"
        )
    return name
