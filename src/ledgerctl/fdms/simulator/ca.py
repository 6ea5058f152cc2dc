"""The simulator's own PKI: a CA that signs device certificates from CSRs, the RSA-2048 key
FDMS signs receipts and days with, and the TLS certificate of the HTTPS endpoint.

Everything is kept as PEM files in the simulator's state folder, so a restarted simulator
keeps trusting the devices it registered and clients keep trusting its CA (``ca.pem``).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ledgerctl.fdms.keys import PrivateKey, load_private_pem, private_pem, thumbprint

CA_NAME = "FDMS Simulator Root CA"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ledgerctl FDMS simulator"),
        ]
    )


def _write(path: Path, data: bytes, private: bool = False) -> None:
    path.write_bytes(data)
    if private:
        os.chmod(path, 0o600)


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _builder(
    subject: x509.Name,
    issuer: x509.Name,
    public: object,
    days: float,
    start: datetime | None = None,
) -> x509.CertificateBuilder:
    begin = start or datetime.now(UTC) - timedelta(minutes=5)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public)  # type: ignore[arg-type]
        .serial_number(x509.random_serial_number())
        .not_valid_before(begin)
        .not_valid_after(begin + timedelta(days=days))
    )


@dataclass
class Authority:
    """CA key and certificate, the FDMS signing key/certificate, the TLS key/certificate."""

    ca_key: PrivateKey
    ca_cert: x509.Certificate
    signing_key: rsa.RSAPrivateKey
    signing_cert: x509.Certificate
    folder: Path

    @property
    def ca_path(self) -> Path:
        return self.folder / "ca.pem"

    @property
    def tls_cert_path(self) -> Path:
        return self.folder / "tls.pem"

    @property
    def tls_key_path(self) -> Path:
        return self.folder / "tls.key"

    @property
    def signing_thumbprint(self) -> str:
        return thumbprint(self.signing_cert)

    def issue_device_certificate(
        self, csr: x509.CertificateSigningRequest, days: float, start: datetime | None = None
    ) -> x509.Certificate:
        """Sign a device certificate for the CSR's subject and key (client authentication)."""
        builder = _builder(csr.subject, self.ca_cert.subject, csr.public_key(), days, start)
        builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
        return builder.sign(self.ca_key, hashes.SHA256())

    def chain_pem(self) -> list[str]:
        """The FDMS signing certificate and the CA (GetServerCertificate)."""
        return [_pem(self.signing_cert).decode(), _pem(self.ca_cert).decode()]


def _new_ca(folder: Path) -> tuple[PrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        _builder(_name(CA_NAME), _name(CA_NAME), key.public_key(), 3650)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    _write(folder / "ca.key", private_pem(key), private=True)
    _write(folder / "ca.pem", _pem(cert))
    return key, cert


def _new_signing(
    folder: Path, ca_key: PrivateKey, ca_cert: x509.Certificate
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _builder(_name("FDMS Simulator Signing"), ca_cert.subject, key.public_key(), 730).sign(
        ca_key, hashes.SHA256()
    )
    _write(folder / "signing.key", private_pem(key), private=True)
    _write(folder / "signing.pem", _pem(cert))
    return key, cert


def _new_tls(folder: Path, ca_key: PrivateKey, ca_cert: x509.Certificate) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    names = [
        x509.DNSName("localhost"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.IPAddress(ipaddress.ip_address("::1")),
    ]
    cert = (
        _builder(_name("localhost"), ca_cert.subject, key.public_key(), 730)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .sign(ca_key, hashes.SHA256())
    )
    _write(folder / "tls.key", private_pem(key), private=True)
    _write(folder / "tls.pem", _pem(cert) + _pem(ca_cert))


def load_or_create(folder: Path) -> Authority:
    """The authority kept in ``folder`` (made on first use)."""
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / "ca.key").is_file():
        ca_key = load_private_pem((folder / "ca.key").read_bytes())
        ca_cert = x509.load_pem_x509_certificate((folder / "ca.pem").read_bytes())
    else:
        ca_key, ca_cert = _new_ca(folder)
    if (folder / "signing.key").is_file():
        signing_key = load_private_pem((folder / "signing.key").read_bytes())
        signing_cert = x509.load_pem_x509_certificate((folder / "signing.pem").read_bytes())
    else:
        signing_key, signing_cert = _new_signing(folder, ca_key, ca_cert)
    if not (folder / "tls.key").is_file():
        _new_tls(folder, ca_key, ca_cert)
    assert isinstance(signing_key, rsa.RSAPrivateKey)
    return Authority(ca_key, ca_cert, signing_key, signing_cert, folder)
