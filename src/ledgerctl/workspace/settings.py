"""Settings: defaults < ledgerctl.toml < .env < LEDGERCTL_* environment < command-line options.

Only the standard library is imported here so that ``ledgerctl --help`` stays fast.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ledgerctl.core.errors import NotFound, UsageError

SETTINGS_FILE = "ledgerctl.toml"
WORKSPACE_DIRS = ("csv_inbox", "output", "backups", "rules")


@dataclass(frozen=True)
class Settings:
    """Resolved settings of one workspace."""

    home: Path
    database_url: str = ""
    default_tenant: str = "default"
    base_currency: str = "GHS"
    business_name: str = "My Business"
    business_address: str = ""  # printed on documents; one line per "\n"
    business_phone: str = ""
    business_email: str = ""
    business_tax_id: str = ""
    business_logo: str = ""  # image file for documents, relative to the workspace
    timezone: str = "Africa/Accra"
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def db_url(self) -> str:
        """The database URL; the embedded SQLite file of the workspace unless set."""
        return self.database_url or f"sqlite:///{(self.home / 'ledgerctl.db').as_posix()}"

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    def path(self, name: str) -> Path:
        """A workspace folder (output, backups, csv_inbox, rules)."""
        return self.home / name


_KEYS = {f.name for f in fields(Settings)} - {"home", "extra"}


def find_home(explicit: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Path:
    """--home, then LEDGERCTL_HOME, then the nearest folder upwards holding ledgerctl.toml."""
    if explicit:
        return Path(explicit).resolve()
    env_home = os.environ.get("LEDGERCTL_HOME")
    if env_home:
        return Path(env_home).resolve()
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise NotFound(
        f"no workspace here: no {SETTINGS_FILE} in {start} or above; "
        "run `ledgerctl init` or pass --home"
    )


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: malformed settings file: {exc}; fix or remove it") from None
    section = data.get("ledgerctl", data)
    if not isinstance(section, dict):
        raise UsageError(f"{path}: [ledgerctl] must be a table of settings")
    return dict(section)


def _read_dotenv(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    from dotenv import dotenv_values  # small; only when a .env exists

    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def _from_env(env: dict[str, str]) -> dict[str, object]:
    found: dict[str, object] = {}
    for key in _KEYS:
        value = env.get(f"LEDGERCTL_{key.upper()}")
        if value is not None:
            found[key] = value
    return found


def environment(home: Path) -> dict[str, str]:
    """The workspace's ``.env`` overlaid with the process environment (groups read their own
    variables from it, e.g. FDMS_BASE_URL)."""
    return {**_read_dotenv(home / ".env"), **os.environ}


def load_settings(home: Path, overrides: dict[str, object] | None = None) -> Settings:
    """Resolve the settings of the workspace at ``home`` in precedence order."""
    values: dict[str, object] = {}
    toml_path = home / SETTINGS_FILE
    if toml_path.is_file():
        values.update(_read_toml(toml_path))
    env = environment(home)
    values.update(_from_env(env))
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    known = {k: v for k, v in values.items() if k in _KEYS}
    for key, value in known.items():
        if not isinstance(value, str):
            raise UsageError(f"{toml_path}: setting {key!r} must be a string, got {value!r}")
    extra = {k: v for k, v in values.items() if k not in _KEYS}
    return replace(Settings(home=home), extra=extra, **known)  # type: ignore[arg-type]


def render_settings_file(settings: Settings) -> str:
    """The text of a fresh ledgerctl.toml."""
    return (
        "# ledgerctl workspace settings. Environment variables LEDGERCTL_<NAME> override these.\n"
        "[ledgerctl]\n"
        f'default_tenant = "{settings.default_tenant}"\n'
        f'base_currency = "{settings.base_currency}"\n'
        f'business_name = "{settings.business_name}"\n'
        f'business_address = "{settings.business_address}"\n'
        '# business_phone = "+233 30 000 0000"     (documents: letterhead)\n'
        '# business_email = "accounts@example.com"\n'
        '# business_tax_id = "C0000000000"\n'
        '# business_logo = "rules/logo.png"        (PNG/JPEG/SVG, relative to this folder)\n'
        f'timezone = "{settings.timezone}"\n'
        '# database_url = "postgresql+psycopg://user@host:5432/ledgerctl"  '
        "(default: ledgerctl.db here)\n"
    )
