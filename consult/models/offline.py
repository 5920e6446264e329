"""Inputs received offline (letters, hearings, FGDs) and the drafters' changes to input groups.
(area: participation, issue 16)

An offline input is an ordinary `Input` (numbered, answered, counted like any other) whose author
is the drafter who recorded it; `OfflineInput` adds whom it came from, when it was received, and
the scan or minutes, which stay private unless a drafter marks them public.
"""
from datetime import date, datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ._base import StrEnum, UTCDateTime, db, enum_column, sa, utcnow

__all__ = ["OfflineInput", "GroupChangeKind", "InputGroupChange", "InputGroupSet",
           "WARGA_LABEL"]

WARGA_LABEL = "Warga"  # what the public sees instead of a private sender's name


class OfflineInput(db.Model):
    __tablename__ = "offline_input"
    __table_args__ = (
        sa.CheckConstraint("length(trim(sender_name)) > 0", name="sender_named"),
        sa.CheckConstraint("(attachment_data IS NULL) = (attachment_type IS NULL)",
                           name="attachment_typed"),
    )

    input_id: Mapped[int] = mapped_column(sa.ForeignKey("input.id"), primary_key=True)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    received_on: Mapped[date] = mapped_column(sa.Date)
    sender_name: Mapped[str] = mapped_column(sa.String(200))
    # The sender's organisation as written, when it is not a registered one (Input.organisation).
    sender_organisation: Mapped[str | None] = mapped_column(sa.String(300))
    name_public: Mapped[bool] = mapped_column(default=False)
    attachment_name: Mapped[str | None] = mapped_column(sa.String(200))
    attachment_type: Mapped[str | None] = mapped_column(sa.String(64))
    attachment_data: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    attachment_public: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    input = relationship("Input", backref=sa.orm.backref("offline", uselist=False))
    recorded_by = relationship("User")

    @property
    def public_sender(self):
        """The sender as the public sees it: the name when chosen, else "Warga"."""
        if self.name_public:
            return self.sender_name
        return WARGA_LABEL

    @property
    def public_organisation(self):
        if self.input.organisation is not None:
            return self.input.organisation.name
        return self.sender_organisation if self.name_public else None


class GroupChangeKind(StrEnum):
    SEPARATE = "separate"  # the input stands alone, whatever the grouping finds
    JOIN = "join"  # the input's group and other_input's group are one


class InputGroupChange(db.Model):
    """A drafter's change to the computed groups, kept when the groups are computed again."""

    __tablename__ = "input_group_change"
    __table_args__ = (
        sa.CheckConstraint("kind = 'separate' OR other_input_id IS NOT NULL",
                           name="join_names_other"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    regulation_id: Mapped[int] = mapped_column(sa.ForeignKey("regulation.id"), index=True)
    input_id: Mapped[int] = mapped_column(sa.ForeignKey("input.id"))
    other_input_id: Mapped[int | None] = mapped_column(sa.ForeignKey("input.id"))
    kind: Mapped[GroupChangeKind] = mapped_column(enum_column(GroupChangeKind))
    made_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    made_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class InputGroupSet(db.Model):
    """A regulation's groups as the background worker last computed them (the JSON of
    `inputs groups --json`), with what they were computed from: a key of the regulation's record
    (its last audit event, number and last id of its inputs) and a digest of the inputs' texts
    and the drafters' changes. Readers use them only while one of the two still holds."""

    __tablename__ = "input_group_set"

    regulation_id: Mapped[int] = mapped_column(sa.ForeignKey("regulation.id"),
                                               primary_key=True)
    record_key: Mapped[str] = mapped_column(sa.String(80))
    digest: Mapped[str] = mapped_column(sa.String(64))
    groups: Mapped[str] = mapped_column(sa.Text)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
