"""Gapless, per-tenant, formatted document numbers allocated inside the caller's transaction."""
