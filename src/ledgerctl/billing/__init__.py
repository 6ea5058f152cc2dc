"""The `billing` group.

Retainer billing: statements of account, payments, verification, period locks.
"""
