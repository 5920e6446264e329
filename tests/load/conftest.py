"""A small production-like cluster for load and fault tests: a dedicated PostgreSQL instance
(initdb into a temporary folder, so it can be stopped and restarted), Redis for shared rate
limits, and two gunicorn servers (2 workers each) on two ports, as two machines would run them.

Needs PostgreSQL binaries: runs only when TIMBANG_TEST_DATABASE_URL is a postgresql URL (the CI's
PostgreSQL pass); the binaries come from TIMBANG_PG_BIN or /usr/lib/postgresql/<newest>/bin.
"""
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import timedelta
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.local_services import RedisServer as Redis
from tests.local_services import free_port, stop_process
from tests.local_services import wait_for_port as _wait_port
from tests.texts import CORPUS as TEXTS_CORPUS

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("TIMBANG_CORPUS", TEXTS_CORPUS))
MEMBERS = 200
SECRET = "load-test-secret-key-shared-by-both-servers"
PASSWORD = "kata-sandi-uji-123"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.slow)


def pg_bin():
    folder = os.environ.get("TIMBANG_PG_BIN")
    if folder and Path(folder, "initdb").exists():
        return Path(folder)
    root = Path("/usr/lib/postgresql")
    if root.exists():
        versions = sorted((p for p in root.iterdir() if (p / "bin" / "initdb").exists()),
                          key=lambda p: [int(x) for x in re.findall(r"\d+", p.name)])
        if versions:
            return versions[-1] / "bin"
    return None


class Postgres:
    """A throwaway PostgreSQL server. As root it runs as the 'postgres' user (initdb refuses
    root)."""

    def __init__(self, bindir, durable=False):
        self.bindir = bindir
        self.durable = durable  # fsync and synchronous_commit on, as in production
        self.dir = Path(tempfile.mkdtemp(prefix="timbang-load-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)

    def _run(self, *args, timeout=120):
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            cmd = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(_quote(c) for c in cmd)]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)

    def init(self):
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()

    def start(self):
        flush = "on" if self.durable else "off"
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync={flush} "
                   f"-c max_connections=200 -c synchronous_commit={flush}")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.dir / "log"), "-w", "start")

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self):
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def url(self):
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"


def _quote(arg):
    return "'" + str(arg).replace("'", "'\\''") + "'"


def server_env(db_url, redis_url, **extra):
    return dict(
        os.environ, PYTHONPATH=str(ROOT), TIMBANG_ENV="production", TIMBANG_SECRET_KEY=SECRET,
        TIMBANG_COOKIE_SECURE="0", TIMBANG_PUBLIC_BASE_URL="http://127.0.0.1",
        TIMBANG_DATABASE_URL=db_url, TIMBANG_REDIS_URL=redis_url,
        TIMBANG_MAIL_TO_OUTBOX="1",
        # Every simulated member comes from 127.0.0.1: the per-address login limit is for
        # people, not for a load generator. The per-account and per-input limits stay.
        TIMBANG_LOGIN_LIMIT_ADDRESS="100000 per 15 minutes", **extra)


class Gunicorn:
    def __init__(self, env, workers=2):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="timbang-gunicorn-", suffix=".log",
                                               delete=False)
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--workers", str(workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "60", "--graceful-timeout", "5",
             "--log-level", "warning", "wsgi:app"],
            cwd=str(ROOT), env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.log.close()  # the server writes to its own copy; ours would leak (ResourceWarning)
        _wait_port(self.port, self.proc, seconds=60)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def workers(self):
        """PIDs of the worker processes (children of the master)."""
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(p) for p in path.read_text().split()]

    def log_text(self):
        return Path(self.log.name).read_text(errors="replace")

    def stop(self):
        stop_process(self.proc)
        os.unlink(self.log.name)


