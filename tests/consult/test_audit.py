"""The hash-chained audit log: appends, the verifier, tampering, the CLI, races."""
import threading
from types import SimpleNamespace
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from consult import audit, chainformat, clock
from consult.extensions import db as _db
from consult.models import AuditEvent
from consult.models.audit import AuditImmutableError


def _append(n, actor=None, **kwargs):
    events = [audit.record(actor, f"test.event{i}", object_type="test", object_id=str(i),
                           data={"i": i}, **kwargs) for i in range(1, n + 1)]
    _db.session.commit()
    # Plain snapshots: tampering below changes rows behind the session's back.
    return [SimpleNamespace(id=e.id, seq=e.seq, hash=e.hash, prev_hash=e.prev_hash, at=e.at,
                            action=e.action, data=e.data, actor_id=e.actor_id) for e in events]


def _sql(statement, **params):
    """Tamper with the table directly, as someone with database access could."""
    with _db.engine.begin() as conn:
        conn.execute(sa.text(statement), params)
    _db.session.expire_all()


@pytest.fixture
def demo(app):
    from consult.demo import load_demo
    load_demo()
    return app


def test_empty_log_verifies(db):
    report = audit.verify_chain()
    assert report.ok and report.count == 0 and report.head == audit.GENESIS
    assert audit.chain_head() == (0, audit.GENESIS)


def test_events_link_to_each_other(db, make):
    user = make.user("drafter")
    first, second, third = _append(3, actor=user)
    assert (first.seq, second.seq, third.seq) == (first.seq, first.seq + 1, first.seq + 2)
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert audit.chain_head() == (third.seq, third.hash)
    assert first.actor_id == user.id


