"""Fixtures of the output-layer tests: a clean --quiet state and a forced terminal width."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator

import pytest

from ledgerctl.console import configure

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture(autouse=True)
def loud() -> Iterator[None]:
    """Every test starts and ends without --quiet (the state is per process)."""
    configure(quiet=False, verbose=False)
    yield
    configure(quiet=False, verbose=False)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Make stdout look like a terminal of the given width (rich reads COLUMNS)."""

    def narrow(columns: int) -> None:
        monkeypatch.setenv("COLUMNS", str(columns))
        monkeypatch.delenv("LINES", raising=False)
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)

    return narrow


def plain_text(text: str) -> str:
    """Terminal output without its colour codes."""
    return ANSI.sub("", text)
