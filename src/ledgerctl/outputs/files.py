"""Atomic file writes: write a temp file in the same folder, fsync, then rename over the target.

A reader (Power BI, Excel, a backup) never sees a half-written file, and a crash leaves the
previous version in place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success it replaces ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def atomic_write_bytes(target: Path, data: bytes) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def atomic_write_text(target: Path, text: str, encoding: str = "utf-8") -> Path:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding=encoding, newline="")
    return Path(target)


def atomic_write_with(target: Path, writer: Callable[[Path], None]) -> Path:
    """Run ``writer(tmp_path)`` (e.g. a pyarrow or openpyxl save) and publish atomically."""
    with atomic_path(target) as tmp:
        writer(tmp)
    return Path(target)
