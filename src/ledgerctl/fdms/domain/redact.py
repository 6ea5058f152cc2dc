"""Remove secrets from what is logged: activation keys, private keys, encryption keys.

Applied to every request and response body before it reaches ``fdms_exchanges`` (``fdms
logs``), and to error texts. Certificates and CSRs are public and kept.
"""

from __future__ import annotations

import re
from typing import Any

from ledgerctl.fdms.domain import wire

SECRET_FIELDS = frozenset(
    {
        "activationkey",
        "privatekey",
        "encryptionkey",
        "password",
        "fdms_encryption_key",
        "fdms_activation_key",
    }
)
MASK = "***"
_PEM_KEY = re.compile(
    r"-----BEGIN ([A-Z ]*)PRIVATE KEY-----.*?-----END \1PRIVATE KEY-----", re.DOTALL
)
_KEY_VALUE = re.compile(
    r'("?(?:activationKey|privateKey|encryptionKey|password)"?\s*[:=]\s*)'
    r'("[^"]*"|\S+)',
    re.IGNORECASE,
)
MAX_LOGGED = 20_000


def redact_text(text: str) -> str:
    """Mask private keys and ``activationKey: ...`` (or password, key) pairs in free text."""
    text = _PEM_KEY.sub("[private key removed]", text)
    return _KEY_VALUE.sub(lambda m: m.group(1) + '"' + MASK + '"', text)


def redact_data(value: Any) -> Any:
    """A copy of JSON data with secret fields masked (recursively)."""
    if isinstance(value, dict):
        return {
            k: (MASK if str(k).lower() in SECRET_FIELDS else redact_data(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact_data(v) for v in value]
    if isinstance(value, str):
        return redact_text(value) if "PRIVATE KEY" in value else value
    return value


def loggable(body: bytes | str | None, data: Any = None) -> str | None:
    """The text to log for a body: redacted JSON if it parses, else redacted text, truncated."""
    if data is None and not body:
        return None
    if data is None and not _may_hold_secrets(body):  # the common case: nothing to mask
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
        return _clip(text)
    if data is not None:
        text = wire.dumps(redact_data(data))
    else:
        raw = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
        try:
            text = wire.dumps(redact_data(wire.loads(raw)))
        except wire.WireError:
            text = redact_text(raw)
    return _clip(text)


def _clip(text: str) -> str:
    if len(text) > MAX_LOGGED:
        return text[:MAX_LOGGED] + f"... [{len(text) - MAX_LOGGED} more characters]"
    return text


_MARKERS = ("PRIVATE KEY", "ctivationkey", "rivatekey", "ncryptionkey", "assword")


def _may_hold_secrets(body: bytes | str | None) -> bool:
    text = (body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)).lower()
    return any(marker.lower() in text for marker in _MARKERS)
