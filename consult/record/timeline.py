"""A regulation's public timeline, read from the audit log (so every entry carries its place in
the hash chain), plus the scheduled ends of consultation periods, which happen by the clock and
therefore have no event of their own.

Only actions listed in consult/audit_actions.TIMELINE_KINDS are public: drafts being edited,
anything else not listed stay out of the timeline (they remain in the chain).
"""
import json
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from consult import clock
from consult.audit_actions import TIMELINE_KINDS, Action
from consult.extensions import db
from consult.models import AuditEvent, ConsultationPeriod, Endorsement, Input, User
from consult.record.services import status_label

PER_PAGE = 50

KINDS = TIMELINE_KINDS  # kind -> (label, actions)
SCHEDULED_CLOSE = Action.CONSULTATION_SCHEDULED_CLOSE
_KIND_OF = {action: kind for kind, (_label, actions) in KINDS.items() for action in actions}


def _public_filter(column):
    return column.in_([a.value for a in _KIND_OF if a != SCHEDULED_CLOSE])


def _kind_filter(column, kind):
    return column.in_([a.value for a in KINDS[kind][1]])


def kind_of(action):
    return _KIND_OF.get(action, "lain")


@dataclass
class Entry:
    seq: int | None  # None for a scheduled close (no audit event)
    at: datetime
    action: str
    kind: str
    object_type: str
    object_id: str | None
    data: dict
    actor: str | None
    hash: str | None
    title: str = ""
    detail: str = ""
    input_number: int | None = None

    @property
    def anchor(self):
        if self.seq is not None:
            return f"peristiwa-{self.seq}"
        return f"jadwal-tutup-{self.object_id}"


def _query(regulation, kind=None, organisation_id=None, now=None):
    ev = AuditEvent
    events = (sa.select(ev.seq.label("seq"), ev.at.label("at"), ev.action.label("action"),
                        ev.object_type.label("object_type"), ev.object_id.label("object_id"),
                        ev.data.label("data"), ev.actor_id.label("actor_id"),
                        ev.hash.label("hash"))
              .where(ev.regulation_id == regulation.id, _public_filter(ev.action)))
    if kind and kind in KINDS:
        events = events.where(_kind_filter(ev.action, kind))
    if organisation_id:
        input_ids = sa.select(sa.cast(Input.id, sa.String)).where(
            Input.organisation_id == organisation_id, Input.regulation_id == regulation.id)
        endorsement_ids = sa.select(sa.cast(Endorsement.id, sa.String)).where(
            Endorsement.organisation_id == organisation_id)
        events = events.where(sa.or_(
            sa.and_(ev.object_type == "input", ev.object_id.in_(input_ids)),
            sa.and_(ev.object_type == "endorsement", ev.object_id.in_(endorsement_ids))))
    parts = [events]
    if not organisation_id and (not kind or kind == "konsultasi"):
        cp = ConsultationPeriod
        parts.append(
            sa.select(sa.cast(sa.null(), sa.Integer).label("seq"), cp.closes_at.label("at"),
                      sa.literal(SCHEDULED_CLOSE).label("action"),
                      sa.literal("consultation_period").label("object_type"),
                      sa.cast(cp.id, sa.String).label("object_id"),
                      sa.literal("{}").label("data"),
                      sa.cast(sa.null(), sa.Integer).label("actor_id"),
                      sa.cast(sa.null(), sa.String).label("hash"))
            .where(cp.regulation_id == regulation.id, cp.closed_early_at.is_(None),
                   cp.closes_at <= (now or clock.now())))
    return sa.union_all(*parts).subquery() if len(parts) > 1 else events.subquery()


def count(regulation, kind=None, organisation_id=None):
    sub = _query(regulation, kind, organisation_id)
    return db.session.execute(sa.select(sa.func.count()).select_from(sub)).scalar_one()


