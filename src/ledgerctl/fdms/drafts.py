"""Transitional: the old home of ``fdms.domain.drafts``, kept for ``from_sale``.

``from_sale.py`` (owned by the pos engineer this round) imports the draft types from here; it
moves to ``ledgerctl.fdms.domain.drafts``, then this module goes.
"""

from ledgerctl.fdms.domain.drafts import DraftLine, DraftPayment, ReceiptDraft

__all__ = ["DraftLine", "DraftPayment", "ReceiptDraft"]
