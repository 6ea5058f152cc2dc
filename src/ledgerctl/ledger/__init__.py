"""Double-entry general ledger shared by every group: accounts, entries, periods, reports."""
