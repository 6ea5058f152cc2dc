"""The ``backup`` group: verified, optionally encrypted backups of the database and outputs;
restore. Its commands arrive with issue 12 (``cli/``); the per-tenant archive it builds on is
``ledgerctl.tenancy.api`` (``write_archive``, ``verify_archive``)."""
