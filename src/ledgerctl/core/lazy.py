"""Lazy re-exports for a group's ``api.py``: a name is imported when first used, not before.

An ``api.py`` names everything another group may use of its group. Importing every use-case
module eagerly would make one group's import pull in the whole of another (and import cycles
through the kernel); instead the api module lists its names under ``TYPE_CHECKING`` for the
type checker and import-linter, and resolves them at run time with ``lazy_exports``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(api_module: str, exports: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` resolving ``name`` from ``exports[name]`` (a module path).

    A path written ``"module:ledgerctl.ledger.chart"`` exports that module itself.
    """

    def __getattr__(name: str) -> Any:
        source = exports.get(name)
        if source is None:
            raise AttributeError(f"module {api_module!r} has no attribute {name!r}")
        if source.startswith("module:"):
            value = importlib.import_module(source.removeprefix("module:"))
        else:
            value = getattr(importlib.import_module(source), name)
        importlib.import_module(api_module).__dict__[name] = value
        return value

    return __getattr__
