"""Time to generate the laporan hasil konsultasi publik of a large regulation.

    .venv/bin/python bench/bench_report.py [--pasal 300] [--inputs 5000]

Builds the bench world of bench_app.py (300 Pasal, 5 published versions, 5,000 inputs, one
consultation period) in a temporary SQLite database, then times, separately and in total: the
gathering of the record (data.build), the PDF (WeasyPrint, the full DIM annex included), the
.docx, and one pass of the worker's task (generate_due_reports: the whole laporan as PDF and
.docx plus the period's PDF). Each figure is wall-clock time and, in brackets, this process's
CPU time: on a machine shared with other work the wall clock includes waiting for a core.
Budget (issue 17): the whole report under 10 s.
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BUDGET_S = 10.0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pasal", type=int, default=300)
    parser.add_argument("--inputs", type=int, default=5000)
    args = parser.parse_args(argv)
    import logging

    from bench_app import build_database

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        app, world, _urls = build_database(Path(tmp) / "bench.db", args.pasal, 5, args.inputs)
        from consult.extensions import db
        from consult.record import services
        from consult.report import data, docx, render, storage

        with app.test_request_context():
            # The worker is a long-lived process: its first PDF pays once for loading the
            # fonts (a few seconds), which is left out of the figures.
            render.static_pdf("<p>Timbang</p>")
            regulation, versions = services.load_public_regulation(world["slug"])
            timings = {}
            laporan = _timed(timings, "gather the record", data.build, regulation, versions)
            pdf = _timed(timings, "PDF (WeasyPrint)", render.pdf, laporan)
            document = _timed(timings, ".docx", docx.to_docx, laporan)
            db.session.remove()
        with app.app_context():
            made = _timed(timings, "worker pass", storage.generate_due_reports)
            db.session.remove()
    print(f"Laporan of {args.pasal} Pasal, {args.inputs} inputs "
          f"(PDF {len(pdf) / 1e6:.1f} MB, .docx {len(document) / 1e6:.1f} MB)")
    print(f"  (the worker pass made {made} files: the laporan as PDF and .docx, one period's PDF)")
    for name, (wall, cpu) in timings.items():
        print(f"  {name:<28} {wall:7.2f} s  ({cpu:.2f} s CPU)")
    parts = ("gather the record", "PDF (WeasyPrint)", ".docx")
    wall, cpu = (sum(timings[p][i] for p in parts) for i in (0, 1))
    verdict = "PASS" if wall < BUDGET_S else "MISS"
    print(f"  one laporan (PDF + .docx)    {wall:7.2f} s  ({cpu:.2f} s CPU)   "
          f"budget {BUDGET_S:.0f} s: {verdict}")


def _timed(timings, name, func, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    result = func(*args)
    timings[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    return result


if __name__ == "__main__":
    main()
