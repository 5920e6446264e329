"""Import of offline inputs in bulk, and grouping them, through the command line.

    .venv/bin/python bench/bench_offline_import.py [--rows 5000] [--database-url URL]

Builds the small bench world of bench_app.py (30 Pasal) in a temporary SQLite database, writes a
semicolon-separated CSV of `--rows` rows (the corpus of bench_grouping.py: campaigns, quotes,
organic inputs), then times `flask inputs import SLUG FILE --as EMAIL --json` (every row checked,
then stored in one transaction) and `flask inputs groups SLUG --json` on the stored inputs.
Wall-clock time and this process's CPU time. Target (issue 16): 5,000 rows in under 30 s.
With --database-url (a PostgreSQL database of your own: its tables are dropped and made
again) the same world is built there instead of in SQLite.
"""
import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def build(url, sqlite_path):
    """The bench world of bench_app.py (30 Pasal) in SQLite, or in the database at `url`."""
    from bench_app import build_database, build_world, make_app

    if url is None:
        app, world, _urls = build_database(sqlite_path, 30, 1, 10)
        return app, world
    from consult.extensions import db

    app = make_app(url)
    with app.test_request_context():
        db.drop_all()
        db.create_all()
        world = build_world(30, 1, 10)
        db.session.remove()
    return app, world


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--database-url", help="e.g. postgresql+psycopg://…; default SQLite")
    args = parser.parse_args(argv)
    from bench_grouping import generate

    with tempfile.TemporaryDirectory() as tmp:
        app, world = build(args.database_url, Path(tmp) / "bench.db")
        import sqlalchemy as sa

        from consult import clock
        from consult.drafting.consultation import current_period
        from consult.extensions import db
        from consult.models import Regulation, Role, User
        from consult.offline.records import period_dates

        with app.app_context():
            regulation = db.session.execute(sa.select(Regulation).where(
                Regulation.slug == world["slug"])).scalar_one()
            drafter = db.session.execute(sa.select(User).where(
                User.role == Role.DRAFTER)).scalars().first().email
            first, last = period_dates(current_period(regulation))
            day = min(last, clock.to_local(clock.now()).date())
            db.session.remove()
        texts, _truth, _added = generate(args.rows, 16)
        path = Path(tmp) / "masukan.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, delimiter=";")
            writer.writerow(["pasal", "pengirim", "organisasi", "saluran", "tanggal", "isi"])
            for number, text in sorted(texts.items()):
                writer.writerow([f"Pasal {1 + number % 30}" if number % 3 else "",
                                 f"Pengirim {number}", "", ("surat", "luring", "rdp",
                                                            "fgd")[number % 4],
                                 day.strftime("%d/%m/%Y"), text])
        runner = app.test_cli_runner()
        timings = {}
        for name, command in (
                ("import", ["inputs", "import", world["slug"], str(path), "--as", drafter,
                            "--json"]),
                ("groups", ["inputs", "groups", world["slug"], "--json"])):
            start, cpu = time.perf_counter(), time.process_time()
            result = runner.invoke(args=command)
            timings[name] = (time.perf_counter() - start, time.process_time() - cpu,
                             result)
            if result.exit_code != 0:
                print(result.output)
                sys.exit(1)
    numbers = json.loads(timings["import"][2].output)
    groups = json.loads(timings["groups"][2].output)["groups"]
    print(f"{'PostgreSQL' if args.database_url else 'SQLite'}, rows: {args.rows} (period from"
          f" {first} to {last}), stored: {len(numbers)}")
    print(f"  import  {timings['import'][0]:7.2f} s  ({timings['import'][1]:.2f} s CPU)"
          f"  target < 30 s")
    print(f"  groups  {timings['groups'][0]:7.2f} s  ({timings['groups'][1]:.2f} s CPU)"
          f"  {len(groups)} groups, {sum(1 for g in groups if len(g['inputs']) > 1)} of more"
          f" than one")


if __name__ == "__main__":
    main()