def test_hash_is_reproducible_from_the_documented_recipe(db):
    import hashlib
    import json

    (event,) = _append(1)
    row = _db.session.get(AuditEvent, event.id)
    assert len(row.salt) == 64 and int(row.salt, 16)  # 256 random bits
    payload = json.dumps({
        "salt": row.salt, "at": event.at.isoformat(), "actor": None,
        "action": event.action, "type": "test", "id": "1", "regulation": None,
        "data": event.data,
    }, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(payload.encode()).hexdigest() == row.commitment
    link = json.dumps({"prev": event.prev_hash, "seq": event.seq, "commitment": row.commitment},
                      sort_keys=True, separators=(",", ":"))
    assert hashlib.sha256(link.encode()).hexdigest() == event.hash


def _forged_link(prev, seq, at, action, object_id):
    """A well-formed epoch 2 row, as a forger with database access would compute it."""
    salt = "ab" * 32
    commit = chainformat.commitment(salt, audit.payload(at, None, action, "test", object_id,
                                                        None, "{}"))
    return salt, commit, chainformat.link(prev, seq, commit)


def test_record_uses_the_clock_and_canonical_data(db, monkeypatch):
    moment = datetime(2026, 3, 1, 2, 3, 4, 567000, tzinfo=timezone.utc)
    monkeypatch.setattr(clock, "now", lambda: moment)
    event = audit.record(None, "test.data", object_type="test", object_id=7,
                         data={"b": 1, "a": "é", "when": moment})
    _db.session.commit()
    assert event.at == moment.replace(microsecond=0)
    assert event.object_id == "7"
    assert event.data == '{"a":"é","b":1,"when":"2026-03-01T02:03:04.567000+00:00"}'
    assert audit.verify_chain().ok


def test_demo_chain_verifies(demo):
    report = audit.verify_chain()
    assert report.ok, report.problem
    assert report.count == audit.event_count() > 0
    assert (report.head_seq, report.head) == audit.chain_head()


def test_verify_in_small_batches(db):
    _append(7)
    report = audit.verify_chain(batch=2)
    assert report.ok and report.count == 7


@pytest.mark.parametrize("column, value", [
    ("action", "'test.forged'"),
    ("data", "'[99]'"),
    ("actor_id", "NULL"),
    ("object_id", "'999'"),
])
def test_direct_update_is_detected_and_named(db, make, column, value):
    user = make.user()
    events = _append(5, actor=user)
    target = events[2]
    _sql(f"UPDATE audit_event SET {column} = {value} WHERE seq = :seq", seq=target.seq)
    report = audit.verify_chain()
    assert not report.ok
    assert report.broken_seq == target.seq
    assert report.broken_id == target.id
    assert "diubah" in report.problem
    assert report.count == 2  # the events before it are still good


def test_update_that_also_recomputes_the_hash_breaks_the_next_link(db):
    events = _append(4)
    target = events[1]
    salt, commit, forged = _forged_link(target.prev_hash, target.seq, target.at, "test.forged",
                                        "2")
    _sql("UPDATE audit_event SET action = 'test.forged', data = '{}', salt = :s, "
         "commitment = :c, hash = :h WHERE seq = :seq", s=salt, c=commit, h=forged,
         seq=target.seq)
    report = audit.verify_chain()
    assert not report.ok and report.broken_seq == events[2].seq
    assert "tidak menyambung" in report.problem


def test_direct_delete_is_detected_and_named(db):
    events = _append(5)
    _sql("DELETE FROM audit_event WHERE seq = :seq", seq=events[3].seq)
    report = audit.verify_chain()
    assert not report.ok
    assert report.broken_seq == events[3].seq
    assert "hilang" in report.problem


def test_deleting_the_first_event_is_detected(db):
    events = _append(3)
    _sql("DELETE FROM audit_event WHERE seq = :seq", seq=events[0].seq)
    report = audit.verify_chain()
    assert not report.ok and report.broken_seq == 1


def test_delete_and_renumber_is_detected(db):
    events = _append(5)
    _sql("DELETE FROM audit_event WHERE seq = :seq", seq=events[1].seq)
    # Renumber one by one (ascending) so the unique seq is never violated.
    for event in events[2:]:
        _sql("UPDATE audit_event SET seq = seq - 1 WHERE seq = :seq", seq=event.seq)
    report = audit.verify_chain()
    assert not report.ok and report.broken_seq == events[1].seq


def test_insert_in_the_middle_is_detected(db):
    events = _append(5)
    k = events[2].seq
    for event in reversed(events[2:]):  # make room: shift k.. up by one, last first
        _sql("UPDATE audit_event SET seq = seq + 1 WHERE seq = :seq", seq=event.seq)
    # A well-formed forgery at k that links correctly to k-1 ...
    prev = events[1].hash
    at = events[1].at
    salt, commit, digest = _forged_link(prev, k, at, "test.forged", "x")
    _sql("INSERT INTO audit_event (seq, at, actor_id, action, object_type, object_id, "
         "regulation_id, data, epoch, salt, commitment, prev_hash, hash) VALUES (:seq, :at, "
         "NULL, 'test.forged', 'test', 'x', NULL, '{}', 2, :salt, :c, :prev, :hash)",
         seq=k, at=at, salt=salt, c=commit, prev=prev, hash=digest)
    # ... is caught at the next event, whose recorded prev_hash no longer matches.
    report = audit.verify_chain()
    assert not report.ok
    assert report.broken_seq == k + 1
    assert report.broken_id == events[2].id


def test_truncated_tail_is_caught_against_a_noted_head(db):
    events = _append(4)
    noted = audit.chain_head()
    assert audit.verify_chain(expect_head=noted).ok
    _sql("DELETE FROM audit_event WHERE seq = :seq", seq=events[-1].seq)
    assert audit.verify_chain().ok  # a clean cut at the end needs the noted head ...
    report = audit.verify_chain(expect_head=noted)
    assert not report.ok and report.broken_seq == noted[0]  # ... which catches it
    assert "tidak ada lagi" in report.problem


def test_noted_head_with_a_different_hash_fails(db):
    _append(2)
    seq, _ = audit.chain_head()
    report = audit.verify_chain(expect_head=(seq, "f" * 64))
    assert not report.ok and "berbeda" in report.problem


@pytest.mark.parametrize("text", ["", "12", "x:" + "a" * 64, "3:" + "a" * 63, "3:" + "g" * 64])
def test_parse_head_rejects_bad_input(text):
    with pytest.raises(ValueError):
        audit.parse_head(text)


def test_parse_head_accepts_what_the_page_shows():
    assert audit.parse_head(" 12:" + "AB" * 32 + " ") == (12, "ab" * 32)


def test_orm_refuses_to_edit_or_delete_events(db):
    (snapshot,) = _append(1)
    event = _db.session.get(AuditEvent, snapshot.id)
    event.action = "test.changed"
    with pytest.raises(AuditImmutableError):
        _db.session.flush()
    _db.session.rollback()
    _db.session.delete(_db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditImmutableError):
        _db.session.flush()
    _db.session.rollback()
    assert audit.verify_chain().ok


def test_a_stale_writer_cannot_fork_the_chain(db):
    """Two writers that read the same head would both write seq n: the second one fails."""
    (first,) = _append(1)
    stale_seq, stale_prev = first.seq + 1, first.hash
    audit.record(None, "test.winner", object_type="test")
    _db.session.commit()
    at = clock.now().replace(microsecond=0)
    salt, commit, digest = _forged_link(stale_prev, stale_seq, at, "test.loser", None)
    _db.session.add(AuditEvent(
        seq=stale_seq, at=at, actor_id=None, action="test.loser", object_type="test",
        object_id=None, regulation_id=None, data="{}", epoch=2, salt=salt, commitment=commit,
        prev_hash=stale_prev, hash=digest))
    with pytest.raises(IntegrityError):
        _db.session.commit()
    _db.session.rollback()
    report = audit.verify_chain()
    assert report.ok and report.count == 2


def test_concurrent_appends_never_fork(app, tmp_path):
    """Real threads, each with its own session and connection. On PostgreSQL the advisory lock
    serialises them; on SQLite (a file database here, so connections are separate) a writer
    may lose the race and fail, but never forks the chain."""
    from config import TestConfig
    from consult import create_app

    if _db.engine.dialect.name == "sqlite":
        class FileConfig(TestConfig):
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'race.db'}"
        target = create_app(FileConfig)
        with target.app_context():
            _db.create_all()
    else:
        target = app
    outcomes = []
    barrier = threading.Barrier(6)

    def writer(i):
        with target.app_context():
            try:
                barrier.wait(timeout=10)
                audit.record(None, "test.race", object_type="test", object_id=str(i))
                _db.session.commit()
                outcomes.append("ok")
            except (IntegrityError, OperationalError):
                _db.session.rollback()
                outcomes.append("lost")
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    with target.app_context():
        report = audit.verify_chain()
        seqs = _db.session.execute(sa.select(AuditEvent.seq).order_by(AuditEvent.seq)).scalars()
        seqs = list(seqs)
        if target is not app:
            _db.engine.dispose()
    assert len(outcomes) == 6 and outcomes.count("ok") >= 1
    assert report.ok, report.problem
    assert report.count == outcomes.count("ok") == len(seqs)
    assert seqs == list(range(1, len(seqs) + 1))
    if _db.engine.dialect.name == "postgresql":
        assert outcomes.count("ok") == 6


