"""The `layby` group: lay-by plans - deposits, instalments, fees, payments, daily automation.

Shape (ARCHITECTURE.md, "The code"): ``tables.py``; ``domain/`` (pure schedule, fee and
refund arithmetic); use cases over a ``Work`` returning frozen dataclasses, one module per
capability - ``create`` (layby create), ``payments`` (pay, refund), ``lifecycle`` (hold,
reactivate, complete, cancel), ``customers``, ``config`` (config), ``views_rules`` (rules
show), ``outbox``, ``runs`` (automation history/status), ``integrity`` (check), ``report``;
``views.py`` + ``record.py`` (show, list); workflows over several transactions taking an
``AppContext``: ``automation.run``, ``archive.archive_completed``, ``smtp.send_outbox``;
``cli/`` one module per command word; the registry modules ``health``, ``integrity``,
``schedule``, ``demo``. Other groups use nothing of layby, so it has no ``api.py``; layby
uses pos only through ``ledgerctl.pos.api``. ``service.py`` keeps the ctx-level names the
demo calls.
"""
