"""Top-level commands of the workspace: ``init`` (cli/init.py), ``doctor`` (cli/doctor.py),
``demo`` (cli/demo.py) and the ``db`` group (cli/db.py), mounted by the root cli.py."""

from ledgerctl.workspace.cli.db import app as db_app
from ledgerctl.workspace.cli.demo import demo
from ledgerctl.workspace.cli.doctor import doctor
from ledgerctl.workspace.cli.init import init

__all__ = ["db_app", "demo", "doctor", "init"]
