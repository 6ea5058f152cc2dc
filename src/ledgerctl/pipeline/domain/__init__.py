"""Pure rules of the bank pipeline: canonical rows, fingerprints, amounts, dates, balances,
settlement arithmetic. Imports only ``ledgerctl.core`` and the standard library."""

from ledgerctl.pipeline.domain.fingerprints import fingerprint_base, fingerprints
from ledgerctl.pipeline.domain.rows import CanonicalRow, ParsedFile, RowProblem

__all__ = ["CanonicalRow", "ParsedFile", "RowProblem", "fingerprint_base", "fingerprints"]
