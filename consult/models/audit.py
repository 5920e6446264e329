"""The append-only, hash-chained audit log."""
from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ._base import UTCDateTime, db, sa, utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    __table_args__ = (
        sa.CheckConstraint("seq > 0", name="seq_positive"),
        sa.Index("ix_audit_event_object", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)  # a race to append fails instead of forking
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[str | None] = mapped_column(sa.String(64))
    regulation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("regulation.id"), index=True)
    data: Mapped[str] = mapped_column(sa.Text, default="{}")  # canonical JSON
    # Epoch 2: the link hashes a salted commitment (consult/chainformat.py); epoch 1 rows keep
    # the older recipe so heads noted before still verify. salt is NULL once erased.
    epoch: Mapped[int] = mapped_column(sa.SmallInteger, default=2)
    salt: Mapped[str | None] = mapped_column(sa.String(64))
    commitment: Mapped[str | None] = mapped_column(sa.String(64))
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)

    actor = relationship("User")


class AuditImmutableError(RuntimeError):
    """Raised when code tries to change or delete a recorded audit event."""


@event.listens_for(Session, "before_flush")
def _guard_append_only(session, flush_context, instances):
    """Events are appended, never edited or deleted, through the ORM. (Someone with direct
    database access can still do it; that is what the hash chain is for.)"""
    for obj in session.deleted:
        if isinstance(obj, AuditEvent):
            raise AuditImmutableError(f"audit event #{obj.seq} cannot be deleted")
    for obj in session.dirty:
        if isinstance(obj, AuditEvent) and session.is_modified(obj, include_collections=False):
            raise AuditImmutableError(f"audit event #{obj.seq} cannot be changed")
