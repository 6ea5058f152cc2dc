"""The `pipeline` group.

Bank CSV pipeline: inbox to clean transactions, Parquet, Excel review, settlement.

No other group uses it, so it has no ``api.py``. Its shape: ``domain/`` (pure: rows,
fingerprints, amounts, dates, running balances, settlement arithmetic); reading a file
(``parsing`` → ``column_plan`` built once per file → ``row_reader`` per row); use cases
``process`` (a ctx-level job workflow), ``review``, ``settle``, ``archive``, ``formats``
(schemas list/test, diagnose) and ``views`` (status); its products ``parquet`` and
``workbook``; ``cli/`` one module per command word.
"""
