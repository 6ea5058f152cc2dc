"""The `pos` group: point-of-sale back office.

Tenants on- and offboarded, branches and staff, the catalog, stock per branch at moving
average cost, sales with Ghana taxes (dated regimes from ``rules/pos``), returns, transfers,
customers on account, the day summary, and every document posted to the ledger.

Other groups use it only through ``ledgerctl.pos.api`` (record_sale, sale_document,
price_sale, reserve_stock ...). Layout: ``domain/`` the pure rules (taxes, costing, tenders,
aging), one use-case module per capability (``sales``, ``stock``, ``returns``, ``transfers``,
``ar`` ...), ``views`` the read side of sales, ``cli/`` one module per command word.
"""