# --- the command line ---------------------------------------------------------------------------

def test_cli_verify_exit_codes(app, db):
    runner = app.test_cli_runner()
    events = _append(3)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "OK: 3 peristiwa" in result.output

    head = runner.invoke(args=["audit", "head"])
    assert head.exit_code == 0
    noted = head.output.strip()
    assert noted == f"{events[-1].seq}:{events[-1].hash}"
    assert runner.invoke(args=["audit", "verify", "--head", noted]).exit_code == 0
    assert runner.invoke(args=["audit", "verify", "--head", "salah"]).exit_code == 2

    _sql("UPDATE audit_event SET data = '{}' WHERE seq = :seq", seq=events[1].seq)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"RUSAK pada peristiwa #{events[1].seq}" in result.output


def test_cli_verify_on_the_demo_then_tampered(demo):
    runner = demo.test_cli_runner()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    seq, _ = audit.chain_head()
    _sql("DELETE FROM audit_event WHERE seq = :seq", seq=seq - 1 if seq > 1 else seq)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 or seq == 1


# --- epochs and erasure -------------------------------------------------------------------------

def _legacy_chain(n):
    """Rows as written before salted commitments (epoch 1), straight into the table."""
    prev, at = audit.GENESIS, clock.now().replace(microsecond=0)
    for seq in range(1, n + 1):
        payload = audit.payload(at, None, "test.old", "test", str(seq), None, '{"i":%d}' % seq)
        digest = chainformat.legacy_hash(prev, seq, payload)
        _sql("INSERT INTO audit_event (seq, at, action, object_type, object_id, data, epoch, "
             "prev_hash, hash) VALUES (:seq, :at, 'test.old', 'test', :oid, :data, 1, :prev, "
             ":hash)", seq=seq, at=at, oid=str(seq), data='{"i":%d}' % seq, prev=prev,
             hash=digest)
        prev = digest
    return n, prev


