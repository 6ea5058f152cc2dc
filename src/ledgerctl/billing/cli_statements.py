"""`billing statement ...`: list, show, edit drafts, issue, void, reissue, (re-)render PDFs."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.billing.cli_common import day, print_rows, progress_bar, show_record
from ledgerctl.cli_support import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    OutputFormat,
    app_context,
    confirm_or_abort,
    message,
    render_rows,
)

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
    period: str = typer.Option(None, "--period", "-p", help="YYYY-MM"),
    status: str = typer.Option(None, "--status", help="draft, issued, settled or void."),
    client: str = typer.Option(None, "--client", "-c", help="Client code."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Statements, filtered by period, status and client."""
    from ledgerctl.billing import service

    render_rows(
        service.list_statements(app_context(ctx), period, status, client),
        fmt,
        output,
        title="Statements",
    )


@app.command("show")
def statement_show(
    ctx: typer.Context,
    ref: str = REF,
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """A statement: header, lines, payments, balances and ageing (a draft's as of now)."""
    from ledgerctl.billing import service

    detail = service.show_statement(app_context(ctx), ref)
    if fmt == OutputFormat.json:
        render_rows([detail], fmt, output, columns=list(detail))
        return
    record = {**detail["statement"], **detail["summary"]}
    show_record(record, fmt, output, f"Statement {ref}")
    if fmt == OutputFormat.table and output is None:
        print_rows(detail["lines"], "Charges")
        print_rows(detail["payments"], "Payments received in the period")
        print_rows(
            [{k: v for k, v in detail["aging"].items() if k != "edges"}],
            "Ageing at the statement date",
        )


@app.command("edit")
def statement_edit(
    ctx: typer.Context,
    ref: str = REF,
    note: str = typer.Option(None, "--note", help="Note printed on the statement."),
    due_date: str = typer.Option(None, "--due-date", help="YYYY-MM-DD"),
) -> None:
    """Change a draft's note or due date."""
    from ledgerctl.billing import service

    row = service.edit_draft(app_context(ctx), ref, note, day(due_date, "--due-date"))
    message(f"draft {row['id']} updated (due {row['due_date']})", ctx=app_context(ctx))


@app.command("add-line")
def statement_add_line(
    ctx: typer.Context,
    ref: str = REF,
    description: str = typer.Option(..., "--description"),
    amount: str = typer.Option(
        ..., "--amount", help="Amount; negative only for an adjustment (a credit to the client)."
    ),
    kind: str = typer.Option("fee", "--kind", help="fee, disbursement or adjustment."),
    on: str = typer.Option(None, "--date", help="Service date (default: statement date)."),
) -> None:
    """Add a line to a draft."""
    from ledgerctl.billing import service

    row = service.add_line(app_context(ctx), ref, description, amount, kind, day(on, "--date"))
    message(f"line {row['line_no']} added; draft total {row['total']}", ctx=app_context(ctx))


@app.command("remove-line")
def statement_remove_line(
    ctx: typer.Context,
    ref: str = REF,
    line_no: int = typer.Argument(..., help="Line number (see show)."),
) -> None:
    """Remove a line from a draft (a charge's line makes the charge unbilled again)."""
    from ledgerctl.billing import service

    row = service.remove_line(app_context(ctx), ref, line_no)
    message(f"line {line_no} removed; draft total {row['total']}", ctx=app_context(ctx))


@app.command("delete")
def statement_delete(ctx: typer.Context, ref: str = REF, yes: bool = YES) -> None:
    """Delete a draft; its charges become unbilled (the next cycle bills them again)."""
    from ledgerctl.billing import service

    confirm_or_abort(f"delete draft {ref}?", yes)
    service.delete_draft(app_context(ctx), ref)
    message(f"draft {ref} deleted", ctx=app_context(ctx))


@app.command("issue")
def statement_issue(
    ctx: typer.Context,
    refs: list[str] = typer.Argument(None, help="Draft ids to issue."),
    period: str = typer.Option(None, "--period", "-p", help="With --all: every draft of YYYY-MM."),
    all_: bool = typer.Option(False, "--all", help="Issue every draft of --period."),
    processes: int = PROCESSES,
    yes: bool = YES,
) -> None:
    """Issue drafts (reviewer): freeze, number, post the receivable, write the PDFs.

    Exit 4 for a statement that is not a draft or a closed ledger period, 7 without the
    billing.issue permission. PDFs go to output/billing/statements/<number>.pdf.
    """
    from ledgerctl.billing import service
    from ledgerctl.core.errors import UsageError

    if bool(period) != all_:
        raise UsageError(
            "--period and --all go together: --period YYYY-MM --all issues every "
            "draft of the period"
        )
    actx = app_context(ctx)
    what = f"every draft of {period}" if period else f"draft(s) {', '.join(refs or [])}"
    confirm_or_abort(f"issue {what}? Numbers are final", yes)
    with progress_bar(actx, "PDFs") as bar:
        result = service.issue(actx, list(refs or []), period, processes=processes, progress=bar)
    for number in result.numbers:
        typer.echo(number)
    if result.numbers:
        folder = result.pdfs[0].parent
        message(
            f"issued {len(result.numbers)} statement(s) {result.numbers[0]} .. "
            f"{result.numbers[-1]}; PDFs in {folder}",
            ctx=actx,
        )
    else:
        message(f"no drafts to issue for {period}", ctx=actx)


@app.command("void")
def statement_void(
    ctx: typer.Context,
    ref: str = REF,
    reason: str = typer.Option(..., "--reason", help="Why (on the PDF and in the audit log)."),
    on: str = typer.Option(
        None, "--date", help="Void date (default today, never before the statement date)."
    ),
    yes: bool = YES,
) -> None:
    """Void an issued statement: keeps the number, reverses the posting, frees allocations."""
    from ledgerctl.billing import service

    confirm_or_abort(f"void statement {ref}?", yes)
    number, pdf = service.void(app_context(ctx), ref, reason, day(on, "--date"))
    message(
        f"statement {number} voided; {pdf} now shows VOID; reissue it with "
        f"`ledgerctl billing statement reissue {number}`",
        ctx=app_context(ctx),
    )


@app.command("reissue")
def statement_reissue(
    ctx: typer.Context,
    ref: str = REF,
    period: str = typer.Option(
        None, "--period", "-p", help="Put the new draft in this period (default: the same)."
    ),
) -> None:
    """Clone a voided statement into a new draft that references it."""
    from ledgerctl.billing import service

    row = service.reissue(app_context(ctx), ref, period)
    typer.echo(row["draft"])
    message(
        f"draft {row['draft']} ({row['period']}, {row['total']}) reissues {ref}; review "
        f"and issue it",
        ctx=app_context(ctx),
    )


@app.command("pdf")
def statement_pdf(
    ctx: typer.Context,
    refs: list[str] = typer.Argument(None, help="Statement numbers."),
    period: str = typer.Option(None, "--period", "-p", help="Every statement of YYYY-MM."),
    missing: bool = typer.Option(
        False, "--missing", help="Only statements whose PDF file is missing."
    ),
    processes: int = PROCESSES,
) -> None:
    """(Re-)render statement PDFs from their frozen snapshots."""
    from ledgerctl.billing import service

    actx = app_context(ctx)
    with progress_bar(actx, "PDFs") as bar:
        paths = service.render_pdfs(
            actx, list(refs or []), period, missing, processes=processes, progress=bar
        )
    for path in paths:
        typer.echo(path)
    message(f"{len(paths)} PDF(s) written", ctx=actx)
