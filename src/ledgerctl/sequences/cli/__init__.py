"""The `sequence` command group: one module per command word, mounted here."""

from __future__ import annotations

import typer

from ledgerctl.sequences.cli import define, preview, set_next
from ledgerctl.sequences.cli import list as list_

app = typer.Typer(help="Gapless document numbering per tenant.", no_args_is_help=True)
app.command("list")(list_.list_cmd)
app.command("preview")(preview.preview_cmd)
app.command("set-next")(set_next.set_next_cmd)
app.command("define")(define.define_cmd)

__all__ = ["app"]
