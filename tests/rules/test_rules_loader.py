"""Rules loader: shipped defaults, workspace overrides, and file:line errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, Field

from ledgerctl.core.errors import UsageError
from ledgerctl.rules import loader
from ledgerctl.rules.loader import (
    find_rule_file,
    list_rule_files,
    load_model,
    load_rule,
    read_yaml,
    shipped_rules_dir,
)


class Role(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str = ""
    permissions: list[str] = Field(min_length=1)


class RoleBook(BaseModel):
    model_config = ConfigDict(extra="forbid")
    roles: dict[str, Role]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def load_error(path: Path) -> str:
    with pytest.raises(UsageError) as info:
        load_model(path, RoleBook)
    assert info.value.exit_code == 2
    assert "\n" not in info.value.message
    return info.value.message


def test_shipped_file_is_valid() -> None:
    book = load_rule("roles.yaml", RoleBook)
    assert book.roles["admin"].permissions == ["*"]
    assert find_rule_file("roles.yaml") == shipped_rules_dir() / "roles.yaml"


def test_workspace_file_replaces_shipped(tmp_path: Path) -> None:
    local = write(tmp_path / "rules" / "roles.yaml", "roles:\n  owner:\n    permissions: ['*']\n")
    assert find_rule_file("roles.yaml", tmp_path) == local
    book = load_rule("roles.yaml", RoleBook, tmp_path)
    assert list(book.roles) == ["owner"]


def test_workspace_without_override_uses_shipped(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    assert find_rule_file("roles.yaml", tmp_path) == shipped_rules_dir() / "roles.yaml"
    assert "admin" in load_rule("roles.yaml", RoleBook, tmp_path).roles


def test_wrong_type_names_file_line_and_field(tmp_path: Path) -> None:
    path = write(
        tmp_path / "rules" / "roles.yaml",
        "# roles\nroles:\n  admin:\n    permissions: ['*']\n"
        "  biller:\n    description: Billing\n    permissions: billing.*\n",
    )
    with pytest.raises(UsageError) as info:
        load_rule("roles.yaml", RoleBook, tmp_path)
    assert info.value.message == (
        f"{path}:7: roles.biller.permissions: Input should be a valid list; fix the rule file"
    )


def test_list_item_extra_field_and_missing_field_lines(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    write(path, "roles:\n  admin:\n    permissions:\n      - a.b\n      - 5\n")
    assert load_error(path).startswith(
        f"{path}:5: roles.admin.permissions.1: Input should be a valid string"
    )
    write(path, "roles:\n  admin:\n    permissions: [a]\n    colour: red\n")
    assert load_error(path).startswith(f"{path}:4: roles.admin.colour: Extra inputs")
    write(path, "roles:\n  admin:\n    description: Boss\n")  # missing → line of its parent
    assert load_error(path).startswith(f"{path}:2: roles.admin.permissions: Field required")
    write(path, "roles:\n  a:\n    permissions: 1\n  b:\n    permissions: []\n")
    assert load_error(path).endswith("(and 1 more problem); fix the rule file")


def test_empty_file_reports_the_missing_top_field(tmp_path: Path) -> None:
    path = write(tmp_path / "roles.yaml", "# nothing yet\n")
    assert load_error(path) == f"{path}: roles: Field required; fix the rule file"


def test_invalid_yaml_reports_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "roles.yaml", "roles:\n  admin:\n    permissions: [a\n  b: c\n")
    assert load_error(path) == (
        f"{path}:4: not valid YAML (expected ',' or ']', but got ':'); fix the file"
    )
    write(path, "roles:\n  admin:\n\tpermissions: [a]\n")
    assert load_error(path).startswith(f"{path}:3: not valid YAML (found character '\\t'")


def test_control_character_is_one_line_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "roles.yaml", "roles:\n  admin:\n    description: a\x07b\n")
    assert load_error(path) == (
        f"{path}:3: not valid YAML (control character #x0007 is not allowed); fix the file"
    )


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "roles.yaml"
    path.write_bytes("roles:\n  caf\u00e9:\n    permissions: [a]\n".encode("latin-1"))
    assert load_error(path) == f"{path}: not UTF-8 text; save it as UTF-8"


def test_windows_notepad_file_with_bom_and_crlf(tmp_path: Path) -> None:
    path = write(
        tmp_path / "roles.yaml",
        "\ufeffroles:\r\n  admin:\r\n    permissions: ['*']\r\n  x:\r\n    permissions: 3\r\n",
    )
    assert load_error(path).startswith(f"{path}:5: roles.x.permissions: Input should be")
    data, lines = read_yaml(write(path, "\ufeffroles:\r\n  admin:\r\n    permissions: [a]\r\n"))
    assert data == {"roles": {"admin": {"permissions": ["a"]}}}
    assert lines[("roles", "admin", "permissions")] == 3


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        load_rule("nope/missing.yaml", RoleBook, tmp_path)
    assert info.value.message == (
        "rule file rules/nope/missing.yaml not found in the workspace or shipped rules"
    )


def test_list_rule_files_workspace_overrides_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / "shipped"
    home = tmp_path / "ws"
    for name in ("a.yaml", "b.yaml", "notes.txt"):
        write(shipped / "banks" / name, "x: 1\n")
    for name in ("b.yaml", "c.yaml"):
        write(home / "rules" / "banks" / name, "x: 2\n")
    monkeypatch.setattr(loader, "shipped_rules_dir", lambda: shipped)
    assert list_rule_files("banks", home) == [
        shipped / "banks" / "a.yaml",
        home / "rules" / "banks" / "b.yaml",
        home / "rules" / "banks" / "c.yaml",
    ]
    assert list_rule_files("banks") == [shipped / "banks" / "a.yaml", shipped / "banks" / "b.yaml"]
    assert list_rule_files("banks", home, "*.txt") == [shipped / "banks" / "notes.txt"]
    assert list_rule_files("none", home) == []
