"""The sequences group's surface for other groups: the only module they may import.

Everything another group uses of this one is named here; the import-linter contracts in
pyproject.toml refuse any other import across groups. Change it deliberately: it is a contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledgerctl.core.lazy import lazy_exports

if TYPE_CHECKING:
    from ledgerctl.sequences.domain import validate_definition, validate_name
    from ledgerctl.sequences.numbers import allocate, allocate_block

_EXPORTS = {
    "allocate": "ledgerctl.sequences.numbers",
    "allocate_block": "ledgerctl.sequences.numbers",
    "validate_definition": "ledgerctl.sequences.domain",
    "validate_name": "ledgerctl.sequences.domain",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
