"""People: accounts, site roles, and mail kept in the outbox."""
import secrets
from datetime import datetime
from email.utils import make_msgid

from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ._base import StrEnum, UTCDateTime, db, enum_column, sa, utcnow


class Role(StrEnum):
    ADMIN = "admin"
    DRAFTER = "drafter"  # penyusun
    MODERATOR = "moderator"
    MEMBER = "member"


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.MEMBER)
    office: Mapped[str | None] = mapped_column(sa.String(200))  # a drafter's government office
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # Rotated at login, logout and password change; the session stores it, so old sessions die.
    session_token: Mapped[str] = mapped_column(
        sa.String(64), default=lambda: secrets.token_hex(16)
    )
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A self-registered account is used only once its address is confirmed by a mailed link
    # (registration leaves this empty; accounts made by admins and the demo start confirmed).
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when the member deleted the account: personal data is gone, public inputs remain.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    memberships = relationship("Membership", back_populates="user", lazy="selectin",
                               primaryjoin="and_(User.id == Membership.user_id, "
                                           "Membership.removed_at.is_(None))",
                               viewonly=True)

    def get_id(self):
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self):
        return self.is_active_account and self.email_confirmed_at is not None \
            and self.deleted_at is None

    def has_role(self, *roles):
        return self.role in roles

    @property
    def is_admin(self):
        return self.role == Role.ADMIN

    @property
    def is_drafter(self):
        return self.role in (Role.DRAFTER, Role.ADMIN)

    @property
    def is_moderator(self):
        return self.role in (Role.MODERATOR, Role.ADMIN)

    def rotate_session_token(self):
        self.session_token = secrets.token_hex(16)

    def __repr__(self):
        return f"<User {self.email} {self.role}>"


class MailStatus(StrEnum):
    OUTBOX = "outbox"  # kept in the outbox and the log only (development, MAIL_TO_OUTBOX)
    QUEUED = "queued"  # waiting for the delivery worker
    SENDING = "sending"  # a worker is talking to the SMTP server about it
    RETRYING = "retrying"  # refused for now; tried again at next_attempt_at
    SENT = "sent"
    FAILED = "failed"  # given up; last_error says why


class OutboxMail(db.Model):
    """Every e-mail the site sends. Actions only add rows (in their own transaction); the worker
    (consult/mail.py, `flask --app wsgi mail worker`) delivers them after commit."""

    __tablename__ = "outbox_mail"
    __table_args__ = (sa.Index("ix_outbox_mail_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254), index=True)
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    # The body as pages may show it: live links (reset, invitation, confirmation) replaced.
    redacted_body: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[MailStatus] = mapped_column(enum_column(MailStatus), default=MailStatus.QUEUED)
    # The Message-ID header, fixed when the row is written: every attempt sends the same one.
    message_id: Mapped[str] = mapped_column(sa.String(200), unique=True,
                                            default=lambda: make_msgid(domain="timbang.invalid"))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(sa.String(500))

    @property
    def shown_body(self):
        """What a page may show: never a live token."""
        return self.redacted_body if self.redacted_body is not None else self.body

    @property
    def sent(self):
        return self.status == MailStatus.SENT


class SubmissionKey(db.Model):
    """A form's one-time key (consult/submission.py): the first submission stores what it
    created; the same key sent again is answered with that result instead of a second one."""

    __tablename__ = "submission_key"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    result: Mapped[str | None] = mapped_column(sa.String(500))  # where the first one went
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
