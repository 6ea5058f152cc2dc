"""Load rule files (YAML or CSV) from the workspace's ``rules/`` or the shipped defaults.

A workspace file with the same relative path replaces the shipped one. A file that fails
validation raises ``UsageError`` naming the file, the line and the field, e.g.
``rules/roles.yaml:7: roles.biller.permissions: Input should be a valid list``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ledgerctl.core.errors import UsageError

M = TypeVar("M", bound=BaseModel)


def shipped_rules_dir() -> Path:
    """The default rules shipped with ledgerctl (inside the wheel, else the source checkout)."""
    pkg = Path(__file__).resolve().parent.parent
    for candidate in (pkg / "_rules", pkg.parent.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("ledgerctl shipped rules folder not found; reinstall ledgerctl")


def find_rule_file(relative: str, home: Path | None = None) -> Path:
    """The workspace override of ``relative`` if there is one, else the shipped default."""
    if home is not None:
        local = home / "rules" / relative
        if local.is_file():
            return local
    shipped = shipped_rules_dir() / relative
    if not shipped.is_file():
        raise UsageError(f"rule file rules/{relative} not found in the workspace or shipped rules")
    return shipped


def list_rule_files(folder: str, home: Path | None = None, pattern: str = "*.yaml") -> list[Path]:
    """Every rule file in ``folder``: shipped ones, replaced by workspace files of the same name."""
    found: dict[str, Path] = {}
    roots = [shipped_rules_dir()] + ([home / "rules"] if home is not None else [])
    for root in roots:
        for path in sorted((root / folder).glob(pattern)):
            found[path.name] = path
    return [found[name] for name in sorted(found)]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping key and sequence item."""


def _compose_lines(
    node: yaml.Node, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int]
) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[(*path, key)] = key_node.start_mark.line + 1
            _compose_lines(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _compose_lines(item, (*path, index), lines)


def read_yaml(path: Path) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """Parse YAML; return the data and a map from key path to line number."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=_LineLoader)
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.reader.ReaderError as exc:  # a control character: no mark, only a position
        line = text.count("\n", 0, exc.position) + 1
        raise UsageError(
            f"{path}:{line}: not valid YAML (control character "
            f"#x{exc.character:04x} is not allowed); fix the file"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise UsageError(f"{where}: not valid YAML ({problem}); fix the file") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    lines: dict[tuple[Any, ...], int] = {}
    if node is not None:
        _compose_lines(node, (), lines)
    return data, lines


def _line_for(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def validation_message(
    path: Path, exc: ValidationError, lines: dict[tuple[Any, ...], int] | None = None
) -> str:
    """One line naming file, line and field of the first validation error."""
    err = exc.errors()[0]
    loc = tuple(err["loc"])
    field = ".".join(str(p) for p in loc) or "(top level)"
    line = _line_for(loc, lines or {})
    where = f"{path}:{line}" if line else str(path)
    more = len(exc.errors()) - 1
    extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{where}: {field}: {err['msg']}{extra}; fix the rule file"


def load_model(path: Path, model: type[M]) -> M:
    """Read a YAML rule file and validate it against ``model``."""
    data, lines = read_yaml(path)
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        raise UsageError(validation_message(path, exc, lines)) from None


def load_rule(relative: str, model: type[M], home: Path | None = None) -> M:
    """Find (workspace first) and validate one rule file."""
    return load_model(find_rule_file(relative, home), model)
