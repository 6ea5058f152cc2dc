"""Commands of the ``backup`` group: ``ledgerctl backup ...``.

A group without commands yet: issue 12 adds them, one module per command word
(``cli/create.py`` is ``ledgerctl backup create ...``), mounted on ``app`` here.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Verified, optionally encrypted backups of the database and outputs; restore.",
    no_args_is_help=True,
)
