"""Consultation periods: opening, extending (with a public reason) and closing early.

Whether a period is open is decided by comparing clock.now() with its times, so closing takes
effect to the second without any scheduler.
"""
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consult import audit, clock, signals
from consult.audit_actions import Action
from consult.drafting.errors import DraftingError
from consult.extensions import db
from consult.models import (
    ConsultationPeriod, ConsultationVersion, PeriodExtension, RegulationStatus, StatusChange,
    VersionState,
)

# The opening form has minutes only and people take a moment to type: a start within this much
# before now means "now" (and is recorded as the actual time of opening).
OPEN_NOW_GRACE = timedelta(minutes=5)


def _notify(period, actor, change):
    signals.consultation_changed.send(period, actor=actor, change=change)


def periods(regulation):
    """The regulation's consultation periods by opening time: as loaded with the regulation
    when they were (the participation forms load them in the same query), else read."""
    if "periods" not in sa.inspect(regulation).unloaded:
        return sorted(regulation.periods, key=lambda p: (p.opens_at, p.id))
    return db.session.execute(
        sa.select(ConsultationPeriod).where(ConsultationPeriod.regulation_id == regulation.id)
        .order_by(ConsultationPeriod.opens_at, ConsultationPeriod.id)
    ).scalars().all()


def current_period(regulation, now=None):
    """The open period, else the next upcoming one, else the last one to close; or None."""
    now = now or clock.now()
    all_periods = periods(regulation)
    for state in ("open", "upcoming"):
        for period in all_periods:
            if period.state_at(now) == state:
                return period
    closed = [p for p in all_periods if p.state_at(now) == "closed"]
    return max(closed, key=lambda p: p.effective_close) if closed else None


# The one place that names a consultation state, on the drafter's pages and the public ones.
STATE_LABELS = {
    "none": _l("Belum ada masa konsultasi"),
    "upcoming": _l("Akan dibuka"),
    "open": _l("Dibuka"),
    "closed": _l("Ditutup"),
}


def state_label(state):
    """The state's name in the language of the current request."""
    return str(STATE_LABELS[state])


@dataclass
class ConsultationState:
    state: str  # "none", "upcoming", "open", "closed"
    period: ConsultationPeriod | None = None
    time_left: timedelta | None = None  # until opening (upcoming) or closing (open)

    @property
    def is_open(self):
        return self.state == "open"

    @property
    def label(self):
        return state_label(self.state)

    @property
    def extended(self):
        return bool(self.period is not None and self.period.extensions)


def consultation_state(regulation, now=None):
    now = now or clock.now()
    period = current_period(regulation, now)
    if period is None:
        return ConsultationState("none")
    state = period.state_at(now)
    left = None
    if state == "upcoming":
        left = period.opens_at - now
    elif state == "open":
        left = period.effective_close - now
    return ConsultationState(state, period, left)


def format_time_left(delta):
    """'12 hari 3 jam', '5 jam 20 menit', '45 menit', 'kurang dari 1 menit'."""
    if delta is None:
        return ""
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return _("%(d)s hari %(h)s jam", d=days, h=hours) if hours else _("%(d)s hari", d=days)
    if hours:
        return _("%(h)s jam %(m)s menit", h=hours, m=minutes)
    if minutes:
        return _("%(m)s menit", m=minutes)
    return _("kurang dari 1 menit")


