"""``ledgerctl demo``: make a throw-away workspace with sample data and show each group at work."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import app_context, message


def demo(
    ctx: typer.Context,
    path: Path = typer.Argument(Path("ledgerctl-demo"), help="Folder for the demo workspace."),
) -> None:
    """Make a demo workspace with sample data and show what ledgerctl does.

    Re-running it rebuilds the demo folder; a folder that is not a demo is refused (exit 4).

    Example: ledgerctl demo
    """
    from ledgerctl.workspace.demo import run_demo

    result = run_demo(app_context(ctx), path)
    hints = "\n".join(f"  {h}" for h in result.hints)
    message(f"\nTry it yourself:\n  cd {result.home}\n{hints}")
