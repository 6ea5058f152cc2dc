"""The `backup` group.

Verified, optionally encrypted backups of the database and outputs; restore.
"""
