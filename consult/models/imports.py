"""Imports that take minutes (a scanned PDF read with OCR): queued by the upload, done by the
background worker, their progress shown to the drafter who queued them."""
from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ._base import StrEnum, UTCDateTime, db, enum_column, sa, utcnow


class ImportState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ImportJob(db.Model):
    __tablename__ = "import_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    regulation_id: Mapped[int] = mapped_column(sa.ForeignKey("regulation.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    filename: Mapped[str] = mapped_column(sa.String(255))
    file_bytes: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    state: Mapped[ImportState] = mapped_column(enum_column(ImportState),
                                               default=ImportState.QUEUED, index=True)
    pages_total: Mapped[int] = mapped_column(default=0)
    pages_done: Mapped[int] = mapped_column(default=0)
    page_confidence: Mapped[str] = mapped_column(sa.Text, default="[]")  # JSON, per page
    message: Mapped[str | None] = mapped_column(sa.Text)
    version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("version.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    regulation = relationship("Regulation")
    created_by = relationship("User")
