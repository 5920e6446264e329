"""The one place that writes audit events, and the chain verifier.

Each event's hash covers the previous event's hash, so altering or deleting any row breaks the
chain from that row on. Published versions' SHA-256 go into their event's data, which ties the
text of every version into the chain.

The recipe is in consult/chainformat.py (shipped in every export as verify.py): each event
commits to its payload with a secret 256-bit salt, and the chain links the commitments, so the
public chain says nothing about a private event until its salt and payload are published.
"""
import enum
import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from consult import chainformat, clock
from consult.claims import lock
from consult.extensions import db
from consult.models import AuditEvent

GENESIS = chainformat.GENESIS
SALT_BYTES = 32  # 256 bits: no search over guessable payloads can find the salt


def _json_default(value):
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


def _canonical(event_fields):
    return json.dumps(event_fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=_json_default)


def canonical_time(at):
    """The event time as it enters the hash: aware UTC, whole seconds, ISO 8601."""
    return at.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def payload(at, actor_id, action, object_type, object_id, regulation_id, data):
    """The hashed fields of an event, as chainformat expects them."""
    return {"at": at if isinstance(at, str) else canonical_time(at), "actor": actor_id,
            "action": action, "type": object_type, "id": object_id,
            "regulation": regulation_id, "data": data}


def _payload_of_row(ev):
    return payload(ev.at, ev.actor_id, ev.action, ev.object_type, ev.object_id,
                   ev.regulation_id, ev.data)


_PENDING = "audit_pending"  # session.info: events recorded in this transaction, not yet appended


CHAIN_LOCK = 7310
_HEAD = sa.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)


def record(actor, action, obj=None, *, object_type=None, object_id=None, regulation=None,
           data=None):
    """Record an event of this unit of work. `actor` is a User or None (the system). It is
    appended to the chain when the unit of work commits, together with the state change it
    records (or discarded with it on rollback): the chain lock is held only from that append to
    the commit, never while the action does its work. Reading audit events in the same
    transaction appends first, so the reader sees them.

    `regulation` (a Regulation or its id) puts the event on that regulation's public timeline.
    `data` is any JSON-able dict (datetimes and enums are converted); keep it public-safe for
    regulation events: it is published in the regulation's export."""
    db.session.flush()  # ids of the object and the regulation, when they are new
    if obj is not None:
        object_type = object_type or obj.__tablename__
        if object_id is None:
            object_id = obj.id
    event = AuditEvent(
        actor_id=getattr(actor, "id", None), action=str(action),  # an Action's stored value
        object_type=object_type or "site",
        object_id=None if object_id is None else str(object_id),
        regulation_id=getattr(regulation, "id", regulation), data=_canonical(data or {}),
        epoch=2, salt=secrets.token_hex(SALT_BYTES),
    )
    db.session.info.setdefault(_PENDING, []).append(event)
    return event


def append_pending(session):
    """Take the chain lock and append this transaction's recorded events, in order: each
    commits to its salted payload, and the chain links the commitments."""
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    # Serialises appends across processes and servers; the head read next is the one this
    # transaction appends to.
    lock(session, CHAIN_LOCK)
    head = session.execute(_HEAD).first()
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    at = clock.now().astimezone(timezone.utc).replace(microsecond=0)
    for event in pending:
        seq += 1
        event.seq, event.at, event.prev_hash = seq, at, prev
        event.commitment = chainformat.commitment(event.salt, _payload_of_row(event))
        event.hash = prev = chainformat.link(prev, seq, event.commitment)
        session.add(event)
    session.flush()


def install_listeners():
    """Append at commit (first among the before-commit listeners, so the page cache sees the
    new rows), before any read of audit events, and forget the events of a rolled-back
    transaction."""
    if sa_event.contains(Session, "before_commit", append_pending):
        return
    sa_event.listen(Session, "before_commit", append_pending, insert=True)
    sa_event.listen(Session, "do_orm_execute", _before_reading_events)
    sa_event.listen(Session, "after_transaction_end", _forget_rolled_back)


def _before_reading_events(state):
    if state.session.info.get(_PENDING) and state.is_select and any(
            mapper.class_ is AuditEvent for mapper in state.all_mappers):
        append_pending(state.session)


def _forget_rolled_back(session, transaction):
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


@dataclass
class ChainReport:
    ok: bool
    count: int
    head: str  # hash of the last good event
    broken_seq: int | None = None
    problem: str | None = None
    broken_id: int | None = None  # the row id of the offending event, when it exists
    head_seq: int = 0

    @property
    def message(self):
        if self.ok:
            return f"OK: {self.count} peristiwa, kepala rantai #{self.head_seq} {self.head}"
        return f"RUSAK pada peristiwa #{self.broken_seq}: {self.problem}"


