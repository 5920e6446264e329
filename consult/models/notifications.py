"""Follows and in-app notifications, e-mail preferences, and what the scheduler-less sender
has already sent. (area: notifications)"""
from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ._base import StrEnum, UTCDateTime, db, enum_column, sa, utcnow

__all__ = [
    "DigestItem", "Follow", "Notification", "NotificationKind", "NotificationPreference",
    "SentMarker",
]


class NotificationKind(StrEnum):
    VERSION = "version"  # a new version of a followed regulation
    OPENED = "opened"  # consultation opened
    EXTENDED = "extended"  # consultation period extended
    CLOSING = "closing"  # consultation closes within 48 hours
    CLOSED = "closed"  # consultation closed
    REPLY = "reply"  # a reply to my input
    ANSWER = "answer"  # the drafters' answer to my input
    PASAL_ANSWER = "pasal_answer"  # an answer to an input on a Pasal I follow
    DIGEST = "digest"  # new inputs on a followed regulation


class Follow(db.Model):
    """A person follows a whole regulation (unit_key NULL) or one of its Pasal: unit_key is the
    Pasal's stable key, which survives renumbering in later versions (consult/units.py)."""

    __tablename__ = "follow"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "regulation_id", "unit_key",
                            name="uq_follow_user_regulation_unit"),
        # NULLs are distinct in a unique constraint: one whole-regulation follow per person.
        sa.Index("uq_follow_whole_regulation", "user_id", "regulation_id", unique=True,
                 sqlite_where=sa.text("unit_key IS NULL"),
                 postgresql_where=sa.text("unit_key IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    regulation_id: Mapped[int] = mapped_column(sa.ForeignKey("regulation.id"), index=True)
    unit_key: Mapped[str | None] = mapped_column(sa.String(64))  # NULL = the whole regulation
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user = relationship("User")
    regulation = relationship("Regulation")


class Notification(db.Model):
    """One line in a person's in-app list."""

    __tablename__ = "notification"
    __table_args__ = (sa.Index("ix_notification_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind))
    regulation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("regulation.id"))
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text, default="")  # plain text, autoescaped
    link: Mapped[str | None] = mapped_column(sa.String(500))  # a site-relative path
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    emailed: Mapped[bool] = mapped_column(default=False)
    # Waiting for the worker to turn it into a mail (consult/notify/fanout.py): the claim per
    # recipient, cleared in the same transaction that adds the mail to the outbox.
    email_pending: Mapped[bool] = mapped_column(default=False, index=True)

    regulation = relationship("Regulation")

    @property
    def is_read(self):
        return self.read_at is not None


class NotificationPreference(db.Model):
    """E-mail on or off for one kind; no row means the default (on)."""

    __tablename__ = "notification_preference"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind))
    email: Mapped[bool] = mapped_column(default=True)


class DigestItem(db.Model):
    """A new input waiting to be announced to a regulation's followers in the next digest."""

    __tablename__ = "digest_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    regulation_id: Mapped[int] = mapped_column(sa.ForeignKey("regulation.id"), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(40))  # comment, proposal
    object_id: Mapped[int] = mapped_column()
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    summary: Mapped[str] = mapped_column(sa.String(300))  # "Komentar pada Pasal 5 oleh ..."
    link: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)

    regulation = relationship("Regulation")


class SentMarker(db.Model):
    """Something sent once and never again (a closing-soon reminder for one deadline)."""

    __tablename__ = "sent_marker"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
