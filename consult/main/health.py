"""/readyz: can this process serve writes? The database answers a write within a short statement
timeout (a full disk, a read-only or hung database fails it); Redis is reported but is not
needed (rate limits and the page cache fall back to this process's memory); the age of the
oldest mail waiting for the worker shows a stalled or missing worker."""
import re
import uuid

import sqlalchemy as sa
from flask import current_app

from consult import clock
from consult.extensions import db
from consult.mail import oldest_waiting_seconds

PROBE_TIMEOUT_MS = 2000


def readiness():
    """(report dict, ready?) in the shape documented in the README."""
    database = _database()
    report = {
        "status": "ok" if database == "ok" else "fail",
        "database": database,
        "redis": _redis(),
        "outbox_oldest_seconds": _outbox_age() if database == "ok" else None,
    }
    return report, database == "ok"


def _error(exc):
    """The error's kind and first line, without addresses (the answer is public)."""
    first_line = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
    first_line = _ADDRESSES.sub("…", first_line)
    return f"{type(exc).__name__}: {first_line}"[:200]


# Host names and IP addresses in drivers' messages ('connection to server at "db.internal"
# (10.0.0.5), port 5432 failed', 'Error 111 connecting to 10.0.0.7:6379').
_ADDRESSES = re.compile(r'"[^"]*"|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b|\[[0-9a-f:]+\]')


def _database():
    """Insert and delete a row and commit, on a connection of its own (never the request's)."""
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        with db.engine.connect() as conn:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(sa.text(f"SET LOCAL statement_timeout = {PROBE_TIMEOUT_MS}"))
                conn.execute(sa.text("INSERT INTO sent_marker (key, created_at) VALUES (:k, :t)"),
                             {"k": key, "t": clock.now()})
                conn.execute(sa.text("DELETE FROM sent_marker WHERE key = :k"), {"k": key})
    except Exception as exc:  # any failure means: not ready for writes
        return _error(exc)
    return "ok"


def _redis():
    config = current_app.config
    urls = {url for url in (config.get("RATELIMIT_STORAGE_URI"), config.get("PAGECACHE_URL"))
            if url and url.startswith(("redis://", "rediss://", "unix://"))}
    if not urls:
        return "absent"
    import redis  # lazy: only when Redis is configured; not paid at start

    for url in sorted(urls):
        client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        try:
            client.ping()
        except (redis.RedisError, OSError) as exc:
            return _error(exc)
        finally:
            client.close()
    return "ok"


def _outbox_age():
    try:
        return oldest_waiting_seconds()
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return None
