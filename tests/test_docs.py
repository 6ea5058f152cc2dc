"""The docs and the command tree stay in step: every command is documented and has help.

Walks the Typer command tree of ``ledgerctl``: every command must appear (as the words an
operator types, e.g. ``billing charge list``) in one of the guides in ``docs/``, must have a
help text, and the commands operators type most must show an example in their ``--help``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from ledgerctl.cli import app

DOCS = Path(__file__).resolve().parents[1] / "docs"

# The commands an operator types most: their --help shows an example.
EVERYDAY = [
    "ledger post",
    "ledger journal",
    "ledger trial-balance",
    "audit check",
    "billing run-retainer-cycle",
    "billing statement issue",
    "billing payment record",
    "fdms open-day",
    "fdms close-day",
    "fdms receipt submit",
    "layby create",
    "layby pay",
    "layby automation run",
    "pos sale record",
    "pos sale import",
    "pos day summary",
    "pos stock receive",
    "pipeline process",
    "pipeline review apply",
    "pipeline settle",
]


def _walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    children = getattr(command, "commands", None)
    if children:
        for name, child in sorted(children.items()):
            yield from _walk(child, (*path, name))
    elif path:
        yield " ".join(path), command


COMMANDS = dict(_walk(typer.main.get_command(app)))


def _docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md")))


def test_the_tree_has_the_groups() -> None:
    groups = {name.split()[0] for name in COMMANDS}
    for group in ("billing", "fdms", "layby", "pos", "pipeline", "backup", "audit", "ledger"):
        assert group in groups or any(n.startswith(group) for n in COMMANDS), group


def _documented(name: str) -> bool:
    """The full command anywhere in docs/, or its words after the group in the group's guide."""
    if f"ledgerctl {name}" in _docs_text():
        return True
    group, _, rest = name.partition(" ")
    guide = DOCS / f"{group}.md"
    return bool(rest) and guide.exists() and rest in guide.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_the_docs(name: str) -> None:
    assert _documented(name), (
        f"`ledgerctl {name}` appears in no guide under docs/; document it in the group's guide"
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name: str) -> None:
    command = COMMANDS[name]
    assert (command.help or "").strip(), f"`ledgerctl {name}` has no help text (its docstring)"


@pytest.mark.parametrize("name", EVERYDAY)
def test_everyday_commands_show_an_example(name: str) -> None:
    assert name in COMMANDS, f"`ledgerctl {name}` is not a command any more; update EVERYDAY"
    help_text = COMMANDS[name].help or ""
    assert "Example" in help_text and "ledgerctl " in help_text, (
        f"`ledgerctl {name} --help` shows no example; add 'Example: ledgerctl {name} ...'"
    )
