"""Simulated members and what their traffic shows, shared by the load and fault tests and by
bench/bench_load.py.

Each member logs in through the real login form and posts comments whose body carries a unique
marker: open the comment form of a random Pasal, post it with the form's CSRF token and one-time
key (as a browser sends them), think for 0.5-2 s, again. Afterwards every accepted input (the
server answered with the redirect to it) must be in the database exactly once.
"""
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.client import HTTPConnection
from urllib.parse import urlencode

import sqlalchemy as sa

from consult.audit import verify_chain
from consult.extensions import db
from consult.models import Input
from tests.load.cluster import PASSWORD

UNAVAILABLE = "sedang tidak tersedia"
KINDS = ("GET form", "POST input")
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
KEY_RE = re.compile(r'name="submission_key"[^>]*value="([^"]+)"'
                    r'|value="([^"]+)"[^>]*name="submission_key"')


class Member:
    """One person with a browser-like cookie, talking to any of the servers."""

    def __init__(self, email, timeout=60):
        self.email = email
        self.cookies = {}
        self.timeout = timeout

    def request(self, base, method, path, form=None):
        host, port = base.removeprefix("http://").split(":")
        conn = HTTPConnection(host, int(port), timeout=self.timeout)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie = value.split(";", 1)[0]
                    key, _, val = cookie.partition("=")
                    if val:
                        self.cookies[key] = val
                    else:
                        self.cookies.pop(key, None)
            return response.status, dict(response.getheaders()), data
        finally:
            conn.close()

    @staticmethod
    def csrf(html):
        return Member._field(CSRF_RE, html)

    @staticmethod
    def submission_key(html):
        """The form's one-time key, which a browser sends with it (consult/submission.py)."""
        return Member._field(KEY_RE, html)

    @staticmethod
    def _field(pattern, html):
        match = pattern.search(html)
        if not match:
            return None
        return match.group(1) or match.group(2)

    def login(self, base):
        status, _, html = self.request(base, "GET", "/masuk")
        assert status == 200, f"login page: {status}"
        status, headers, html = self.request(base, "POST", "/masuk", {
            "csrf_token": self.csrf(html), "email": self.email, "password": PASSWORD})
        assert status in (302, 303), f"login {self.email}: {status} {html[-500:]}"


@dataclass
class Outcome:
    accepted: dict = field(default_factory=dict)  # marker -> Location
    unknown: set = field(default_factory=set)  # the connection broke: stored or not
    refused: Counter = field(default_factory=Counter)  # status -> count (4xx other than 429)
    throttled: int = 0
    statuses: list = field(default_factory=list)  # (time, method, status)
    server_errors: list = field(default_factory=list)  # (time, method, path, status, excerpt)
    unavailable_pages: int = 0
    connection_errors: int = 0  # requests that got no answer at all
    seconds: list = field(default_factory=list)  # how long each answered request took
    seconds_by_kind: dict = field(default_factory=dict)  # "GET form" / "POST input" -> seconds
    samples: list = field(default_factory=list)  # (started, kind, seconds, status)
    login_failures: list = field(default_factory=list)  # why a member could not start
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, method, path, status, body, started=None):
        now = time.time()
        with self.lock:
            self.statuses.append((now, method, status))
            if started is not None:
                kind = KINDS[0] if method == "GET" else KINDS[1]
                self.seconds.append(now - started)
                self.seconds_by_kind.setdefault(kind, []).append(now - started)
                self.samples.append((started, kind, now - started, status))
            if status >= 500:
                self.server_errors.append((now, method, path, status, body[-300:]))
                if status == 503 and UNAVAILABLE in body:
                    self.unavailable_pages += 1


def simulate(cluster, run, seconds, members=None, on_tick=None, servers=None, emails=None):
    """Run every member for `seconds`, member i starting on server i (modulo their number) and
    moving to the next server at each post; `on_tick(elapsed)` is called about every 0.5 s.
    `servers` (default: the cluster's) and `emails` (default: the first `members` members)
    choose who talks to whom."""
    info = cluster.info
    servers = [s.base for s in (servers or cluster.servers)]
    if emails is None:
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
            member.login(servers[i % len(servers)])
        except (OSError, AssertionError) as exc:
            with outcome.lock:
                outcome.login_failures.append(f"{type(exc).__name__}: {exc}"[:300])
            return
        seq = 0
        while time.time() < deadline:
            base = servers[(i + seq) % len(servers)]
            key = rnd.choice(info["unit_keys"])
            started = time.time()
            try:
                status, _, html = member.request(base, "GET", f"{form_path}?unit={key}")
            except OSError:
                with outcome.lock:
                    outcome.connection_errors += 1
                time.sleep(0.5)
                continue
            outcome.note("GET", form_path, status, html, started)
            token = Member.csrf(html) if status == 200 else None
            if token is None:
                time.sleep(rnd.uniform(0.5, 1.5))
                continue
            seq += 1
            marker = f"beban-{run}-{i:03d}-{seq:04d}"
            form = {"csrf_token": token, "submission_key": Member.submission_key(html) or "",
                    "organisation": str(info["org_id"]), "category": "dukungan", "quote": "",
                    "unit": key, "body": f"{marker} Masukan uji beban untuk pasal ini."}
            started = time.time()
            try:
                status, headers, html = member.request(base, "POST",
                                                       f"{form_path}?unit={key}", form)
            except OSError:
                with outcome.lock:
                    outcome.unknown.add(marker)
                    outcome.connection_errors += 1
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
            raise RuntimeError("simulated members did not finish within two minutes of the end")
    return outcome


def stored_markers(cluster, run):
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


def quantiles(seconds, points=(50, 95, 99)):
    """The given percentiles of a list of durations (nearest rank), None for an empty list."""
    if not seconds:
        return None
    ordered = sorted(seconds)
    return [ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] for p in points]


def percentiles(seconds):
    """p50/p95/p99 of one kind of request, in ms (printed, never asserted)."""
    at = quantiles(seconds)
    if at is None:
        return "no requests"
    return "  ".join(f"p{p} {s * 1000:.0f} ms" for p, s in zip((50, 95, 99), at))


def latency(seconds):
    """Median and 95th percentile of the answered requests (printed, never asserted)."""
    if not seconds:
        return "no latency measured"
    ordered = sorted(seconds)
    return (f"latency median {ordered[len(ordered) // 2] * 1000:.0f} ms, "
            f"p95 {ordered[int(len(ordered) * 0.95)] * 1000:.0f} ms")
