"""Device registration, certificates, configuration, dashboard — against the simulator."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from cryptography import x509

from ledgerctl.fdms import keys
from tests.fdms.conftest import ACTIVATION_KEY, SALE, configure


def test_register_stores_encrypted_key_certificate_and_config(registered, cli, db) -> None:
    rows = db.rows(
        "SELECT status, key_type, key_encrypted, private_key, certificate_pem, "
        "csr_pem FROM fdms_certificates"
    )
    assert len(rows) == 1
    status, kind, encrypted, private_key, cert_pem, csr_pem = rows[0]
    assert (status, kind, bool(encrypted)) == ("active", "ecdsa", True)
    assert "PRIVATE KEY" not in private_key  # Fernet token, not PEM
    cert = keys.load_certificate(cert_pem)
    assert keys.common_name(cert) == "ZIMRA-SN-0001-0000000321"
    csr = x509.load_pem_x509_csr(csr_pem.encode())
    assert {a.oid._name: a.value for a in csr.subject} == {
        "commonName": "ZIMRA-SN-0001-0000000321",
        "countryName": "ZW",
        "organizationName": "Zimbabwe Revenue Authority",
        "stateOrProvinceName": "Zimbabwe",
    }
    values = json.loads(cli("fdms", "device", "status", "--format", "json").out)  # one object
    assert values["registered"] == "Registered"
    assert values["taxpayer"] == "Harare Demo Traders (Pvt) Ltd"
    assert values["queue_length"] == 0
    assert db.scalar("SELECT COUNT(*) FROM fdms_server_certificates") == 1
    assert db.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'fdms.device.register'") == 1


def test_rsa_keys_work_end_to_end(fdms_ws, cli, db) -> None:
    assert (
        cli(
            "fdms", "device", "register", "--activation-key", ACTIVATION_KEY, "--key-type", "rsa"
        ).code
        == 0
    )
    assert db.scalar("SELECT key_type FROM fdms_certificates") == "rsa"
    assert cli("fdms", "open-day").code == 0
    result = cli("fdms", "receipt", "submit", *SALE)
    assert result.code == 0, result.err
    assert cli("fdms", "audit").code == 0


def test_wrong_activation_key_is_refused_and_nothing_is_activated(fdms_ws, cli, db) -> None:
    result = cli("fdms", "device", "register", "--activation-key", "WRONG123")
    assert result.code == 6
    assert "activation key is wrong (DEV02)" in result.err
    assert db.scalar("SELECT COUNT(*) FROM fdms_certificates WHERE status = 'active'") == 0
    # the failed exchange is logged, the key itself is not
    logged = db.rows("SELECT request, error_code FROM fdms_exchanges")
    assert any(code == "DEV02" for _, code in logged)
    assert all("WRONG123" not in (req or "") for req, _ in logged)


def test_bad_activation_key_shape_is_a_usage_error(fdms_ws, cli, db) -> None:
    result = cli("fdms", "device", "register", "--activation-key", "abc")
    assert result.code == 2 and "--activation-key" in result.err
    assert db.scalar("SELECT COUNT(*) FROM fdms_devices") == 0


def test_unreachable_fdms_during_registration_then_retry(fdms_ws, cli, simulator, db) -> None:
    configure(fdms_ws, simulator, base_url="https://127.0.0.1:9")
    result = cli("fdms", "device", "register", "--activation-key", ACTIVATION_KEY)
    assert result.code == 6 and "unreachable" in result.err
    assert db.scalar("SELECT COUNT(*) FROM fdms_certificates WHERE status = 'pending'") == 1
    configure(fdms_ws, simulator)
    assert cli("fdms", "device", "register", "--activation-key", ACTIVATION_KEY).code == 0
    # the pending key made before the failure was reused, not a second one
    assert db.rows("SELECT status FROM fdms_certificates") == [("active",)]


def test_registering_twice_needs_force(registered, cli) -> None:
    again = cli("fdms", "device", "register", "--activation-key", ACTIVATION_KEY)
    assert again.code == 4 and "--force" in again.err
    assert (
        cli("fdms", "device", "register", "--activation-key", ACTIVATION_KEY, "--force").code == 0
    )


def test_production_refuses_an_unencrypted_key(fdms_ws, simulator, cli, db) -> None:
    (fdms_ws.home / ".env").write_text("")
    configure(fdms_ws, simulator, production=True)
    (fdms_ws.home / ".env").write_text("")
    result = cli("fdms", "device", "register", "--activation-key", ACTIVATION_KEY)
    assert result.code == 2 and "FDMS_ENCRYPTION_KEY" in result.err
    assert db.scalar("SELECT COUNT(*) FROM fdms_certificates") == 0


def test_test_mode_without_key_warns_and_stores_plain(fdms_ws, cli, db) -> None:
    (fdms_ws.home / ".env").write_text("")
    result = cli("fdms", "device", "register", "--activation-key", ACTIVATION_KEY)
    assert result.code == 0 and "unencrypted" in result.err
    assert db.scalar("SELECT key_encrypted FROM fdms_certificates") in (0, False)


def test_config_lists_taxes_with_validity(registered, cli) -> None:
    shown = json.loads(cli("fdms", "config", "--format", "json").out)  # one object
    assert shown["taxpayer_name"] == "Harare Demo Traders (Pvt) Ltd"
    taxes = shown["applicable_taxes"]
    by_id = {t["tax_id"]: t for t in taxes}
    assert by_id[1]["percent"] == "exempt"
    assert by_id[3]["valid_till"] == "2025-12-31"
    assert by_id[517]["percent"] == "15.5"
    assert cli("fdms", "config", "--refresh").code == 0


def test_certificate_expiry_check_and_renewal(registered, cli, db) -> None:
    ok = cli("fdms", "check-certificate-expiry", "--days", "30")
    assert ok.code == 0, ok.err
    due = cli("fdms", "check-certificate-expiry", "--days", "400")
    assert due.code == 4 and "certificate renew" in due.err
    assert cli("fdms", "open-day").code == 0
    assert cli("fdms", "receipt", "submit", *SALE).code == 0
    renewed = cli("fdms", "certificate", "renew")
    assert renewed.code == 0, renewed.err
    assert sorted(db.rows("SELECT status FROM fdms_certificates")) == [("active",), ("replaced",)]
    assert cli("fdms", "receipt", "submit", *SALE).code == 0  # signed with the new key
    assert cli("fdms", "close-day").code == 0
    assert cli("fdms", "audit").code == 0  # both keys' receipts verify
    runs = db.rows("SELECT status FROM job_runs WHERE name = 'fdms.certificate-check'")
    assert len(runs) == 2


def test_expired_certificate_is_refused_locally(registered, cli, db) -> None:
    registered.sql("UPDATE fdms_certificates SET valid_till = '2020-01-01 00:00:00'")
    check = cli("fdms", "check-certificate-expiry")
    assert check.code == 4 and "register the device again" in check.err
    refused = cli("fdms", "open-day")
    assert refused.code == 4 and "expired" in refused.err
    assert db.scalar("SELECT COUNT(*) FROM fdms_days") == 0


def test_certificate_fdms_no_longer_accepts_gets_401(open_day, cli, simulator, db) -> None:
    simulator.simulator.revoke(321)
    result = cli("fdms", "receipt", "submit", *SALE)
    assert result.code == 6 and "401" in result.err
    # the receipt was issued before the refusal: it is kept, queued, not lost
    assert db.rows("SELECT global_no, status FROM fdms_receipts") == [(1, "queued")]


def test_an_already_expired_certificate_is_never_activated(fdms_ws, simulator, cli, db) -> None:
    simulator.simulator.cert_start = datetime.now(UTC) - timedelta(days=400)
    result = cli("fdms", "device", "register", "--activation-key", ACTIVATION_KEY)
    assert result.code in (5, 6)
    assert db.scalar("SELECT COUNT(*) FROM fdms_certificates WHERE status = 'active'") == 0


def test_ping_and_permissions(registered, cli) -> None:
    assert "reporting frequency 5" in cli("fdms", "ping").out
    assert cli("user", "add", "kofi", "--role", "viewer").code == 0
    denied = cli(
        "fdms", "device", "register", "--activation-key", ACTIVATION_KEY, "--force", user="kofi"
    )
    assert denied.code == 7
    assert cli("fdms", "device", "status", user="kofi").code == 0
