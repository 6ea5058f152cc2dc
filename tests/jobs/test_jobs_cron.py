"""Cron parsing and its translation to schtasks schedule options (pure, no database)."""

from __future__ import annotations

import pytest

from ledgerctl.core.errors import UsageError
from ledgerctl.jobs.domain.cron import parse_cron, schtasks_options


@pytest.mark.parametrize(
    ("cron", "options"),
    [
        ("30 2 * * *", "/SC DAILY /ST 02:30"),
        ("@daily", "/SC DAILY /ST 00:00"),
        ("@midnight", "/SC DAILY /ST 00:00"),
        ("0  6   * * *", "/SC DAILY /ST 06:00"),
        ("15 7 * * 1", "/SC WEEKLY /D MON /ST 07:15"),
        ("15 7 * * 1-5", "/SC WEEKLY /D MON,TUE,WED,THU,FRI /ST 07:15"),
        ("0 8 * * sun,sat", "/SC WEEKLY /D SAT,SUN /ST 08:00"),
        ("0 8 * * 7", "/SC WEEKLY /D SUN /ST 08:00"),
        ("@weekly", "/SC WEEKLY /D SUN /ST 00:00"),
        ("0 1 1 * *", "/SC MONTHLY /D 1 /ST 01:00"),
        ("@monthly", "/SC MONTHLY /D 1 /ST 00:00"),
        ("45 23 28 * *", "/SC MONTHLY /D 28 /ST 23:45"),
        ("0 3 15 1,jul *", "/SC MONTHLY /D 15 /M JAN,JUL /ST 03:00"),
        ("@yearly", "/SC MONTHLY /D 1 /M JAN /ST 00:00"),
        ("*/15 * * * *", "/SC MINUTE /MO 15 /ST 00:00"),
        ("* * * * *", "/SC MINUTE /MO 1 /ST 00:00"),
        ("5 * * * *", "/SC HOURLY /MO 1 /ST 00:05"),
        ("@hourly", "/SC HOURLY /MO 1 /ST 00:00"),
        ("0 */6 * * *", "/SC HOURLY /MO 6 /ST 00:00"),
    ],
)
def test_cron_to_schtasks(cron, options):
    assert " ".join(schtasks_options(cron)) == options


@pytest.mark.parametrize(
    ("cron", "why"),
    [
        ("0 9-17 * * 1-5", "more than one time of day"),
        ("0 6,18 * * *", "more than one time of day"),
        ("*/15 9 * * *", "more than one time of day"),
        ("*/7 * * * *", "every 7 minutes does not divide the hour"),
        ("0 */5 * * *", "every 5 hours does not divide the day"),
        ("0 0 1 * 1", "both the day of month and the day of week"),
        ("0 0 */2 * *", "not one day of month or a set of weekdays"),
        ("0 0 1,15 * *", "not one day of month or a set of weekdays"),
        ("0 0 * 3 *", "not one day of month or a set of weekdays"),
    ],
)
def test_expressions_schtasks_cannot_express(cron, why):
    with pytest.raises(UsageError) as info:
        schtasks_options(cron, job="billing-cycle")
    text = info.value.message
    assert f"cron expression {cron!r} of job 'billing-cycle' cannot be expressed" in text
    assert why in text
    assert "supported: '*/N * * * *'" in text


@pytest.mark.parametrize(
    ("cron", "message"),
    [
        ("0 2 * *", "must have 5 fields"),
        ("0 2 * * * *", "must have 5 fields"),
        ("", "must have 5 fields"),
        ("60 2 * * *", "minute '60' is not a number from 0 to 59"),
        ("0 24 * * *", "hour '24' is not a number from 0 to 23"),
        ("0 2 0 * *", "day of month '0' is not a number from 1 to 31"),
        ("0 2 * 13 *", "month '13' is not a number from 1 to 12"),
        ("0 2 * * 8", "day of week '8' is not a number from 0 to 7"),
        ("0 2 * * fun", "day of week 'fun' is not a number"),
        ("*/0 * * * *", "step '0' in the minute field must be a positive number"),
        ("0 5-2 * * *", "range '5-2' in the hour field runs backwards"),
        ("@reboot", "unknown macro"),
        ("0 2 * * -1", "is not a number"),
    ],
)
def test_bad_cron_expressions(cron, message):
    with pytest.raises(UsageError, match="cron expression") as info:
        parse_cron(cron, job="x")
    assert message in info.value.message


def test_parsed_fields_expand_steps_ranges_and_names():
    spec = parse_cron("0/20 8-10 * jan-mar mon,7")
    assert sorted(spec.minute.values) == [0, 20, 40]
    assert sorted(spec.hour.values) == [8, 9, 10]
    assert spec.dom.star and sorted(spec.month.values) == [1, 2, 3]
    assert sorted(spec.dow.values) == [0, 1]
