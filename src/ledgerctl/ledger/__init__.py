"""Double-entry general ledger shared by every group: accounts, entries, periods, reports.

Other groups use it only through ``ledgerctl.ledger.api`` (posting inside their own unit of
work, the one period lock, the chart). Shape: ``domain/`` (pure rules), ``accounts``,
``entries``, ``periods``, ``export`` (use cases), ``views`` (read side), ``posting`` (the
posting kernel), ``lean`` (ORM-free trial balance), ``cli/`` (one module per command word).
"""
