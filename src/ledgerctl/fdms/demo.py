"""The `fdms` part of `ledgerctl demo`: a fiscal day against a local FDMS simulator.

Starts the simulator in this process (a thread on a free loopback port, state in the demo
folder), registers device 321, opens a day, issues receipts and a credit note, closes the day,
renders a receipt PDF, audits, and stops the simulator. Needs no network and leaves nothing
running. The demo folder keeps the settings (ledgerctl.toml, .env), so after the demo
`ledgerctl fdms simulator serve --state-dir fdms-simulator --port <port>` brings the same FDMS
back for the commands it suggests.
"""

from __future__ import annotations

import socket
from decimal import Decimal
from pathlib import Path

from ledgerctl.console import message
from ledgerctl.context import AppContext
from ledgerctl.fdms.domain.drafts import DraftLine, DraftPayment, NoteReference, ReceiptDraft

DEVICE = (321, "ABCD1234", "SN-0001")
BREAD = DraftLine(
    "Bread 700g", Decimal(2), Decimal("1.50"), tax_percent=Decimal("15.5"), hs_code="19059000"
)
MILK = DraftLine("Fresh milk 1L", Decimal(1), Decimal("2.00"), tax_exempt=True, hs_code="04011000")
OIL = DraftLine(
    "Cooking oil 2L", Decimal(1), Decimal("6.75"), tax_percent=Decimal("15.5"), hs_code="15079000"
)
RECEIPTS = (
    ReceiptDraft("FiscalInvoice", "USD", (BREAD, MILK), (DraftPayment("Cash", Decimal("5.00")),)),
    ReceiptDraft("FiscalInvoice", "USD", (OIL, BREAD), (DraftPayment("Card", Decimal("9.75")),)),
    ReceiptDraft("FiscalInvoice", "USD", (MILK,), (DraftPayment("MobileWallet", Decimal("2.00")),)),
)
CREDIT = ReceiptDraft(
    "CreditNote", "USD", (MILK,), notes="Milk returned: past its date", original=NoteReference(1)
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _configure(ctx: AppContext, home: Path, url: str, ca: Path) -> None:
    from ledgerctl.fdms.keys import new_fernet_key

    settings = home / "ledgerctl.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + (
            "\n[ledgerctl.fdms]\n"
            f'base_url = "{url}"\nca_bundle = "{ca.as_posix()}"\ndevice_id = {DEVICE[0]}\n'
            f'serial_no = "{DEVICE[2]}"\nclose_poll_interval = 0.1\n'
        ),
        encoding="utf-8",
    )
    with (home / ".env").open("a", encoding="utf-8") as env:
        env.write(f"FDMS_ENCRYPTION_KEY={new_fernet_key()}\n")
    ctx.__dict__.pop("settings", None)
    ctx.overrides["fdms"] = {
        "base_url": url,
        "ca_bundle": str(ca),
        "device_id": DEVICE[0],
        "serial_no": DEVICE[2],
        "close_poll_interval": 0.1,
    }


def _fiscal_day(ctx: AppContext, step: int) -> list[str]:
    from ledgerctl.fdms import audit, close, day, registration, render
    from ledgerctl.fdms.receipt import submit_receipt

    reg = registration.register(ctx, DEVICE[0], DEVICE[1], DEVICE[2])
    message(
        f"   device {reg.device_id} registered for {reg.taxpayer}: {reg.key_type} key "
        f"(encrypted), certificate valid till {reg.valid_till:%Y-%m-%d}"
    )
    opened = day.open_day(ctx)
    issued = [submit_receipt(ctx, draft) for draft in (*RECEIPTS, CREDIT)]
    message(
        f"   fiscal day {opened.day_no} opened; {len(issued)} receipts accepted by FDMS "
        f"(global numbers {issued[0].global_no}..{issued[-1].global_no}, the last a credit "
        f"note of {issued[-1].total} USD)"
    )
    message(f"   receipt 1: verification code {issued[0].verification_code}, QR {issued[0].qr_url}")
    closed = close.close_day(ctx)
    message(
        f"   fiscal day {closed.day_no}: {closed.status} (counters and signatures checked by FDMS)"
    )
    pdf = render.receipt_pdf(ctx, 1, "80mm")
    report = audit.audit(ctx)
    message(
        f"   fdms audit: {report.receipts} receipts, {report.days} day: "
        f"{'intact' if report.ok else 'BROKEN'}; receipt PDF {pdf.relative_to(ctx.home)}"
    )
    return [str(pdf.relative_to(ctx.home))]


def run(ctx: AppContext, home: Path, step: int) -> list[str]:
    """Show the fiscal device at work; returns commands to try next."""
    from ledgerctl.fdms.simulator import DeviceSpec, Simulator, SimulatorServer

    port = _free_port()
    sim = Simulator(home / "fdms-simulator", devices=(DeviceSpec(*DEVICE),), close_delay=0.3)
    server = SimulatorServer(sim, port=port).start()
    saved = ctx.overrides.get("fdms")
    try:
        message(f"{step}. fiscal receipts (ZIMRA FDMS) against a local simulator on {server.url}")
        _configure(ctx, home, server.url, sim.authority.ca_path)
        _fiscal_day(ctx, step)
    finally:
        server.stop()
        ctx.overrides.pop("fdms", None)
        if saved is not None:
            ctx.overrides["fdms"] = saved
        ctx.__dict__.pop("settings", None)
    message("   simulator stopped")
    return [
        "ledgerctl fdms device status",
        "ledgerctl fdms receipt list",
        "ledgerctl fdms receipt pdf 2 --size a4",
        "ledgerctl fdms audit --verbose",
        f"ledgerctl fdms simulator serve --state-dir fdms-simulator --port {port} &  "
        "# then: ledgerctl fdms status",
    ]
