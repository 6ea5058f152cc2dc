"""JSON on the wire with exact decimals: Decimals are written as JSON numbers, read back as
Decimals (never floats), so ``15.50`` stays ``15.50`` and the server never sees ``15.500``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

_ENCODE_STR = json.encoder.encode_basestring_ascii


class WireError(ValueError):
    """A body that is not the JSON it should be."""


def _decimal(value: Decimal) -> str:
    if not value.is_finite():
        raise WireError(f"cannot send the number {value}")
    return f"{value:f}"


def _float(value: float) -> str:
    raise WireError("floats are never sent to FDMS; use Decimal")


_SCALARS: dict[type, Any] = {
    str: _ENCODE_STR,
    int: str,
    Decimal: _decimal,
    float: _float,
    bool: lambda v: "true" if v else "false",
    type(None): lambda v: "null",
}


def _encode(value: Any, out: list[str]) -> None:
    kind = type(value)
    scalar = _SCALARS.get(kind)
    if scalar is not None:
        out.append(scalar(value))
    elif kind is dict or isinstance(value, dict):
        out.append("{")
        first = True
        for key, item in value.items():
            out.append(("" if first else ",") + _ENCODE_STR(str(key)) + ":")
            first = False
            _encode(item, out)
        out.append("}")
    elif kind in (list, tuple) or isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _encode(item, out)
        out.append("]")
    elif isinstance(value, bool | int | str | Decimal):  # subclasses (e.g. IntEnum, StrEnum)
        out.append(
            _SCALARS[next(t for t in (bool, int, str, Decimal) if isinstance(value, t))](value)
        )
    else:
        raise WireError(f"cannot send a {kind.__name__}")


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
