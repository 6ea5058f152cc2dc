"""`fdms logs` (secrets removed) and the client's error mapping (httpx mock transport)."""

from __future__ import annotations

import json

import httpx
import pytest

from ledgerctl.fdms.client import Endpoint, FdmsClient, FdmsError
from ledgerctl.fdms.domain import redact
from tests.fdms.conftest import ACTIVATION_KEY, SALE


def test_logs_show_every_exchange_without_secrets(open_day, cli, db) -> None:
    assert cli("fdms", "receipt", "submit", *SALE).code == 0
    rows = json.loads(cli("fdms", "logs", "--format", "json", "--limit", "100").out)
    paths = [r["path"].rsplit("/", 1)[-1] for r in rows]
    assert paths[:3] == ["VerifyTaxpayerInformation", "RegisterDevice", "GetServerCertificate"]
    assert "OpenDay" in paths and "SubmitReceipt" in paths
    register = next(r for r in rows if r["path"].endswith("RegisterDevice"))
    assert '"activationKey":"***"' in register["request"]
    everything = json.dumps(rows) + "".join(
        str(r) for r in db.rows("SELECT request, response, error FROM fdms_exchanges")
    )
    assert ACTIVATION_KEY not in everything and ACTIVATION_KEY.lower() not in everything
    assert "PRIVATE KEY" not in everything
    table = cli("fdms", "logs", "--endpoint", "SubmitReceipt")
    assert table.code == 0 and "SubmitReceipt" in table.out


def test_logs_errors_only(open_day, cli, simulator) -> None:
    simulator.simulator.faults.add("error500", "SubmitReceipt")
    assert cli("fdms", "receipt", "submit", *SALE).code == 6
    rows = json.loads(cli("fdms", "logs", "--errors", "--format", "json").out)
    assert [r["status"] for r in rows] == [500]


def test_redaction_rules() -> None:
    text = (
        '{"activationKey":"ABCD1234","certificateRequest":"-----BEGIN CERTIFICATE REQUEST-----x"}'
    )
    assert (
        redact.loggable(text.encode())
        == '{"activationKey":"***","certificateRequest":"-----BEGIN CERTIFICATE REQUEST-----x"}'
    )
    pem = "-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----"
    assert "MIGHAgEA" not in redact.redact_text(f"oops {pem} here")
    assert redact.redact_data({"nested": [{"privateKey": "s3cret"}]}) == {
        "nested": [{"privateKey": "***"}]
    }
    assert "s3cret" not in redact.redact_text("password=s3cret")


def _client(handler) -> FdmsClient:  # type: ignore[no-untyped-def]
    return FdmsClient(
        Endpoint("https://fdms.test", 321, "ledgerctl", "1"), transport=httpx.MockTransport(handler)
    )


@pytest.mark.parametrize(
    ("status", "body", "kind", "text"),
    [
        (200, b"<html>proxy</html>", "bad_answer", "not JSON"),
        (500, b'{"title":"boom"}', "server_error", "try again later"),
        (429, b"", "server_error", "429"),
        (401, b"", "unauthorized", "401"),
        (
            422,
            b'{"errorCode":"FISC01","detail":"Fiscal day is not closed"}',
            "refused",
            "FISC01: Fiscal day is not closed",
        ),
        (
            400,
            b'{"errors":{"receipt.receiptTotal":["at most 2 decimals"]}}',
            "refused",
            "receipt.receiptTotal: at most 2 decimals",
        ),
    ],
)
def test_client_error_mapping(status, body, kind, text) -> None:
    with (
        _client(lambda request: httpx.Response(status, content=body)) as client,
        pytest.raises(FdmsError) as caught,
    ):
        client.get_status()
    assert caught.value.kind == kind and caught.value.exit_code == 6
    assert text in caught.value.message


def test_client_sends_headers_and_exact_decimals() -> None:
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.update(headers=dict(request.headers), body=request.content)
        return httpx.Response(200, json={"fiscalDayNo": 1})

    from decimal import Decimal

    with _client(handler) as client:
        assert client.call("POST", "/x", {"a": Decimal("15.50")}) == {"fiscalDayNo": 1}
    assert seen["headers"]["devicemodelname"] == "ledgerctl"
    assert seen["headers"]["devicemodelversion"] == "1"
    assert seen["body"] == b'{"a":15.50}'


def test_client_connection_errors() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with _client(refuse) as client, pytest.raises(FdmsError) as caught:
        client.ping()
    assert caught.value.kind == "unreachable" and not caught.value.maybe_delivered
    with _client(slow) as client, pytest.raises(FdmsError) as caught:
        client.ping()
    assert caught.value.kind == "timeout" and caught.value.maybe_delivered
