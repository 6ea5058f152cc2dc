"""Permission patterns (``ledger.*``, ``*.read``, ``*``) and how a membership is shown."""

from __future__ import annotations

from fnmatch import fnmatchcase


def grants(pattern: str, permission: str) -> bool:
    """Does a granted pattern (``ledger.*``, ``*.read``, ``*``) cover ``permission``?"""
    if pattern == "*":
        return True
    return fnmatchcase(permission, pattern)


def member_label(name: str, role: str, status: str) -> str:
    """``ama:accountant``, or ``ama:accountant (revoked)`` for an inactive membership."""
    return f"{name}:{role}" + ("" if status == "active" else f" ({status})")
