"""Transaction fingerprints: one real transaction across overlapping exports. Pure Python.

SHA-256 over date | post date | amount | description | bank | account (no file name), plus an
occurrence counter for genuine same-day twins within one file.
"""

from __future__ import annotations

import hashlib

from ledgerctl.pipeline.domain.rows import CanonicalRow


def fingerprint_base(row: CanonicalRow) -> str:
    """32 hex chars identifying the transaction independent of which export it came from."""
    post = row.post_date.isoformat() if row.post_date else ""
    key = "|".join(
        [
            row.date.isoformat(),
            post,
            f"{row.amount:.2f}",
            " ".join(row.description.split()).upper(),
            row.bank,
            row.account,
        ]
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def fingerprints(rows: list[CanonicalRow]) -> list[str]:
    """Fingerprint each row of ONE file, numbering identical rows within the file (#1, #2...).

    Two overlapping exports of the same account then agree on the numbering of twins, so
    each real transaction is stored once.
    """
    seen: dict[str, int] = {}
    out = []
    for row in rows:
        base = fingerprint_base(row)
        seen[base] = seen.get(base, 0) + 1
        out.append(f"{base}-{seen[base]}")
    return out
