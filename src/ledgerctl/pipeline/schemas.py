"""Bank formats as rule files (``rules/schemas/*.yaml``): the model, loading, matching.

One YAML file per format. Shipped formats live in ``rules/schemas/``; a workspace file
``<home>/rules/schemas/<same name>.yaml`` replaces the shipped one, and new workspace files add
formats. A file with a wrong field is reported as ``path:LINE: field: message``.

A file matches a format when its name matches ``file_pattern`` AND one line near the top
(the header) holds every column of ``header_signature``. Formats are tried by ``priority``
(highest first), then by the number of signature columns (most specific first), then by id.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ledgerctl.core.errors import UsageError

CANONICAL_FIELDS = (
    "date",
    "post_date",
    "description",
    "amount",
    "debit",
    "credit",
    "balance",
    "currency",
    "reference",
    "account",
)
CanonicalField = Literal[
    "date",
    "post_date",
    "description",
    "amount",
    "debit",
    "credit",
    "balance",
    "currency",
    "reference",
    "account",
]
DerivedField = Literal["account", "currency", "reference"]
Encoding = Literal["auto", "utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]
# Fields that may be filled from several raw columns (joined with a space, in file order).
JOINABLE = frozenset({"description", "reference"})
HEADER_SCAN_LINES = 60


def norm_header(text: str) -> str:
    """Header cells compare case-insensitively, ignoring BOMs, quotes and extra spaces."""
    return " ".join(text.replace("\ufeff", "").strip().strip('"').split()).casefold()


def _compiled(pattern: str) -> str:
    """The pattern itself, once it is known to compile (a rule-file validator)."""
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"bad regex {pattern!r}: {exc}") from None
    return pattern


class Derived(BaseModel):
    """A canonical field set to a static ``value``, or extracted by ``regex`` from ``source``.

    ``source`` is a raw column name, or ``$file`` for the file name. The regex's first group
    (or the whole match if it has none) is the value; ``value`` is used when nothing matches.
    """

    model_config = ConfigDict(extra="forbid")
    value: str | None = None
    source: str | None = None
    regex: str | None = None

    @field_validator("regex")
    @classmethod
    def _regex_compiles(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                re.compile(v)
            except re.error as exc:
                raise ValueError(f"bad regex {v!r}: {exc}") from None
        return v

    @model_validator(mode="after")
    def _value_or_regex(self) -> Derived:
        if self.regex is None and self.value is None:
            raise ValueError("give a static value, or source and regex")
        if (self.regex is None) != (self.source is None):
            raise ValueError("source and regex go together")
        return self


class BankSchema(BaseModel):
    """One bank export format. See docs/pipeline-formats.md for every field."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    name: str
    bank: str
    file_pattern: str = ".*"
    header_signature: list[str] = Field(min_length=1)
    column_map: dict[str, CanonicalField]
    date_formats: list[str] = Field(default_factory=lambda: ["%Y-%m-%d"], min_length=1)
    sign_rule: Literal["as_is", "flip", "debit_credit"] = "as_is"
    derived: dict[DerivedField, Derived] = Field(default_factory=dict)
    extras: Literal["unmapped", "none"] | list[str] = "unmapped"
    extras_ignore: list[str] = Field(default_factory=list)
    encoding: Encoding = "auto"
    delimiter: str = Field(",", min_length=1, max_length=1)
    skip_before_header: int | Literal["auto"] = "auto"
    skip_trailer_patterns: list[str] = Field(default_factory=list)
    decimal_comma: bool = False
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    account: str = ""
    priority: int = 0
    description: str = ""

    @field_validator("file_pattern")
    @classmethod
    def _pattern_compiles(cls, v: str) -> str:
        return _compiled(v)

    @field_validator("skip_trailer_patterns")
    @classmethod
    def _trailers_compile(cls, v: list[str]) -> list[str]:
        return [_compiled(pattern) for pattern in v]

    @field_validator("date_formats")
    @classmethod
    def _formats_have_parts(cls, v: list[str]) -> list[str]:
        for fmt in v:
            if "%d" not in fmt or "%Y" not in fmt and "%y" not in fmt:
                raise ValueError(f"date format {fmt!r} needs at least %d and %Y (or %y)")
        return v

    @field_validator("skip_before_header")
    @classmethod
    def _non_negative(cls, v: int | str) -> int | str:
        if isinstance(v, int) and v < 0:
            raise ValueError("skip_before_header must be 0 or more, or auto")
        return v

    @model_validator(mode="after")
    def _columns_make_sense(self) -> BankSchema:
        targets: dict[str, list[str]] = {}
        for raw, target in self.column_map.items():
            targets.setdefault(target, []).append(raw)
        for name, raws in targets.items():
            if len(raws) > 1 and name not in JOINABLE:
                raise ValueError(
                    f"columns {', '.join(raws)} all map to {name}; only "
                    f"description and reference may take several columns"
                )
        for needed in ("date", "description"):
            if needed not in targets:
                raise ValueError(f"column_map must map a column to {needed}")
        if self.sign_rule == "debit_credit":
            if "debit" not in targets or "credit" not in targets:
                raise ValueError("sign_rule debit_credit needs columns mapped to debit and credit")
        elif "amount" not in targets:
            raise ValueError(
                f"sign_rule {self.sign_rule} needs a column mapped to amount "
                "(or use sign_rule: debit_credit with debit and credit columns)"
            )
        return self

    # -- derived helpers (not validated fields) ---------------------------------------------
    def signature_norm(self) -> list[str]:
        return [norm_header(h) for h in self.header_signature]

    def sort_key(self) -> tuple[int, int, str]:
        return (-self.priority, -len(self.header_signature), self.id)