def entries(regulation, kind=None, organisation_id=None, page=1, per_page=PER_PAGE):
    """One page of the timeline, oldest first, described in Indonesian."""
    sub = _query(regulation, kind, organisation_id)
    # A scheduled close sorts after events of the same second; NULL seq last on both databases.
    rows = db.session.execute(
        sa.select(sub).order_by(sub.c.at, sa.case((sub.c.seq.is_(None), 1), else_=0),
                                sub.c.seq)
        .limit(per_page).offset((max(page, 1) - 1) * per_page)).all()
    return describe(rows)


def all_entries(regulation):
    return describe(db.session.execute(
        sa.select(_query(regulation)).order_by(sa.text("at"))).all())


def position_of(regulation, seq, kind=None, organisation_id=None, per_page=PER_PAGE):
    """The page on which event `seq` appears in the unfiltered timeline (for permalinks)."""
    sub = _query(regulation, kind, organisation_id)
    target = db.session.execute(
        sa.select(AuditEvent.at).where(AuditEvent.seq == seq,
                                       AuditEvent.regulation_id == regulation.id)).scalar()
    if target is None:
        return None
    before = db.session.execute(
        sa.select(sa.func.count()).select_from(sub).where(
            sa.or_(sub.c.at < target,
                   sa.and_(sub.c.at == target, sub.c.seq.is_not(None), sub.c.seq < seq)))
    ).scalar_one()
    return before // per_page + 1


def describe(rows):
    actor_ids = {r.actor_id for r in rows if r.actor_id}
    actors = {}
    if actor_ids:
        actors = dict(db.session.execute(
            sa.select(User.id, User.name).where(User.id.in_(actor_ids))).all())
    result = []
    for row in rows:
        try:
            data = json.loads(row.data or "{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        entry = Entry(seq=row.seq, at=row.at, action=row.action, kind=kind_of(row.action),
                      object_type=row.object_type, object_id=row.object_id, data=data,
                      actor=actors.get(row.actor_id), hash=row.hash)
        entry.title, entry.detail = _text(entry)
        number = data.get("number")
        entry.input_number = number if isinstance(number, int) and entry.kind in (
            "masukan", "ditarik", "moderasi") else None
        result.append(entry)
    return result


def _text(entry):
    """(title, detail) of a timeline entry, in Indonesian."""
    reader = _READERS.get(entry.action)
    return reader(entry.data) if reader else (entry.action, "")


def _number(d):
    return d.get("number", "?")


def _reason(d):
    return _("Alasan: %(r)s", r=d.get("reason", "")) if d.get("reason") else ""


def _by(d):
    org = d.get("organisation")
    return _(" oleh %(org)s", org=org) if org else ""


def _unit(d):
    return d.get("unit") or _("Umum")


def _version_publish(d):
    detail = d.get("changelog") or ""
    if d.get("sha256"):
        detail = (detail + "\n" if detail else "") + "SHA-256: " + d["sha256"]
    return _("Versi %(n)s diterbitkan", n=d.get("number", "?")), detail


def _response_publish(d):
    numbers = d.get("numbers") or []
    listed = ", ".join(str(n) for n in numbers[:30]) + (" …" if len(numbers) > 30 else "")
    return (_("%(count)s tanggapan penyusun diterbitkan", count=d.get("count", len(numbers))),
            _("Masukan No. %(list)s", list=listed) if listed else "")


def _regulation_status(d):
    title = _("Status diubah: %(a)s → %(b)s", a=status_label(d.get("from")),
              b=status_label(d.get("to")))
    detail = _("Alasan: %(r)s", r=d["reason"]) if d.get("reason") else ""
    if d.get("unanswered"):
        detail = (detail + "\n" if detail else "") + _(
            "Ditetapkan dengan %(n)s masukan belum dijawab.", n=d["unanswered"])
    return title, detail


