"""The workspace: settings file, folder layout, discovery (like git finds .git), the schema.

Other groups use it only through ``ledgerctl.workspace.api`` (``Settings``, ``find_home``,
``load_settings``, ``environment``, ``Check`` for their ``health.CHECKS``). ``doctor`` runs the
health checks, ``schema`` the ``db`` commands, ``demo`` the demo; commands in ``cli/``.
"""
