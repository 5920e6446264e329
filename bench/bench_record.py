"""Server time and SQL queries of the pages issue 11 changed, on a 300-Pasal regulation with three
versions and 5,000 inputs: the Pasal page with its history across versions, the same on the API,
the inputs list (counts and chips) and the statistics.

    .venv/bin/python bench/bench_record.py

"first" includes working out the comparisons of consecutive versions (stored, then cached);
the median is over 15 further requests, without the page cache.
"""
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

import bench_app  # noqa: E402
from sqlalchemy import event  # noqa: E402


def main():
    path = os.path.join(tempfile.mkdtemp(prefix="timbang-bench-record-"), "bench.db")
    app, world, _urls = bench_app.build_database(path, 300, 3, 5000)
    slug = world["slug"]
    client = app.test_client()
    from consult.extensions import db

    for url in (f"/r/{slug}/v/3/pasal/150", f"/api/v1/regulations/{slug}/versions/3/pasal/150",
                f"/r/{slug}/masukan", f"/r/{slug}/statistik"):
        start = time.perf_counter()
        assert client.get(url).status_code == 200, url
        first = time.perf_counter() - start
        times, queries = [], [0]

        def count(*_args, **_kwargs):
            queries[0] += 1

        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", count)
            for _ in range(15):
                start = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - start)
            event.remove(db.engine, "before_cursor_execute", count)
        print(f"{url}: first {first * 1000:.0f} ms, median {statistics.median(times) * 1000:.1f} ms,"
              f" {queries[0] // 15} queries per request")


if __name__ == "__main__":
    main()