def build_data(db_url):
    """Schema, a regulation in open consultation (the Banyuwangi Perbup from the corpus) and
    200 members of a verified organisation. Returns what the simulated members need."""
    from config import TestConfig
    from consult import create_app
    from consult.extensions import db

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = db_url

    app = create_app(Config)
    try:
        return app, _fill(app)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _fill(app):
    from consult import clock
    from consult.drafting import consultation, services as drafting
    from consult.extensions import db
    from consult.models import (Membership, MemberRole, Organisation, OrgKind, OrgStatus, Role,
                                Unit, User)
    from werkzeug.security import generate_password_hash

    fast_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    with app.test_request_context():
        db.create_all()
        drafter = User(email="penyusun@load.test", name="Penyusun Beban", role=Role.DRAFTER,
                       password_hash=fast_hash)
        db.session.add(drafter)
        org = Organisation(slug="media-beban", name="Media Uji Beban", kind=OrgKind.ONLINE,
                           status=OrgStatus.VERIFIED)
        db.session.add(org)
        db.session.flush()
        members = []
        for i in range(MEMBERS):
            members.append(User(email=f"anggota{i:03d}@load.test", name=f"Anggota {i:03d}",
                                password_hash=fast_hash))
        db.session.add_all(members)
        db.session.flush()
        db.session.add_all(Membership(user_id=u.id, organisation_id=org.id,
                                      role=MemberRole.MEMBER) for u in members)
        regulation = drafting.create_regulation(
            drafter, "Pengelolaan Media Komunikasi Publik (uji beban)", "perbup",
            "Dinas Komunikasi dan Informatika")
        text = (CORPUS / "perbup_banyuwangi_2012_19.txt").read_text()
        version = drafting.create_draft_version(drafter, regulation, source_text=text)
        drafting.publish_version(drafter, version, "Versi uji beban")
        now = clock.now()
        with clock.pretend(now - timedelta(hours=1)):  # opened an hour ago
            consultation.open_consultation(drafter, regulation, version,
                                           now - timedelta(hours=1), now + timedelta(days=7))
        db.session.commit()
        keys = db.session.execute(
            db.select(Unit.key).where(Unit.version_id == version.id, Unit.kind == "pasal")
            .order_by(Unit.position)).scalars().all()
        info = {"slug": regulation.slug, "number": version.number, "unit_keys": keys,
                "org_id": org.id, "emails": [u.email for u in members],
                "regulation_id": regulation.id}
    return info


class Cluster:
    def __init__(self, pg, redis, servers, app, info):
        self.pg, self.redis, self.servers, self.app, self.info = pg, redis, servers, app, info

    def server_log_excerpt(self, limit=4000):
        """Why requests failed: every distinct exception the servers logged (with counts) and
        the first traceback in full."""
        from collections import Counter

        finals, first = Counter(), None
        for server in self.servers:
            text = server.log_text()
            for match in re.finditer(
                    r"^((?:ERROR:[\w.]+:)?[A-Za-z_][\w.]*(?:Error|Exception|Violation|"
                    r"unavailable)\b.*)$", text, re.M):
                finals[match.group(1)[:300]] += 1
            start = text.find("Traceback")
            if first is None and start >= 0:
                first = text[start:start + limit]
        lines = [f"{n} × {line}" for line, n in finals.most_common(10)]
        return "\n".join(lines) + "\n--- first traceback:\n" + (first or "(none)")

    def query(self, fn):
        from consult.extensions import db

        with self.app.app_context():
            try:
                return fn()
            finally:
                db.session.remove()


@pytest.fixture(scope="module")
def cluster():
    url = os.environ.get("TIMBANG_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("load tests need PostgreSQL (two app servers share one database): "
                    "TIMBANG_TEST_DATABASE_URL is not a postgresql URL")
    bindir = pg_bin()
    if bindir is None:
        pytest.skip("load tests need the PostgreSQL server binaries (TIMBANG_PG_BIN)")
    if not shutil.which("redis-server"):
        pytest.skip("load tests need redis-server")
    pg = Postgres(bindir)
    pg.init()
    redis = servers = app = None
    try:
        redis = Redis()
        app, info = build_data(pg.url)
        env = server_env(pg.url, redis.url)
        servers = [Gunicorn(env), Gunicorn(env)]
        yield Cluster(pg, redis, servers, app, info)
    finally:
        if app is not None:
            from consult.extensions import db
            with app.app_context():
                db.engine.dispose()
        for server in servers or ():
            server.stop()
        if redis:
            redis.stop()
        pg.destroy()


# --- a simulated member ------------------------------------------------------------------------

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


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
        match = CSRF_RE.search(html)
        if not match:
            return None
        return match.group(1) or match.group(2)

    def login(self, base):
        status, _, html = self.request(base, "GET", "/masuk")
        assert status == 200, f"login page: {status}"
        status, headers, html = self.request(base, "POST", "/masuk", {
            "csrf_token": self.csrf(html), "email": self.email, "password": PASSWORD})
        assert status in (302, 303), f"login {self.email}: {status} {html[-500:]}"
