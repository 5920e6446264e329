"""Benchmark of the drafts engine against the budgets of design.md, with the baseline in the run.

Run:  .venv/bin/python bench/bench_drafts.py [--pasal 300] [--repeat 7] [--baseline-cap 20]

Prints, each with PASS/MISS beside its budget:
- parse of a generated 300-Pasal Perbup (budget 100 ms);
- import of a 130-page PDF's text, Perda Banjarnegara 8/2025 as extracted by pdftotext
  (budget 2 s);
- compare() at 10% and 30% of words changed, in phrases (as drafters edit) and as scattered
  single words (the worst case for a diff) (budget 150 ms);
- the whole-text character diff of diff-match-patch on the same texts (the baseline), with
  Diff_Timeout=0 so that it is not cut short by its own heuristics, run in a child process that is
  stopped at --baseline-cap seconds: a stopped run is reported as "> cap", a lower bound;
- the ratio baseline / engine (budget: at least 10x at 30% change);
- diff sizes, measured the same way on both sides: characters in insert + delete ops.  The
  engine's diff is a word diff, so it is compared with the baseline rounded to whole words
  ("like with like": every token that the character diff does not carry over whole counts
  with its full length), at two stages: as shown to a reader (the engine's output against the
  baseline after diff_cleanupSemantic) and minimal (the engine's diff before it joins changes
  separated by a space against the raw baseline); the raw character count is printed too.

The machine may be shared: every time is the best of --repeat runs (noise only adds), shown as
wall-clock and CPU time; the load average is printed before and after, and the ratios compare
timings taken in the same run.  No assertion: a benchmark reports, tests decide.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drafts import compare, parse_text, word_diff  # noqa: E402
from drafts.diff import ops_size  # noqa: E402
from drafts.sample import generate_regulation, mutate  # noqa: E402

# Word, punctuation mark, whitespace run: the grain at which a character diff is rounded.
_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")

PDF_TEXT = ROOT / "tests" / "corpus" / "perda_banjarnegara_2025_8.txt"
BUDGET_PARSE_MS, BUDGET_PDF_MS, BUDGET_DIFF_MS, BUDGET_RATIO = 100.0, 2000.0, 150.0, 10.0


def best(fn, repeat: int):
    """(best wall ms, best CPU ms, last result) over `repeat` runs."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        result = fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return min(walls) * 1000, min(cpus) * 1000, result


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def verdicts(wall: float, cpu: float, budget: float) -> str:
    """Wall-clock verdict / CPU-time verdict.  The code is single-threaded, so on an idle
    machine wall time is CPU time; on a loaded one the wall time also counts waiting for a CPU."""
    return f"{verdict(wall < budget)}/{verdict(cpu < budget)}"


def load() -> str:
    with open("/proc/loadavg") as fh:
        return " ".join(fh.read().split()[:3])


def word_rounded_size(diffs: list[tuple[int, str]], a: str, b: str) -> int:
    """Size of the word diff implied by a character diff: every token (as the engine splits
    text) of either side that is not carried over whole - all its characters kept, landing
    exactly on a token of the other side - counts with its full length."""
    new_of_old = [-1] * len(a)
    i = j = 0
    for op, text in diffs:
        if op == 0:
            new_of_old[i:i + len(text)] = range(j, j + len(text))
            i += len(text)
            j += len(text)
        elif op < 0:
            i += len(text)
        else:
            j += len(text)
    new_tokens = {}
    pos = 0
    for tok in _TOKEN.findall(b):
        new_tokens[pos] = len(tok)
        pos += len(tok)
    kept_new, size, pos = set(), 0, 0
    for tok in _TOKEN.findall(a):
        n, start = len(tok), new_of_old[pos]
        if start >= 0 and new_tokens.get(start) == n and \
                all(new_of_old[pos + k] == start + k for k in range(n)):
            kept_new.add(start)
        else:
            size += n
        pos += n
    return size + sum(n for start, n in new_tokens.items() if start not in kept_new)


def _baseline_child(a: str, b: str, out, cap_s: float) -> None:
    import resource

    from diff_match_patch import diff_match_patch
    # The cap is CPU time, like the engine's figures the ratio divides by: the kernel stops the
    # child with SIGXCPU once it has used cap_s seconds of CPU, however loaded the machine is.
    secs = max(1, int(cap_s))
    resource.setrlimit(resource.RLIMIT_CPU, (secs, secs + 5))
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # run to completion: no deadline, no half-match shortcut
    c0, w0 = time.process_time(), time.perf_counter()
    diffs = dmp.diff_main(a, b)
    wall, cpu = (time.perf_counter() - w0) * 1000, (time.process_time() - c0) * 1000
    shown = list(diffs)
    dmp.diff_cleanupSemantic(shown)  # what diff-match-patch recommends showing a reader
    out.send({"wall": wall, "cpu": cpu, "size": ops_size(diffs),
              "ops": sum(1 for op, _ in shown if op),
              "shown": word_rounded_size(shown, a, b), "words": word_rounded_size(diffs, a, b)})


def baseline(a: str, b: str, cap_s: float) -> dict | None:
    """The whole-text dmp diff in a child process; None when it used up cap_s of CPU time."""
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_baseline_child, args=(a, b, send, cap_s), daemon=True)
    child.start()
    send.close()
    result = None
    # A generous wall-clock guard as well, in case the machine is too busy to give the CPU.
    if recv.poll(cap_s * 30):
        try:
            result = recv.recv()
        except EOFError:  # stopped by the CPU limit
            result = None
    if child.is_alive():
        child.terminate()
    child.join()
    return result


