"""Pooled connections are tested before use only after they were idle (consult/dbpool.py):
none of the round trips pool_pre_ping paid on every busy request, and a connection that died
while idle is still replaced before a request meets it."""
import sqlalchemy as sa

from consult import dbpool


def _engine(tmp_path, pings, fail=False):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'pool.db'}")
    real = engine.dialect.do_ping

    def counted(dbapi_connection):
        pings.append(id(dbapi_connection))
        if fail and len(pings) == 1:
            raise engine.dialect.dbapi.OperationalError("server closed the connection")
        return real(dbapi_connection)

    engine.dialect.do_ping = counted
    dbpool.ping_when_idle(engine)
    return engine


def _use(engine):
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT 1")).scalar(), id(conn.connection.dbapi_connection)


def test_a_connection_in_constant_use_is_not_tested(tmp_path):
    pings = []
    engine = _engine(tmp_path, pings)
    for _ in range(20):
        assert _use(engine)[0] == 1
    assert pings == []


def test_a_connection_idle_for_a_while_is_tested_first(tmp_path, monkeypatch):
    pings = []
    engine = _engine(tmp_path, pings)
    _, first = _use(engine)
    monkeypatch.setattr(dbpool, "PING_AFTER_IDLE", 0.0)
    _, again = _use(engine)
    assert pings == [first] and again == first


def test_an_idle_connection_that_died_is_replaced_before_the_request_uses_it(tmp_path,
                                                                             monkeypatch):
    pings = []
    engine = _engine(tmp_path, pings, fail=True)
    _, first = _use(engine)
    monkeypatch.setattr(dbpool, "PING_AFTER_IDLE", 0.0)
    value, replaced = _use(engine)  # the dead one is discarded, a new one answers
    assert value == 1
    assert pings[0] == first and len(pings) == 1
    assert engine.pool.checkedout() == 0


def test_the_apps_engine_is_watched_instead_of_pinged_every_time(app, db):
    listeners = [fn.__name__ for fn in db.engine.pool.dispatch.checkout]
    assert "_test_if_idle" in listeners
    assert not db.engine.pool._pre_ping
