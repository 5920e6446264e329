"""PostgreSQL crashes (`pg_ctl stop -m immediate`, no shutdown checkpoint) in the middle of the
traffic, with fsync and synchronous_commit on as in production: after the restart every input
the server acknowledged (the redirect to it) is in the database; requests during the outage get
the 503 page, never a 500.

A scratch PostgreSQL cluster of its own (initdb into a temporary folder), so it can be crashed;
runs on the PostgreSQL pass of the suite, like tests/load."""
import os
import shutil
import time

import pytest

from tests.load.conftest import (
    Cluster, Gunicorn, Member, Postgres, build_data, pg_bin, server_env,
)
from tests.load.test_load import check_nothing_lost, report, simulate

SECONDS = 40
MEMBERS = 30
CRASH_AT = 10


@pytest.fixture
def durable_cluster():
    if not os.environ.get("TIMBANG_TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("crash test runs on the PostgreSQL pass (TIMBANG_TEST_DATABASE_URL)")
    bindir = pg_bin()
    if bindir is None or not shutil.which("su"):
        pytest.skip("crash test needs the PostgreSQL server binaries (TIMBANG_PG_BIN)")
    pg = Postgres(bindir, durable=True)
    pg.init()
    server = app = None
    try:
        app, info = build_data(pg.url)
        server = Gunicorn(server_env(pg.url, "memory://"))
        yield Cluster(pg, None, [server, server], app, info)
    finally:
        if app is not None:
            from consult.extensions import db
            with app.app_context():
                db.engine.dispose()
        if server is not None:
            server.stop()
        pg.destroy()


def _stored_count(cluster):
    import sqlalchemy as sa

    from consult.extensions import db
    from consult.models import Input

    return cluster.query(lambda: db.session.execute(
        sa.select(sa.func.count()).select_from(Input)).scalar())


def _durability():
    import sqlalchemy as sa

    from consult.extensions import db

    return tuple(db.session.execute(sa.text(
        "SELECT current_setting('fsync'), current_setting('synchronous_commit')")).one())


def test_every_acknowledged_input_survives_a_crash(durable_cluster):
    cluster = durable_cluster
    assert cluster.query(_durability) == ("on", "on")
    events = {}

    def crash(elapsed):
        # Once the members are logged in and posting (on a busy machine the servers' workers
        # may take seconds to start), crash.
        if elapsed > CRASH_AT and "crashed" not in events and _stored_count(cluster) >= 10:
            events["crashed"] = time.time()
            cluster.pg.stop("immediate")
            time.sleep(2)
            cluster.pg.start()
            events["restarted"] = time.time()

    outcome = simulate(cluster, "crash", SECONDS, members=MEMBERS, on_tick=crash)
    stored = check_nothing_lost(cluster, "crash", outcome)
    report("crash", outcome, SECONDS, stored)
    assert "restarted" in events, "the crash did not happen"
    # The crash waits for 10 stored inputs; crash recovery with fsync on may take the rest of
    # the run on a busy machine, so that is all the test can ask for.
    assert len(outcome.accepted) >= 10, \
        f"only {len(outcome.accepted)} inputs accepted; log-ins failed: " \
        f"{outcome.login_failures[:1]}\n" + cluster.server_log_excerpt()
    for when, method, path, status, excerpt in outcome.server_errors:
        assert status == 503, f"{method} {path}: {status}\n" + cluster.server_log_excerpt()
    probe = Member("probe@load.test")  # and the site serves again
    status, _, _ = probe.request(cluster.servers[0].base, "GET", f"/r/{cluster.info['slug']}")
    assert status == 200, f"no recovery after the crash: {status}"
