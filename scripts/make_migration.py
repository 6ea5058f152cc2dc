"""Developer tool: autogenerate an alembic migration from the tables in code.

    uv run python scripts/make_migration.py "message" [--initial]

--initial rewrites the baseline 0001 (allowed before the first release only).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from ledgerctl.db import migrate
from ledgerctl.db.engine import make_engine


def main() -> None:
    message = sys.argv[1] if len(sys.argv) > 1 else "change"
    initial = "--initial" in sys.argv
    versions = migrate.migrations_dir() / "versions"
    if initial:
        for old in versions.glob("0001_*.py"):
            old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'gen.db'}")
        cfg = migrate.alembic_config(engine)
        if not initial:
            command.upgrade(cfg, "head")
        rev_id = "0001" if initial else None
        if rev_id is None:
            existing = sorted(p.name[:4] for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))
            rev_id = f"{int(existing[-1]) + 1:04d}" if existing else "0001"
        command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id)
        engine.dispose()


if __name__ == "__main__":
    main()
