"""Messages for the operator on stderr, confirmation prompts and progress bars.

``configure`` is called once per invocation by the root callback with the global options;
after that ``message`` honours ``--quiet`` without any caller having to pass it, and a
progress bar appears only on a terminal and never with ``--quiet``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import typer

Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class _State:
    quiet: bool = False
    verbose: bool = False


_state = _State()


def configure(*, quiet: bool, verbose: bool) -> None:
    """Set the global output options of this invocation (root callback)."""
    _state.quiet, _state.verbose = quiet, verbose


def is_quiet() -> bool:
    return _state.quiet


def message(text: str, *, ctx: Any = None) -> None:
    """A message for the operator on stderr; nothing with --quiet.

    ``ctx`` (an AppContext) is accepted so a caller that holds one may pass it; its ``quiet``
    also silences the message.
    """
    if _state.quiet or getattr(ctx, "quiet", False):
        return
    sys.stderr.write(text + "\n")


def warn(text: str) -> None:
    """A warning on stderr (prefixed ``warning:``); nothing with --quiet."""
    message(f"warning: {text}")


def confirm_or_abort(prompt: str, yes: bool) -> None:
    """Ask before a hard-to-undo change unless --yes; without a terminal, refuse (exit 2)."""
    if yes:
        return
    if not sys.stdin.isatty():
        from ledgerctl.core.errors import UsageError

        raise UsageError(f"{prompt} — pass --yes to confirm when not running at a terminal")
    if not typer.confirm(prompt):
        message("nothing changed")
        raise typer.Exit(0)


@contextmanager
def progress_bar(label: str, *, ctx: Any = None) -> Iterator[Progress | None]:
    """A rich progress bar on stderr at a terminal; ``None`` in cron, in pipes and with --quiet."""
    if _state.quiet or getattr(ctx, "quiet", False) or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with RichProgress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
