"""The `fdms` group's entry point for other groups (ARCHITECTURE: a group uses another only
through its service module).

To fiscalise something, build a ``ReceiptDraft`` (see ``ledgerctl.fdms.drafts``) and call
``submit_receipt(ctx, draft)``; give the draft a ``source`` (e.g. ``"pos:S-000123"``) so that
calling again never issues a second receipt. The result says whether FDMS accepted it or it
is queued (``send_error``) — it is stored either way. ``submit_many`` does the same for a
batch.
"""

from __future__ import annotations

from ledgerctl.fdms.batch import BatchReport, submit_many
from ledgerctl.fdms.drafts import (
    Buyer,
    DraftLine,
    DraftPayment,
    NoteReference,
    ReceiptDraft,
    draft_from_dict,
)
from ledgerctl.fdms.receipt_service import ReceiptResult, load_receipt, submit_receipt

__all__ = [
    "BatchReport",
    "Buyer",
    "DraftLine",
    "DraftPayment",
    "NoteReference",
    "ReceiptDraft",
    "ReceiptResult",
    "draft_from_dict",
    "load_receipt",
    "submit_many",
    "submit_receipt",
]
