"""Writers for the files ledgerctl makes for people: CSV, Parquet, Excel, PDF; atomic writes.

A kernel group without commands: other groups (and ``ledgerctl.console``) use it only through
``ledgerctl.outputs.api``. pyarrow, openpyxl and weasyprint load inside the writers that use
them, so importing the api stays light.
"""
