"""`billing statement ...`: list, show, edit drafts, issue, void, reissue, (re-)render PDFs."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.console import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    Format,
    app_context,
    confirm_or_abort,
    message,
    progress_bar,
    render,
    render_record,
)
from ledgerctl.core.clock import parse_day
from ledgerctl.core.errors import UsageError

app = typer.Typer(
    help="Statements of account: review drafts, issue, void, reissue, PDFs.", no_args_is_help=True
)

REF = typer.Argument(..., help="Draft id (e.g. 12) or statement number (SOA-2025-00012).")
YES = typer.Option(False, "--yes", help="Do not ask for confirmation.")
PROCESSES = typer.Option(
    None,
    "--processes",
    "-j",
    help="PDF worker processes (default: one per CPU from 12 documents on).",
)


@app.command("list")
def statement_list(
    ctx: typer.Context,
    period: str | None = typer.Option(None, "--period", "-p", help="YYYY-MM"),
    status: str | None = typer.Option(None, "--status", help="draft, issued, settled or void."),
    client: str | None = typer.Option(None, "--client", "-c", help="Client code."),
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Statements, filtered by period, status and client."""
    from ledgerctl.billing.views import StatementRow, list_statements

    rows = list_statements.run(app_context(ctx), period, status, client)
    render(rows, fmt, output, title="Statements", row_type=StatementRow)


@app.command("show")
def statement_show(
    ctx: typer.Context,
    ref: str = REF,
    fmt: Format | None = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """A statement: header, lines, payments, balances and ageing (a draft's as of now)."""
    from ledgerctl.billing.views import show_statement

    detail = show_statement.run(app_context(ctx), ref)
    render_record(detail, fmt, output, title=f"Statement {ref}")


@app.command("edit")
def statement_edit(
    ctx: typer.Context,
    ref: str = REF,
    note: str | None = typer.Option(None, "--note", help="Note printed on the statement."),
    due_date: str | None = typer.Option(None, "--due-date", help="YYYY-MM-DD"),
) -> None:
    """Change a draft's note or due date."""
    from ledgerctl.billing.drafts import edit_draft

    row = edit_draft.run(app_context(ctx), ref, note, parse_day(due_date, "--due-date"))
    message(f"draft {row.id} updated (due {row.due_date})")


@app.command("add-line")
def statement_add_line(
    ctx: typer.Context,
    ref: str = REF,
    description: str = typer.Option(..., "--description", help="Shown on the statement."),
    amount: str = typer.Option(
        ..., "--amount", help="Amount; negative only for an adjustment (a credit to the client)."
    ),
    kind: str = typer.Option("fee", "--kind", help="fee, disbursement or adjustment."),
    on: str | None = typer.Option(None, "--date", help="Service date (default: statement date)."),
) -> None:
    """Add a line to a draft."""
    from ledgerctl.billing.drafts import add_line

    row = add_line.run(app_context(ctx), ref, description, amount, kind, parse_day(on, "--date"))
    message(f"line {row.line_no} added; draft total {row.total}")


@app.command("remove-line")
def statement_remove_line(
    ctx: typer.Context,
    ref: str = REF,
    line_no: int = typer.Argument(..., help="Line number (see show)."),
) -> None:
    """Remove a line from a draft (a charge's line makes the charge unbilled again)."""
    from ledgerctl.billing.drafts import remove_line

    row = remove_line.run(app_context(ctx), ref, line_no)
    message(f"line {line_no} removed; draft total {row.total}")


@app.command("delete")
def statement_delete(ctx: typer.Context, ref: str = REF, yes: bool = YES) -> None:
    """Delete a draft; its charges become unbilled (the next cycle bills them again)."""
    from ledgerctl.billing.drafts import delete_draft

    confirm_or_abort(f"delete draft {ref}?", yes)
    delete_draft.run(app_context(ctx), ref)
    message(f"draft {ref} deleted")


@app.command("issue")
def statement_issue(
    ctx: typer.Context,
    refs: list[str] | None = typer.Argument(None, help="Draft ids to issue."),
    period: str | None = typer.Option(
        None, "--period", "-p", help="With --all: every draft of YYYY-MM."
    ),
    all_: bool = typer.Option(False, "--all", help="Issue every draft of --period."),
    processes: int | None = PROCESSES,
    yes: bool = YES,
) -> None:
    """Issue drafts (reviewer): freeze, number, post the receivable, write the PDFs.

    Exit 4 for a statement that is not a draft or a closed ledger period, 7 without the
    billing.issue permission. PDFs go to output/billing/statements/<number>.pdf.

    Example: ledgerctl billing statement issue --period 2025-09 --all --yes
    """
    from ledgerctl.billing.workflows import issue

    if bool(period) != all_:
        raise UsageError(
            "--period and --all go together: --period YYYY-MM --all issues every "
            "draft of the period"
        )
    actx = app_context(ctx)
    what = f"every draft of {period}" if period else f"draft(s) {', '.join(refs or [])}"
    confirm_or_abort(f"issue {what}? Numbers are final", yes)
    with progress_bar("PDFs", ctx=actx) as bar:
        result = issue(actx, list(refs or []), period, processes=processes, progress=bar)
    for number in result.numbers:
        typer.echo(number)
    if result.numbers:
        message(
            f"issued {len(result.numbers)} statement(s) {result.numbers[0]} .. "
            f"{result.numbers[-1]}; PDFs in {result.pdfs[0].parent}"
        )
    else:
        message(f"no drafts to issue for {period}")


@app.command("void")
def statement_void(
    ctx: typer.Context,
    ref: str = REF,
    reason: str = typer.Option(..., "--reason", help="Why (on the PDF and in the audit log)."),
    on: str | None = typer.Option(
        None, "--date", help="Void date (default today, never before the statement date)."
    ),
    yes: bool = YES,
) -> None:
    """Void an issued statement: keeps the number, reverses the posting, frees allocations."""
    from ledgerctl.billing.workflows import void

    confirm_or_abort(f"void statement {ref}?", yes)
    done = void(app_context(ctx), ref, reason, parse_day(on, "--date"))
    message(
        f"statement {done.number} voided; {done.pdf} now shows VOID; reissue it with "
        f"`ledgerctl billing statement reissue {done.number}`"
    )


@app.command("reissue")
def statement_reissue(
    ctx: typer.Context,
    ref: str = REF,
    period: str | None = typer.Option(
        None, "--period", "-p", help="Put the new draft in this period (default: the same)."
    ),
) -> None:
    """Clone a voided statement into a new draft that references it."""
    from ledgerctl.billing.voiding import reissue

    row = reissue.run(app_context(ctx), ref, period)
    typer.echo(row.draft)
    message(f"draft {row.draft} ({row.period}, {row.total}) reissues {ref}; review and issue it")


@app.command("pdf")
def statement_pdf(
    ctx: typer.Context,
    refs: list[str] | None = typer.Argument(None, help="Statement numbers."),
    period: str | None = typer.Option(None, "--period", "-p", help="Every statement of YYYY-MM."),
    missing: bool = typer.Option(
        False, "--missing", help="Only statements whose PDF file is missing."
    ),
    processes: int | None = PROCESSES,
) -> None:
    """(Re-)render statement PDFs from their frozen snapshots."""
    from ledgerctl.billing.workflows import render_pdfs

    actx = app_context(ctx)
    with progress_bar("PDFs", ctx=actx) as bar:
        paths = render_pdfs(
            actx, list(refs or []), period, missing, processes=processes, progress=bar
        )
    for path in paths:
        typer.echo(path)
    message(f"{len(paths)} PDF(s) written")
