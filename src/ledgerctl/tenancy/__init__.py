"""Tenancy: tenants, branches, users, memberships, roles → permissions, customers (parties).

Other groups use it only through ``ledgerctl.tenancy.api`` (the tables, ``role_book`` /
``role_allows``, ``branch_scope`` / ``require_branch``, the onboarding helpers and the tenant
archive). Use cases: ``setup`` (make a workspace), ``tenants``, ``users``; read side in
``views``; commands in ``cli/`` (``ledgerctl tenant ...``, ``ledgerctl user ...``).
"""
