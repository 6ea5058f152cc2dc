"""Child process of the lock tests: run job NAME under ``job_run``.

    python lock_holder.py hold NAME   # take the lock, print "acquired", wait for a stdin line
    python lock_holder.py once NAME   # take the lock, print "acquired", finish at once

Exits with the LedgerError's exit code (8 when the lock is held), like the CLI does.
"""

from __future__ import annotations

import sys

from ledgerctl.context import AppContext
from ledgerctl.core.errors import LedgerError
from ledgerctl.jobs.runner import job_run


def main() -> int:
    mode, name = sys.argv[1], sys.argv[2]
    ctx = AppContext()  # workspace, user and database from LEDGERCTL_* in the environment
    try:
        with job_run(ctx, name, permission="jobs.run") as run:
            print("acquired", flush=True)
            if mode == "hold":
                sys.stdin.readline()
            run.processed = 1
            run.detail = mode
    except LedgerError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    finally:
        ctx.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
