"""A database that hangs (here: a lock another connection holds and does not release) answers a
write with the 503 'sedang tidak tersedia' page within the statement timeout, never a 500 at the
app server's worker timeout; the site serves again once the lock is gone."""
import sqlite3

import pytest
import sqlalchemy as sa

from consult.audit import CHAIN_LOCK
from consult.extensions import db
from consult.models import Follow
from tests.consult.forms_helper import csrf_token_from
from tests.clients import client_as

UNAVAILABLE = "sedang tidak tersedia"


@pytest.fixture
def app_config():
    return {"DATABASE_STATEMENT_TIMEOUT_MS": 2000}


class HeldLock:
    """Another connection that holds the lock every audited write needs."""

    def __init__(self, app):
        self.app = app

    def __enter__(self):
        if db.engine.dialect.name == "postgresql":
            self.conn = db.engine.connect()
            self.transaction = self.conn.begin()
            self.conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHAIN_LOCK})
        else:
            path = self.app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
            self.conn = sqlite3.connect(path, isolation_level=None)
            self.conn.execute("BEGIN IMMEDIATE")  # SQLite's write lock
        return self

    def __exit__(self, *exc):
        if db.engine.dialect.name == "postgresql":
            self.transaction.rollback()
        else:
            self.conn.execute("ROLLBACK")
        self.conn.close()


def test_a_hung_database_gives_the_503_page(threaded_app, tmake):
    version, _ = tmake.open_regulation()
    slug = version.regulation.slug
    member = tmake.member()
    client = client_as(threaded_app, member)
    token = csrf_token_from(client.get(f"/r/{slug}").get_data(as_text=True))
    with HeldLock(threaded_app):
        response = client.post(f"/notifikasi/ikuti/{slug}", data={"csrf_token": token})
        assert response.status_code == 503, response.status_code
        assert UNAVAILABLE in response.get_data(as_text=True)
        assert response.headers.get("Retry-After")
    db.session.rollback()
    assert db.session.execute(sa.select(Follow)).first() is None  # nothing half-done
    response = client.post(f"/notifikasi/ikuti/{slug}", data={"csrf_token": token})
    assert response.status_code == 302
    assert db.session.execute(sa.select(sa.func.count()).select_from(Follow)).scalar() == 1