def open_consultation(actor, regulation, version, opens_at, closes_at):
    """Open a consultation on a published version between two aware datetimes."""
    if version is None or version.regulation_id != regulation.id:
        raise DraftingError(_("Pilih versi regulasi ini yang akan dikonsultasikan."))
    if version.state != VersionState.PUBLISHED:
        raise DraftingError(_("Konsultasi hanya dapat dibuka untuk versi yang sudah diterbitkan."))
    if regulation.status in (RegulationStatus.ENACTED, RegulationStatus.CANCELLED):
        raise DraftingError(_("Regulasi ini sudah ditetapkan atau dibatalkan."))
    if opens_at is None or closes_at is None:
        raise DraftingError(_("Waktu dibuka dan ditutup wajib diisi."))
    if closes_at <= opens_at:
        raise DraftingError(_("Waktu ditutup harus sesudah waktu dibuka."))
    now = clock.now()
    if opens_at < now - OPEN_NOW_GRACE:
        raise DraftingError(_("Waktu dibuka tidak boleh sebelum sekarang (%(now)s): masa konsultasi "
                       "tercatat sejak benar-benar dibuka. Isi waktu sekarang atau yang akan "
                       "datang.", now=clock.format_local(now)))
    opens_at = max(opens_at, now)  # opened now: recorded to the second
    if closes_at <= now:
        raise DraftingError(_("Waktu ditutup sudah lewat."))
    for other in periods(regulation):
        if other.state_at(now) != "closed" and opens_at < other.effective_close \
                and other.opens_at < closes_at:
            raise DraftingError(_("Masih ada masa konsultasi lain yang belum ditutup pada rentang "
                           "waktu itu. Tutup atau perpanjang masa konsultasi itu."))
    period = ConsultationPeriod(regulation=regulation, version_id=version.id,
                                opens_at=opens_at, closes_at=closes_at,
                                created_by_id=getattr(actor, "id", None), created_at=now)
    db.session.add(period)
    period.versions.append(ConsultationVersion(version_id=version.id, since=opens_at))
    if regulation.status in (RegulationStatus.DRAFTING, RegulationStatus.DELIBERATION):
        db.session.add(StatusChange(regulation_id=regulation.id, from_status=regulation.status,
                                    to_status=RegulationStatus.CONSULTATION,
                                    reason=None, actor_id=getattr(actor, "id", None), at=now))
        regulation.status = RegulationStatus.CONSULTATION
    db.session.flush()
    audit.record(actor, Action.CONSULTATION_OPEN, period, regulation=regulation,
                 data={"version": version.number, "opens_at": clock.iso(opens_at),
                       "closes_at": clock.iso(closes_at)})
    _notify(period, actor, "opened")
    return period


def extend_consultation(actor, period, new_closes_at, reason):
    reason = (reason or "").strip()
    if not reason:
        raise DraftingError(_("Alasan perpanjangan wajib diisi; alasan ini ditampilkan kepada publik."))
    if period.closed_early_at is not None:
        raise DraftingError(_("Masa konsultasi ini sudah ditutup lebih awal dan tidak dapat "
                       "diperpanjang. Buka masa konsultasi baru."))
    if period.state_at(clock.now()) == "closed":
        raise DraftingError(_("Masa konsultasi ini sudah berakhir dan tidak dapat diperpanjang: "
                       "catatannya akan menyatakan konsultasi terbuka saat sebenarnya "
                       "tertutup. Buka masa konsultasi baru."))
    if new_closes_at is None or new_closes_at <= period.closes_at:
        raise DraftingError(_("Waktu ditutup yang baru harus sesudah %(when)s.",
                       when=clock.format_local(period.closes_at)))
    if new_closes_at <= clock.now():
        raise DraftingError(_("Waktu ditutup yang baru sudah lewat."))
    old = period.closes_at
    db.session.add(PeriodExtension(period_id=period.id, old_closes_at=old,
                                   new_closes_at=new_closes_at, reason=reason,
                                   actor_id=getattr(actor, "id", None), at=clock.now()))
    period.closes_at = new_closes_at
    db.session.flush()
    db.session.expire(period, ["extensions"])
    audit.record(actor, Action.CONSULTATION_EXTEND, period, regulation=period.regulation,
                 data={"old_closes_at": clock.iso(old), "new_closes_at": clock.iso(new_closes_at),
                       "reason": reason})
    _notify(period, actor, "extended")
    return period


def period_moving_on_publish(regulation, now=None):
    """The open or upcoming period that a newly published version would take over, or None."""
    state = consultation_state(regulation, now)
    return state.period if state.state in ("open", "upcoming") else None


def move_to_version(actor, regulation, version):
    """Called when `version` is published: an open or upcoming consultation continues on it
    (new inputs go to the newest version). Recorded in the period and in the audit log."""
    now = clock.now()
    period = period_moving_on_publish(regulation, now)
    if period is None:
        return None
    previous = period.versions[-1].version if period.versions else period.version
    since = max(now, period.opens_at)
    period.versions.append(ConsultationVersion(version_id=version.id, since=since))
    db.session.flush()
    audit.record(actor, Action.CONSULTATION_VERSION, period, regulation=regulation,
                 data={"from": previous.number, "to": version.number,
                       "since": clock.iso(since)})
    return period


def close_consultation(actor, period):
    """Close now (early). A period that has not opened yet is cancelled the same way."""
    now = clock.now()
    if period.state_at(now) == "closed":
        raise DraftingError(_("Masa konsultasi ini sudah ditutup."))
    period.closed_early_at = now
    db.session.flush()
    audit.record(actor, Action.CONSULTATION_CLOSE, period, regulation=period.regulation,
                 data={"closed_at": clock.iso(now), "scheduled": clock.iso(period.closes_at)})
    _notify(period, actor, "closed")
    return period
