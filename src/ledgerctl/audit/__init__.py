"""Tamper-evident audit log (SHA-256 chain per tenant) and the registry of integrity checks."""
