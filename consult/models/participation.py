"""Participation: comments, proposed wording, endorsements, answers, reports. (area: participation)

One `Input` table holds both comments and proposals: they share numbering, the unit they hang on,
carry-forward, moderation and answers. A proposal adds the proposed wording, the text it was made
against, a patch, and the result of rebasing it onto later versions.
"""
from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ._base import StrEnum, UTCDateTime, db, enum_column, sa, utcnow

__all__ = [
    "InputType", "InputCategory", "InputChannel", "InputStatus", "RebaseStatus", "Disposition",
    "ReportStatus", "ModerationKind", "Input", "InputRevision", "Endorsement", "Response",
    "Report", "ModerationAction", "InputCounter", "UMUM_LABEL", "MAX_REPLY_DEPTH",
]

UMUM_LABEL = "Umum"  # the draft as a whole (unit_key NULL)
MAX_REPLY_DEPTH = 2  # an input (0), a reply (1), a reply to a reply (2)


class InputType(StrEnum):
    COMMENT = "comment"
    PROPOSAL = "proposal"  # usulan rumusan


class InputCategory(StrEnum):
    SUPPORT = "dukungan"
    OBJECTION = "keberatan"
    QUESTION = "pertanyaan"
    SUGGESTION = "usulan"


class InputChannel(StrEnum):
    ONLINE = "daring"
    OFFLINE = "luring"
    LETTER = "surat"  # a letter on paper
    HEARING = "rdp"  # rapat dengar pendapat (hearing)
    FOCUS_GROUP = "fgd"

    @property
    def offline(self):
        return self != InputChannel.ONLINE


class InputStatus(StrEnum):
    OPEN = "open"
    WITHDRAWN = "withdrawn"
    HIDDEN = "hidden"


class RebaseStatus(StrEnum):
    CLEAN = "clean"
    FUZZ = "fuzz"
    CONFLICT = "conflict"


class Disposition(StrEnum):
    ACCEPTED = "diterima"
    PARTLY_ACCEPTED = "diterima_sebagian"
    REJECTED = "ditolak"
    DEFERRED = "ditunda"
    OUT_OF_SCOPE = "di_luar_lingkup"

    @property
    def changes_text(self):
        return self in (Disposition.ACCEPTED, Disposition.PARTLY_ACCEPTED)


class ReportStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class ModerationKind(StrEnum):
    HIDE = "hide"
    RESTORE = "restore"
    DISMISS = "dismiss"  # a report closed without hiding


