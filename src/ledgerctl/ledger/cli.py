"""The `ledger` group: accounts, posting, journal, balances, periods, export."""

from __future__ import annotations

from pathlib import Path

import typer

from ledgerctl.cli_support import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    OutputFormat,
    app_context,
    message,
    render_rows,
)

app = typer.Typer(
    help="General ledger: accounts, entries, periods, trial balance, export.", no_args_is_help=True
)
account_app = typer.Typer(help="Add accounts to the chart.", no_args_is_help=True)
chart_app = typer.Typer(
    help="Chart of accounts templates (rules/coa/*.yaml).", no_args_is_help=True
)
period_app = typer.Typer(help="Monthly fiscal periods: list, close, reopen.", no_args_is_help=True)
app.add_typer(account_app, name="account")
app.add_typer(chart_app, name="chart")
app.add_typer(period_app, name="period")

DATE_HELP = "YYYY-MM-DD"


def _date(text: str | None, field: str):  # type: ignore[no-untyped-def]
    from ledgerctl.core.clock import parse_date

    return parse_date(text, field=field) if text else None


@app.command("accounts")
def accounts(
    ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """List the chart of accounts."""
    from ledgerctl.ledger import service

    render_rows(service.list_accounts(app_context(ctx)), fmt, output, title="Accounts")


@account_app.command("add")
def account_add(
    ctx: typer.Context,
    code: str = typer.Argument(..., help="Account code, e.g. 6200."),
    name: str = typer.Option(..., "--name", help="Account name."),
    type_: str = typer.Option(..., "--type", help="asset, liability, equity, income, expense."),
    parent: str = typer.Option(None, "--parent", help="Code of the parent account."),
    side: str = typer.Option(
        None,
        "--normal-side",
        help="debit or credit (default from the type; set it for contra accounts).",
    ),
) -> None:
    """Add an account to the chart."""
    from ledgerctl.ledger import service

    row = service.add_account(app_context(ctx), code, name, type_, parent, side)
    message(f"account {row['code']} {row['name']} added")


@chart_app.command("install")
def chart_install(
    ctx: typer.Context, template: str = typer.Argument(..., help="Template name, e.g. retail.")
) -> None:
    """Install a chart template; accounts that already exist are skipped."""
    from ledgerctl.ledger import service

    added = service.install_chart(app_context(ctx), template)
    message(f"chart {template}: {added} account(s) added")


@app.command("post")
def post(
    ctx: typer.Context,
    date: str = typer.Option(None, "--date", help=f"Entry date, {DATE_HELP}."),
    desc: str = typer.Option("", "--desc", help="Description."),
    debit: list[str] = typer.Option([], "--debit", help="ACCOUNT=AMOUNT (repeatable)."),
    credit: list[str] = typer.Option([], "--credit", help="ACCOUNT=AMOUNT (repeatable)."),
    currency: str = typer.Option(None, "--currency", help="Currency (default: tenant's)."),
    reference: str = typer.Option("", "--reference", help="External reference."),
    file: Path = typer.Option(None, "--file", help="CSV or JSON file of entries (all or nothing)."),
) -> None:
    """Post an entry from arguments, or every entry of a CSV/JSON file."""
    from ledgerctl.core.errors import UsageError
    from ledgerctl.ledger import service

    actx = app_context(ctx)
    if file is not None:
        if date or debit or credit or desc:
            raise UsageError("--file cannot be combined with --date/--desc/--debit/--credit")
        posted = service.post_file(actx, file)
        message(
            f"{len(posted)} entr{'y' if len(posted) == 1 else 'ies'} posted from {file}"
            + (f" ({posted[0].number} .. {posted[-1].number})" if posted else ""),
            ctx=actx,
        )
        return
    if not date:
        raise UsageError("--date is required (or give --file)")
    row = service.post_entry(actx, _date(date, "--date"), desc, debit, credit, currency, reference)
    typer.echo(row["number"])


@app.command("reverse")
def reverse(
    ctx: typer.Context,
    number: str = typer.Argument(..., help="Entry number, e.g. JE-2025-000012."),
    date: str = typer.Option(
        None, "--date", help=f"Date of the reversal ({DATE_HELP}); default today."
    ),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the description)."),
) -> None:
    """Post the mirror entry of NUMBER (an entry can be reversed once)."""
    from ledgerctl.ledger import service

    row = service.reverse_entry(app_context(ctx), number, _date(date, "--date"), reason)
    typer.echo(row["number"])


