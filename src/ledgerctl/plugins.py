"""Find what each group contributes to the kernel: health checks, integrity checks, jobs.

A group contributes by defining a module with a known name, e.g. ``ledgerctl.pos.health``
(``CHECKS``), ``ledgerctl.pos.integrity`` (``CHECKS``) or ``ledgerctl.pos.schedule``
(``JOBS``). A group without that module contributes nothing; an import error inside an
existing module is raised, not hidden.
"""

from __future__ import annotations

import importlib
from types import ModuleType

GROUPS = (
    "tenancy",
    "audit",
    "ledger",
    "sequences",
    "jobs",
    "outputs",
    "billing",
    "fdms",
    "pos",
    "layby",
    "pipeline",
    "backup",
)  # a group comes after the groups it builds on


def group_modules(name: str) -> list[tuple[str, ModuleType]]:
    """``(group, module)`` for every group that has a ``ledgerctl.<group>.<name>`` module."""
    found = []
    for group in GROUPS:
        module_name = f"ledgerctl.{group}.{name}"
        try:
            found.append((group, importlib.import_module(module_name)))
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
    return found


def contributions(name: str, attribute: str) -> list[object]:
    """Concatenate the list ``attribute`` of every group's ``name`` module."""
    items: list[object] = []
    for _group, module in group_modules(name):
        items.extend(getattr(module, attribute, []))
    return items
