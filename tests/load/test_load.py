"""200 simulated members post inputs against two app servers sharing one PostgreSQL and one
Redis; then the same with a worker killed and the database restarted in the middle.

Each member logs in through the real login form, picks up CSRF tokens from the pages, and posts
comments whose body carries a unique marker, alternating between the two servers. Afterwards
every accepted input (the server answered with the redirect to it) must be in the database
exactly once and visible through both servers, nothing may be duplicated, and the audit chain
must verify.
"""
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from tests.load.conftest import Member

LOAD_SECONDS = 60
FAULT_SECONDS = 45
UNAVAILABLE = "sedang tidak tersedia"


@dataclass
class Outcome:
    accepted: dict = field(default_factory=dict)  # marker -> Location
    unknown: set = field(default_factory=set)  # the connection broke: stored or not
    refused: Counter = field(default_factory=Counter)  # status -> count (4xx other than 429)
    throttled: int = 0
    statuses: list = field(default_factory=list)  # (time, method, status)
    server_errors: list = field(default_factory=list)  # (time, method, path, status, excerpt)
    unavailable_pages: int = 0
    seconds: list = field(default_factory=list)  # how long each answered request took
    seconds_by_kind: dict = field(default_factory=dict)  # "GET form" / "POST input" -> seconds
    login_failures: list = field(default_factory=list)  # why a member could not start
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, method, path, status, body, started=None):
        now = time.time()
        with self.lock:
            self.statuses.append((now, method, status))
            if started is not None:
                self.seconds.append(now - started)
                kind = "GET form" if method == "GET" else "POST input"
                self.seconds_by_kind.setdefault(kind, []).append(now - started)
            if status >= 500:
                self.server_errors.append((now, method, path, status, body[-300:]))
                if status == 503 and UNAVAILABLE in body:
                    self.unavailable_pages += 1


