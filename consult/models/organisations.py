"""Media organisations, their members and invitations."""
from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ._base import StrEnum, UTCDateTime, db, enum_column, sa, utcnow


class OrgKind(StrEnum):
    PRINT = "cetak"
    ONLINE = "daring"
    TELEVISION = "televisi"
    RADIO = "radio"
    ASSOCIATION = "asosiasi"


class OrgStatus(StrEnum):
    PENDING = "pending"  # menunggu verifikasi
    VERIFIED = "verified"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class MemberRole(StrEnum):
    ADMIN = "admin"  # pengelola
    MEMBER = "member"  # anggota


class Organisation(db.Model):
    __tablename__ = "organisation"
    __table_args__ = (
        # Rejection and suspension are always explained to the organisation.
        sa.CheckConstraint("status IN ('pending', 'verified') OR status_reason IS NOT NULL",
                           name="reason_for_refusal"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[OrgKind] = mapped_column(enum_column(OrgKind))
    legal_name: Mapped[str | None] = mapped_column(sa.String(200))
    legal_number: Mapped[str | None] = mapped_column(sa.String(100))
    dewan_pers_verified: Mapped[bool] = mapped_column(default=False)
    dewan_pers_number: Mapped[str | None] = mapped_column(sa.String(100))
    address: Mapped[str | None] = mapped_column(sa.Text)
    website: Mapped[str | None] = mapped_column(sa.String(300))
    contact: Mapped[str | None] = mapped_column(sa.String(300))
    status: Mapped[OrgStatus] = mapped_column(enum_column(OrgStatus), default=OrgStatus.PENDING)
    status_reason: Mapped[str | None] = mapped_column(sa.Text)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    created_by = relationship("User", foreign_keys=[created_by_id])
    memberships = relationship(
        "Membership", back_populates="organisation",
        primaryjoin="and_(Organisation.id == Membership.organisation_id, "
                    "Membership.removed_at.is_(None))",
        viewonly=True,
    )

    @property
    def is_verified(self):
        return self.status == OrgStatus.VERIFIED

    @property
    def admins(self):
        return [m for m in self.memberships if m.role == MemberRole.ADMIN]

    def __repr__(self):
        return f"<Organisation {self.slug} {self.status}>"


class Membership(db.Model):
    __tablename__ = "membership"
    __table_args__ = (sa.UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole), default=MemberRole.MEMBER)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship("User", foreign_keys=[user_id])
    # Joined: a logged-in member's memberships come with every request, and the rules read
    # each one's organisation (is it verified?): one query, not one more per membership.
    organisation = relationship("Organisation", foreign_keys=[organisation_id], lazy="joined")


class Invitation(db.Model):
    """An e-mailed, expiring, single-use invitation to join an organisation."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole), default=MemberRole.MEMBER)
    invited_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation = relationship("Organisation")
    invited_by = relationship("User", foreign_keys=[invited_by_id])

    def state_at(self, now):
        """'used', 'revoked', 'expired' or 'open'."""
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        if now >= self.expires_at:
            return "expired"
        return "open"
