"""Merchant cleaning from ``rules/merchant_lookup.csv``: bank description → (merchant, category).

The lookup file has columns ``pattern,canonical,category``: a regex searched anywhere in the
description (case-insensitive), the clean merchant name (text after ``#`` is a comment) and
a category. The first matching pattern wins. Lines whose first cell starts with ``#`` are
comments. A workspace file ``<home>/rules/merchant_lookup.csv`` replaces the shipped one.

A description matching nothing becomes its own tidy name (card-processor prefixes and trailing
reference numbers removed, spaces collapsed, title case) with an empty category.

Speed: results are cached by description (bank files repeat descriptions a lot), and a new
description is only tried against the rules whose required literal text (found by parsing
each regex) occurs in it, found in one pass by an Aho-Corasick automaton (pyahocorasick);
those rules' regexes run in file order, so the first match still wins.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ledgerctl.core.errors import UsageError

try:  # the regex parser, used only to find the literal text a pattern needs
    import re._constants as _C
    import re._parser as sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _C
    import sre_parse

_REPEATS = tuple(
    getattr(_C, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_C, n)
)

LOOKUP_FILE = "merchant_lookup.csv"
_PREFIX = re.compile(
    r"^(?:(?:POS|CARD|DEBIT CARD|VISA|ATM)\s+(?:PURCHASE|PAYMENT|DEBIT)\s*-?\s*"
    r"|CHECKCARD\s+\d{4}\s+|PURCHASE AUTHORI[ZS]ED ON \d\d/\d\d\s+"
    r"|SQ\s*\*\s*|TST\s*\*\s*|PAYPAL\s*\*\s*|PP\s*\*\s*)",
    re.IGNORECASE,
)
_TRAILING_REF = re.compile(
    r"(?:\s+(?:#|REF:?|NO\.?)?\s*[\w*#./:\-]*\d[\w*#./:\-]*)+$", re.IGNORECASE
)
_STAR_REF = re.compile(r"\*[\w]*\d[\w]*")


@dataclass(frozen=True)
class MerchantRule:
    pattern: str
    canonical: str
    category: str
    line: int


def required_literals(pattern: str) -> list[str] | None:
    """Lower-case ASCII strings (3+ characters) of which at least one occurs in every text the
    pattern matches; None when there are none to rely on. Used only as a prefilter."""
    try:
        parsed = sre_parse.parse(pattern, re.IGNORECASE)
    except (re.error, RecursionError):  # pragma: no cover - patterns are validated on load
        return None
    return _required(list(parsed))


def _required(seq: list[Any]) -> list[str] | None:
    best: list[str] | None = None

    def consider(option: list[str] | None) -> None:
        nonlocal best
        if option and (best is None or min(map(len, option)) > min(map(len, best))):
            best = option

    run: list[str] = []
    for op, av in seq:
        if op is _C.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        if len(run) >= 3:
            consider(["".join(run)])
        run = []
        if op is _C.SUBPATTERN:
            consider(_required(list(av[-1])))
        elif op is _C.BRANCH:
            subs = [_required(list(b)) for b in av[1]]
            if all(subs):
                consider([x for sub in subs for x in sub])  # type: ignore[union-attr]
        elif op in _REPEATS and av[0] >= 1:
            consider(_required(list(av[2])))
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            consider(_required(list(av)))
    if len(run) >= 3:
        consider(["".join(run)])
    return best


def tidy(description: str) -> str:
    """A readable merchant name from a raw description nobody has a pattern for."""
    text = " ".join(description.split())
    if not text:
        return ""
    bare = _PREFIX.sub("", text)
    bare = _STAR_REF.sub("", bare)
    bare = _TRAILING_REF.sub("", bare).strip(" -*#,") or text
    return " ".join(w[:1].upper() + w[1:].lower() for w in bare.split())


class MerchantLookup:
    """The merchant rules of a workspace; ``clean(description)`` → (merchant, category)."""

    def __init__(self, rules: list[MerchantRule], source: str = "") -> None:
        self.rules = rules
        self.source = source
        self._compiled = [re.compile(r.pattern, re.IGNORECASE) for r in rules]
        self._index_map, self._always = self._index(rules)
        self._cache: dict[str, tuple[str, str]] = {}

    @staticmethod
    def _index(rules: list[MerchantRule]) -> tuple[Any, list[int]]:
        """An Aho-Corasick automaton: required literal → the rules that need it; plus the rules
        with no required literal (always tried)."""
        import ahocorasick

        by_literal: dict[str, list[int]] = {}
        always: list[int] = []
        for i, rule in enumerate(rules):
            literals = required_literals(rule.pattern)
            if literals is None:
                always.append(i)
                continue
            for lit in set(literals):
                by_literal.setdefault(lit, []).append(i)
        automaton = ahocorasick.Automaton()
        for lit, ids in by_literal.items():
            automaton.add_word(lit, ids)
        if by_literal:
            automaton.make_automaton()
        return automaton, always

    @classmethod
    def load(cls, home: Path | None = None) -> MerchantLookup:
        """The workspace's lookup file if it has one, else the shipped one."""
        from ledgerctl.rules.api import find_rule_file

        return cls.from_file(find_rule_file(LOOKUP_FILE, home))

    @classmethod
    def from_file(cls, path: Path) -> MerchantLookup:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise UsageError(f"{path}: not UTF-8 text; save it as UTF-8") from None
        return cls(parse_lookup(text, str(path)), str(path))

    def match(self, description: str) -> MerchantRule | None:
        """The first rule whose pattern occurs in ``description``."""
        if description.isascii():  # prefilter: only rules whose required text occurs
            found: set[int] = set(self._always)
            if len(self._index_map):
                for _end, ids in self._index_map.iter(description.lower()):
                    found.update(ids)
            for i in sorted(found):
                if self._compiled[i].search(description):
                    return self.rules[i]
            return None
        for rule, rx in zip(self.rules, self._compiled, strict=True):
            if rx.search(description):
                return rule
        return None

    def clean(self, description: str) -> tuple[str, str]:
        """(merchant, category) for a bank description; cached by description."""
        hit = self._cache.get(description)
        if hit is not None:
            return hit
        rule = self.match(description)
        hit = (rule.canonical, rule.category) if rule else (tidy(description), "")
        if len(self._cache) > 500_000:
            self._cache.clear()
        self._cache[description] = hit
        return hit


def parse_lookup(text: str, where: str) -> list[MerchantRule]:
    """Validate lookup CSV text; errors name ``where:LINE: column``."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rules: list[MerchantRule] = []
    for cells in reader:
        line = reader.line_num
        if not cells or not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [c.strip().lower() for c in cells]
            if header[:2] != ["pattern", "canonical"]:
                raise UsageError(
                    f"{where}:{line}: header: the first columns must be "
                    f"pattern,canonical (then category); found "
                    f"{','.join(cells)}; fix the rule file"
                )
            continue
        pattern = cells[0].strip()
        canonical = cells[1].split("#", 1)[0].strip() if len(cells) > 1 else ""
        category = cells[2].strip() if len(cells) > 2 else ""
        if not canonical:
            raise UsageError(
                f"{where}:{line}: canonical: empty for pattern {pattern!r}; give "
                "the clean merchant name; fix the rule file"
            )
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise UsageError(
                f"{where}:{line}: pattern: {pattern!r} is not a valid regex "
                f"({exc}); fix the rule file"
            ) from None
        rules.append(MerchantRule(pattern, canonical, category, line))
    if header is None:
        raise UsageError(
            f"{where}:1: header: the file is empty; it needs a header pattern,canonical,category"
        )
    return rules
