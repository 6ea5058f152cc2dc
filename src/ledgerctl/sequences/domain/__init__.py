"""Pure rules of sequences (no I/O): pattern fields and validation, reset scopes, formatting."""

from ledgerctl.sequences.domain.patterns import (
    FIELDS,
    MAX_NAME,
    MAX_PATTERN,
    RESETS,
    format_number,
    pattern_fields,
    scope_of,
    validate_definition,
    validate_name,
)

__all__ = [
    "FIELDS",
    "MAX_NAME",
    "MAX_PATTERN",
    "RESETS",
    "format_number",
    "pattern_fields",
    "scope_of",
    "validate_definition",
    "validate_name",
]
