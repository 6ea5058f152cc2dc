"""`ledgerctl fdms simulator serve|fault|mode|add-device`: run and steer the local FDMS.

The simulator needs no workspace. `serve` keeps its CA, keys and database in --state-dir
(default ./fdms-simulator) and prints the settings a client needs; the other commands talk to
a running simulator's control endpoints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ledgerctl.console import message

app = typer.Typer(
    help="A local FDMS (HTTPS, client certificates) for tests, demos and training.",
    no_args_is_help=True,
)
URL_OPTION = typer.Option("https://127.0.0.1:8443", "--url", help="The running simulator.")
STATE_OPTION = typer.Option(
    Path("fdms-simulator"),
    "--state-dir",
    help="Where the simulator keeps its CA, keys and database.",
)


def _device_spec(text: str) -> Any:
    from ledgerctl.core.errors import UsageError
    from ledgerctl.fdms.simulator import DeviceSpec

    parts = text.split(":")
    if len(parts) != 3 or not parts[0].isdigit():
        raise UsageError(
            f"--device {text!r}: write DEVICE_ID:ACTIVATION_KEY:SERIAL_NO, e.g. 321:ABCD1234:SN-001"
        )
    return DeviceSpec(int(parts[0]), parts[1], parts[2])


@app.command("serve")
def serve(
    port: int = typer.Option(8443, "--port", help="TCP port (0: any free port)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    state_dir: Path = STATE_OPTION,
    devices: list[str] | None = typer.Option(
        None,
        "--device",
        help="DEVICE_ID:ACTIVATION_KEY:SERIAL (repeat). Default: 321:ABCD1234:SN-0001.",
    ),
    close_delay: float = typer.Option(
        2.0, "--close-delay", help="Seconds FDMS takes to close a day."
    ),
    cert_days: float = typer.Option(
        365.0, "--cert-days", help="Validity of issued device certificates."
    ),
    access_log: bool = typer.Option(False, "--access-log", help="Log every request."),
) -> None:
    """Serve a local FDMS over HTTPS until interrupted (Ctrl-C)."""
    from ledgerctl.fdms.simulator import DeviceSpec, Simulator, SimulatorServer

    specs = tuple(_device_spec(d) for d in devices or ()) or (
        DeviceSpec(321, "ABCD1234", "SN-0001"),
    )
    sim = Simulator(
        state_dir.resolve(), devices=specs, close_delay=close_delay, cert_days=cert_days
    )
    server = SimulatorServer(sim, host, port, access_log=access_log)
    message(f"FDMS simulator on {server.url} (state in {state_dir.resolve()})")
    message("client settings (.env of the workspace):")
    message(f"  FDMS_BASE_URL={server.url}\n  FDMS_CA_BUNDLE={sim.authority.ca_path}")
    for spec in specs:
        message(
            f"  device {spec.device_id}: activation key {spec.activation_key}, serial "
            f"{spec.serial_no}"
        )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        message("simulator stopped")
    finally:
        server.httpd.server_close()
        sim.stop()


def _control(url: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    import httpx

    from ledgerctl.core.errors import RemoteUnavailable

    try:
        response = httpx.request(
            method,
            url.rstrip("/") + path,
            json=body,
            verify=False,
            headers={"DeviceModelName": "ledgerctl", "DeviceModelVersion": "control"},
            timeout=10,
        )
    except httpx.HTTPError as exc:
        raise RemoteUnavailable(
            f"no simulator at {url} ({exc}); start one with `ledgerctl fdms simulator serve`"
        ) from None
    if response.status_code != 200:
        raise RemoteUnavailable(f"simulator refused: {response.status_code} {response.text}")
    return response.json()


@app.command("fault")
def fault(
    kind: str = typer.Argument(
        ...,
        help="timeout, error500, error502, status429, not_json, "
        "drop_after_store, drop_before, or clear.",
    ),
    endpoint: str | None = typer.Option(
        None, "--endpoint", help="Only this endpoint, e.g. SubmitReceipt."
    ),
    count: int = typer.Option(1, "--count", min=1, help="How many calls fail."),
    url: str = URL_OPTION,
) -> None:
    """Make the next calls of a running simulator fail (for drills and tests)."""
    if kind == "clear":
        _control(url, "DELETE", "/_simulator/faults")
        message("faults cleared")
        return
    answer = _control(
        url, "POST", "/_simulator/faults", {"kind": kind, "endpoint": endpoint, "count": count}
    )
    message(f"pending faults: {answer['faults']}")


@app.command("mode")
def mode(
    device_id: int = typer.Argument(...),
    operating_mode: str = typer.Argument(..., metavar="Online|Offline"),
    url: str = URL_OPTION,
) -> None:
    """Switch a simulated device between Online and Offline operation."""
    _control(url, "POST", f"/_simulator/devices/{device_id}/mode", {"mode": operating_mode})
    message(
        f"device {device_id} now operates {operating_mode}; the client learns it with "
        "`ledgerctl fdms config --refresh`"
    )


@app.command("add-device")
def add_device(
    device_id: int = typer.Argument(...),
    activation_key: str = typer.Argument(...),
    serial_no: str = typer.Argument(...),
    url: str = URL_OPTION,
) -> None:
    """Add a device (with its activation key) to a running simulator."""
    _control(
        url,
        "POST",
        "/_simulator/devices",
        {"deviceID": device_id, "activationKey": activation_key, "serialNo": serial_no},
    )
    message(f"device {device_id} added")
