"""The load tests' cluster: a dedicated PostgreSQL instance (initdb into a temporary folder, so it
can be stopped and restarted), Redis for shared rate limits, and two gunicorn servers (2 workers
each) on two ports, as two machines would run them (tests/load/cluster.py builds it; the
simulated members are in tests/load/traffic.py).

Runs only when TIMBANG_TEST_DATABASE_URL is a postgresql URL (the CI's PostgreSQL pass); the
binaries come from TIMBANG_PG_BIN or /usr/lib/postgresql/<newest>/bin.
"""
import os
from pathlib import Path

import pytest

# Re-exported: the fault tests (tests/faults/test_postgres_crash.py) build their cluster from
# these.
from tests.load.cluster import (  # noqa: F401
    MEMBERS, Cluster, Gunicorn, Postgres, build_data, missing_services, pg_bin, running_cluster,
    server_env,
)
from tests.load.traffic import Member  # noqa: F401


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="module")
def cluster():
    """Two servers; twice MEMBERS members, so that the one-server run has members of its own
    whose input limit (30 per 10 minutes) the two-server run has not used."""
    url = os.environ.get("TIMBANG_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("load tests need PostgreSQL (two app servers share one database): "
                    "TIMBANG_TEST_DATABASE_URL is not a postgresql URL")
    missing = missing_services()
    if missing:
        pytest.skip(f"load tests need a local PostgreSQL and Redis: {missing}")
    with running_cluster(servers=2, workers=2, members=2 * MEMBERS) as built:
        yield built
