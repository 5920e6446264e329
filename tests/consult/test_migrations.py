"""The schema comes from migrations: upgrading an empty database must give exactly the models."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from config import TestConfig
from consult import create_app
from consult.extensions import db
from tests import conftest


def _schema_diff(connection):
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    diffs = compare_metadata(context, db.metadata)
    # Search indexes (FTS5 virtual tables and their shadow tables, PostgreSQL tsvector
    # helpers) are created by migrations outside the ORM metadata on purpose.
    return [d for d in diffs if not _is_search_index(d)]


def _is_search_index(diff):
    obj = diff[1] if isinstance(diff, tuple) and len(diff) > 1 else None
    name = getattr(obj, "name", "") or ""
    return name.startswith("search_fts") or name == "ix_search_document_fts"


@pytest.fixture
def empty_app(tmp_path):
    class Config(TestConfig):
        pass

    if TestConfig.SQLALCHEMY_DATABASE_URI.startswith("sqlite"):
        Config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'migrated.db'}"
    app = create_app(Config)
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            conftest._schema_ready = False  # the next test rebuilds its schema
        yield app
        db.session.remove()
        if db.engine.dialect.name != "sqlite":
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.engine.dispose()


def test_upgrade_gives_the_models_schema_and_downgrade_undoes_it(empty_app):
    upgrade()
    with db.engine.connect() as connection:
        assert _schema_diff(connection) == []
    with db.engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
    if db.engine.dialect.name == "sqlite":
        assert "search_fts" in tables  # the full-text index exists after migrating
    downgrade(revision="base")
    with db.engine.connect() as connection:
        remaining = set(sa.inspect(connection).get_table_names()) - {"alembic_version"}
    assert remaining == set()
