"""fdms in the kernel: doctor health checks, the schedule, the demo, settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ledgerctl.context import AppContext
from ledgerctl.core.errors import UsageError
from ledgerctl.fdms.settings import load_fdms_settings
from tests.conftest import run_cli
from tests.fdms.conftest import SALE


def test_doctor_checks_certificate_queue_and_day(open_day, cli) -> None:
    healthy = cli("doctor")
    assert "fdms certificates" in healthy.out and "FAIL" not in healthy.out, healthy.out
    open_day.sql("UPDATE fdms_certificates SET valid_till = '2000-01-01 00:00:00'")
    open_day.sql("UPDATE fdms_days SET opened_local = '2020-01-01T08:00:00'")
    sick = cli("doctor")
    assert sick.code == 5
    assert "FAIL fdms certificates" in sick.out and "FAIL fdms fiscal day" in sick.out


def test_doctor_without_a_device_passes(workspace, cli) -> None:
    result = cli("doctor")
    assert "no fiscal device registered" in result.out


def test_old_queue_fails_the_doctor(open_day, cli, simulator) -> None:
    simulator.simulator.faults.add("error500", "SubmitReceipt")
    assert cli("fdms", "receipt", "submit", *SALE).code == 6
    open_day.sql("UPDATE fdms_receipts SET issued_at = '2020-01-01 00:00:00'")
    assert "FAIL fdms queue" in cli("doctor").out


def test_schedule_lists_the_fdms_jobs(workspace, cli) -> None:
    out = cli("schedule", "show", "--os", "cron").out
    for line in (
        "*/5 * * * *",
        "fdms sync",
        "fdms close-day",
        "check-certificate-expiry",
        "fdms audit",
    ):
        assert line in out


def test_settings_precedence(workspace, monkeypatch) -> None:
    toml = workspace.home / "ledgerctl.toml"
    toml.write_text(
        toml.read_text() + '\n[ledgerctl.fdms]\nbase_url = "https://toml"\ntimeout = 12\n'
    )
    (workspace.home / ".env").write_text("FDMS_TIMEOUT=7\nFDMS_DEVICE_SERIAL_NO=SN-ENV\n")
    ctx = AppContext(home_option=str(workspace.home))
    settings = load_fdms_settings(ctx)
    assert (settings.base_url, settings.timeout, settings.serial_no) == (
        "https://toml",
        7.0,
        "SN-ENV",
    )
    monkeypatch.setenv("FDMS_BASE_URL", "https://fdmsapi.zimra.co.zw")
    assert load_fdms_settings(ctx).is_production
    monkeypatch.setenv("FDMS_TIMEOUT", "soon")
    with pytest.raises(UsageError, match="FDMS_TIMEOUT"):
        load_fdms_settings(ctx)
    toml.write_text(toml.read_text() + "colour = 1\n")
    with pytest.raises(UsageError, match="unknown setting"):
        load_fdms_settings(AppContext(home_option=str(workspace.home)))


@pytest.mark.slow
def test_demo_runs_offline_and_leaves_nothing_running(tmp_path: Path) -> None:
    import threading

    before = threading.active_count()
    env = {"LEDGERCTL_USER": "demo"}
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("FDMS_")}
    try:
        result = run_cli(["demo", str(tmp_path / "demo")], env)
    finally:
        os.environ.update(saved)
    assert result.code == 0, result.err
    assert "fiscal receipts (ZIMRA FDMS)" in result.err
    assert "FiscalDayClosed" in result.err and "intact" in result.err
    assert "simulator stopped" in result.err
    assert (
        tmp_path / "demo" / "output" / "fdms" / "receipts" / "321" / "receipt-0000000001-80mm.pdf"
    ).is_file()
    assert threading.active_count() <= before + 1  # no server thread left behind
