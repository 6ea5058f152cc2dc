"""Health checks of the `billing` group behind `ledgerctl doctor`."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from ledgerctl.context import AppContext
from ledgerctl.workspace.api import Check


def check_statement_pdfs(ctx: AppContext) -> Check:
    """Every issued or voided statement has its PDF (else: `billing statement pdf --missing`)."""
    from ledgerctl.billing.pdfs import issued_statements, missing_pdfs
    from ledgerctl.work import unit_of_work

    try:
        with unit_of_work(ctx, None, write=False) as work:
            statements = issued_statements(work)
            missing = missing_pdfs(work, statements)
    except SQLAlchemyError as exc:
        return Check(
            "billing",
            False,
            f"cannot read statements ({type(exc).__name__}); run `ledgerctl db upgrade`",
        )
    if missing:
        shown = ", ".join(s.number or "" for s in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        return Check(
            "billing",
            False,
            f"{len(missing)} statement PDF(s) missing ({shown}{more}); "
            "run `ledgerctl billing statement pdf --missing`",
        )
    return Check("billing", True, f"{len(statements)} statement PDF(s) present")


def check_logo(ctx: AppContext) -> Check:
    """The logo named in ledgerctl.toml (business_logo) exists, or none is configured."""
    logo = ctx.settings.business_logo
    if logo and not (ctx.home / logo).is_file():
        return Check(
            "logo",
            False,
            f"business_logo {logo!r} in ledgerctl.toml is not a file "
            "in the workspace; statements print without a logo",
        )
    return Check(
        "logo", True, f"document logo {logo}" if logo else "no document logo set (business_logo)"
    )


CHECKS = [check_statement_pdfs, check_logo]