def minimal_size(result) -> int:
    """The engine's diff size before word_diff joins changes separated by a space."""
    size = 0
    for unit in result.units:
        if unit.status == "changed":
            a = "".join(t for op, t in unit.ops if op <= 0)
            b = "".join(t for op, t in unit.ops if op >= 0)
            size += ops_size(word_diff(a, b, readable=False))
        else:
            size += ops_size(unit.ops)
    return size


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pasal", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--baseline-cap", type=float, default=20.0,
                    help="CPU seconds after which a whole-text baseline diff is stopped")
    args = ap.parse_args()
    print(f"load average before: {load()}   ({os.cpu_count()} CPUs)   "
          f"times: best of {args.repeat}, wall / CPU")

    text = generate_regulation(args.pasal, seed=0)
    wall, cpu, old = best(lambda: parse_text(text), args.repeat)
    print(f"text: {len(text):,} chars, {len(old.pasals())} Pasal, "
          f"{sum(1 for _ in old.iter_units())} units")
    print(f"parse {args.pasal} Pasal: {wall:8.1f} / {cpu:6.1f} ms   budget {BUDGET_PARSE_MS:.0f} ms"
          f"   {verdicts(wall, cpu, BUDGET_PARSE_MS)}")
    if PDF_TEXT.exists():
        pdf_text = PDF_TEXT.read_text(encoding="utf-8")
        wall, cpu, doc = best(lambda: parse_text(pdf_text), max(1, args.repeat // 2))
        print(f"import PDF text ({pdf_text.count(chr(12)) + 1} pages, {len(pdf_text):,} chars, "
              f"{len(doc.all_pasals())} Pasal): {wall:6.1f} / {cpu:6.1f} ms   budget "
              f"{BUDGET_PDF_MS:.0f} ms   {verdicts(wall, cpu, BUDGET_PDF_MS)}")
    else:
        print(f"import PDF text: skipped, {PDF_TEXT} not found")
    print()
    print(f"{'change':>11} | {'engine ms':>15} {'<150ms':>9} | {'baseline ms':>19} "
          f"{'ratio':>7} {'>=10x':>5} | {'shown':>7} {'shown':>7} {'':>4} | {'minimal':>7} "
          f"{'raw':>7} {'':>4} {'raw':>7} | {'ops':>6} {'ops':>6}")
    print(f"{'':>11} | {'wall / CPU':>15} {'wall/CPU':>9} | {'wall / CPU':>19} {'(CPU)':>7} "
          f"{'':>5} | {'engine':>7} {'base/w':>7} {'<=':>4} | {'engine':>7} {'base/w':>7} "
          f"{'<=':>4} {'base/c':>7} | {'engine':>6} {'base':>6}")
    for fraction in (0.10, 0.30):
        for scattered in (False, True):
            changed = mutate(text, fraction, seed=1, scattered=scattered)
            new = parse_text(changed)
            wall, cpu, result = best(lambda: compare(old, new), args.repeat)
            ops = [op for u in result.units for op in u.ops]
            size, n_ops, minimal = ops_size(ops), sum(1 for op, _ in ops if op), \
                minimal_size(result)
            base = baseline(text, changed, args.baseline_cap)
            label = f"{int(fraction * 100)}% {'words' if scattered else 'phrases'}"
            head = (f"{label:>11} | {wall:7.1f} / {cpu:5.1f} "
                    f"{verdicts(wall, cpu, BUDGET_DIFF_MS):>9} | ")
            if base is None:
                cap_ms = max(1, int(args.baseline_cap)) * 1000
                print(head + f"{'CPU > ' + format(cap_ms, ',.0f'):>19} "
                      f"{'>' + format(cap_ms / cpu, '.0f'):>6}x "
                      f"{verdict(cap_ms / cpu >= BUDGET_RATIO):>5} | {size:7,} {'n/a':>7} "
                      f"{'':>4} | {minimal:7,} {'n/a':>7} {'':>4} {'n/a':>7} | {n_ops:6,} "
                      f"{'n/a':>6}")
            else:
                ratio = base["cpu"] / cpu
                print(head + f"{base['wall']:9,.0f} / {base['cpu']:7,.0f} {ratio:6.0f}x "
                      f"{verdict(ratio >= BUDGET_RATIO):>5} | {size:7,} {base['shown']:7,} "
                      f"{verdict(size <= base['shown'])} | {minimal:7,} {base['words']:7,} "
                      f"{verdict(minimal <= base['words'])} {base['size']:7,} | {n_ops:6,} "
                      f"{base['ops']:6,}")
            print(f"{'':>11} | summary {result.summary}")
    print()
    print("verdicts: wall-clock/CPU time (single-threaded: on an idle machine wall = CPU);")
    print("ratio = baseline CPU / engine CPU (a stopped baseline gives a lower bound, '>');")
    print("sizes = characters in insert + delete ops, like with like (both at word grain): 'shown'")
    print("= the engine's diff as compare() returns it vs the baseline after diff_cleanupSemantic,")
    print("both as a reader sees them; 'minimal' = the engine's word diff before it joins changes")
    print("separated by a space vs the raw baseline; base/w = the baseline rounded to whole words,")
    print("base/c = the raw baseline in characters (a character diff keeps shared letters of a")
    print("replaced word, which no word diff can: shown for reference, no verdict).")
    print("ops = insert/delete ops as shown (baseline after diff_cleanupSemantic).")
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
