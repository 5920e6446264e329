"""`flask backup FILE` and `flask restore FILE`: a round trip gives back exactly what was saved,
on SQLite (online backup API) and on PostgreSQL (pg_dump -Fc / pg_restore --clean)."""

import pytest
import sqlalchemy as sa

from config import TestConfig
from consult import create_app
from consult.backup import BackupError, backup, restore
from consult.extensions import db
from tests.local_services import postgres_test_url, scratch_postgres_database


def _app(url):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    return create_app(Config)


def _snapshot():
    """Every row of every table, in a comparable form."""
    out = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(sa.select(table)).all()
        out[table.name] = sorted(tuple(str(v) for v in row) for row in rows)
    return out


def _round_trip(app, path, runner_args=()):
    from consult.audit import verify_chain
    from consult.demo import load_demo
    from consult.models import User

    with app.test_request_context():
        db.create_all()
        load_demo()
        before = _snapshot()
        assert before["user"], "the demo must give the backup something to carry"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert "Cadangan ditulis" in result.output
    assert path.stat().st_size > 0
    with app.app_context():
        # Life goes on after the backup: a new account, a deleted membership.
        db.session.add(User(email="baru@setelah.test", name="Setelah Cadangan",
                            password_hash="x"))
        db.session.execute(sa.text("DELETE FROM membership"))
        db.session.commit()
        assert _snapshot() != before
        db.session.remove()
    result = runner.invoke(args=["restore", str(path)], input="n\n")
    assert result.exit_code != 0  # refusing the confirmation changes nothing
    with app.app_context():
        assert db.session.execute(
            sa.select(User).where(User.email == "baru@setelah.test")).scalar_one_or_none()
        db.session.remove()
    result = runner.invoke(args=["restore", "--yes", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _snapshot() == before
        assert verify_chain().ok
        db.session.remove()
        db.engine.dispose()


def test_sqlite_round_trip(tmp_path):
    app = _app(f"sqlite:///{tmp_path / 'live.db'}")
    _round_trip(app, tmp_path / "cadangan.db")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    app = _app(f"sqlite:///{tmp_path / 'live.db'}")
    with app.app_context():
        db.create_all()
        db.session.remove()
    bogus = tmp_path / "bukan.db"
    bogus.write_bytes(b"PK\x03\x04 this is a zip, not a database")
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(bogus)])
    assert result.exit_code != 0
    assert "bukan cadangan SQLite" in result.output
    with pytest.raises(BackupError):
        restore(f"sqlite:///{tmp_path / 'live.db'}", tmp_path / "tidak-ada.db")
    with pytest.raises(BackupError):
        backup("sqlite://", tmp_path / "x.db")


@pytest.fixture
def scratch_postgres():
    """A database of its own on the test server, dropped afterwards."""
    if not postgres_test_url():
        pytest.skip("PostgreSQL round trip: TIMBANG_TEST_DATABASE_URL is not a postgresql URL")
    with scratch_postgres_database("backup") as url:
        yield url


def test_postgresql_round_trip(tmp_path, scratch_postgres):
    app = _app(scratch_postgres)
    _round_trip(app, tmp_path / "cadangan.dump")
    assert (tmp_path / "cadangan.dump").read_bytes()[:5] == b"PGDMP"