class Input(db.Model):
    """A comment or a proposal, or a reply to one (parent_id set)."""

    __tablename__ = "input"
    __table_args__ = (
        sa.UniqueConstraint("regulation_id", "number"),
        sa.CheckConstraint("depth >= 0 AND depth <= 2", name="reply_depth"),
        sa.CheckConstraint("(parent_id IS NULL) = (depth = 0)", name="depth_matches_parent"),
        sa.CheckConstraint("parent_id IS NOT NULL OR number IS NOT NULL", name="root_numbered"),
        sa.CheckConstraint("parent_id IS NOT NULL OR category IS NOT NULL",
                           name="root_has_category"),
        sa.CheckConstraint(
            "type = 'comment' OR (proposed_text IS NOT NULL AND justification IS NOT NULL"
            " AND length(trim(justification)) > 0 AND parent_id IS NULL)",
            name="proposal_complete",
        ),
        sa.CheckConstraint("status <> 'hidden' OR hidden_reason IS NOT NULL",
                           name="hidden_has_reason"),
        sa.Index("ix_input_regulation_unit", "regulation_id", "unit_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable public number ("No." in the DIM), per regulation; replies carry none.
    number: Mapped[int | None] = mapped_column()
    type: Mapped[InputType] = mapped_column(enum_column(InputType), default=InputType.COMMENT)
    regulation_id: Mapped[int] = mapped_column(sa.ForeignKey("regulation.id"), index=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"), index=True)  # made on
    # Where the input sits now, after carry-forward to later versions.
    current_version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"), index=True)
    unit_key: Mapped[str | None] = mapped_column(sa.String(64))  # NULL = "Umum"
    unit_label: Mapped[str] = mapped_column(sa.String(300), default=UMUM_LABEL)  # at the time
    current_unit_label: Mapped[str] = mapped_column(sa.String(300), default=UMUM_LABEL)
    unit_deleted: Mapped[bool] = mapped_column(default=False)
    quote: Mapped[str | None] = mapped_column(sa.Text)
    category: Mapped[InputCategory | None] = mapped_column(enum_column(InputCategory))
    body: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown, sanitised when shown
    # Proposals only.
    base_text: Mapped[str | None] = mapped_column(sa.Text)
    proposed_text: Mapped[str | None] = mapped_column(sa.Text)
    patch: Mapped[str | None] = mapped_column(sa.Text)
    justification: Mapped[str | None] = mapped_column(sa.Text)
    rebase_status: Mapped[RebaseStatus | None] = mapped_column(enum_column(RebaseStatus))
    rebased_text: Mapped[str | None] = mapped_column(sa.Text)

    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("input.id"), index=True)
    depth: Mapped[int] = mapped_column(default=0)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    # On whose behalf; NULL for an individual (when allowed) or a drafter's reply.
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"),
                                                        index=True)
    channel: Mapped[InputChannel] = mapped_column(enum_column(InputChannel),
                                                  default=InputChannel.ONLINE)
    status: Mapped[InputStatus] = mapped_column(enum_column(InputStatus),
                                                default=InputStatus.OPEN)
    hidden_reason: Mapped[str | None] = mapped_column(sa.Text)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    regulation = relationship("Regulation")
    version = relationship("Version", foreign_keys=[version_id])
    current_version = relationship("Version", foreign_keys=[current_version_id])
    author = relationship("User", foreign_keys=[author_id])
    organisation = relationship("Organisation", foreign_keys=[organisation_id])
    parent = relationship("Input", remote_side=[id], back_populates="replies")
    replies = relationship("Input", back_populates="parent", order_by="Input.id")
    revisions = relationship("InputRevision", back_populates="input",
                             order_by="InputRevision.id")
    endorsements = relationship("Endorsement", back_populates="input",
                                order_by="Endorsement.id")
    response = relationship("Response", back_populates="input", uselist=False)
    reports = relationship("Report", back_populates="input", order_by="Report.id")

    @property
    def thread_replies(self):
        """The replies to show under this input: none below the deepest level, without asking
        the database (the pages load two levels of replies at once)."""
        return self.replies if self.depth < MAX_REPLY_DEPTH else []

    @property
    def public_author(self):
        """Whom the record names as the input's author: for an input received offline, its
        sender as the drafter chose to publish it (a name, or "Warga"), never the drafter who
        recorded it."""
        offline = getattr(self, "offline", None)
        return offline.public_sender if offline is not None else self.author.name

    @property
    def public_organisation(self):
        offline = getattr(self, "offline", None)
        if offline is not None:
            return offline.public_organisation
        return self.organisation.name if self.organisation is not None else None

    @property
    def is_proposal(self):
        return self.type == InputType.PROPOSAL

    @property
    def is_hidden(self):
        return self.status == InputStatus.HIDDEN

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def is_reply(self):
        return self.parent_id is not None

    @property
    def is_conflict(self):
        return self.rebase_status == RebaseStatus.CONFLICT

    @property
    def published_response(self):
        response = self.response
        return response if response is not None and response.published else None

    @property
    def root(self):
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    def __repr__(self):
        return f"<Input {self.id} no.{self.number} {self.type} {self.status}>"


class InputRevision(db.Model):
    """The content of an input before an edit: the edit history stays visible."""

    __tablename__ = "input_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    input_id: Mapped[int] = mapped_column(sa.ForeignKey("input.id"), index=True)
    body: Mapped[str] = mapped_column(sa.Text, default="")
    quote: Mapped[str | None] = mapped_column(sa.Text)
    category: Mapped[InputCategory | None] = mapped_column(enum_column(InputCategory))
    proposed_text: Mapped[str | None] = mapped_column(sa.Text)
    justification: Mapped[str | None] = mapped_column(sa.Text)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime())  # when this content was written
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    editor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    input = relationship("Input", back_populates="revisions")


