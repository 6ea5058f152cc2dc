"""The `fdms` group.

ZIMRA FDMS fiscal device: registration, fiscal days, signed receipts, simulator.
"""
