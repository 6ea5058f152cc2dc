"""Transitional: the old home of ``fdms.inputs`` (option parsing), kept for ``from_sale``.

``from_sale.py`` (owned by the pos engineer this round) imports ``TaxChoice`` and
``tax_choice`` from here; it moves to ``ledgerctl.fdms.inputs``, then this module goes.
"""

from ledgerctl.fdms.inputs import TaxChoice, tax_choice

__all__ = ["TaxChoice", "tax_choice"]
