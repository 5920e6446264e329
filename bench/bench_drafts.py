"""Benchmark of the drafts engine on a generated 300-Pasal Perbup.

Run:  .venv/bin/python bench/bench_drafts.py [--pasal 300] [--repeat 5]

Prints parse time, per-unit diff time at 10% and 30% of words changed, the whole-text
diff-match-patch character diff of the same texts (the baseline) in the same run, the ratios, and
the diff sizes (characters inserted + deleted, and number of ops).  Times are the best of
--repeat runs, because a shared machine adds noise only upwards.  Budgets (design.md): parse
< 100 ms, diff < 150 ms at 10%, >= 10x faster than the baseline at 30% with a diff at least as
small.  No assertion: a benchmark reports, tests decide.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diff_match_patch import diff_match_patch  # noqa: E402

from drafts import compare, parse_text  # noqa: E402
from drafts.diff import ops_size  # noqa: E402
from drafts.sample import generate_regulation, mutate  # noqa: E402


def best(fn, repeat):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times) * 1000, result


def baseline(old: str, new: str, timeout: float):
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    diffs = dmp.diff_main(old, new)
    return diffs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pasal", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--baseline-timeout", type=float, default=1.0,
                    help="Diff_Timeout of the whole-text baseline: 1.0 is diff-match-patch's default; 0 runs to completion (minutes at 30%%)")
    args = ap.parse_args()

    text = generate_regulation(args.pasal, seed=0)
    parse_ms, old = best(lambda: parse_text(text), args.repeat)
    print(f"text: {len(text):,} chars, {len(old.pasals())} Pasal, "
          f"{sum(1 for _ in old.iter_units())} units")
    print(f"parse: {parse_ms:8.1f} ms   (budget 100 ms)")
    print()
    print(f"{'change':>14} {'engine ms':>10} {'baseline ms':>12} {'ratio':>7} "
          f"{'engine size':>12} {'baseline size':>14} {'engine ops':>11} {'baseline ops':>13}")
    for fraction in (0.10, 0.30):
        for scattered in (False, True):
            changed = mutate(text, fraction, seed=1, scattered=scattered)
            new = parse_text(changed)
            diff_ms, result = best(lambda: compare(old, new), args.repeat)
            engine_ops = [op for u in result.units for op in u.ops]
            base_ms, base = best(lambda: baseline(text, changed, args.baseline_timeout), 1)
            label = f"{int(fraction * 100)}% {'words' if scattered else 'phrases'}"
            print(f"{label:>14} {diff_ms:10.1f} {base_ms:12.1f} {base_ms / diff_ms:6.1f}x "
                  f"{ops_size(engine_ops):12,} {ops_size(base):14,} "
                  f"{sum(1 for op, _ in engine_ops if op):11,} "
                  f"{sum(1 for op, _ in base if op):13,}")
            print(f"{'':>14} summary {result.summary}")
    print()
    print("size = characters inserted + deleted; ops = insert/delete operations shown to a reader")


if __name__ == "__main__":
    main()
