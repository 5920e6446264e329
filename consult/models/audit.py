"""The append-only, hash-chained audit log."""
from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ._base import UTCDateTime, db, sa, utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)  # a race to append fails instead of forking
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[str | None] = mapped_column(sa.String(64))
    regulation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("regulation.id"), index=True)
    data: Mapped[str] = mapped_column(sa.Text, default="{}")  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)

    actor = relationship("User")
