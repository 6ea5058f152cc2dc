"""A self-contained archive of one tenant's rows, its manifest, verification and row deletion.

The archive is gzip-compressed JSON lines:

- line 1: ``{"format": "ledgerctl-tenant-archive", "version": 1, "tenant": {...},
  "schema_revision": "0001", "created_at": "...", "tables": [...]}``
- then one line per row: ``{"t": "<table>", "r": {<column>: <stored value>}}``, tables in
  dependency order (parents first), rows by id.

Values are what the database stores (money as integer minor units, times as ISO text, JSON
columns as their text), so a restore writes them back unchanged. The manifest (``.json`` next
to the archive) holds the archive's SHA-256 and size, the row count and a SHA-256 per table;
``verify_archive`` re-reads the archive and checks all of it. The rows are every row of every
table with a ``tenant_id`` column (plus the ``tenants`` row and the users who are members).

Used by ``pos tenant offboard`` (export and final archive before the purge); the ``backup``
group reuses it for per-tenant backups and restores.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.types import TypeDecorator
from sqlmodel import col

from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import IntegrityProblem, UsageError
from ledgerctl.outputs.api import atomic_path, atomic_write_text

FORMAT = "ledgerctl-tenant-archive"
VERSION = 1


@dataclass(frozen=True)
class Archive:
    """A written (or verified) archive."""

    path: Path
    manifest: Path
    sha256: str
    rows: int
    tables: dict[str, int]


def tenant_tables() -> list[Table]:
    """Tables holding tenant rows (a ``tenant_id`` column), parents before children."""
    from ledgerctl.db.base import load_all_tables, metadata

    load_all_tables()
    return [t for t in metadata.sorted_tables if "tenant_id" in t.c]


def _stored(table: Table) -> Any:
    """Select every column as stored: a TypeDecorator column through its underlying type."""
    cols = [
        type_coerce(c, c.type.impl).label(c.name) if isinstance(c.type, TypeDecorator) else c
        for c in table.c
    ]
    return select(*cols)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _rows(conn: Connection, table: Table, **where: Any) -> Iterator[dict[str, Any]]:
    query = _stored(table).where(*[table.c[k] == v for k, v in where.items()])
    if "id" in table.c:
        query = query.order_by(table.c.id)
    for row in conn.execute(query).mappings():
        yield {k: _plain(v) for k, v in row.items()}


def _all_rows(conn: Connection, tenant_id: int) -> Iterator[tuple[str, dict[str, Any]]]:
    from ledgerctl.tenancy.tables import Membership, Tenant, User

    tenants, users = Tenant.__table__, User.__table__  # type: ignore[attr-defined]
    for row in _rows(conn, tenants, id=tenant_id):
        yield tenants.name, row
    member_ids = select(col(Membership.user_id)).where(col(Membership.tenant_id) == tenant_id)
    for user in conn.execute(
        _stored(users).where(users.c.id.in_(member_ids)).order_by(users.c.id)
    ).mappings():
        yield users.name, {k: _plain(v) for k, v in user.items()}
    for table in tenant_tables():
        for row in _rows(conn, table, tenant_id=tenant_id):
            yield table.name, row


def _revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def write_archive(conn: Connection, tenant_id: int, target: Path) -> Archive:
    """Write every row of the tenant to ``target`` (``.jsonl.gz``) and its manifest, both
    atomically, in the caller's transaction (a consistent snapshot)."""
    if not target.name.endswith(".jsonl.gz"):
        raise UsageError(f"archive {target.name}: the name must end in .jsonl.gz")
    counts: dict[str, int] = {}
    table_hash: dict[str, Any] = {}
    with atomic_path(target) as tmp:
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as out:
            header = {
                "format": FORMAT,
                "version": VERSION,
                "tenant_id": tenant_id,
                "schema_revision": _revision(conn),
                "created_at": utcnow().isoformat(),
            }
            out.write(json.dumps(header, sort_keys=True) + "\n")
            for name, row in _all_rows(conn, tenant_id):
                line = json.dumps({"t": name, "r": row}, sort_keys=True, ensure_ascii=False)
                out.write(line + "\n")
                counts[name] = counts.get(name, 0) + 1
                table_hash.setdefault(name, hashlib.sha256()).update(line.encode() + b"\n")
        digest, size = _file_hash(tmp)
    manifest = _manifest_path(target)
    body = {
        "format": FORMAT,
        "version": VERSION,
        "archive": target.name,
        "sha256": digest,
        "bytes": size,
        "tenant_id": tenant_id,
        "schema_revision": header["schema_revision"],
        "created_at": header["created_at"],
        "rows": sum(counts.values()),
        "tables": {n: {"rows": c, "sha256": table_hash[n].hexdigest()} for n, c in counts.items()},
    }
    atomic_write_text(manifest, json.dumps(body, indent=2, sort_keys=True) + "\n")
    return Archive(target, manifest, digest, sum(counts.values()), counts)


def _manifest_path(archive: Path) -> Path:
    return archive.with_name(archive.name.removesuffix(".jsonl.gz") + ".manifest.json")


def _file_hash(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def read_archive(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(table, row)`` for every row of an archive (after its header line)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        header = json.loads(fh.readline())
        if header.get("format") != FORMAT:
            raise IntegrityProblem(f"{path.name} is not a ledgerctl tenant archive")
        for line in fh:
            item = json.loads(line)
            yield item["t"], item["r"]


def verify_archive(path: Path) -> Archive:
    """Re-read an archive: its SHA-256, size, row counts and per-table hashes must match the
    manifest (exit 5 naming the first difference)."""
    manifest_path = _manifest_path(path)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IntegrityProblem(f"{manifest_path}: cannot read the manifest ({exc})") from None
    digest, size = _file_hash(path)
    if (digest, size) != (manifest["sha256"], manifest["bytes"]):
        raise IntegrityProblem(
            f"{path.name}: SHA-256/size differ from the manifest; the "
            "archive was changed or damaged"
        )
    counts: dict[str, int] = {}
    hashes: dict[str, Any] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        fh.readline()
        for line in fh:
            name = json.loads(line)["t"]
            counts[name] = counts.get(name, 0) + 1
            hashes.setdefault(name, hashlib.sha256()).update(line.encode())
    for name, info in manifest["tables"].items():
        if counts.get(name) != info["rows"] or hashes[name].hexdigest() != info["sha256"]:
            raise IntegrityProblem(f"{path.name}: table {name} differs from the manifest")
    return Archive(path, manifest_path, digest, sum(counts.values()), counts)


def delete_tenant(conn: Connection, tenant_id: int) -> dict[str, int]:
    """Delete every row of the tenant (children first) and the tenant itself; returns the
    rows deleted per table. Users stay: they may belong to other tenants."""
    from ledgerctl.tenancy.tables import Tenant

    deleted: dict[str, int] = {}
    for table in reversed(tenant_tables()):
        result = conn.execute(delete(table).where(table.c.tenant_id == tenant_id))
        if result.rowcount:
            deleted[table.name] = result.rowcount
    tenants = Tenant.__table__  # type: ignore[attr-defined]
    deleted["tenants"] = conn.execute(delete(tenants).where(tenants.c.id == tenant_id)).rowcount
    return deleted
