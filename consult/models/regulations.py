"""Regulations, their immutable published versions, units and consultation periods."""
from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ._base import StrEnum, UTCDateTime, db, enum_column, sa, utcnow


class RegulationKind(StrEnum):
    PERBUP = "perbup"
    PERWALI = "perwali"
    PERGUB = "pergub"
    PERDA = "perda"


class RegulationStatus(StrEnum):
    DRAFTING = "penyusunan"
    CONSULTATION = "konsultasi"  # konsultasi publik
    DELIBERATION = "pembahasan"
    ENACTED = "ditetapkan"
    CANCELLED = "dibatalkan"


class VersionState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Regulation(db.Model):
    __tablename__ = "regulation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    title: Mapped[str] = mapped_column(sa.String(400))
    kind: Mapped[RegulationKind] = mapped_column(enum_column(RegulationKind))
    office: Mapped[str] = mapped_column(sa.String(200))  # initiating office (pemrakarsa)
    number: Mapped[str | None] = mapped_column(sa.String(40))
    year: Mapped[int | None] = mapped_column()
    status: Mapped[RegulationStatus] = mapped_column(
        enum_column(RegulationStatus), default=RegulationStatus.DRAFTING
    )
    summary: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    versions = relationship("Version", back_populates="regulation", order_by="Version.number")
    status_changes = relationship("StatusChange", order_by="StatusChange.id",
                                  back_populates="regulation")
    periods = relationship("ConsultationPeriod", order_by="ConsultationPeriod.id",
                           back_populates="regulation")


class StatusChange(db.Model):
    __tablename__ = "status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    regulation_id: Mapped[int] = mapped_column(sa.ForeignKey("regulation.id"), index=True)
    from_status: Mapped[RegulationStatus | None] = mapped_column(enum_column(RegulationStatus))
    to_status: Mapped[RegulationStatus] = mapped_column(enum_column(RegulationStatus))
    reason: Mapped[str | None] = mapped_column(sa.Text)  # e.g. the override for unanswered inputs
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    regulation = relationship("Regulation", back_populates="status_changes")
    actor = relationship("User")


