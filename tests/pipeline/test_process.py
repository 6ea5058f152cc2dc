"""`pipeline process` end to end: exactly once, problems per file and line, lock, status."""

from __future__ import annotations

import json

from ledgerctl.jobs.runner import job_run
from tests.conftest import Workspace
from tests.pipeline.test_store_helpers import SEPT, write_csv


def test_process_stores_once_and_rerun_changes_nothing(workspace: Workspace, cli) -> None:
    inbox = workspace.home / "csv_inbox"
    write_csv(inbox / "bank" / "sept.csv", SEPT)
    write_csv(inbox / "copy-of-sept.csv", SEPT)  # the same file dropped twice
    write_csv(inbox / "overlap.csv", [*SEPT[2:], "2025-09-05,Melcom,-10.00,GHS,1806.67"])
    result = cli("pipeline", "process", "--format", "json")
    assert result.code == 0, result.err
    files = {f["file"]: f for f in json.loads(result.out)}
    assert files["csv_inbox/bank/sept.csv"]["new"] == 4
    assert files["csv_inbox/copy-of-sept.csv"]["status"] == "skipped"
    assert files["csv_inbox/overlap.csv"]["new"] == 1
    assert files["csv_inbox/overlap.csv"]["duplicates"] == 2
    assert "5 new transaction(s)" in result.err
    pq = workspace.home / "output" / "pipeline" / "transactions.parquet"
    before = pq.stat().st_mtime_ns
    again = cli("pipeline", "process", "--format", "json")
    assert again.code == 0, again.err
    assert {f["status"] for f in json.loads(again.out)} == {"skipped"}
    assert pq.stat().st_mtime_ns == before  # nothing new: outputs untouched
    values = json.loads(cli("pipeline", "status", "--format", "json").out)  # a show: one object
    assert values["transactions"] == 5
    assert values["files"] == 2
    assert values["review_queue"] == 5
    assert values["last_run_status"] == "ok"


def test_problems_are_listed_and_the_batch_goes_on(workspace: Workspace, cli) -> None:
    inbox = workspace.home / "csv_inbox"
    (inbox / "mystery.csv").write_text("foo,bar\n1,2\n", encoding="utf-8")
    write_csv(
        inbox / "bad-lines.csv",
        [
            "2025-09-01,Shop,-1.00,GHS,",
            "2025-13-45,Broken date,-2.00,GHS,",
            "2025-09-02,Broken amount,abc,GHS,",
        ],
    )
    result = cli("pipeline", "process")
    assert result.code == 0, result.err
    assert "csv_inbox/mystery.csv:1" in result.err
    assert "csv_inbox/bad-lines.csv:3" in result.err
    assert "csv_inbox/bad-lines.csv:4" in result.err
    assert "problem(s)" in result.err
    listed = json.loads(cli("pipeline", "status", "--problems", "--format", "json").out)
    where = {(p["file"], p["line_no"]) for p in listed}
    assert ("csv_inbox/mystery.csv", 1) in where
    assert ("csv_inbox/bad-lines.csv", 3) in where
    # the good line went through
    status = json.loads(cli("pipeline", "status", "--format", "json").out)
    assert status["transactions"] == 1
    # the unmatched file is re-checked each run, not listed twice
    cli("pipeline", "process")
    listed = json.loads(cli("pipeline", "status", "--problems", "--format", "json").out)
    assert sum(1 for p in listed if p["file"] == "csv_inbox/mystery.csv") == 1


def test_balance_gap_exits_5(workspace: Workspace, cli) -> None:
    write_csv(
        workspace.home / "csv_inbox" / "gap.csv",
        [
            "2025-09-01,Shop,-10.00,GHS,90.00",
            "2025-09-02,Shop,-10.00,GHS,60.00",  # a row of -20.00 is missing before this one
        ],
    )
    result = cli("pipeline", "process")
    assert result.code == 5, result.err
    assert "running-balance gap" in result.err
    listed = json.loads(cli("pipeline", "status", "--problems", "--format", "json").out)
    assert any(p["kind"] == "balance_gap" for p in listed)


def test_another_run_holds_the_lock(workspace: Workspace, cli) -> None:
    write_csv(workspace.home / "csv_inbox" / "a.csv", SEPT)
    ctx = workspace.ctx()
    try:
        with job_run(ctx, "pipeline.process"):
            result = cli("pipeline", "process")
    finally:
        ctx.dispose()
    assert result.code == 8, result.err
    assert cli("pipeline", "process").code == 0


def test_missing_path_is_not_found(workspace: Workspace, cli) -> None:
    result = cli("pipeline", "process", str(workspace.home / "nope.csv"))
    assert result.code == 3
    assert "nope.csv" in result.err


def test_scheduled_job_is_registered() -> None:
    from ledgerctl.jobs.registry import all_jobs

    job = next(j for j in all_jobs() if j.name == "pipeline-process")
    assert job.args == ("pipeline", "process")


def test_worker_processes_give_the_same_result(workspace: Workspace, cli, monkeypatch) -> None:
    from ledgerctl.pipeline import prepare

    monkeypatch.setattr(prepare, "PARALLEL_BYTES", 0)  # big batches prepare files in workers
    inbox = workspace.home / "csv_inbox"
    write_csv(inbox / "a.csv", SEPT)
    write_csv(inbox / "b.csv", [*SEPT[2:], "2025-09-05,Melcom,-10.00,GHS,1806.67"])
    (inbox / "c.csv").write_text("foo,bar\n1,2\n", encoding="utf-8")
    result = cli("pipeline", "process", "--format", "json")
    assert result.code == 0, result.err
    files = {f["file"]: f for f in json.loads(result.out)}
    assert [files[f"csv_inbox/{n}.csv"]["new"] for n in "abc"] == [4, 1, 0]
    assert files["csv_inbox/b.csv"]["duplicates"] == 2
    assert files["csv_inbox/c.csv"]["status"] == "no_schema"
