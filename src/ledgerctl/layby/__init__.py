"""The `layby` group.

Lay-by plans: deposits, instalments, fees, payments, daily automation.
"""
