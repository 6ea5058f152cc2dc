"""The `fdms` group.

ZIMRA FDMS fiscal device: registration, fiscal days, signed receipts, simulator. No other
group imports it today, so it has no ``api.py`` yet; `fdms receipt from-sale` (``from_sale``)
reads pos sales through ``ledgerctl.pos.api``. Layout: ``cli/`` (one module per command
word), ``domain/`` (pure protocol, counters, taxes, drafts, receipt builder), use cases per
capability (``device``, ``registration``, ``day``, ``close``, ``receipt``, ``sync``,
``offline``, ``audit``, ``golive``, ``logs``), ``views`` (read side), ``simulator/``.
"""
