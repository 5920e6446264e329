"""Personal data removed from the public record: what was redacted from an input, by whom, why."""
from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ._base import UTCDateTime, db, sa, utcnow


class InputRedaction(db.Model):
    """A drafter or admin replaced personal data (a phone number, an address) inside an input's
    text. The text itself is gone; the fact, the reason and the actor stay public."""

    __tablename__ = "input_redaction"
    __table_args__ = (sa.CheckConstraint("length(trim(reason)) > 0", name="reason_given"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    input_id: Mapped[int] = mapped_column(sa.ForeignKey("input.id"), index=True)
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    reason: Mapped[str] = mapped_column(sa.Text)
    occurrences: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    input = relationship("Input", backref=sa.orm.backref(
        "redactions", order_by="InputRedaction.id", lazy="select"))
    actor = relationship("User")
