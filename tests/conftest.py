"""Fixtures that compose: app -> db -> client -> login_as(role); factories for test data.

Where shared test support lives: fixtures every area uses here (request_ctx, no_csrf,
app_config); regulation texts in tests/texts.py; test data through `make` (tests/factories*.py,
with unit_key for a unit's stable key); driving forms with CSRF tokens in
tests/consult/forms_helper.py; ports, redis-server and scratch PostgreSQL databases in
tests/local_services.py."""
import os

import pytest

from config import TestConfig
from consult import create_app
from consult.extensions import db as _db
from tests import factories
from tests.clients import log_in


@pytest.fixture
def app_config():
    """Settings on top of TestConfig for the `app` fixture; a test module overrides this fixture
    (for instance to run against another rate-limit storage)."""
    return {}


@pytest.fixture
def app(tmp_path, app_config):
    class Config(TestConfig):
        TIMBANG_TMP = str(tmp_path)

    for key, value in app_config.items():
        setattr(Config, key, value)
    app = create_app(Config)
    # The fixture keeps an application context pushed and Flask reuses it for requests, so `g`
    # would survive from one request to the next (Flask-Login's cached user, Flask-WTF's token)
    # and hide session bugs: give every request a fresh `g`, as in production.
    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_g)
    with app.app_context():
        _reset_schema()
        yield app
        _db.session.remove()
        _db.engine.dispose()


def _fresh_g():
    from flask import g

    g.__dict__.clear()


_schema_ready = False


def _reset_schema():
    """SQLite in memory is new for every app. On PostgreSQL the schema is built once per run
    and every table is emptied before each test, which is much faster than rebuilding it."""
    global _schema_ready
    if _db.engine.dialect.name == "sqlite":
        _db.create_all()
        return
    if not _schema_ready:
        _db.drop_all()
        _db.create_all()
        _schema_ready = True
        return
    tables = ", ".join(f'"{t.name}"' for t in _db.metadata.sorted_tables)
    with _db.engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make(db):
    """Factories bound to the session: make.user(role=...), make.organisation(...), ..."""
    return factories.Factory(db.session)


@pytest.fixture
def login_as(client, make):
    """login_as("drafter") or login_as(user): log the test client in, return the user."""
    def _login(who="member", **kwargs):
        from consult.models import User
        user = who if isinstance(who, User) else make.user(role=who, **kwargs)
        log_in(client, user)
        return user
    return _login


@pytest.fixture
def request_ctx(app):
    """A request context around the test: services translate their messages, and flask-babel
    reads the locale from the request's session, as in a real request."""
    with app.test_request_context():
        yield


@pytest.fixture
def no_csrf(app):
    """For functional tests that post forms directly; CSRF itself is tested with real tokens."""
    app.config["WTF_CSRF_ENABLED"] = False
    yield
    app.config["WTF_CSRF_ENABLED"] = True


@pytest.fixture
def csrf_client(app):
    """A client with CSRF protection switched on (it is on everywhere; this is explicit)."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


def pytest_report_header(config):
    url = os.environ.get("TIMBANG_TEST_DATABASE_URL", "sqlite:// (in memory)")
    return f"timbang database: {url.split('@')[-1]}"