def test_new_epoch_links_to_the_old_head_and_old_heads_still_verify(db):
    from consult.record.export import epoch_anchor

    old_head = _legacy_chain(3)
    assert audit.verify_chain().ok and audit.chain_head() == old_head
    (new,) = _append(1)
    assert new.prev_hash == old_head[1]  # the anchor: epoch 2 starts from the old head
    assert epoch_anchor() == old_head
    assert audit.verify_chain(expect_head=old_head).ok
    assert audit.verify_chain(expect_head=audit.chain_head()).ok
    _sql("UPDATE audit_event SET data = '{}' WHERE seq = 2")
    report = audit.verify_chain()
    assert not report.ok and report.broken_seq == 2 and "diubah" in report.problem


def test_an_epoch_1_row_after_epoch_2_is_refused(db):
    events = _append(2)
    _sql("UPDATE audit_event SET epoch = 1 WHERE seq = :seq", seq=events[1].seq)
    report = audit.verify_chain()
    assert not report.ok and report.broken_seq == events[1].seq


def test_erasing_a_payload_keeps_the_chain_whole(db, make):
    user = make.user()
    events = _append(3, actor=user)
    audit.erase_payloads(AuditEvent.seq == events[1].seq)
    _db.session.commit()
    _db.session.expire_all()
    erased = _db.session.get(AuditEvent, events[1].id)
    assert erased.salt is None and erased.data == "" and erased.actor_id is None
    assert erased.erased_at is not None and erased.hash == events[1].hash
    assert audit.verify_chain(expect_head=audit.chain_head()).ok
    # Changing the commitment of an erased event still breaks its link.
    _sql("UPDATE audit_event SET commitment = :c WHERE seq = :seq", c="e" * 64,
         seq=events[1].seq)
    assert audit.verify_chain().broken_seq == events[1].seq


def test_cli_verify_says_when_the_newest_events_were_not_checked(app, db):
    runner = app.test_cli_runner()
    _append(2)
    plain = runner.invoke(args=["audit", "verify"])
    assert plain.exit_code == 0 and "Peristiwa terbaru tidak dapat diperiksa" in plain.output
    seq, digest = audit.chain_head()
    noted = runner.invoke(args=["audit", "verify", "--head", f"{seq}:{digest}"])
    assert noted.exit_code == 0 and "tidak dapat diperiksa" not in noted.output
