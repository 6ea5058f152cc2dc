"""The `pipeline` group.

Bank CSV pipeline: inbox to clean transactions, Parquet, Excel review, settlement.
"""
