"""Data for the audit benchmark: a device with many closed fiscal days of genuine receipts.

Every receipt is built by ``fdms.domain.receipts.build_receipt``, hash-chained and signed with the
device key (ECDSA P-256); FDMS's receipt and day signatures are made with an RSA-2048 key of a
simulator authority, whose certificate is stored like GetServerCertificate's; each receipt's
content hash is chained into the audit log. So `fdms audit` has real work to do and passes.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from ledgerctl.audit import chain
from ledgerctl.context import AppContext
from ledgerctl.fdms import keys
from ledgerctl.fdms.domain import counters, protocol, wire
from ledgerctl.fdms.domain.drafts import DraftLine, DraftPayment, ReceiptDraft
from ledgerctl.fdms.domain.receipts import Numbering, build_receipt
from ledgerctl.fdms.domain.taxes import taxes_from_config
from ledgerctl.fdms.simulator import ca
from ledgerctl.fdms.simulator.engine import DEFAULT_TAXES
from ledgerctl.fdms.tables import (
    FdmsCertificate,
    FdmsDay,
    FdmsDevice,
    FdmsReceipt,
    FdmsServerCertificate,
)
from ledgerctl.work import unit_of_work

PER_DAY = 100
DEVICE_ID, SERIAL = 321, "SN-0001"
DRAFT = ReceiptDraft(
    "FiscalInvoice",
    "USD",
    (
        DraftLine(
            "Bread 700g",
            Decimal(2),
            Decimal("1.50"),
            tax_percent=Decimal("15.5"),
            hs_code="19059000",
        ),
        DraftLine(
            "Fresh milk 1L", Decimal(1), Decimal("2.00"), tax_exempt=True, hs_code="04011000"
        ),
    ),
    (DraftPayment("Cash", Decimal("5.00")),),
)


class Builder:
    """Keys, numbering and rows of the generated store."""

    def __init__(self, tenant_id: int, authority: ca.Authority) -> None:
        self.tenant_id, self.authority = tenant_id, authority
        self.key = keys.generate_key("ecdsa")
        csr = keys.build_csr(self.key, SERIAL, DEVICE_ID)
        from cryptography import x509

        self.cert = authority.issue_device_certificate(
            x509.load_pem_x509_csr(csr.encode()), 3650, datetime.now(UTC) - timedelta(days=1000)
        )
        self.taxes = taxes_from_config({"applicableTaxes": wire.loads(wire.dumps(DEFAULT_TAXES))})
        self.thumb = authority.signing_thumbprint

    def server_sign(self, text: str) -> keys.Signed:
        return keys.sign_text(self.authority.signing_key, text)

    def receipt(
        self,
        ids: dict[str, int],
        day_no: int,
        counter: int,
        global_no: int,
        when: datetime,
        previous: str | None,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        built = build_receipt(
            DRAFT,
            self.taxes,
            Numbering(DEVICE_ID, day_no, counter, global_no, when, previous),
            vat_registered=True,
        )
        signed = keys.sign_text(self.key, built.string)
        payload = {
            **built.receipt,
            "receiptDeviceSignature": {"hash": signed.hash, "signature": signed.signature},
        }
        text = wire.dumps(payload)
        server_date = protocol.fdms_datetime(when + timedelta(seconds=1))
        server = self.server_sign(
            protocol.receipt_server_string(signed.signature, global_no, server_date)
        )
        row = {
            "tenant_id": self.tenant_id,
            "device_pk": ids["device"],
            "day_pk": ids["day"],
            "certificate_pk": ids["cert"],
            "fiscal_day_no": day_no,
            "receipt_counter": counter,
            "global_no": global_no,
            "receipt_type": "FiscalInvoice",
            "currency": "USD",
            "invoice_no": payload["invoiceNo"],
            "receipt_date": payload["receiptDate"],
            "total": built.total,
            "payload": text,
            "content_hash": hashlib.sha256(text.encode()).hexdigest(),
            "previous_hash": previous,
            "device_hash": signed.hash,
            "device_signature": signed.signature,
            "status": "accepted",
            "attempts": 1,
            "receipt_id": global_no,
            "server_date": server_date,
            "server_hash": server.hash,
            "server_signature": server.signature,
            "server_thumbprint": self.thumb,
            "validation_errors": [],
            "issued_at": datetime.now(UTC),
            "issued_by": "bench",
            "accepted_at": datetime.now(UTC),
        }
        return payload, row


def _setup(work: Any, builder: Builder) -> dict[str, int]:
    now = datetime.now(UTC)
    device = FdmsDevice(
        tenant_id=work.tenant_id,
        device_id=DEVICE_ID,
        serial_no=SERIAL,
        model_name="bench",
        model_version="1",
        base_url="https://bench",
        taxpayer_name="Bench Traders",
        taxpayer_tin="2000123456",
        vat_number="220012345",
        registered_at=now,
        config={"applicableTaxes": DEFAULT_TAXES, "qrUrl": "https://q"},
    )
    work.session.add(device)
    work.session.flush()
    cert = FdmsCertificate(
        tenant_id=work.tenant_id,
        device_pk=device.id,
        status="active",
        key_type="ecdsa",
        private_key="(not needed)",
        csr_pem="-",
        certificate_pem=keys.certificate_pem(builder.cert),
        thumbprint=keys.thumbprint(builder.cert),
        valid_from=keys.valid_from(builder.cert),
        valid_till=keys.valid_till(builder.cert),
        created_at=now,
    )
    work.session.add(cert)
    work.session.add(
        FdmsServerCertificate(
            tenant_id=work.tenant_id,
            thumbprint=builder.thumb,
            certificate_pem=builder.authority.chain_pem()[0],
            chain=builder.authority.chain_pem(),
            valid_till=builder.authority.signing_cert.not_valid_after_utc,
            fetched_at=now,
        )
    )
    work.session.flush()
    return {"device": int(device.id or 0), "cert": int(cert.id or 0)}


def _close(builder: Builder, day: FdmsDay, payloads: list[dict[str, Any]]) -> None:
    found = counters.day_counters(payloads)
    day_date = date.fromisoformat(day.opened_local[:10])
    signed = keys.sign_text(
        builder.key, protocol.day_string(DEVICE_ID, day.day_no, day_date, found)
    )
    closed = day.last_receipt_date or day.opened_local
    server = builder.server_sign(
        protocol.day_server_string(
            DEVICE_ID, day.day_no, day_date, closed, "AUTO", found, signed.signature
        )
    )
    day.counters, day.device_hash, day.device_signature = found, signed.hash, signed.signature
    day.status, day.closed_local, day.reconciliation_mode = "FiscalDayClosed", closed, "Auto"
    day.server_signature = {
        "certificateThumbprint": builder.thumb,
        "hash": server.hash,
        "signature": server.signature,
    }


def _day(
    work: Any,
    builder: Builder,
    ids: dict[str, int],
    day_no: int,
    first_global: int,
    count: int,
    start: datetime,
) -> None:
    day = FdmsDay(
        tenant_id=work.tenant_id,
        device_pk=ids["device"],
        day_no=day_no,
        status="FiscalDayOpened",
        opened_local=protocol.fdms_datetime(start),
        opened_at=datetime.now(UTC),
    )
    work.session.add(day)
    work.session.flush()
    ids = {**ids, "day": int(day.id or 0)}
    previous, payloads, rows, entries = None, [], [], []
    for counter in range(1, count + 1):
        global_no = first_global + counter - 1
        payload, row = builder.receipt(
            ids, day_no, counter, global_no, start + timedelta(seconds=counter), previous
        )
        previous = row["device_hash"]
        payloads.append(payload)
        rows.append(row)
        entries.append(
            chain.Change(
                "fdms.receipt.issue",
                "fdms_receipt",
                f"{DEVICE_ID}/{global_no}",
                None,
                {"content": row["content_hash"], "hash": previous},
            )
        )
    work.session.execute(insert(FdmsReceipt), rows)
    day.last_counter, day.last_hash = count, previous
    day.last_receipt_date = rows[-1]["receipt_date"]
    _close(builder, day, payloads)
    work.session.add(day)
    chain.append_many(work.session, work.tenant_id, "bench", entries)


def build_store(home: Path, user: str, count: int, authority_dir: Path) -> None:
    """Fill the workspace at ``home`` with ``count`` receipts in closed days of PER_DAY."""
    ctx = AppContext(home_option=str(home), user_option=user)
    builder = Builder(0, ca.load_or_create(authority_dir))
    with unit_of_work(ctx, None) as work:
        builder.tenant_id = work.tenant_id
        ids = _setup(work, builder)
    start = datetime(2026, 1, 5, 8, 0, 0)
    day_no, done = 0, 0
    while done < count:
        day_no += 1
        size = min(PER_DAY, count - done)
        with unit_of_work(ctx, None) as work:
            _day(work, builder, ids, day_no, done + 1, size, start + timedelta(days=day_no))
        done += size
    with unit_of_work(ctx, None) as work:
        device = work.session.get(FdmsDevice, ids["device"])
        assert device is not None
        device.last_global_no, device.last_fiscal_day_no = done, day_no
        work.session.add(device)
    ctx.dispose()
