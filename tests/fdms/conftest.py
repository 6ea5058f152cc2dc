"""Fixtures for the fdms tests: a simulator over real HTTPS on a free loopback port (a thread),
a workspace configured for it, a registered device and an open day.

Timeouts and close polling are short so fault tests stay fast: the client gives up after
``CLIENT_TIMEOUT`` s and the simulator's "timeout" fault holds a request a bit longer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ledgerctl.fdms.keys import new_fernet_key
from ledgerctl.fdms.simulator import DeviceSpec, Simulator, SimulatorServer
from tests.conftest import CliResult, Workspace
from tests.ledger.conftest import Db

DEVICE_ID = 321
ACTIVATION_KEY = "ABCD1234"
SERIAL = "SN-0001"
CLIENT_TIMEOUT = 1.0
FAULT_SLEEP = 1.5


@pytest.fixture
def simulator(tmp_path: Path) -> Iterator[SimulatorServer]:
    sim = Simulator(
        tmp_path / "sim",
        devices=(
            DeviceSpec(DEVICE_ID, ACTIVATION_KEY, SERIAL),
            DeviceSpec(555, "ZXCV5678", "SN-0555", vat_number=None),
        ),
        close_delay=0.05,
        fault_sleep=FAULT_SLEEP,
    )
    server = SimulatorServer(sim).start()
    yield server
    server.stop()


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def configure(workspace: Workspace, server: SimulatorServer, **extra: object) -> None:
    """Point the workspace at the simulator ([ledgerctl.fdms] table, key in .env)."""
    values = {
        "base_url": server.url,
        "ca_bundle": str(server.simulator.authority.ca_path),
        "device_id": DEVICE_ID,
        "serial_no": SERIAL,
        "timeout": CLIENT_TIMEOUT,
        "close_poll_interval": 0.02,
        "close_poll_timeout": 3.0,
        **extra,
    }
    lines = [f"{k} = {_toml(v)}" for k, v in values.items()]
    toml = workspace.home / "ledgerctl.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").split("[ledgerctl.fdms]")[0]
        + "\n[ledgerctl.fdms]\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    env = workspace.home / ".env"
    if "FDMS_ENCRYPTION_KEY" not in (env.read_text() if env.exists() else ""):
        env.write_text(f"FDMS_ENCRYPTION_KEY={new_fernet_key()}\n", encoding="utf-8")


@pytest.fixture
def fdms_ws(workspace: Workspace, simulator: SimulatorServer) -> Workspace:
    configure(workspace, simulator)
    return workspace


@pytest.fixture
def registered(fdms_ws: Workspace, cli: Callable[..., CliResult]) -> Workspace:
    result = cli("fdms", "device", "register", "--activation-key", ACTIVATION_KEY.lower())
    assert result.code == 0, result.err
    return fdms_ws


@pytest.fixture
def open_day(registered: Workspace, cli: Callable[..., CliResult]) -> Workspace:
    result = cli("fdms", "open-day")
    assert result.code == 0, result.err
    return registered


@pytest.fixture
def db(workspace: Workspace) -> Iterator[Db]:
    handle = Db(workspace.db_url)
    yield handle
    handle.engine.dispose()


SALE = (
    "--line",
    "Bread;2;1.50;15.5;19059000",
    "--line",
    "Milk;1;2.00;exempt;04011000",
    "--payment",
    "Card=3.00",
    "--payment",
    "Cash=2.00",
)
