"""Pure rules of the pos group: tax computation from rule data (``taxes``), moving-average
costing (``costing``), tender rules and change (``tender``), receivable aging (``aging``) and
line pricing arithmetic (``pricing``). Imports only ``ledgerctl.core`` and the standard library.
"""
