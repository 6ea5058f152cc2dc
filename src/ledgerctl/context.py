"""The invocation context: who runs the command, for which tenant, in which workspace.

Built once by the root CLI callback from the global options and handed to every service
function. Light on imports: the database engine is created only when first asked for.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ledgerctl.workspace.api import Settings, find_home, load_settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def default_actor() -> str:
    """--user, else LEDGERCTL_USER, else the operating-system login name."""
    return os.environ.get("LEDGERCTL_USER") or getpass.getuser()


@dataclass
class AppContext:
    """Everything a service needs to know about this invocation."""

    home_option: str | None = None
    tenant_option: str | None = None
    user_option: str | None = None
    verbose: bool = False
    quiet: bool = False
    overrides: dict[str, object] = field(default_factory=dict)

    @cached_property
    def home(self) -> Path:
        return find_home(self.home_option)

    @cached_property
    def settings(self) -> Settings:
        return load_settings(self.home, self.overrides)

    @property
    def tenant_slug(self) -> str:
        return (
            self.tenant_option or os.environ.get("LEDGERCTL_TENANT") or self.settings.default_tenant
        )

    @property
    def actor_name(self) -> str:
        return self.user_option or default_actor()

    @cached_property
    def engine(self) -> Engine:
        from ledgerctl.db.engine import make_engine

        return make_engine(self.settings.db_url)

    def reset(
        self, home: str | None, tenant: str | None, user: str | None, verbose: bool, quiet: bool
    ) -> None:
        """Start a new invocation: new options, nothing cached from a previous one."""
        self.dispose()
        for cached in ("home", "settings"):
            self.__dict__.pop(cached, None)
        self.home_option, self.tenant_option, self.user_option = home, tenant, user
        self.verbose, self.quiet = verbose, quiet

    def dispose(self) -> None:
        """Release database connections (called at the end of the command)."""
        if "engine" in self.__dict__:
            self.__dict__.pop("engine").dispose()
