"""A small production-like cluster for the load and fault tests and for bench/bench_load.py: a
dedicated PostgreSQL instance (initdb into a temporary folder, so it can be stopped, crashed and
restarted), Redis for shared rate limits, and gunicorn servers on ports of their own, as separate
machines would run them.

Needs PostgreSQL server binaries (TIMBANG_PG_BIN or /usr/lib/postgresql/<newest>/bin) and
redis-server; `missing_services()` says which are absent.
"""
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from werkzeug.security import generate_password_hash

from config import TestConfig
from consult import clock, create_app
from consult.drafting import consultation
from consult.drafting import services as drafting
from consult.extensions import db
from consult.models import (Membership, MemberRole, Organisation, OrgKind, OrgStatus, Role, Unit,
                            User)
from tests.local_services import RedisServer as Redis
from tests.local_services import free_port, stop_process
from tests.local_services import wait_for_port as _wait_port
from tests.texts import CORPUS as TEXTS_CORPUS

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("TIMBANG_CORPUS", TEXTS_CORPUS))
MEMBERS = 200
SECRET = "load-test-secret-key-shared-by-both-servers"
PASSWORD = "kata-sandi-uji-123"
# One app server as production runs it (Procfile, README "Production deployment"): gunicorn with
# 3 sync workers, one more than the cores of the 2-core server (4 cost more CPU per post).
ONE_SERVER_WORKERS = 3


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


def missing_services():
    """Why a cluster cannot start here (None when it can)."""
    if pg_bin() is None:
        return ("the PostgreSQL server binaries (initdb, pg_ctl) are not installed: set "
                "TIMBANG_PG_BIN or install postgresql")
    if not shutil.which("redis-server"):
        return "redis-server is not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run initdb as"
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

    def postmaster_pid(self):
        """The server's main process (its backends are its children), or None."""
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

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
    """One app server: gunicorn with `workers` sync workers (the worker class of the Procfile)."""

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
        try:
            _wait_port(self.port, self.proc, seconds=60)
        except RuntimeError:
            self.stop()
            raise

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


def build_data(db_url, members=MEMBERS):
    """Schema, a regulation in open consultation (the Banyuwangi Perbup from the corpus) and
    `members` members of a verified organisation. Returns the app and what the simulated members
    need."""
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = db_url

    app = create_app(Config)
    try:
        return app, _fill(app, members)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _fill(app, count):
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
        for i in range(count):
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
    def __init__(self, pg, redis, servers, app, info, env=None):
        self.pg, self.redis, self.servers, self.app, self.info = pg, redis, servers, app, info
        self.env = env  # the servers' environment, for starting one more like them

    def server_log_excerpt(self, limit=4000, servers=None):
        """Why requests failed: every distinct exception the servers logged (with counts) and
        the first traceback in full."""
        finals, first = Counter(), None
        for server in servers or self.servers:
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
        with self.app.app_context():
            try:
                return fn()
            finally:
                db.session.remove()


@contextmanager
def running_cluster(servers=2, workers=2, members=MEMBERS, durable=False, **env):
    """PostgreSQL (with fsync when `durable`), Redis, the data of `build_data` and `servers`
    gunicorn servers of `workers` workers each; `env` adds settings to the servers'
    environment. Everything stops on exit."""
    pg = Postgres(pg_bin(), durable=durable)
    redis = app = None
    started = []
    try:
        pg.init()
        redis = Redis()
        app, info = build_data(pg.url, members)
        server_environment = server_env(pg.url, redis.url, **env)
        for _ in range(servers):
            started.append(Gunicorn(server_environment, workers=workers))
        yield Cluster(pg, redis, started, app, info, server_environment)
    finally:
        if app is not None:
            with app.app_context():
                db.engine.dispose()
        for server in started:
            server.stop()
        if redis:
            redis.stop()
        pg.destroy()
