"""The one place that writes audit events, and the chain verifier.

Each event's hash covers the previous event's hash, so altering or deleting any row breaks the
chain from that row on. Published versions' SHA-256 go into their event's data, which ties the
text of every version into the chain.
"""
import hashlib
import json
from dataclasses import dataclass

import sqlalchemy as sa

from consult.extensions import db
from consult.models import AuditEvent
from consult.models._base import utcnow

GENESIS = "0" * 64


def _canonical(event_fields):
    return json.dumps(event_fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_hash(prev_hash, seq, at, actor_id, action, object_type, object_id, regulation_id,
                 data):
    payload = _canonical({
        "prev": prev_hash, "seq": seq, "at": at.isoformat(), "actor": actor_id,
        "action": action, "type": object_type, "id": object_id,
        "regulation": regulation_id, "data": data,
    })
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _lock_chain():
    """Serialise appends across processes and servers sharing one PostgreSQL."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT pg_advisory_xact_lock(7310)"))


def record(actor, action, obj=None, *, object_type=None, object_id=None, regulation=None,
           data=None):
    """Append an event. `actor` is a User or None (the system). Call inside the unit of work
    whose state change it records; it is committed together with that change."""
    _lock_chain()
    db.session.flush()
    head = db.session.execute(
        sa.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev = (head.seq + 1, head.hash) if head else (1, GENESIS)
    if obj is not None:
        object_type = object_type or obj.__tablename__
        object_id = object_id if object_id is not None else str(obj.id)
    regulation_id = getattr(regulation, "id", regulation)
    data_json = _canonical(data or {})
    at = utcnow().replace(microsecond=0)
    actor_id = getattr(actor, "id", None)
    event = AuditEvent(
        seq=seq, at=at, actor_id=actor_id, action=action, object_type=object_type or "site",
        object_id=object_id, regulation_id=regulation_id, data=data_json, prev_hash=prev,
        hash=compute_hash(prev, seq, at, actor_id, action, object_type or "site", object_id,
                          regulation_id, data_json),
    )
    db.session.add(event)
    return event


@dataclass
class ChainReport:
    ok: bool
    count: int
    head: str
    broken_seq: int | None = None
    problem: str | None = None


def verify_chain(batch=2000):
    """Walk the chain in order; name the first broken link."""
    prev, expected_seq, count = GENESIS, 1, 0
    last_seq = 0
    while True:
        rows = db.session.execute(
            sa.select(AuditEvent.seq, AuditEvent.prev_hash, AuditEvent.hash, AuditEvent.at,
                      AuditEvent.actor_id, AuditEvent.action, AuditEvent.object_type,
                      AuditEvent.object_id, AuditEvent.regulation_id, AuditEvent.data)
            .where(AuditEvent.seq > last_seq).order_by(AuditEvent.seq).limit(batch)
        ).all()
        if not rows:
            break
        for ev in rows:
            if ev.seq != expected_seq:
                return ChainReport(False, count, prev, expected_seq,
                                   f"event #{expected_seq} is missing")
            if ev.prev_hash != prev:
                return ChainReport(False, count, prev, ev.seq,
                                   f"event #{ev.seq} does not follow the previous hash")
            actual = compute_hash(ev.prev_hash, ev.seq, ev.at, ev.actor_id, ev.action,
                                  ev.object_type, ev.object_id, ev.regulation_id, ev.data)
            if actual != ev.hash:
                return ChainReport(False, count, prev, ev.seq,
                                   f"event #{ev.seq} was altered (hash mismatch)")
            prev, expected_seq, count = ev.hash, ev.seq + 1, count + 1
            last_seq = ev.seq
    return ChainReport(True, count, prev)


def chain_head():
    row = db.session.execute(
        sa.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    return (row.seq, row.hash) if row else (0, GENESIS)
