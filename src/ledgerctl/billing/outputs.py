"""The data dictionary of every file billing writes for people (statement PDFs, the ageing
and client-ledger reports as CSV or Excel) that docs/billing.md shows.

The reports themselves are rendered by ``ledgerctl.console`` from the typed rows of
``views`` (``AgingRow``, ``LedgerRow``); the column specs here document those fields.
"""

from __future__ import annotations

from ledgerctl.outputs.api import Column, data_dictionary_markdown, money

AGING_COLUMNS = (
    Column(
        "client",
        "string",
        "Client (customer) code; TOTAL on the per-currency total rows.",
        nullable=False,
    ),
    Column("name", "string", 'Client name ("All clients (GHS)" on total rows).'),
    Column("currency", "string", "ISO currency of the client's account.", nullable=False),
    money(
        "current",
        "Open amount of statements less than 30 days old at the as-of date "
        "(the first edge of `aging_days` in rules/billing.yaml).",
    ),
    money("days_30", "Open amount 30–59 days after the statement date."),
    money("days_60", "Open amount 60–89 days after the statement date."),
    money("days_90", "Open amount 90 days or more after the statement date."),
    money(
        "credit",
        "Payments received by the as-of date and not allocated to a statement (credit on account).",
    ),
    money(
        "balance",
        "What the client owes: current + days_30 + days_60 + days_90 - credit "
        "(negative: in the client's favour).",
    ),
)

LEDGER_COLUMNS = (
    Column(
        "date",
        "date",
        "Date of the movement (statement date, payment date or void date).",
        nullable=False,
    ),
    Column(
        "type",
        "string",
        "opening (balance brought forward), statement, payment or void.",
        nullable=False,
    ),
    Column("reference", "string", "Statement number or the payment's receipt/invoice number."),
    Column("description", "string", "What happened (void lines carry the reason)."),
    money("debit", "Amount charged to the client (an issued statement)."),
    money("credit", "Amount credited (a payment, or the void of a statement)."),
    money("balance", "Running balance after the movement: what the client owes.", nullable=False),
)

STATEMENT_PARTS = (
    (
        "letterhead",
        "Firm name, address, phone, e-mail, tax ID and logo (ledgerctl.toml "
        "`business_*`; other tenants: the tenant's name).",
    ),
    (
        "title block",
        "STATEMENT OF ACCOUNT, the number from the gapless sequence "
        "(SOA-2025-00012), statement date (last day of the period), period, client "
        "no. (customer code), due date (statement date + the client's terms or "
        "`terms_days`), currency; `Replaces SOA-...` on a reissue.",
    ),
    ("Statement for", "Client name, billing contact, address, e-mail, tax ID."),
    (
        "Account summary",
        "Brought forward (balance at the period start), charges this period, "
        "payments received in the period, amount due = brought forward + "
        "charges - payments, the closing balance at the statement date (or "
        '"In your favour" when negative).',
    ),
    (
        "Charges",
        "One line per retainer month (prorated by days when it starts or ends inside "
        "the month, half-up to the cent), fee, disbursement or adjustment; total.",
    ),
    ("Payments received", "Payments dated in the period: date, receipt no., method, amount."),
    (
        "Ageing",
        "Open statements at the statement date by age: current (0-29 days), 30-59, "
        "60-89, 90+ (`aging_days`), unallocated payments, balance (= closing balance).",
    ),
    (
        "How to pay",
        "Amount and due date, the number to quote, and `payment_instructions` from "
        "rules/billing.yaml.",
    ),
    (
        "VOID",
        "A voided statement keeps its number and shows a VOID watermark with the void "
        "date and reason; it is not payable.",
    ),
    ("footer", "Issue date and number; firm, document and page x of y on every page."),
)


def _parts_table() -> str:
    rows = ["| part of the page | what it shows |", "|---|---|"]
    rows += [f"| {part} | {text} |" for part, text in STATEMENT_PARTS]
    return "\n".join(rows) + "\n"


def data_dictionary() -> str:
    """The Markdown data dictionary of every file billing writes (pasted into docs)."""
    return "\n".join(
        [
            "### Statement PDF (`output/billing/statements/<number>.pdf`)\n",
            "A4, fonts bundled (DejaVu Sans as Ledger Sans). Rendered from the statement's frozen "
            "snapshot (its content hash is re-checked by `ledgerctl audit check`), so a "
            "re-rendered "
            "PDF shows the same figures. Other tenants than the default: "
            "`output/billing/<tenant>/statements/`.\n",
            _parts_table(),
            data_dictionary_markdown(
                AGING_COLUMNS,
                "Ageing report (`billing aging --format csv|xlsx`)",
                "One row per client with anything open or in credit at `--as-of`, then one TOTAL "
                "row per currency. Excel: sheet `Ageing`, default file "
                "`output/billing/reports/aging-<as-of>.xlsx`.",
            ),
            data_dictionary_markdown(
                LEDGER_COLUMNS,
                "Client ledger (`billing ledger --client CODE --format csv|xlsx`)",
                "Every movement of one client's account, oldest first, with a running balance. "
                "Excel: sheet `Ledger`, default file "
                "`output/billing/reports/ledger-<client>.xlsx`.",
            ),
        ]
    )
