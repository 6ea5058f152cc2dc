"""Commands of the jobs group: ``ledgerctl jobs ...`` (cli/jobs.py) and ``ledgerctl schedule
...`` (cli/schedule.py). The root cli.py mounts ``jobs_app`` and ``schedule_app``."""

from ledgerctl.jobs.cli.jobs import app as jobs_app
from ledgerctl.jobs.cli.schedule import app as schedule_app

__all__ = ["jobs_app", "schedule_app"]
