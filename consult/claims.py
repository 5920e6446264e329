"""Claiming rows for background work so that overlapping workers never take the same row, and
the transaction-long locks that serialise a few short critical sections.

On PostgreSQL the rows are locked for the claiming transaction and rows another worker holds are
skipped (FOR UPDATE SKIP LOCKED), so several workers share the work. SQLite has one writer at a
time: the claim first takes the database's write lock, so a second worker waits for the first
to commit and then sees its rows as done. One worker per SQLite database is the supported setup.
"""
import sqlalchemy as sa

from consult.extensions import db


def claim_rows(stmt):
    """The ORM rows selected by `stmt`, held by this transaction until it ends."""
    if db.engine.dialect.name == "postgresql":
        return db.session.execute(stmt.with_for_update(skip_locked=True)).scalars().all()
    _sqlite_write_lock(db.session)
    return db.session.execute(stmt).scalars().all()


_ADVISORY = {1: sa.text("SELECT pg_advisory_xact_lock(:a)"),
             2: sa.text("SELECT pg_advisory_xact_lock(:a, :b)")}


def lock(session, *key):
    """Hold a lock named by one or two integers until the transaction ends: a PostgreSQL
    advisory lock (the one- and two-integer forms are separate spaces), on SQLite the database's
    write lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_ADVISORY[len(key)], dict(zip("ab", key)))
    else:
        _sqlite_write_lock(session)


def _sqlite_write_lock(session):
    # A write that changes nothing still starts SQLite's write transaction (the RESERVED lock).
    session.execute(sa.text("UPDATE sent_marker SET id = id WHERE 0 = 1"))
