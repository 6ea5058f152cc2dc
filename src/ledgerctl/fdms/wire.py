"""JSON on the wire with exact decimals: Decimals are written as JSON numbers, read back as
Decimals (never floats), so ``15.50`` stays ``15.50`` and the server never sees ``15.500``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

_ENCODE_STR = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]


class WireError(ValueError):
    """A body that is not the JSON it should be."""


def _encode(value: Any, out: list[str]) -> None:
    if isinstance(value, bool) or value is None:
        out.append("true" if value is True else "false" if value is False else "null")
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise WireError(f"cannot send the number {value}")
        out.append(f"{value:f}")
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, str):
        out.append(_ENCODE_STR(value))
    elif isinstance(value, dict):
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            out.append(("," if i else "") + _ENCODE_STR(str(key)) + ":")
            _encode(item, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _encode(item, out)
        out.append("]")
    elif isinstance(value, float):
        raise WireError("floats are never sent to FDMS; use Decimal")
    else:
        raise WireError(f"cannot send a {type(value).__name__}")


def dumps(value: Any) -> str:
    """Compact JSON; Decimals as plain numbers with their own number of places."""
    out: list[str] = []
    _encode(value, out)
    return "".join(out)


def loads(text: str | bytes) -> Any:
    """Parse JSON with every non-integer number as a Decimal."""
    try:
        return json.loads(text, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as exc:
        raise WireError(f"not JSON: {exc}") from None
