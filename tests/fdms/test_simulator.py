"""The simulator on its own, over real HTTPS: authentication, shapes, validation codes,
idempotency, gaps re-checked, day state machine."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import httpx
import pytest

from ledgerctl.fdms import keys
from ledgerctl.fdms.client import Endpoint, FdmsClient, FdmsError, device_tls
from ledgerctl.fdms.domain import counters, protocol
from ledgerctl.fdms.domain.drafts import DraftLine, ReceiptDraft
from ledgerctl.fdms.domain.receipts import Numbering, build_receipt
from ledgerctl.fdms.domain.taxes import taxes_from_config
from tests.fdms.conftest import ACTIVATION_KEY, DEVICE_ID, SERIAL


class Device:
    """A minimal device on top of the client, to drive the simulator directly."""

    def __init__(self, server) -> None:  # type: ignore[no-untyped-def]
        self.sim = server.simulator
        self.endpoint = Endpoint(
            server.url, DEVICE_ID, "test", "1", 5, str(self.sim.authority.ca_path)
        )
        self.key = keys.generate_key()
        with FdmsClient(self.endpoint) as public:
            self.cert = public.register_device(
                keys.build_csr(self.key, SERIAL, DEVICE_ID), ACTIVATION_KEY
            )["certificate"]
        self.client = FdmsClient(
            self.endpoint,
            device_tls_context=device_tls(self.endpoint.ca_bundle, self.cert, self.key),
        )
        self.taxes = taxes_from_config(self.client.get_config())
        self.prev: str | None = None

    def receipt(
        self,
        counter: int,
        global_no: int,
        *,
        total: str = "3.00",
        key: keys.PrivateKey | None = None,
        prev: str | None = "chain",
    ) -> dict:
        draft = ReceiptDraft(
            "FiscalInvoice",
            "USD",
            (
                DraftLine(
                    "Bread",
                    Decimal(1),
                    Decimal(total),
                    tax_percent=Decimal("15.5"),
                    hs_code="19059000",
                ),
            ),
        )
        previous = self.prev if prev == "chain" else prev
        built = build_receipt(
            draft,
            self.taxes,
            Numbering(DEVICE_ID, 1, counter, global_no, self.sim.now(), previous),
            vat_registered=True,
        )
        signed = keys.sign_text(key or self.key, built.string)
        return {
            **built.receipt,
            "receiptDeviceSignature": {"hash": signed.hash, "signature": signed.signature},
        }

    def submit(self, receipt: dict) -> dict:
        answer = self.client.submit_receipt(receipt)
        self.prev = receipt["receiptDeviceSignature"]["hash"]
        return answer


@pytest.fixture
def device(simulator):  # type: ignore[no-untyped-def]
    handle = Device(simulator)
    yield handle
    handle.client.close()


def _codes(answer: dict) -> dict[str, str]:
    return {e["validationErrorCode"]: e["validationErrorColor"] for e in answer["validationErrors"]}


def test_device_endpoints_need_this_devices_certificate(simulator, device) -> None:
    with FdmsClient(device.endpoint) as public, pytest.raises(FdmsError) as caught:
        public.call("GET", f"/Device/v1/{DEVICE_ID}/GetStatus", device=False)
    assert caught.value.status == 401
    other = Endpoint(simulator.url, 555, "test", "1", 5, device.endpoint.ca_bundle)
    tls = device_tls(other.ca_bundle, device.cert, device.key)
    with FdmsClient(other, device_tls_context=tls) as wrong, pytest.raises(FdmsError) as caught:
        wrong.get_status()  # device 321's certificate on device 555's path
    assert caught.value.status == 401


def test_headers_are_required(simulator, device) -> None:
    import ssl

    response = httpx.get(
        f"{simulator.url}/Public/v1/GetServerCertificate",
        verify=ssl.create_default_context(cafile=device.endpoint.ca_bundle),
    )
    assert response.status_code == 400
    assert "DeviceModelName" in response.json()["errors"]


def test_day_state_machine_codes(device) -> None:
    with pytest.raises(FdmsError) as caught:
        device.client.submit_receipt(device.receipt(1, 1))
    assert caught.value.code == "RCPT01"
    with pytest.raises(FdmsError) as caught:
        device.client.close_day({"fiscalDayNo": 1})
    assert caught.value.code == "FISC04"
    opened = protocol.fdms_datetime(device.sim.now())
    assert device.client.open_day(1, opened)["fiscalDayNo"] == 1
    with pytest.raises(FdmsError) as caught:
        device.client.open_day(2, opened)
    assert caught.value.code == "FISC01"


def test_validation_colours_and_idempotency(device) -> None:
    device.client.open_day(1, protocol.fdms_datetime(device.sim.now() - timedelta(minutes=1)))
    first = device.receipt(1, 1)
    answer = device.submit(first)
    assert answer["validationErrors"] == []
    again = device.client.submit_receipt(first)  # resubmission: same answer, nothing new
    assert again["receiptID"] == answer["receiptID"]
    assert again["receiptServerSignature"] == answer["receiptServerSignature"]
    assert device.sim.store.one("SELECT COUNT(*) FROM receipts")[0] == 1
    forged = device.receipt(2, 2, key=keys.generate_key())
    assert _codes(device.submit(forged)) == {"RCPT020": "Red"}
    gap = device.receipt(4, 4, prev=None)  # 3 is missing
    codes = _codes(device.client.submit_receipt(gap))
    assert codes == {"RCPT011": "Gray", "RCPT012": "Gray", "RCPT030": "Gray"}


def test_gap_is_rechecked_when_the_missing_receipt_arrives(device) -> None:
    device.client.open_day(1, protocol.fdms_datetime(device.sim.now() - timedelta(minutes=1)))
    one = device.receipt(1, 1)
    device.submit(one)
    two = device.receipt(2, 2)
    three = device.receipt(3, 3, prev=two["receiptDeviceSignature"]["hash"])
    assert set(_codes(device.client.submit_receipt(three)).values()) == {"Gray"}
    device.client.submit_receipt(two)
    row = device.sim.store.one("SELECT errors FROM receipts WHERE global_no = 3")
    assert row["errors"] == "[]"


def test_tax_and_total_rules(device) -> None:
    device.client.open_day(1, protocol.fdms_datetime(device.sim.now() - timedelta(minutes=1)))
    bad = device.receipt(1, 1)
    bad["receiptTaxes"][0]["taxAmount"] = Decimal("0.41")
    bad["receiptTotal"] = Decimal("3.01")
    codes = _codes(device.submit(bad))
    assert {"RCPT026", "RCPT019", "RCPT038", "RCPT039", "RCPT020"} <= set(codes)
    assert all(c == "Red" for c in codes.values())


def test_too_many_decimals_is_a_400(device) -> None:
    device.client.open_day(1, protocol.fdms_datetime(device.sim.now()))
    bad = device.receipt(1, 1)
    bad["receiptTotal"] = Decimal("3.000")
    with pytest.raises(FdmsError) as caught:
        device.client.submit_receipt(bad)
    assert caught.value.status == 400 and "receipt.receiptTotal" in caught.value.message


def test_close_checks_counters(device) -> None:
    opened = device.sim.now() - timedelta(minutes=1)
    device.client.open_day(1, protocol.fdms_datetime(opened))
    receipt = device.receipt(1, 1)
    device.submit(receipt)
    wrong = counters.day_counters([receipt])
    wrong[0]["fiscalCounterValue"] = Decimal("4.00")
    signed = keys.sign_text(device.key, protocol.day_string(DEVICE_ID, 1, opened.date(), wrong))
    body = {
        "fiscalDayNo": 1,
        "fiscalDayCounters": wrong,
        "receiptCounter": 1,
        "fiscalDayDeviceSignature": {"hash": signed.hash, "signature": signed.signature},
    }
    device.client.close_day(body)
    from ledgerctl.fdms.simulator.days import close_now

    with device.sim.lock:
        assert close_now(device.sim, DEVICE_ID, 1) == "CountersMismatch"
    status = device.client.get_status()
    assert status["fiscalDayStatus"] == "FiscalDayCloseFailed"
    assert status["fiscalDayClosingErrorCode"] == "CountersMismatch"