class Endorsement(db.Model):
    """An organisation supports a proposal ("didukung oleh ...")."""

    __tablename__ = "endorsement"
    __table_args__ = (sa.UniqueConstraint("input_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    input_id: Mapped[int] = mapped_column(sa.ForeignKey("input.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    input = relationship("Input", back_populates="endorsements")
    organisation = relationship("Organisation")
    user = relationship("User")


class Response(db.Model):
    """The drafters' answer (tanggapan) to one input: prepared privately, published in a batch."""

    __tablename__ = "response"
    __table_args__ = (
        sa.CheckConstraint(
            "disposition = 'diterima' OR (explanation IS NOT NULL"
            " AND length(trim(explanation)) > 0)",
            name="explanation_required",
        ),
        sa.CheckConstraint("published = false OR published_at IS NOT NULL",
                           name="published_dated"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    input_id: Mapped[int] = mapped_column(sa.ForeignKey("input.id"), unique=True)
    disposition: Mapped[Disposition] = mapped_column(enum_column(Disposition))
    explanation: Mapped[str | None] = mapped_column(sa.Text)
    published: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    prepared_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Where an accepted change landed: found when the next version is published, or chosen.
    result_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("version.id"))
    result_unit_key: Mapped[str | None] = mapped_column(sa.String(64))
    result_unit_label: Mapped[str | None] = mapped_column(sa.String(300))
    result_linked_automatically: Mapped[bool] = mapped_column(default=False)
    # Why an accepted change is not in a later version (public), recorded by a drafter instead
    # of a result link.
    unreflected_reason: Mapped[str | None] = mapped_column(sa.Text)
    unreflected_reason_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    input = relationship("Input", back_populates="response")
    result_version = relationship("Version")
    prepared_by = relationship("User", foreign_keys=[prepared_by_id])
    published_by = relationship("User", foreign_keys=[published_by_id])


class Report(db.Model):
    """A logged-in user reports an input to the moderators."""

    __tablename__ = "report"
    __table_args__ = (sa.CheckConstraint("length(trim(reason)) > 0", name="reason_given"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    input_id: Mapped[int] = mapped_column(sa.ForeignKey("input.id"), index=True)
    reporter_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    reason: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[ReportStatus] = mapped_column(enum_column(ReportStatus),
                                                 default=ReportStatus.OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    action_id: Mapped[int | None] = mapped_column(sa.ForeignKey("moderation_action.id"))

    input = relationship("Input", back_populates="reports")
    reporter = relationship("User", foreign_keys=[reporter_id])
    resolved_by = relationship("User", foreign_keys=[resolved_by_id])


class ModerationAction(db.Model):
    """Hide, restore or dismiss, always with a reason; the list is the moderation record."""

    __tablename__ = "moderation_action"
    __table_args__ = (sa.CheckConstraint("length(trim(reason)) > 0", name="reason_given"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    input_id: Mapped[int] = mapped_column(sa.ForeignKey("input.id"), index=True)
    moderator_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    kind: Mapped[ModerationKind] = mapped_column(enum_column(ModerationKind))
    reason: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    input = relationship("Input")
    moderator = relationship("User")


class InputCounter(db.Model):
    """The last input number given on a regulation: participation.services.next_numbers takes
    the next ones in one statement. A table of its own, so the row lock it holds to the commit
    never meets a change of the regulation itself."""

    __tablename__ = "input_counter"

    regulation_id: Mapped[int] = mapped_column(sa.ForeignKey("regulation.id"), primary_key=True)
    last: Mapped[int] = mapped_column()