class Version(db.Model):
    __tablename__ = "version"
    __table_args__ = (
        sa.UniqueConstraint("regulation_id", "number"),
        sa.CheckConstraint(
            "state = 'draft' OR (published_at IS NOT NULL AND sha256 IS NOT NULL)",
            name="published_complete",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    regulation_id: Mapped[int] = mapped_column(sa.ForeignKey("regulation.id"), index=True)
    number: Mapped[int] = mapped_column()
    state: Mapped[VersionState] = mapped_column(enum_column(VersionState),
                                                default=VersionState.DRAFT)
    title: Mapped[str] = mapped_column(sa.Text, default="")  # the judul as parsed
    # Deferred: the whole text (hundreds of KB for a long regulation) is read by the editor and
    # the review only, not by every page and post that loads its version.
    source_text: Mapped[str] = mapped_column(sa.Text, default="", deferred=True)
    source_filename: Mapped[str | None] = mapped_column(sa.String(255))
    source_file: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    warnings_json: Mapped[str] = mapped_column(sa.Text, default="[]")
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    changelog: Mapped[str | None] = mapped_column(sa.Text)  # ringkasan perubahan
    # Optimistic lock: every save of a draft bumps it; a stale form is refused.
    revision: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    regulation = relationship("Regulation", back_populates="versions")
    units = relationship("Unit", back_populates="version", order_by="Unit.position",
                         cascade="all, delete-orphan")
    published_by = relationship("User", foreign_keys=[published_by_id])
    created_by = relationship("User", foreign_keys=[created_by_id])

    @property
    def is_published(self):
        return self.state == VersionState.PUBLISHED


class Unit(db.Model):
    """One node of a version's parsed structure, flattened in document order."""

    __tablename__ = "unit"
    __table_args__ = (
        # Named explicitly: the naming convention would give both the same name.
        sa.UniqueConstraint("version_id", "key", name="uq_unit_version_key"),
        sa.UniqueConstraint("version_id", "position", name="uq_unit_version_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"))
    position: Mapped[int] = mapped_column()  # document order within the version
    depth: Mapped[int] = mapped_column(default=0)
    key: Mapped[str] = mapped_column(sa.String(64), index=True)  # stable across versions
    kind: Mapped[str] = mapped_column(sa.String(20))
    label: Mapped[str | None] = mapped_column(sa.String(40))
    heading: Mapped[str | None] = mapped_column(sa.Text)
    text: Mapped[str] = mapped_column(sa.Text, default="")
    path_label: Mapped[str] = mapped_column(sa.String(300), default="")  # "Pasal 5 ayat (2)"
    anchor: Mapped[str] = mapped_column(sa.String(200), default="")  # "pasal-5-ayat-2"
    pasal_key: Mapped[str | None] = mapped_column(sa.String(64))  # enclosing Pasal, for counts

    version = relationship("Version", back_populates="units")


class ConsultationPeriod(db.Model):
    __tablename__ = "consultation_period"
    __table_args__ = (sa.CheckConstraint("closes_at > opens_at", name="closes_after_opens"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regulation_id: Mapped[int] = mapped_column(sa.ForeignKey("regulation.id"), index=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_early_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    regulation = relationship("Regulation", back_populates="periods")
    version = relationship("Version")
    extensions = relationship("PeriodExtension", order_by="PeriodExtension.id")
    # The versions under consultation in this period, and since when (part of the record).
    versions = relationship("ConsultationVersion", order_by="ConsultationVersion.id",
                            back_populates="period")

    @property
    def effective_close(self):
        return self.closed_early_at or self.closes_at

    def state_at(self, now):
        """'upcoming', 'open' or 'closed' — decided by the clock, no scheduler needed."""
        if self.closed_early_at is not None and now >= self.closed_early_at:
            return "closed"
        if now < self.opens_at:
            return "upcoming"
        if now < self.effective_close:
            return "open"
        return "closed"


class ConsultationVersion(db.Model):
    """A version under consultation in a period from `since`: the one it opened on, then each
    version published while it was open or upcoming."""

    __tablename__ = "consultation_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("consultation_period.id"), index=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"))
    since: Mapped[datetime] = mapped_column(UTCDateTime())

    period = relationship("ConsultationPeriod", back_populates="versions")
    version = relationship("Version")


class PeriodExtension(db.Model):
    __tablename__ = "period_extension"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("consultation_period.id"), index=True)
    old_closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    new_closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(sa.Text)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ComparisonCache(db.Model):
    """Comparisons of two published versions never change, so they are computed once."""

    __tablename__ = "comparison_cache"
    __table_args__ = (sa.UniqueConstraint("from_version_id", "to_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    from_version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"))
    to_version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"))
    payload: Mapped[str] = mapped_column(sa.Text)  # JSON
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ImmutableError(RuntimeError):
    """Raised when code tries to change a published version or its units."""


_VERSION_MUTABLE_AFTER_PUBLISH = {"revision", "updated_at"}
_RELATIONSHIPS = {"units", "regulation", "published_by", "created_by"}


@event.listens_for(Session, "before_flush")
def _guard_published(session, flush_context, instances):
    """A published version and its units never change; editing means a new draft version."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Version):
            if not was_published(obj):
                continue
            if obj in session.deleted:
                raise ImmutableError(f"published version {obj.id} cannot be deleted")
            state = sa.inspect(obj)
            for attr in state.attrs:
                if attr.key in _VERSION_MUTABLE_AFTER_PUBLISH or attr.key in _RELATIONSHIPS:
                    continue
                if attr.history.has_changes():
                    raise ImmutableError(f"published version {obj.id}: {attr.key} is frozen")
        elif isinstance(obj, Unit):
            if obj not in session.deleted and not session.is_modified(
                    obj, include_collections=False):
                continue
            moved = sa.inspect(obj).attrs.version_id.history
            for version_id in {obj.version_id, *(moved.deleted or ())}:
                version = session.get(Version, version_id) if version_id else None
                if version is not None and was_published(version):
                    raise ImmutableError(f"unit {obj.id} of a published version is frozen")
    for obj in session.new:
        if isinstance(obj, Unit):
            version = obj.version or (obj.version_id and session.get(Version, obj.version_id))
            if version is not None and was_published(version) and version not in session.new:
                raise ImmutableError("cannot add units to a published version")


def was_published(version):
    """Was this version published before the pending changes (as the database knows it)?"""
    state = sa.inspect(version)
    if state.transient or state.pending:
        return False
    history = state.attrs.state.history
    if history.deleted:
        return history.deleted[0] == VersionState.PUBLISHED
    if not history.has_changes():
        return version.state == VersionState.PUBLISHED
    # The state was changed after the object expired, so the old value is unknown here:
    # ask the database (on the session's connection, without autoflush).
    stored = state.session.connection().execute(
        sa.select(Version.__table__.c.state).where(Version.__table__.c.id == version.id)
    ).scalar()
    return stored == VersionState.PUBLISHED.value
