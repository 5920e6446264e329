"""Pooled database connections that are tested before use only when they may have died.

SQLAlchemy's pool_pre_ping tests every connection it hands out: one round trip more on every
request, about a tenth of a busy member's request (issue 18). Here a connection is tested only
when it has been idle in the pool for PING_AFTER_IDLE seconds or more (a database restart while
the site was quiet is found before any request fails). A connection the database dropped while
it was in constant use fails its request with the 503 page; SQLAlchemy then recognises the
disconnect and replaces every connection of the pool made before it, so one request per worker
at most meets a restart.
"""
import time

import sqlalchemy as sa

PING_AFTER_IDLE = 1.0  # seconds


def ping_when_idle(engine):
    """Attach the test to `engine`'s pool."""
    @sa.event.listens_for(engine.pool, "checkin")
    def _idle_from_now(dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @sa.event.listens_for(engine.pool, "checkout")
    def _test_if_idle(dbapi_connection, record, proxy):
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < PING_AFTER_IDLE:
            return  # just made, or in constant use
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # the pool discards it, makes a new one and tries again
            raise sa.exc.DisconnectionError("pooled connection is gone") from exc
