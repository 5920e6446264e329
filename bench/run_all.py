"""Run every benchmark and print its figures with the budgets from design.md.

    .venv/bin/python bench/run_all.py [--quick]

Runs bench/bench_drafts.py (the legal-text engine: parse, import, compare) when present, then
bench/bench_app.py (server time, SQL queries per page, throughput under gunicorn), then
bench/bench_members.py (issue 18: member and anonymous pages as ratios to hello-world), then
bench/bench_faults.py (requests while SMTP crawls and Redis is away), bench/bench_grouping.py and
bench/bench_offline_import.py (issue 16: grouping quality and time, bulk import of offline inputs),
and bench/bench_load.py (issue 18: members posting against one server, p50/p95/p99 per request
kind per step and the saturation point; says so and skips without PostgreSQL and Redis).
"""
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(script, args):
    print(f"=== {script.name} {' '.join(args)}".rstrip(), flush=True)
    start = time.time()
    result = subprocess.run([sys.executable, str(script), *args], cwd=str(HERE.parent))
    print(f"=== {script.name}: exit {result.returncode}, {time.time() - start:.0f} s\n",
          flush=True)
    return result.returncode


def main():
    args = sys.argv[1:]
    codes = []
    drafts_bench = HERE / "bench_drafts.py"
    if drafts_bench.exists():
        codes.append(run(drafts_bench, []))
    else:
        print("=== bench_drafts.py is not there: the engine's figures are not measured\n")
    codes.append(run(HERE / "bench_app.py", args))
    codes.append(run(HERE / "bench_members.py", [a for a in args if a == "--quick"]))
    codes.append(run(HERE / "bench_faults.py", []))
    codes.append(run(HERE / "bench_grouping.py", []))
    codes.append(run(HERE / "bench_offline_import.py", []))
    codes.append(run(HERE / "bench_load.py", [a for a in args if a == "--quick"]))
    return max(codes) if codes else 0


if __name__ == "__main__":
    sys.exit(main())
