"""The end of the road: the enactment of a regulation (Ditetapkan, Diundangkan) and the stored
laporan hasil konsultasi publik files the worker generates from the record."""
from datetime import date, datetime

from sqlalchemy.orm import Mapped, mapped_column, relationship

from ._base import StrEnum, UTCDateTime, db, enum_column, sa, utcnow


class Enactment(db.Model):
    """The official identity of an enacted regulation: its final text and where it was
    promulgated (Berita Daerah) and published (JDIH). One per regulation."""

    __tablename__ = "enactment"
    __table_args__ = (
        sa.CheckConstraint("length(trim(berita_number)) > 0", name="berita_number_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    regulation_id: Mapped[int] = mapped_column(sa.ForeignKey("regulation.id"), unique=True)
    final_version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"))
    signed_on: Mapped[date] = mapped_column(sa.Date)  # tanggal ditetapkan
    promulgated_on: Mapped[date] = mapped_column(sa.Date)  # tanggal diundangkan
    berita_number: Mapped[str] = mapped_column(sa.String(40))  # Berita Daerah nomor
    jdih_url: Mapped[str | None] = mapped_column(sa.String(500))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    regulation = relationship("Regulation")
    final_version = relationship("Version")


class ReportKind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"


class ReportFile(db.Model):
    """A generated laporan (whole regulation, or one consultation period when period_number is
    set), stored with the record key it was made from: a different key means it is due again."""

    __tablename__ = "report_file"
    __table_args__ = (sa.UniqueConstraint("regulation_id", "period_number", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regulation_id: Mapped[int] = mapped_column(sa.ForeignKey("regulation.id"), index=True)
    period_number: Mapped[int] = mapped_column(default=0)  # 0 = the whole regulation
    kind: Mapped[ReportKind] = mapped_column(enum_column(ReportKind))
    record_key: Mapped[str] = mapped_column(sa.String(64))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    chain_seq: Mapped[int] = mapped_column(default=0)
    chain_hash: Mapped[str] = mapped_column(sa.String(64), default="")
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


__all__ = ["Enactment", "ReportKind", "ReportFile"]
