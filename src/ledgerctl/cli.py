"""Root of the `ledgerctl` command: global options, the groups, errors → exit codes.

Every group's Typer app is mounted here. Group modules import only typer at load time, so
`ledgerctl --help` stays fast; services and heavy libraries load inside the commands.
"""

from __future__ import annotations

import sys

import typer

from ledgerctl import __version__, console
from ledgerctl.audit.cli import app as audit_app
from ledgerctl.backup.cli import app as backup_app
from ledgerctl.billing.cli import app as billing_app
from ledgerctl.context import AppContext
from ledgerctl.core.errors import LedgerError
from ledgerctl.fdms.cli import app as fdms_app
from ledgerctl.jobs.cli import jobs_app, schedule_app
from ledgerctl.layby.cli import app as layby_app
from ledgerctl.ledger.cli import app as ledger_app
from ledgerctl.pipeline.cli import app as pipeline_app
from ledgerctl.pos.cli import app as pos_app
from ledgerctl.sequences.cli import app as sequence_app
from ledgerctl.tenancy.cli import tenant_app, user_app
from ledgerctl.workspace.cli import db_app, demo, doctor, init

EXIT_CODE_HELP = (
    "Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 not found, 4 conflict / invalid state, "
    "5 integrity problem, 6 remote unreachable, 7 permission denied, 8 lock held."
)

app = typer.Typer(
    name="ledgerctl",
    help="Back office for small businesses: billing, fiscal receipts, lay-by, POS ledger, "
    "bank pipeline, backups and audit.\n\n" + EXIT_CODE_HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich help costs 0.3 s of imports at every --help
    add_completion=False,
)

_state = AppContext()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ledgerctl {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    home: str | None = typer.Option(
        None,
        "--home",
        help="Workspace folder (else LEDGERCTL_HOME, else the nearest ledgerctl.toml upwards).",
    ),
    tenant: str | None = typer.Option(
        None, "--tenant", help="Tenant id (else the workspace default)."
    ),
    user: str | None = typer.Option(
        None, "--user", help="Act as this user (else LEDGERCTL_USER, else your login name)."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show tracebacks and details."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors on stderr."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    _state.reset(home, tenant, user, verbose, quiet)
    console.configure(quiet=quiet, verbose=verbose)
    ctx.obj = _state


app.command("init")(init)
app.command("doctor")(doctor)
app.command("demo")(demo)
app.add_typer(db_app, name="db")
app.add_typer(tenant_app, name="tenant")
app.add_typer(user_app, name="user")
app.add_typer(ledger_app, name="ledger")
app.add_typer(sequence_app, name="sequence")
app.add_typer(jobs_app, name="jobs")
app.add_typer(schedule_app, name="schedule")
app.add_typer(billing_app, name="billing")
app.add_typer(fdms_app, name="fdms")
app.add_typer(layby_app, name="layby")
app.add_typer(pos_app, name="pos")
app.add_typer(pipeline_app, name="pipeline")
app.add_typer(backup_app, name="backup")
app.add_typer(audit_app, name="audit")


def _report(exc: BaseException) -> int:
    if isinstance(exc, LedgerError):
        sys.stderr.write(f"error: {exc.message}\n")
        return exc.exit_code
    if _state.verbose:
        import traceback

        traceback.print_exception(exc)
    else:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        sys.stderr.write(
            f"unexpected error: {type(exc).__name__}: {first} "
            "(run again with --verbose for the traceback)\n"
        )
    return 1


def main() -> None:
    """Console-script entry point: run the app and turn errors into one line + exit code."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("interrupted; nothing from the unfinished step was saved\n")
        sys.exit(130)
    except BaseException as exc:  # noqa: BLE001 - the last line of defence
        code = _report(exc)
        sys.exit(code)
    finally:
        _state.dispose()


if __name__ == "__main__":
    main()
