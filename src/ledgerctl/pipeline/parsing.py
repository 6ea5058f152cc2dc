"""Read one bank export: decode, find the header, match a format, normalise every row.

``parse_file(path)`` reads the bytes once, detects the encoding (BOM, UTF-16, UTF-8, else
cp1252), finds the header line, picks the bank format (``schemas.match_schema``) and turns
each data row into a ``CanonicalRow``. A row that cannot be read becomes a ``RowProblem``
(file, physical line, field, what was seen) and the other rows go on. Nothing here touches
the database.

How the rows are read: ``column_plan.build_plan`` decides once per file which column is
what (date formats, amount convention, derived fields, from the bank schema), then
``row_reader.read_rows`` applies that plan to each row (the hot path: 1M rows in a few
seconds, dates and amounts through per-file caches, no pydantic per row).
"""

from __future__ import annotations

import codecs
import gc
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from ledgerctl.pipeline.column_plan import ColumnPlan, build_plan
from ledgerctl.pipeline.domain.balances import balance_gaps, balance_summary
from ledgerctl.pipeline.domain.dates import make_date_parser
from ledgerctl.pipeline.domain.rows import ParsedFile, RowProblem
from ledgerctl.pipeline.row_reader import read_rows
from ledgerctl.pipeline.schemas import (
    HEADER_SCAN_LINES,
    Candidate,
    LoadedSchema,
    load_schemas,
    match_schema,
    split_line,
)

__all__ = [
    "Inspection",
    "balance_gaps",
    "balance_summary",
    "decode_bytes",
    "inspect_file",
    "parse_bytes",
    "parse_file",
    "make_date_parser",
]


# -- encoding --------------------------------------------------------------------------------
def decode_bytes(data: bytes, declared: str = "auto") -> tuple[str, str]:
    """Decode a file's bytes; return (text, encoding used). BOMs always win.

    ``auto``: UTF-16 (BOM or NUL-byte pattern), else UTF-8, else cp1252 (latin-1 for the
    five bytes cp1252 leaves undefined).
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if declared != "auto":
        return data.decode(declared), declared
    sample = data[:4000]
    if len(sample) >= 4:
        half = len(sample) // 2
        if sample[1::2].count(0) > half * 0.3 and sample[0::2].count(0) == 0:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if sample[0::2].count(0) > half * 0.3 and sample[1::2].count(0) == 0:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _head_lines(text: str, limit: int = HEADER_SCAN_LINES) -> list[str]:
    """The first ``limit`` physical lines (same line splitting as the csv reader)."""
    buf = io.StringIO(text, newline="")
    out = []
    for _ in range(limit):
        line = buf.readline()
        if not line:
            break
        out.append(line.rstrip("\r\n"))
    return out


# -- the result of looking at a file ----------------------------------------------------------
@dataclass
class Inspection:
    """Everything learnt about one file: encoding, header, schema choice, rows, problems."""

    parsed: ParsedFile
    encoding: str = ""
    header_line: int | None = None
    header: tuple[str, ...] = ()
    candidates: list[Candidate] = field(default_factory=list)
    schema: LoadedSchema | None = None
    data_lines: int = 0
    skipped_trailer: int = 0


def parse_file(
    path: Path,
    home: Path | None = None,
    owner: str = "",
    *,
    schemas: list[LoadedSchema] | None = None,
) -> ParsedFile:
    """Read and normalise one bank export (see module docstring)."""
    return inspect_file(path, home, owner, schemas=schemas).parsed


def inspect_file(
    path: Path,
    home: Path | None = None,
    owner: str = "",
    *,
    schemas: list[LoadedSchema] | None = None,
) -> Inspection:
    """Like ``parse_file`` but also says how the file was read (for diagnose / schemas test)."""
    data = Path(path).read_bytes()
    if schemas is None:
        schemas = load_schemas(home)
    return parse_bytes(data, str(path), schemas, owner)


def parse_bytes(data: bytes, file: str, schemas: list[LoadedSchema], owner: str = "") -> Inspection:
    """The work of ``inspect_file`` on bytes already read (``file`` names them in messages)."""
    parsed = ParsedFile(path=file, schema_id=None, content_sha256=hashlib.sha256(data).hexdigest())
    insp = Inspection(parsed)
    text, insp.encoding = decode_bytes(data)
    if not text.strip():
        parsed.problems.append(
            RowProblem(file, 1, "file", "file is empty; export it again from the bank")
        )
        return insp
    head = _head_lines(text)
    file_name = Path(file).name
    loaded, cand, insp.candidates = match_schema(schemas, file_name, head)
    if loaded is None or cand is None:
        first = next((h for h in head if h.strip()), "")
        delim = max(",;\t|", key=first.count)
        seen = ", ".join(c.strip() for c in split_line(first, delim)) or "(none)"
        parsed.problems.append(
            RowProblem(
                file,
                1,
                "header",
                f"no bank format matches this file (headers seen: {seen}); add a schema in "
                f"rules/schemas/ (see `ledgerctl pipeline schemas test {file}`)",
            )
        )
        return insp
    schema = loaded.schema
    insp.schema, parsed.schema_id = loaded, schema.id
    if (
        schema.encoding != "auto"
        and not insp.encoding.startswith(("utf-16", "utf-8-sig"))
        and schema.encoding != insp.encoding
    ):
        try:
            text, insp.encoding = decode_bytes(data, schema.encoding)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            parsed.problems.append(
                RowProblem(
                    file,
                    line,
                    "encoding",
                    f"byte 0x{data[exc.start]:02x} is not valid {schema.encoding} (the schema's "
                    f"encoding); read the file as {insp.encoding} instead",
                )
            )
    assert cand.header_index is not None
    insp.header_line, insp.header = cand.header_index + 1, cand.header
    _read_rows(text, insp, build_plan(schema, cand, file, owner))
    return insp


def _read_rows(text: str, insp: Inspection, plan: ColumnPlan | RowProblem) -> None:
    """Every data row through the file's column plan (or the plan's problem)."""
    parsed = insp.parsed
    if isinstance(plan, RowProblem):
        parsed.problems.append(plan)
        return
    collecting = gc.isenabled()
    gc.disable()  # the rows hold no cycles; the collector would only walk them again and again
    try:
        counts = read_rows(text, plan, parsed.rows, parsed.problems)
    finally:
        if collecting:
            gc.enable()
    insp.data_lines, insp.skipped_trailer = counts.data_lines, counts.skipped_trailer
