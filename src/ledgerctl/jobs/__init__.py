"""Jobs: runs of scheduled and long commands, exclusive job locks, the schedule of jobs.

Other groups use it only through ``ledgerctl.jobs.api``: ``job_run`` (run exclusively and
record the run), ``ScheduledJob`` (what a group's ``schedule.JOBS`` lists), the tables and the
run/lock helpers. Pure rules (cron, job names, scheduler lines) in ``domain/``; read side in
``views``; commands in ``cli/`` (``ledgerctl jobs ...``, ``ledgerctl schedule show``).
"""
