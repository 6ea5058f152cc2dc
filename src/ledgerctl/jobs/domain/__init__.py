"""Pure rules of the jobs group: job names, cron expressions, the scheduled-job record and the
crontab / schtasks lines built from it. Imports only ``ledgerctl.core`` and the standard
library (mypy --strict applies here)."""
