"""Settings of the fiscal device client.

Precedence: defaults < the ``[ledgerctl.fdms]`` table of ledgerctl.toml < the workspace's
``.env`` and the environment (the seed's names: ``FDMS_BASE_URL``, ``FDMS_DEVICE_ID``,
``FDMS_DEVICE_SERIAL_NO``, ``FDMS_ACTIVATION_KEY``, ``FDMS_ENCRYPTION_KEY``, and
``FDMS_<NAME>`` for every other field) < command-line options (``ctx.overrides["fdms"]``).

The encryption and activation keys are secrets: keep them in ``.env`` or the environment,
never in ledgerctl.toml (a warning says so when they are found there).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ledgerctl import __version__
from ledgerctl.context import AppContext
from ledgerctl.core.errors import UsageError
from ledgerctl.workspace.api import environment

TEST_URL = "https://fdmsapitest.zimra.co.zw"
PRODUCTION_URL = "https://fdmsapi.zimra.co.zw"
SECRETS = ("activation_key", "encryption_key")
_ENV_NAMES = {
    "serial_no": "FDMS_DEVICE_SERIAL_NO",
    "model_name": "FDMS_DEVICE_MODEL_NAME",
    "model_version": "FDMS_DEVICE_MODEL_VERSION",
}


@dataclass(frozen=True)
class FdmsSettings:
    """Resolved settings (see the module docstring); durations in seconds."""

    base_url: str = TEST_URL
    device_id: int | None = None
    serial_no: str = ""
    activation_key: str = ""
    encryption_key: str = ""
    model_name: str = "ledgerctl"
    model_version: str = __version__
    ca_bundle: str = ""
    production: bool | None = None
    timeout: float = 30.0
    close_poll_interval: float = 10.0
    close_poll_timeout: float = 300.0
    timezone: str = "Africa/Harare"
    key_type: str = "ecdsa"
    default_hs_code: str = ""
    default_currency: str = "USD"
    renew_days: int = 30

    @property
    def is_production(self) -> bool:
        """Explicit ``production`` setting, else: the base URL is ZIMRA's production host."""
        if self.production is not None:
            return self.production
        return urlsplit(self.base_url).hostname == urlsplit(PRODUCTION_URL).hostname

    def local_now(self) -> datetime:
        """FDMS time: local time of ``timezone``, no zone, whole seconds."""
        try:
            zone = ZoneInfo(self.timezone)
        except ZoneInfoNotFoundError:
            raise UsageError(
                f"fdms timezone {self.timezone!r} is unknown; use e.g. Africa/Harare"
            ) from None
        return datetime.now(zone).replace(tzinfo=None, microsecond=0)


def env_name(field: str) -> str:
    return _ENV_NAMES.get(field, f"FDMS_{field.upper()}")


def _convert(name: str, value: Any) -> Any:
    kind = {f.name: f.type for f in fields(FdmsSettings)}[name]
    if value is None or value == "":
        return None if "None" in str(kind) else ("" if kind == "str" else value)
    try:
        if "bool" in str(kind):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text not in ("1", "0", "true", "false", "yes", "no"):
                raise ValueError(text)
            return text in ("1", "true", "yes")
        if "int" in str(kind):
            return int(value)
        if "float" in str(kind):
            return float(value)
    except ValueError:
        raise UsageError(
            f"fdms setting {name} ({env_name(name)}): {value!r} is not a valid "
            f"{str(kind).split(' ')[0]}"
        ) from None
    return str(value)


def load_fdms_settings(ctx: AppContext) -> FdmsSettings:
    """The FDMS settings of this invocation, in precedence order."""
    known = {f.name for f in fields(FdmsSettings)}
    values: dict[str, Any] = {}
    table = ctx.settings.extra.get("fdms", {})
    if not isinstance(table, dict):
        raise UsageError("ledgerctl.toml: [ledgerctl.fdms] must be a table of settings")
    unknown = sorted(set(table) - known)
    if unknown:
        raise UsageError(
            f"ledgerctl.toml [ledgerctl.fdms]: unknown setting(s) "
            f"{', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    values.update(table)
    env = environment(ctx.home)
    for name in known:
        if env.get(env_name(name)) not in (None, ""):
            values[name] = env[env_name(name)]
    values.update(
        {
            k: v
            for k, v in dict(ctx.overrides.get("fdms", {}) or {}).items()  # type: ignore[call-overload]
            if v is not None
        }
    )
    converted = {k: _convert(k, v) for k, v in values.items()}
    return replace(FdmsSettings(), **{k: v for k, v in converted.items() if v is not None})


def secrets_in_toml(ctx: AppContext) -> list[str]:
    """Secret settings written in ledgerctl.toml (they belong in .env or the environment)."""
    table = ctx.settings.extra.get("fdms", {})
    return [s for s in SECRETS if isinstance(table, dict) and table.get(s)]