@app.command("journal")
def journal(
    ctx: typer.Context,
    account: str = typer.Option(None, "--account", help="Only entries touching this account."),
    start: str = typer.Option(None, "--from", help=f"From date ({DATE_HELP})."),
    end: str = typer.Option(None, "--to", help=f"To date ({DATE_HELP})."),
    period: str = typer.Option(None, "--period", help="Only this month (YYYY-MM)."),
    limit: int = typer.Option(None, "--limit", min=1, help="Only the newest N entries."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """List journal entries line by line, oldest first."""
    from ledgerctl.ledger import service

    rows = service.journal(
        app_context(ctx),
        account=account,
        start=_date(start, "--from"),
        end=_date(end, "--to"),
        period=period,
        limit=limit,
    )
    render_rows(
        rows,
        fmt,
        output,
        title="Journal",
        columns=["number", "date", "description", "account", "debit", "credit", "currency", "memo"],
    )


@app.command("balance")
def balance(
    ctx: typer.Context,
    account: str = typer.Argument(None, help="Account code (default: every account)."),
    as_of: str = typer.Option(None, "--as-of", help=f"Balance at the end of ({DATE_HELP})."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Account balances, positive on the account's normal side."""
    from ledgerctl.ledger import service

    rows = service.balance(app_context(ctx), account, _date(as_of, "--as-of"))
    render_rows(
        rows,
        fmt,
        output,
        title="Balances",
        columns=["code", "name", "currency", "balance", "normal_side"],
    )


@app.command("trial-balance")
def trial_balance(
    ctx: typer.Context,
    as_of: str = typer.Option(None, "--as-of", help=f"At the end of ({DATE_HELP}); default today."),
    fmt: OutputFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Debit and credit balance of every account, with totals per currency (exit 5 if the
    totals differ)."""
    from ledgerctl.core.clock import today
    from ledgerctl.core.errors import IntegrityProblem
    from ledgerctl.ledger import service

    tb = service.trial_balance(app_context(ctx), _date(as_of, "--as-of") or today())
    render_rows(
        tb.table(),
        fmt,
        output,
        title=f"Trial balance as of {tb.as_of}",
        columns=["code", "name", "type", "currency", "debit", "credit"],
    )
    if not tb.balanced:
        raise IntegrityProblem(
            f"trial balance as of {tb.as_of} does not balance; run "
            "`ledgerctl audit verify` and report it"
        )


@period_app.command("list")
def period_list(
    ctx: typer.Context, fmt: OutputFormat = FORMAT_OPTION, output: Path | None = OUTPUT_OPTION
) -> None:
    """List fiscal periods and whether they are open."""
    from ledgerctl.ledger import service

    render_rows(
        service.list_periods(app_context(ctx)),
        fmt,
        output,
        title="Periods",
        columns=["period", "start", "end", "status", "closed_at", "closed_by"],
    )


@period_app.command("close")
def period_close(ctx: typer.Context, period: str = typer.Argument(..., help="YYYY-MM")) -> None:
    """Close a period: nothing more can be posted into it."""
    from ledgerctl.ledger import service

    service.close_period(app_context(ctx), period)
    message(f"period {period} closed")


@period_app.command("reopen")
def period_reopen(
    ctx: typer.Context,
    period: str = typer.Argument(..., help="YYYY-MM"),
    reason: str = typer.Option(..., "--reason", help="Why (audited)."),
) -> None:
    """Reopen a closed period (admin; audited with the reason)."""
    from ledgerctl.ledger import service

    service.reopen_period(app_context(ctx), period, reason)
    message(f"period {period} reopened")


@app.command("export")
def export(
    ctx: typer.Context,
    fmt: str = typer.Option(
        "hledger", "--format", "-f", help="hledger (also read by ledger-cli) or beancount."
    ),
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Export the journal as plain text for hledger / ledger-cli or beancount."""
    from ledgerctl.ledger import service

    result = service.export(app_context(ctx), fmt, output)
    if output is not None:
        message(f"{result.entries} entries written to {output}")