_COLUMNS = (AuditEvent.id, AuditEvent.seq, AuditEvent.prev_hash, AuditEvent.hash, AuditEvent.at,
            AuditEvent.actor_id, AuditEvent.action, AuditEvent.object_type,
            AuditEvent.object_id, AuditEvent.regulation_id, AuditEvent.data, AuditEvent.epoch,
            AuditEvent.salt, AuditEvent.commitment)


def _link_problem(ev, prev, seen_epoch2):
    """Why this row does not belong after `prev`, or None."""
    if ev.prev_hash != prev:
        return f"peristiwa #{ev.seq} (id {ev.id}) tidak menyambung ke hash peristiwa sebelumnya"
    if ev.epoch == 1:
        if seen_epoch2:
            return f"peristiwa #{ev.seq} (id {ev.id}) memakai format lama setelah epoch 2"
        if chainformat.legacy_hash(prev, ev.seq, _payload_of_row(ev)) != ev.hash:
            return f"peristiwa #{ev.seq} (id {ev.id}, {ev.action}) telah diubah (hash tidak cocok)"
        return None
    if ev.commitment is None or chainformat.link(prev, ev.seq, ev.commitment) != ev.hash:
        return f"peristiwa #{ev.seq} (id {ev.id}) tidak cocok dengan komitmennya"
    if ev.salt is not None and chainformat.commitment(ev.salt, _payload_of_row(ev)) != \
            ev.commitment:
        return f"peristiwa #{ev.seq} (id {ev.id}, {ev.action}) telah diubah (hash tidak cocok)"
    return None


def verify_chain(batch=2000, expect_head=None):
    """Walk the chain in order; name the first broken link.

    `expect_head` = (seq, hash) noted earlier (from /audit, an export, a newspaper): the chain
    must still contain that event with that hash, which also catches a truncated tail."""
    prev, expected_seq, count, last_seq = GENESIS, 1, 0, 0
    seen_expected, seen_epoch2 = None, False
    while True:
        rows = db.session.execute(
            sa.select(*_COLUMNS).where(AuditEvent.seq > last_seq)
            .order_by(AuditEvent.seq).limit(batch)
        ).all()
        if not rows:
            break
        for ev in rows:
            if ev.seq != expected_seq:
                # A gap: deleted rows, or rows renumbered to make room for a forgery.
                return ChainReport(False, count, prev, expected_seq,
                                   f"peristiwa #{expected_seq} hilang (urutan melompat ke "
                                   f"#{ev.seq})", None, last_seq)
            problem = _link_problem(ev, prev, seen_epoch2)
            if problem:
                return ChainReport(False, count, prev, ev.seq, problem, ev.id, last_seq)
            seen_epoch2 = seen_epoch2 or ev.epoch != 1
            if expect_head and ev.seq == expect_head[0]:
                seen_expected = ev.hash
            prev, expected_seq, count, last_seq = ev.hash, ev.seq + 1, count + 1, ev.seq
        if len(rows) < batch:
            break
    if expect_head:
        seq, digest = expect_head
        if seen_expected is None:
            return ChainReport(False, count, prev, seq,
                               f"kepala rantai yang dicatat (#{seq}) tidak ada lagi; rantai "
                               f"berakhir di #{last_seq}", None, last_seq)
        if seen_expected != digest:
            return ChainReport(False, count, prev, seq,
                               f"hash peristiwa #{seq} berbeda dari yang dicatat", None, last_seq)
    return ChainReport(True, count, prev, head_seq=last_seq)


def chain_head():
    """(seq, hash) of the newest event; (0, GENESIS) for an empty log."""
    row = db.session.execute(
        sa.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    return (row.seq, row.hash) if row else (0, GENESIS)


def event_count():
    return db.session.execute(sa.select(sa.func.count()).select_from(AuditEvent)).scalar_one()


def erase_payloads(condition):
    """Erase the personal data held in the events matching `condition` (UU 27/2022): the
    payload's personal parts and the salt go, the commitment stays, so the chain still links and
    nobody can ever recompute what the event said. The only sanctioned change to an event."""
    db.session.execute(
        sa.update(AuditEvent).where(condition, AuditEvent.epoch == 2,
                                    AuditEvent.salt.is_not(None))
        .values(salt=None, data="", actor_id=None, object_id=None, erased_at=clock.now())
        .execution_options(synchronize_session=False))


parse_head = chainformat.parse_head
