"""`ledgerctl layby create`: a new lay-by with its deposit."""

from __future__ import annotations

import typer

from ledgerctl.console import FORMAT_OPTION, Format, app_context, message, render_record


def create(
    ctx: typer.Context,
    customer: str = typer.Option(..., "--customer", "-c", help="Customer code."),
    items: list[str] = typer.Option(..., "--item", "-i", help="SKU:QTY; repeat per item."),
    deposit: str | None = typer.Option(
        None, "--deposit", help="30% or an amount (default: the rule's default %)."
    ),
    frequency: str | None = typer.Option(
        None, "--frequency", help="weekly, fortnightly or monthly (default: the rule's)."
    ),
    instalments: int | None = typer.Option(
        None,
        "--instalments",
        help="Number of instalments (default: as many as fit within the rule's maximum duration).",
    ),
    method: str = typer.Option(
        "cash", "--method", help="Payment method of the deposit: cash, card or momo."
    ),
    branch: str | None = typer.Option(None, "--branch", "-b", help="Branch holding the goods."),
    date: str | None = typer.Option(
        None, "--date", help="Business date YYYY-MM-DD (default: today)."
    ),
    reference: str = typer.Option("", "--reference", help="Payment reference of the deposit."),
    disclosed: bool = typer.Option(
        True,
        "--fee-disclosed/--fee-not-disclosed",
        help="Whether the cancellation fee was disclosed to the "
        "customer (recorded; some laws allow no fee otherwise).",
    ),
    fmt: Format | None = FORMAT_OPTION,
) -> None:
    """Create a lay-by: rules checked, number taken, schedule made, goods reserved, deposit
    taken. Prints the lay-by number (with --format json, the whole lay-by).

    Example: ledgerctl layby create -c C001 --item DRESS-RED:2 --deposit 30% --frequency weekly
    """
    from ledgerctl.core.clock import parse_day, today
    from ledgerctl.layby.create import CreateRequest, create_layby
    from ledgerctl.layby.domain import parse_deposit, parse_item

    request = CreateRequest(
        customer,
        tuple(parse_item(i) for i in items),
        parse_deposit(deposit),
        frequency,
        instalments,
        method,
        parse_day(date, "--date") or today(),
        branch,
        disclosed,
        reference,
    )
    r = create_layby.run(app_context(ctx), request)
    if fmt == Format.json:
        render_record(r, fmt, title=f"Lay-by {r.number}")
        return
    typer.echo(r.number)
    plan = (
        f"balance {r.balance} in {r.instalments} {r.frequency} instalment(s); next due {r.next_due}"
        if r.instalments
        else "paid in full by the deposit"
    )
    message(f"total {r.total_amount} + fees {r.total_fees}; deposit {r.deposit} paid; {plan}")
