"""Gapless document numbering per tenant (statements, receipts, journal entries, ...).

Other groups take numbers through ``ledgerctl.sequences.api`` (``allocate``,
``allocate_block`` inside their own unit of work; ``validate_name``/``validate_definition``
for rule files). Shape: ``domain/`` (patterns, scopes), ``numbers`` (allocation),
``definitions`` (define, set-next), ``views`` (list, preview), ``cli/``.
"""
