"""Device keys, CSRs, certificates and signatures (``cryptography``), and the private key's
protection at rest with the Fernet key from ``FDMS_ENCRYPTION_KEY``.

Signatures follow the spec: RSA-2048 PKCS#1 v1.5 with SHA-256, or ECDSA P-256 with SHA-256
in ASN.1 DER. Both sign the SHA-256 digest the hash was made of (``Prehashed``), so a string
is hashed once for the hash and the signature.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Union

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from cryptography.x509.oid import NameOID

from ledgerctl.core.errors import UsageError
from ledgerctl.fdms.domain.protocol import csr_common_name

PrivateKey = Union[ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey]  # noqa: UP007
PublicKey = Union[ec.EllipticCurvePublicKey, rsa.RSAPublicKey]  # noqa: UP007
KEY_TYPES = ("ecdsa", "rsa")
_PREHASHED = Prehashed(hashes.SHA256())


def generate_key(kind: str = "ecdsa") -> PrivateKey:
    """A new device key: ECDSA P-256 (default) or RSA 2048."""
    if kind == "ecdsa":
        return ec.generate_private_key(ec.SECP256R1())
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    raise UsageError(f"--key-type: {kind!r} is not a key type; use one of {', '.join(KEY_TYPES)}")


def key_type(key: PrivateKey | PublicKey) -> str:
    return "rsa" if isinstance(key, (rsa.RSAPrivateKey, rsa.RSAPublicKey)) else "ecdsa"


def private_pem(key: PrivateKey, password: bytes | None = None) -> bytes:
    """PKCS#8 PEM, encrypted with ``password`` when given."""
    algorithm: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, algorithm
    )


def load_private_pem(pem: bytes) -> PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, (ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey)):
        raise UsageError("the stored device key is neither ECDSA nor RSA")
    return key


def device_subject(serial_no: str, device_id: int) -> x509.Name:
    """CN=ZIMRA-<serial>-<device id, 10 digits>, C=ZW, O=Zimbabwe Revenue Authority, S=Zimbabwe."""
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, csr_common_name(serial_no, device_id)),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ZW"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Zimbabwe Revenue Authority"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "Zimbabwe"),
        ]
    )


def build_csr(key: PrivateKey, serial_no: str, device_id: int) -> str:
    """A PKCS#10 CSR (PEM) with the subject FDMS requires, signed with SHA-256."""
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(device_subject(serial_no, device_id))
        .sign(key, hashes.SHA256())
    )
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


def load_certificate(pem: str | bytes) -> x509.Certificate:
    data = pem.encode("ascii") if isinstance(pem, str) else pem
    try:
        return x509.load_pem_x509_certificate(data)
    except ValueError as exc:
        raise UsageError(f"not a PEM certificate: {exc}") from None


def certificate_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def thumbprint(cert: x509.Certificate) -> str:
    """SHA-1 thumbprint in upper-case hex (how FDMS names its signing certificate)."""
    return cert.fingerprint(hashes.SHA1()).hex().upper()  # noqa: S303 - FDMS's identifier


def common_name(cert: x509.Certificate | x509.CertificateSigningRequest) -> str:
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def valid_till(cert: x509.Certificate) -> datetime:
    return cert.not_valid_after_utc


def valid_from(cert: x509.Certificate) -> datetime:
    return cert.not_valid_before_utc


def is_expired(cert: x509.Certificate, now: datetime | None = None) -> bool:
    return (now or datetime.now(UTC)) >= cert.not_valid_after_utc


def digest_of(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def sign_digest(key: PrivateKey, digest: bytes) -> str:
    """base64 signature of a SHA-256 digest (ECDSA DER or RSA PKCS#1 v1.5)."""
    if isinstance(key, rsa.RSAPrivateKey):
        raw = key.sign(digest, padding.PKCS1v15(), _PREHASHED)
    else:
        raw = key.sign(digest, ec.ECDSA(_PREHASHED))
    return base64.b64encode(raw).decode("ascii")


@dataclass(frozen=True)
class Signed:
    """The hash (base64 SHA-256) and signature (base64) of one signed string."""

    hash: str
    signature: str


def sign_text(key: PrivateKey, text: str) -> Signed:
    """Hash and sign a string the way FDMS expects."""
    digest = digest_of(text)
    return Signed(base64.b64encode(digest).decode("ascii"), sign_digest(key, digest))


def verify_digest(public: PublicKey, digest: bytes, signature_b64: str) -> bool:
    """True when ``signature_b64`` is a valid signature of ``digest`` by ``public``."""
    try:
        raw = base64.b64decode(signature_b64, validate=True)
        if isinstance(public, rsa.RSAPublicKey):
            public.verify(raw, digest, padding.PKCS1v15(), _PREHASHED)
        else:
            public.verify(raw, digest, ec.ECDSA(_PREHASHED))
    except (InvalidSignature, ValueError):
        return False
    return True


def verify_text(public: PublicKey, text: str, signed: Signed) -> bool:
    """The hash is base64 SHA-256 of ``text`` and the signature verifies."""
    digest = digest_of(text)
    if base64.b64encode(digest).decode("ascii") != signed.hash:
        return False
    return verify_digest(public, digest, signed.signature)


def public_key(cert: x509.Certificate) -> PublicKey:
    key = cert.public_key()
    if not isinstance(key, (ec.EllipticCurvePublicKey, rsa.RSAPublicKey)):
        raise UsageError("certificate key is neither ECDSA nor RSA")
    return key


# --- the private key at rest ---------------------------------------------------------------


def _fernet(fernet_key: str) -> Fernet:
    try:
        return Fernet(fernet_key.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise UsageError(
            "FDMS_ENCRYPTION_KEY is not a Fernet key (32 url-safe base64-encoded bytes); make "
            "one with `ledgerctl fdms device new-encryption-key`"
        ) from None


def new_fernet_key() -> str:
    return Fernet.generate_key().decode("ascii")


def protect(pem: bytes, fernet_key: str | None, *, production: bool) -> tuple[str, bool]:
    """The text to store for a private key and whether it is encrypted.

    With a Fernet key: encrypted. Without one: refused in production mode, plain otherwise.
    """
    if fernet_key:
        return _fernet(fernet_key).encrypt(pem).decode("ascii"), True
    if production:
        raise UsageError(
            "FDMS_ENCRYPTION_KEY is not set: in production mode the device private key is never "
            "stored unencrypted; set it (make one with `ledgerctl fdms device "
            "new-encryption-key`) and run the command again"
        )
    return pem.decode("ascii"), False


def unprotect(stored: str, encrypted: bool, fernet_key: str | None) -> bytes:
    """The private key PEM from what was stored (decrypting with the Fernet key)."""
    if not encrypted:
        return stored.encode("ascii")
    if not fernet_key:
        raise UsageError(
            "the device private key is encrypted and FDMS_ENCRYPTION_KEY is not "
            "set; set it to the key used at registration"
        )
    try:
        return _fernet(fernet_key).decrypt(stored.encode("ascii"))
    except InvalidToken:
        raise UsageError(
            "FDMS_ENCRYPTION_KEY does not decrypt the device private key; set it "
            "to the key used at registration"
        ) from None