A = Action
_READERS = {
    A.VERSION_PUBLISH: _version_publish,
    A.INPUTS_CARRY_FORWARD: lambda d: (
        _("Masukan terbuka dibawa dari versi %(a)s ke versi %(b)s", a=d.get("from", "?"),
          b=d.get("to", "?")), ""),
    A.CONSULTATION_OPEN: lambda d: (
        _("Konsultasi publik dibuka untuk versi %(n)s", n=d.get("version", "?")),
        _("Dibuka %(a)s, ditutup %(b)s", a=_local(d.get("opens_at")),
          b=_local(d.get("closes_at")))),
    A.CONSULTATION_EXTEND: lambda d: (
        _("Konsultasi diperpanjang sampai %(b)s", b=_local(d.get("new_closes_at"))),
        _("Alasan: %(r)s", r=d.get("reason", ""))),
    A.CONSULTATION_CLOSE: lambda d: (_("Konsultasi ditutup lebih awal"), ""),
    A.CONSULTATION_VERSION: lambda d: (
        _("Konsultasi berlanjut atas versi %(b)s (sebelumnya versi %(a)s)",
          a=d.get("from", "?"), b=d.get("to", "?")),
        _("Sejak %(when)s", when=_local(d.get("since")))),
    A.CONSULTATION_SCHEDULED_CLOSE: lambda d: (_("Konsultasi ditutup sesuai jadwal"), ""),
    A.COMMENT_CREATE: lambda d: (
        _("Komentar No. %(n)s pada %(unit)s%(by)s", n=_number(d), unit=_unit(d), by=_by(d)), ""),
    A.PROPOSAL_CREATE: lambda d: (
        _("Usulan rumusan No. %(n)s pada %(unit)s%(by)s", n=_number(d), unit=_unit(d),
          by=_by(d)), ""),
    A.INPUT_REPLY: lambda d: (
        _("Balasan pada masukan No. %(n)s", n=d.get("root_number") or "?"), ""),
    A.INPUT_EDIT: lambda d: (
        _("Masukan No. %(n)s disunting oleh pengusul", n=_number(d)), ""),
    A.INPUT_WITHDRAW: lambda d: (
        _("Masukan No. %(n)s ditarik oleh pengusul", n=_number(d)), ""),
    A.PROPOSAL_ENDORSE: lambda d: (
        _("Usulan No. %(n)s didukung%(by)s", n=_number(d), by=_by(d)), ""),
    A.RESPONSE_PUBLISH: _response_publish,
    A.RESPONSE_UNREFLECTED_REASON: lambda d: (
        _("Perubahan yang diterima atas masukan No. %(n)s tidak dimuat", n=_number(d)),
        _("Alasan: %(r)s", r=d.get("reason", ""))),
    A.INPUT_HIDE: lambda d: (
        _("Masukan No. %(n)s disembunyikan oleh moderator", n=_number(d)), _reason(d)),
    A.INPUT_RESTORE: lambda d: (
        _("Masukan No. %(n)s ditampilkan kembali oleh moderator", n=_number(d)), _reason(d)),
    A.INPUT_REDACT: lambda d: (
        _("Data pribadi dalam masukan No. %(n)s disamarkan", n=_number(d)), _reason(d)),
    A.REGULATION_CREATE: lambda d: (_("Regulasi didaftarkan"), ""),
    A.REGULATION_UPDATE: lambda d: (_("Informasi regulasi diperbarui"), ""),
    A.REGULATION_PROMULGATE: lambda d: (
        _("Diundangkan dalam Berita Daerah Nomor %(n)s; teks final versi %(v)s",
          n=d.get("berita_number", "?"), v=d.get("final_version", "?")), ""),
    A.REGULATION_STATUS: _regulation_status,
}


def _local(value):
    if not value:
        return "?"
    try:
        return clock.format_local(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)


def kind_choices():
    return [(key, str(label)) for key, (label, _actions) in KINDS.items()]


def event_rows(regulation, seq):
    """The row of one public event of this regulation (a list of 0 or 1)."""
    ev = AuditEvent
    return db.session.execute(
        sa.select(ev.seq, ev.at, ev.action, ev.object_type, ev.object_id, ev.data, ev.actor_id,
                  ev.hash)
        .where(ev.seq == seq, ev.regulation_id == regulation.id, _public_filter(ev.action))
    ).all()
