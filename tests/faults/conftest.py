"""Fault tests that fit in `make test`: mail servers that crawl or never answer, Redis killed,
two people saving at the same instant, forms sent twice; and (on the PostgreSQL pass) a crashed
database. Longer runs belong in bench/."""
import pytest

from config import TestConfig
from consult import create_app
from consult.extensions import db as _db
from tests import factories
from tests.conftest import _fresh_g


@pytest.fixture
def threaded_app(app, app_config, tmp_path):
    """An app whose requests may run in several threads at once, each with its own database
    connection: the test database on PostgreSQL, a file on SQLite (the in-memory database of
    the `app` fixture is one connection shared by everyone)."""
    if _db.engine.dialect.name != "sqlite":
        yield app
        return

    class FileConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'threads.db'}"

    for key, value in app_config.items():
        setattr(FileConfig, key, value)

    target = create_app(FileConfig)
    target.before_request_funcs.setdefault(None, []).insert(0, _fresh_g)  # as the `app` fixture
    with target.app_context():
        _db.create_all()
        yield target
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def tmake(threaded_app):
    """Factories for the threaded app's database."""
    return factories.Factory(_db.session)
