"""The pure core of the `fdms` group: no database, files, network or clock.

``protocol`` the strings FDMS hashes and signs (receipt, day, server), money in cents, QR
and verification codes; ``counters`` the fiscal day counters; ``taxes`` the tax arithmetic
and the applicable taxes of a configuration; ``drafts`` what a caller asks to fiscalise;
``receipts`` a draft built into the receipt JSON FDMS signs; ``wire`` the exact JSON
encoding of amounts; ``redact`` secrets removed from logged exchanges. Imports only
``ledgerctl.core`` and the standard library (key operations live in ``fdms.keys``).
"""
