"""The `pos` group.

Point-of-sale back office: branches, sales with Ghana taxes, stock, payroll.
"""
