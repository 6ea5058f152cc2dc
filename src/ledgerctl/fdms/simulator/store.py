"""What the simulated FDMS remembers: devices, certificates, fiscal days, receipts, files.

A SQLite file in the simulator's state folder (stdlib ``sqlite3``), so a restarted simulator
still knows its devices, days and receipts. The simulator serialises requests with one lock,
so one connection is enough.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ledgerctl.fdms.domain import wire

SCHEMA = """
CREATE TABLE IF NOT EXISTS devices (
  device_id INTEGER PRIMARY KEY, activation_key TEXT NOT NULL, serial_no TEXT NOT NULL,
  taxpayer_name TEXT NOT NULL, tin TEXT NOT NULL, vat_number TEXT, branch_name TEXT NOT NULL,
  branch_address TEXT NOT NULL, mode TEXT NOT NULL DEFAULT 'Online',
  day_max_hrs INTEGER NOT NULL DEFAULT 24, day_notice_hrs INTEGER NOT NULL DEFAULT 2);
CREATE TABLE IF NOT EXISTS certificates (
  serial TEXT PRIMARY KEY, device_id INTEGER NOT NULL, pem TEXT NOT NULL,
  not_after TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS days (
  device_id INTEGER NOT NULL, day_no INTEGER NOT NULL, status TEXT NOT NULL,
  opened TEXT NOT NULL, closed TEXT, error_code TEXT, close_request TEXT, server_sig TEXT,
  PRIMARY KEY (device_id, day_no));
CREATE TABLE IF NOT EXISTS receipts (
  receipt_id INTEGER PRIMARY KEY AUTOINCREMENT, device_id INTEGER NOT NULL,
  day_no INTEGER NOT NULL, counter INTEGER NOT NULL, global_no INTEGER NOT NULL,
  hash TEXT NOT NULL, receipt_date TEXT NOT NULL, tin TEXT NOT NULL, invoice_no TEXT NOT NULL,
  note_device INTEGER, note_global INTEGER, body TEXT NOT NULL, signature TEXT NOT NULL,
  server_date TEXT NOT NULL, server_sig TEXT NOT NULL, errors TEXT NOT NULL,
  UNIQUE (device_id, global_no));
CREATE INDEX IF NOT EXISTS ix_receipts_day ON receipts (device_id, day_no, counter);
CREATE INDEX IF NOT EXISTS ix_receipts_invoice ON receipts (tin, invoice_no);
CREATE INDEX IF NOT EXISTS ix_receipts_note ON receipts (note_device, note_global);
CREATE TABLE IF NOT EXISTS files (
  operation_id TEXT PRIMARY KEY, device_id INTEGER NOT NULL, day_no INTEGER,
  file_sequence INTEGER, uploaded TEXT NOT NULL, status TEXT NOT NULL, error_code TEXT,
  receipts INTEGER NOT NULL DEFAULT 0);
"""


class SimStore:
    """Thin helpers over the simulator's SQLite database (callers hold the simulator lock)."""

    def __init__(self, path: Path | str) -> None:
        self.db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        if str(path) != ":memory:":
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def one(self, sql: str, *params: Any) -> sqlite3.Row | None:
        return self.db.execute(sql, params).fetchone()

    def all(self, sql: str, *params: Any) -> list[sqlite3.Row]:
        return self.db.execute(sql, params).fetchall()

    def run(self, sql: str, *params: Any) -> int:
        cur = self.db.execute(sql, params)
        return int(cur.lastrowid or 0)

    def transaction(self) -> _Tx:
        return _Tx(self.db)

    # --- typed reads used by the rules --------------------------------------------------

    def device(self, device_id: int) -> sqlite3.Row | None:
        return self.one("SELECT * FROM devices WHERE device_id = ?", device_id)

    def current_day(self, device_id: int) -> sqlite3.Row | None:
        return self.one(
            "SELECT * FROM days WHERE device_id = ? ORDER BY day_no DESC LIMIT 1", device_id
        )

    def receipt_by_global(self, device_id: int, global_no: int) -> sqlite3.Row | None:
        return self.one(
            "SELECT * FROM receipts WHERE device_id = ? AND global_no = ?", device_id, global_no
        )

    def receipt_by_counter(self, device_id: int, day_no: int, counter: int) -> sqlite3.Row | None:
        return self.one(
            "SELECT * FROM receipts WHERE device_id = ? AND day_no = ? AND counter = ?",
            device_id,
            day_no,
            counter,
        )

    def last_global(self, device_id: int) -> int:
        row = self.one("SELECT MAX(global_no) FROM receipts WHERE device_id = ?", device_id)
        return int(row[0] or 0) if row else 0

    def day_receipts(self, device_id: int, day_no: int) -> Iterator[sqlite3.Row]:
        return iter(
            self.all(
                "SELECT * FROM receipts WHERE device_id = ? AND day_no = ? ORDER BY counter",
                device_id,
                day_no,
            )
        )


class _Tx:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind: object, *_: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def dump(value: Any) -> str:
    return wire.dumps(value)


def load(text: str | None) -> Any:
    return None if text is None else wire.loads(text)


def plain(value: Any) -> str:
    return json.dumps(value)
