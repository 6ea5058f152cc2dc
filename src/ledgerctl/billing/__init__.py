"""The `billing` group: retainer billing for a professional firm.

Clients and their monthly retainers, one-off charges, the monthly retainer cycle that makes
draft statements of account, review and issue (gapless numbers, postings, PDFs), void and
reissue, payments with allocations and verification, period locks (the ledger's fiscal
periods), the ageing report and a client's ledger.

Shape: ``domain/`` (pure rules), one use-case module per capability (``clients``,
``retainers``, ``charges``, ``drafts``, ``voiding``, ``payments``, ``periods``), ``views``
(read side), ``workflows`` (the commands that need more than one transaction: the retainer
cycle, issuing, voiding, PDFs), ``cli/`` (one module per command word) and the registry
modules (``health``, ``integrity``, ``schedule``, ``demo``). No other group uses billing, so
it has no ``api.py``.
"""