@dataclass(frozen=True)
class LoadedSchema:
    """A validated schema and where it came from."""

    schema: BankSchema
    path: Path
    source: str  # "shipped" or "workspace"


_CACHE: dict[tuple[tuple[str, int], ...], list[LoadedSchema]] = {}


def load_schemas(home: Path | None = None) -> list[LoadedSchema]:
    """Every bank format (workspace files replace shipped ones of the same name), in match
    order. A bad file raises ``UsageError`` naming ``path:line: field``. Cached until one of
    the files changes."""
    from ledgerctl.rules.api import list_rule_files

    paths = list_rule_files("schemas", home, "*.yaml")
    key = tuple((str(p), p.stat().st_mtime_ns) for p in paths) + (("", hash(home)),)
    if key not in _CACHE:
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[key] = _load(paths, home)
    return list(_CACHE[key])


def _load(paths: list[Path], home: Path | None) -> list[LoadedSchema]:
    from ledgerctl.rules.api import load_model

    found: list[LoadedSchema] = []
    ids: dict[str, Path] = {}
    workspace_root = (home / "rules").resolve() if home is not None else None
    for path in paths:
        schema = load_model(path, BankSchema)
        if schema.id in ids:
            raise UsageError(
                f"{path}: id: {schema.id!r} is also the id of {ids[schema.id]}; "
                "give each bank format its own id"
            )
        ids[schema.id] = path
        source = (
            "workspace"
            if workspace_root is not None and workspace_root in path.resolve().parents
            else "shipped"
        )
        found.append(LoadedSchema(schema, path, source))
    found.sort(key=lambda s: s.schema.sort_key())
    return found


def get_schema(schema_id: str, home: Path | None = None) -> LoadedSchema:
    for loaded in load_schemas(home):
        if loaded.schema.id == schema_id:
            return loaded
    from ledgerctl.core.errors import NotFound

    raise NotFound(f"bank format {schema_id!r} not found; see `ledgerctl pipeline schemas list`")


# -- matching ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """How one schema fared against a file: matched or not, and why."""

    schema_id: str
    matched: bool
    why: str
    header_index: int | None = None  # 0-based index of the header line in the text lines
    header: tuple[str, ...] = ()


def split_line(line: str, delimiter: str) -> list[str]:
    """One text line split into cells the way csv would (quotes honoured)."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def match_candidate(schema: BankSchema, file_name: str, head: list[str]) -> Candidate:
    """Does ``schema`` fit a file called ``file_name`` whose first lines are ``head``?"""
    if not re.search(schema.file_pattern, file_name, re.IGNORECASE):
        return Candidate(
            schema.id,
            False,
            f"file name {file_name!r} does not match file_pattern /{schema.file_pattern}/",
        )
    wanted = schema.signature_norm()
    if isinstance(schema.skip_before_header, int):
        indices = [schema.skip_before_header] if schema.skip_before_header < len(head) else []
    else:
        indices = list(range(min(len(head), HEADER_SCAN_LINES)))
    best: tuple[int, list[str]] | None = None
    for i in indices:
        cells = [norm_header(c) for c in split_line(head[i], schema.delimiter)]
        present = set(cells)
        missing = [w for w in wanted if w not in present]
        if not missing:
            raw = tuple(
                c.replace("\ufeff", "").strip() for c in split_line(head[i], schema.delimiter)
            )
            return Candidate(
                schema.id,
                True,
                f"file name matches /{schema.file_pattern}/ and line {i + 1} has "
                f"every signature column ({', '.join(schema.header_signature)})",
                i,
                raw,
            )
        if best is None or len(missing) < len(best[1]):
            best = (i, missing)
    where = (
        f"line {schema.skip_before_header + 1}"
        if isinstance(schema.skip_before_header, int)
        else f"the first {min(len(head), HEADER_SCAN_LINES)} lines"
    )
    if best is None:
        return Candidate(schema.id, False, f"no header line at {where}")
    orig = {norm_header(h): h for h in schema.header_signature}
    return Candidate(
        schema.id,
        False,
        f"no line in {where} has every signature column; closest is line "
        f"{best[0] + 1}, missing {', '.join(orig[m] for m in best[1])}",
    )


def match_schema(
    schemas: list[LoadedSchema], file_name: str, head: list[str]
) -> tuple[LoadedSchema | None, Candidate | None, list[Candidate]]:
    """The first schema (in match order) that fits, its candidate, and every candidate tried."""
    tried: list[Candidate] = []
    for loaded in schemas:
        cand = match_candidate(loaded.schema, file_name, head)
        tried.append(cand)
        if cand.matched:
            return loaded, cand, tried
    return None, None, tried
