"""Tamper-evident audit log (SHA-256 chain per tenant) and the registry of integrity checks.

Other groups use it only through ``ledgerctl.audit.api`` (``chain.append``/``append_many``
inside their transaction, ``CheckResult`` for their ``integrity.CHECKS``). Shape: ``chain``
(append, verify), ``integrity`` (the check registry), ``verification`` (use cases),
``views`` (read side: the log), ``cli/``.
"""
