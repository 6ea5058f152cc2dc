"""Tenants, branches, users, memberships, roles → permissions, customers, actor resolution."""
