"""The error types every layer raises, each carrying the CLI exit code of ARCHITECTURE.md.

A service raises one of these with a one-line message naming the thing and what to do; the
root CLI prints the message and exits with the code. Anything else is exit 1 (unexpected).
"""

from __future__ import annotations


class LedgerError(Exception):
    """Base of all expected errors. ``exit_code`` follows the table in ARCHITECTURE.md."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(LedgerError):
    """Bad arguments or bad input data (wrong format, unbalanced entry, too many decimals)."""

    exit_code = 2


class NotFound(LedgerError):
    """An entity named on the command line does not exist."""

    exit_code = 3


class Conflict(LedgerError):
    """The request conflicts with the current state (period closed, day already open...)."""

    exit_code = 4


class IntegrityProblem(LedgerError):
    """An integrity check found a problem (broken audit chain, hash mismatch)."""

    exit_code = 5


class RemoteUnavailable(LedgerError):
    """A remote service (database server, FDMS) is unreachable or refused the request."""

    exit_code = 6


class PermissionDenied(LedgerError):
    """The actor is not an active member of the tenant or lacks the permission."""

    exit_code = 7


class LockHeld(LedgerError):
    """Another run of the same job holds the lock."""

    exit_code = 8


EXIT_CODES: dict[int, str] = {
    0: "ok",
    1: "unexpected error",
    2: "usage / invalid input",
    3: "not found",
    4: "conflict / invalid state",
    5: "integrity problem found",
    6: "remote service unreachable or refused",
    7: "permission denied",
    8: "another run holds the lock",
}
