"""Messages go to stderr and --quiet silences them without any caller passing it."""

from __future__ import annotations

import pytest

from ledgerctl.console import configure, confirm_or_abort, message, progress_bar, warn
from ledgerctl.core.errors import UsageError


def test_message_and_warn_go_to_stderr(capsys) -> None:
    message("workspace ready")
    warn("disk nearly full")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "workspace ready\nwarning: disk nearly full\n"


def test_quiet_silences_message_and_warn(capsys) -> None:
    configure(quiet=True, verbose=False)
    message("workspace ready")
    warn("disk nearly full")
    assert capsys.readouterr() == ("", "")


def test_a_context_that_is_quiet_also_silences(capsys) -> None:
    class Quiet:
        quiet = True

    message("hidden", ctx=Quiet())
    assert capsys.readouterr().err == ""


def test_progress_bar_is_none_without_a_terminal_and_with_quiet() -> None:
    with progress_bar("posting") as bar:
        assert bar is None
    configure(quiet=True, verbose=False)
    with progress_bar("posting") as bar:
        assert bar is None


def test_confirm_without_a_terminal_refuses_unless_yes(monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    confirm_or_abort("remove the lock?", yes=True)
    with pytest.raises(UsageError, match="pass --yes"):
        confirm_or_abort("remove the lock?", yes=False)


def test_quiet_option_silences_a_command(cli) -> None:
    loud = cli("user", "add", "ama", "--role", "viewer")
    assert loud.code == 0 and "user ama added" in loud.err
    quiet = cli("-q", "user", "add", "kofi", "--role", "viewer")
    assert quiet.code == 0 and quiet.err == ""
    failing = cli("-q", "user", "add", "kofi", "--role", "viewer")
    assert failing.code == 4 and "already exists" in failing.err  # errors are never silenced
