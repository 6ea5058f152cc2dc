"""Fault injection: make the next N calls (of one endpoint, or any) fail in a chosen way.

Kinds:

- ``timeout``: hold the request longer than the client waits, then drop it unprocessed;
- ``error500`` / ``error502`` / ``status429``: answer that status without processing;
- ``not_json``: answer 200 with an HTML page (a proxy in the way), without processing;
- ``drop_after_store``: process the request (the receipt is stored), then close the connection
  without answering — the case that must not produce a duplicate on resend;
- ``drop_before``: close the connection without processing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

KINDS = (
    "timeout",
    "error500",
    "error502",
    "status429",
    "not_json",
    "drop_after_store",
    "drop_before",
)
BEFORE = frozenset(KINDS) - {"drop_after_store"}


@dataclass
class Fault:
    kind: str
    endpoint: str | None
    remaining: int


class Faults:
    """A thread-safe queue of faults, consumed by matching requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[Fault] = []

    def add(self, kind: str, endpoint: str | None = None, count: int = 1) -> None:
        if kind not in KINDS:
            raise ValueError(f"fault kind {kind!r} is unknown; use one of {', '.join(KINDS)}")
        if count < 1:
            raise ValueError("fault count must be at least 1")
        with self._lock:
            self._items.append(Fault(kind, endpoint, count))

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def take(self, endpoint: str) -> str | None:
        """The fault to apply to this call of ``endpoint`` (consumed), or None."""
        with self._lock:
            for fault in self._items:
                if fault.endpoint in (None, endpoint):
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._items.remove(fault)
                    return fault.kind
        return None

    def pending(self) -> list[dict[str, object]]:
        with self._lock:
            return [vars(f).copy() for f in self._items]
