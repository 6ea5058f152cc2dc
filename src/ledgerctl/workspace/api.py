"""The workspace group's surface for other groups: the only module they may import.

Everything another group uses of this one is named here; the import-linter contracts in
pyproject.toml refuse any other import across groups. Change it deliberately: it is a contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ledgerctl.core.lazy import lazy_exports

if TYPE_CHECKING:
    from ledgerctl.workspace.doctor import Check
    from ledgerctl.workspace.settings import (
        SETTINGS_FILE,
        WORKSPACE_DIRS,
        Settings,
        environment,
        find_home,
        load_settings,
        render_settings_file,
    )

_EXPORTS = {
    "Check": "ledgerctl.workspace.doctor",
    "SETTINGS_FILE": "ledgerctl.workspace.settings",
    "Settings": "ledgerctl.workspace.settings",
    "WORKSPACE_DIRS": "ledgerctl.workspace.settings",
    "environment": "ledgerctl.workspace.settings",
    "find_home": "ledgerctl.workspace.settings",
    "load_settings": "ledgerctl.workspace.settings",
    "render_settings_file": "ledgerctl.workspace.settings",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