def simulate(cluster, run, seconds, members=None, on_tick=None):
    """Run every member for `seconds`; `on_tick(elapsed)` is called about every 0.5 s."""
    info = cluster.info
    servers = [s.base for s in cluster.servers]
    emails = info["emails"] if members is None else info["emails"][:members]
    outcome = Outcome()
    start = time.time()
    deadline = start + seconds
    form_path = f"/r/{info['slug']}/v/{info['number']}/komentar"

    def member_loop(i, email):
        rnd = random.Random(f"{run}-{i}")
        member = Member(email)
        time.sleep(rnd.uniform(0, 3))  # people do not all arrive in the same millisecond
        try:
            member.login(servers[i % 2])
        except (OSError, AssertionError) as exc:
            with outcome.lock:
                outcome.login_failures.append(f"{type(exc).__name__}: {exc}"[:300])
            return
        seq = 0
        while time.time() < deadline:
            base = servers[(i + seq) % 2]
            key = rnd.choice(info["unit_keys"])
            started = time.time()
            try:
                status, _, html = member.request(base, "GET", f"{form_path}?unit={key}")
            except OSError:
                time.sleep(0.5)
                continue
            outcome.note("GET", form_path, status, html, started)
            token = Member.csrf(html) if status == 200 else None
            if token is None:
                time.sleep(rnd.uniform(0.5, 1.5))
                continue
            seq += 1
            marker = f"beban-{run}-{i:03d}-{seq:04d}"
            form = {"csrf_token": token, "organisation": str(info["org_id"]),
                    "category": "dukungan", "quote": "", "unit": key,
                    "body": f"{marker} Masukan uji beban untuk pasal ini."}
            started = time.time()
            try:
                status, headers, html = member.request(base, "POST",
                                                       f"{form_path}?unit={key}", form)
            except OSError:
                with outcome.lock:
                    outcome.unknown.add(marker)
                continue
            outcome.note("POST", form_path, status, html, started)
            with outcome.lock:
                if status in (302, 303):
                    outcome.accepted[marker] = headers.get("Location", "")
                elif status == 429:
                    outcome.throttled += 1
                elif status >= 500:
                    outcome.unknown.add(marker)  # a failed commit stores nothing; checked below
                else:
                    outcome.refused[status] += 1
            time.sleep(rnd.uniform(0.5, 2.0))

    threads = [threading.Thread(target=member_loop, args=(i, e), daemon=True)
               for i, e in enumerate(emails)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        if on_tick is not None:
            on_tick(time.time() - start)
        time.sleep(0.5)
        if time.time() > deadline + 120:
            pytest.fail("simulated members did not finish within two minutes of the end")
    return outcome


def stored_markers(cluster, run):
    from consult.extensions import db
    from consult.models import Input

    def read():
        bodies = db.session.execute(
            sa.select(Input.body).where(Input.body.like(f"beban-{run}-%"))).scalars().all()
        return Counter(b.split(" ", 1)[0] for b in bodies)
    return cluster.query(read)


def visible_markers(cluster, base, run):
    """Every marker shown on the regulation's list of inputs, page by page, on one server."""
    member = Member("anonymous@load.test")
    slug = cluster.info["slug"]
    seen = set()
    page = 1
    while page < 2000:
        status, _, html = member.request(base, "GET", f"/r/{slug}/masukan?page={page}")
        assert status == 200, f"{base} inputs page {page}: {status}"
        seen |= set(re.findall(rf"beban-{run}-\d{{3}}-\d{{4}}", html))
        if f"page={page + 1}" not in html:
            break
        page += 1
    return seen


def audit_ok(cluster):
    from consult.audit import verify_chain

    report = cluster.query(verify_chain)
    return report.ok, report


def check_nothing_lost(cluster, run, outcome):
    stored = stored_markers(cluster, run)
    duplicated = {m: n for m, n in stored.items() if n > 1}
    assert not duplicated, f"inputs stored more than once: {list(duplicated)[:10]}"
    lost = set(outcome.accepted) - set(stored)
    assert not lost, f"{len(lost)} accepted inputs are missing: {sorted(lost)[:10]}"
    unexplained = set(stored) - set(outcome.accepted) - outcome.unknown
    assert not unexplained, f"inputs stored that the server refused: {sorted(unexplained)[:10]}"
    return stored


def report(name, outcome, seconds, stored):
    posts = [s for _, m, s in outcome.statuses if m == "POST"]
    print(f"\n[{name}] {seconds} s: {len(outcome.statuses)} requests, {len(posts)} posts, "
          f"{len(outcome.accepted)} accepted ({len(outcome.accepted) / seconds:.1f}/s), "
          f"{outcome.throttled} throttled, {len(outcome.unknown)} unknown, "
          f"refused {dict(outcome.refused)}, 5xx {len(outcome.server_errors)}, "
          f"stored {sum(stored.values())}, {latency(outcome.seconds)}")
    for kind, seconds in sorted(outcome.seconds_by_kind.items()):
        print(f"  {kind:<10} {len(seconds):>6} requests  {percentiles(seconds)}")


def percentiles(seconds):
    """p50/p95/p99 of one kind of request, in ms (printed, never asserted)."""
    ordered = sorted(seconds)
    at = [ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] for p in (50, 95, 99)]
    return "  ".join(f"p{p} {s * 1000:.0f} ms" for p, s in zip((50, 95, 99), at))


def latency(seconds):
    """Median and 95th percentile of the answered requests (printed, never asserted)."""
    if not seconds:
        return "no latency measured"
    ordered = sorted(seconds)
    return (f"latency median {ordered[len(ordered) // 2] * 1000:.0f} ms, "
            f"p95 {ordered[int(len(ordered) * 0.95)] * 1000:.0f} ms")


def test_two_servers_200_members(cluster):
    outcome = simulate(cluster, "a", LOAD_SECONDS)
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


def test_worker_killed_and_database_restarted_mid_load(cluster):
    victim_server = cluster.servers[0]
    workers_before = victim_server.workers()
    events = {}

    def faults(elapsed):
        if elapsed > 10 and "killed" not in events:
            import os
            import signal

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

    outcome = simulate(cluster, "b", FAULT_SECONDS, on_tick=faults)
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
