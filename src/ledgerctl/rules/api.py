"""The rules group's surface for other groups: the only module they may import.

Everything another group uses of this one is named here; the import-linter contracts in
pyproject.toml refuse any other import across groups. Change it deliberately: it is a contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledgerctl.core.lazy import lazy_exports

if TYPE_CHECKING:
    from ledgerctl.rules.loader import find_rule_file, list_rule_files, load_model, load_rule

_EXPORTS = {
    "find_rule_file": "ledgerctl.rules.loader",
    "list_rule_files": "ledgerctl.rules.loader",
    "load_model": "ledgerctl.rules.loader",
    "load_rule": "ledgerctl.rules.loader",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
