"""200 simulated members post inputs against two app servers sharing one PostgreSQL and one
Redis; then the same traffic against one server alone; then the two servers again with a worker
killed and the database restarted in the middle.

Each member logs in through the real login form, picks up CSRF tokens from the pages, and posts
comments whose body carries a unique marker, moving between the servers (tests/load/traffic.py).
Afterwards every accepted input (the server answered with the redirect to it) must be in the
database exactly once and visible through every server, nothing may be duplicated, and the audit
chain must verify. Latencies are printed (p50/p95/p99 per request kind), never asserted: the
saturation point of one server is measured by bench/bench_load.py.
"""
import os
import signal
import time

from tests.load.cluster import MEMBERS, ONE_SERVER_WORKERS, Gunicorn
from tests.load.traffic import (  # noqa: F401  (simulate, report: also the fault tests')
    UNAVAILABLE, Member, audit_ok, check_nothing_lost, report, simulate, stored_markers,
    visible_markers,
)

LOAD_SECONDS = 60
ONE_SERVER_SECONDS = 30
FAULT_SECONDS = 45


def test_two_servers_200_members(cluster):
    outcome = simulate(cluster, "a", LOAD_SECONDS, members=MEMBERS)
    report("load", outcome, LOAD_SECONDS, stored_markers(cluster, "a"))
    # Nothing accepted is lost or doubled, everything is visible through both servers and the
    # audit chain holds: checked first, so that a failure below says only what is left.
    check_nothing_lost(cluster, "a", outcome)
    for server in cluster.servers:
        seen = visible_markers(cluster, server.base, "a")
        missing = set(outcome.accepted) - seen
        assert not missing, f"{server.base} does not show {len(missing)} accepted inputs"
    ok, chain = audit_ok(cluster)
    assert ok, f"audit chain broken at #{chain.broken_seq}: {chain.problem}"
    # On two shared cores the servers manage some 10-30 requests a second in all, so most
    # members post a few times in the minute: enough for a hundred concurrent inserts.
    assert len(outcome.accepted) >= 100, f"only {len(outcome.accepted)} inputs accepted"
    assert not outcome.refused, f"refused posts: {dict(outcome.refused)}"
    assert not outcome.server_errors, \
        f"{len(outcome.server_errors)} server errors, first: {outcome.server_errors[0][:4]}\n" \
        + cluster.server_log_excerpt()


def test_one_server_200_members(cluster):
    """The pattern above against one server alone, as one 2-core machine runs it (gunicorn with
    the Procfile's sync workers), with 200 members of their own. Prints p50/p95/p99 per request
    kind; checks what load must never break: nothing lost or doubled, no server error."""
    server = Gunicorn(cluster.env, workers=ONE_SERVER_WORKERS)
    try:
        emails = cluster.info["emails"][MEMBERS:2 * MEMBERS]
        outcome = simulate(cluster, "c", ONE_SERVER_SECONDS, servers=[server], emails=emails)
        report("one server", outcome, ONE_SERVER_SECONDS, stored_markers(cluster, "c"))
        check_nothing_lost(cluster, "c", outcome)
        missing = set(outcome.accepted) - visible_markers(cluster, server.base, "c")
        assert not missing, f"the server does not show {len(missing)} accepted inputs"
        assert not outcome.login_failures, outcome.login_failures[:3]
        assert outcome.accepted, "no input accepted"
        assert not outcome.refused, f"refused posts: {dict(outcome.refused)}"
        assert not outcome.server_errors, \
            f"{len(outcome.server_errors)} server errors, first: {outcome.server_errors[0][:4]}\n" \
            + cluster.server_log_excerpt(servers=[server])
    finally:
        server.stop()
    ok, chain = audit_ok(cluster)
    assert ok, f"audit chain broken at #{chain.broken_seq}: {chain.problem}"


def test_worker_killed_and_database_restarted_mid_load(cluster):
    victim_server = cluster.servers[0]
    workers_before = victim_server.workers()
    events = {}

    def faults(elapsed):
        if elapsed > 10 and "killed" not in events:
            os.kill(workers_before[0], signal.SIGKILL)
            events["killed"] = time.time()
        if elapsed > 20 and "db_down" not in events:
            events["db_down"] = time.time()
            cluster.pg.stop("fast")
            # While the database is down, both servers answer with the clear 503 page.
            probe = Member("probe@load.test")
            for server in cluster.servers:
                status, headers, html = probe.request(server.base, "GET",
                                                      f"/r/{cluster.info['slug']}")
                events.setdefault("probes", []).append((status, UNAVAILABLE in html,
                                                        headers.get("Retry-After")))
            time.sleep(3)
            cluster.pg.start()
            events["db_up"] = time.time()

    outcome = simulate(cluster, "b", FAULT_SECONDS, members=MEMBERS, on_tick=faults)
    report("faults", outcome, FAULT_SECONDS, stored_markers(cluster, "b"))
    assert "db_up" in events, "the fault schedule did not run"
    check_nothing_lost(cluster, "b", outcome)
    for status, clear, retry in events["probes"]:
        assert status == 503 and clear, f"database down: got {status}, clear page: {clear}"
        assert retry, "a 503 says when to retry"
    assert len(outcome.accepted) >= 50, f"only {len(outcome.accepted)} inputs accepted"
    # The master replaced the killed worker; both servers serve again.
    workers_after = victim_server.workers()
    assert len(workers_after) == len(workers_before)
    assert workers_before[0] not in workers_after
    probe = Member("probe@load.test")
    for server in cluster.servers:
        status, _, _ = probe.request(server.base, "GET", f"/r/{cluster.info['slug']}")
        assert status == 200, f"{server.base} did not recover: {status}"
        seen = visible_markers(cluster, server.base, "b")
        assert not set(outcome.accepted) - seen
    ok, chain = audit_ok(cluster)
    assert ok, f"audit chain broken at #{chain.broken_seq}: {chain.problem}"
    # Server errors only while the database was away (plus the requests in flight when it
    # came back); every one of them the clear 503 page, never a 500.
    for when, method, path, status, excerpt in outcome.server_errors:
        assert status == 503, f"{method} {path}: {status}\n" + cluster.server_log_excerpt()
        assert events["db_down"] - 1 <= when <= events["db_up"] + 15, \
            f"a 503 outside the outage: {method} {path} at +{when - events['db_down']:.1f}s"


def test_rate_limits_are_shared_between_servers(cluster):
    """Login failures counted on one server count on the other (the counters live in Redis):
    after five failures on server A (the per-account limit is 5 per 15 minutes), server B
    refuses the next try. With per-process counters B would let it through."""
    member = Member(cluster.info["emails"][-1])
    a, b = (s.base for s in cluster.servers)

    def attempt(base):
        status, _, html = member.request(base, "GET", "/masuk")
        status, _, _ = member.request(base, "POST", "/masuk", {
            "csrf_token": Member.csrf(html), "email": member.email, "password": "salah-sekali"})
        return status

    # Only wrong passwords count, so a log-in of this member that met the database outage of the
    # test above (a 503) has not used up any of the five.
    on_a = [attempt(a) for _ in range(5)]
    assert on_a == [200] * 5, on_a
    assert attempt(b) == 429, on_a
