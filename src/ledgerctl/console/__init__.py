"""The one output layer: how anything ledgerctl shows reaches the operator.

Data goes to stdout (or ``--output PATH``, written atomically) through ``render`` (a listing)
or ``render_record`` (one object, a ``show``), in the format the operator chose with
``--format table|json|csv|xlsx`` or, without ``--format``, the one the output file's extension
names (as hledger does). Messages go to stderr through ``message``, which honours ``--quiet``
by itself. Progress bars appear only on a terminal. Commands never print any other way.

Only typer is imported at load time; rich and openpyxl load when something is rendered.
"""

from ledgerctl.console.formats import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    resolve_format,
)
from ledgerctl.console.invocation import app_context
from ledgerctl.console.messages import (
    configure,
    confirm_or_abort,
    is_quiet,
    message,
    progress_bar,
    warn,
)
from ledgerctl.console.render import render, render_record, render_sections, render_text

__all__ = [
    "FORMAT_OPTION",
    "OUTPUT_OPTION",
    "Format",
    "app_context",
    "configure",
    "confirm_or_abort",
    "is_quiet",
    "message",
    "progress_bar",
    "render",
    "render_record",
    "render_sections",
    "render_text",
    "resolve_format",
    "warn",
]
