"""Transitional: the old home of ``fdms.receipt.submit_receipt``, kept for ``from_sale``.

``from_sale.py`` (owned by the pos engineer this round) calls ``submit_receipt`` through this
module; it moves to ``ledgerctl.fdms.receipt``, then this module goes.
"""

from ledgerctl.fdms.receipt import ReceiptResult, submit_receipt

__all__ = ["ReceiptResult", "submit_receipt"]
