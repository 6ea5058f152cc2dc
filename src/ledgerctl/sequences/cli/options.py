"""Options shared by the `sequence` commands."""

from __future__ import annotations

from typing import Any

import typer

DATE_OPTION: Any = typer.Option(
    None, "--date", help="Date whose reset scope to use (YYYY-MM-DD; default today)."
)
