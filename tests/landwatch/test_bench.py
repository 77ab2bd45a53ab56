"""The benchmark runs end to end in its small mode, so it cannot rot. It asserts no time."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_small_benchmark_runs_and_reports(tmp_path):
    import psycopg2

    settings_dict = connection.settings_dict
    params = {
        "user": settings_dict["USER"], "host": settings_dict["HOST"],
        "port": settings_dict["PORT"], "password": settings_dict["PASSWORD"],
    }
    admin = psycopg2.connect(dbname="postgres", **{k: v for k, v in params.items() if v})
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("DROP DATABASE IF EXISTS landwatch_bench_check")
        cur.execute("CREATE DATABASE landwatch_bench_check TEMPLATE template0 ENCODING 'UTF8'")
    try:
        url = f"postgres://{params['user']}@{params['host']}:{params['port']}/landwatch_bench_check"
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env["DATABASE_URL"] = url
        # Its own process group, so that a timeout also stops the gunicorn it started.
        process = subprocess.Popen(
            [sys.executable, "bench/run.py", "--small",
             "--results", str(tmp_path / "latest.json"), "--markdown", str(tmp_path / "PERF.md")],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
        assert process.returncode == 0, stdout[-3000:] + stderr[-3000:]
        last = stdout.strip().splitlines()[-1]
        assert last.startswith("BENCH case_list_p95_ratio=")
        report = json.loads((tmp_path / "latest.json").read_text())
        workloads = report["workloads"]
        assert set(workloads) == {"read_only", "working"}
        for workload in workloads.values():
            floor = workload["pages"]["floor"]
            assert floor["requests"] > 0 and floor["errors"] == 0 and floor["queries"] is not None
            for name, page in workload["pages"].items():
                assert page.get("missing") or (page["errors"] == 0 and page["queries"]), name
        # The writer committed real writes while the working workload ran, through the services.
        writes = workloads["working"]["writes"]
        assert writes["asked_rate"] == 1.0 and writes["achieved_rate"] > 0, writes
        assert sum(writes["committed"].values()) > 0 and not writes["failed"], writes
        assert f"write_rate={writes['achieved_rate']}" in last
        assert report["import"]["rows"] == report["size"]["import_rows"], report["import"]
        text = (tmp_path / "PERF.md").read_text()
        assert "### Read-only" in text and "### Working" in text and text.count("| floor |") == 3
        # Each page also computed from nothing (every kept answer dropped), counted in the most
        # queries a page asks.
        in_process = report["after_write"]
        assert all(page["from_nothing_queries"] > 0 for page in in_process.values()), in_process
        assert report["summary"]["max_queries"] == max(
            n for page in in_process.values() for n in (page["after_write_queries"], page["from_nothing_queries"]))
        assert "| from nothing, ms |" in text

        # The growth with the data, a separate run on the same database: 1× then 2× loaded one after
        # the other, each page measured right after a write; the workloads of the run above are kept.
        growth = subprocess.run(
            [sys.executable, "bench/run.py", "--small", "--scale", "1,2", "--runs", "2",
             "--results", str(tmp_path / "latest.json"), "--markdown", str(tmp_path / "PERF.md")],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
        )
        assert growth.returncode == 0, growth.stdout[-3000:] + growth.stderr[-3000:]
        report = json.loads((tmp_path / "latest.json").read_text())
        assert report["workloads"]["working"]["writes"] == writes
        sizes = report["growth"]["sizes"]
        # Besides the asked-for cases, the generator leaves a few per township at the penalty
        # chain's waiting stages and at each step after the decision (cases/penalty_scale.py,
        # cases/enforcement_scale.py), whatever the scale.
        from cases import enforcement_scale, penalty_scale

        stages = len(penalty_scale.STAGES) + len(enforcement_scale.STAGES)
        waiting = [s["data"]["townships"] * len(penalty_scale.ROUNDS) * stages for s in sizes.values()]
        assert [s["data"]["cases"] for s in sizes.values()] == [
            report["size"]["cases"] + waiting[0], 2 * report["size"]["cases"] + waiting[1]]
        for size in sizes.values():
            assert size["pages"]["case_list"]["after_write_queries"] > 0
        text = (tmp_path / "PERF.md").read_text()
        assert "### Working" in text and "### How the cost grows with the data" in text
    finally:
        with admin.cursor() as cur:
            cur.execute("DROP DATABASE IF EXISTS landwatch_bench_check WITH (FORCE)")
        admin.close()
