"""A regulation's public timeline, read from the audit log (so every entry carries its place in
the hash chain), plus the scheduled ends of consultation periods, which happen by the clock and
therefore have no event of their own.

Only actions on the allow-list below are public: drafts being edited, answers being prepared and
anything else not listed stay out of the timeline (they remain in the chain).
"""
import json
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consult import clock
from consult.extensions import db
from consult.models import AuditEvent, ConsultationPeriod, Endorsement, Input, User
from consult.record.services import status_label

PER_PAGE = 50

# kind -> (label, actions). Moderation actions are matched by suffix (".hide", ".restore",
# ".redact": personal data removed from an input's text, with the reason).
KINDS = {
    "versi": (_l("Versi terbit"), ("version.publish", "inputs.carry_forward")),
    "konsultasi": (_l("Konsultasi"), ("consultation.open", "consultation.extend",
                                      "consultation.close", "consultation.scheduled_close",
                                      "consultation.version")),
    "masukan": (_l("Masukan"), ("comment.create", "proposal.create", "input.reply",
                                "input.edit", "proposal.endorse")),
    "tanggapan": (_l("Tanggapan"), ("response.publish", "response.unreflected_reason")),
    "ditarik": (_l("Ditarik"), ("input.withdraw",)),
    "moderasi": (_l("Moderasi"), ()),
    "status": (_l("Status dan informasi"), ("regulation.create", "regulation.update",
                                            "regulation.status", "regulation.promulgate")),
}
MODERATION_SUFFIXES = (".hide", ".restore", ".redact")
SCHEDULED_CLOSE = "consultation.scheduled_close"


def _public_filter(column):
    listed = [a for _, actions in KINDS.values() for a in actions if a != SCHEDULED_CLOSE]
    return sa.or_(column.in_(listed), *[column.like(f"%{s}") for s in MODERATION_SUFFIXES])


def _kind_filter(column, kind):
    if kind == "moderasi":
        return sa.or_(*[column.like(f"%{s}") for s in MODERATION_SUFFIXES])
    return column.in_(KINDS[kind][1])


def kind_of(action):
    if action.endswith(MODERATION_SUFFIXES):
        return "moderasi"
    for kind, (_label, actions) in KINDS.items():
        if action in actions:
            return kind
    return "lain"


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
    d, a = entry.data, entry.action
    unit = d.get("unit") or _("Umum")
    org = d.get("organisation")
    by = _(" oleh %(org)s", org=org) if org else ""
    if a == "version.publish":
        title = _("Versi %(n)s diterbitkan", n=d.get("number", "?"))
        detail = d.get("changelog") or ""
        if d.get("sha256"):
            detail = (detail + "\n" if detail else "") + "SHA-256: " + d["sha256"]
        return title, detail
    if a == "inputs.carry_forward":
        return (_("Masukan terbuka dibawa dari versi %(a)s ke versi %(b)s",
                  a=d.get("from", "?"), b=d.get("to", "?")), "")
    if a == "consultation.open":
        return (_("Konsultasi publik dibuka untuk versi %(n)s", n=d.get("version", "?")),
                _("Dibuka %(a)s, ditutup %(b)s", a=_local(d.get("opens_at")),
                  b=_local(d.get("closes_at"))))
    if a == "consultation.extend":
        return (_("Konsultasi diperpanjang sampai %(b)s", b=_local(d.get("new_closes_at"))),
                _("Alasan: %(r)s", r=d.get("reason", "")))
    if a == "consultation.close":
        return _("Konsultasi ditutup lebih awal"), ""
    if a == "consultation.version":
        return (_("Konsultasi berlanjut atas versi %(b)s (sebelumnya versi %(a)s)",
                  a=d.get("from", "?"), b=d.get("to", "?")),
                _("Sejak %(when)s", when=_local(d.get("since"))))
    if a == SCHEDULED_CLOSE:
        return _("Konsultasi ditutup sesuai jadwal"), ""
    if a == "comment.create":
        return _("Komentar No. %(n)s pada %(unit)s%(by)s", n=d.get("number", "?"), unit=unit,
                 by=by), ""
    if a == "proposal.create":
        return _("Usulan rumusan No. %(n)s pada %(unit)s%(by)s", n=d.get("number", "?"),
                 unit=unit, by=by), ""
    if a == "input.reply":
        return _("Balasan pada masukan No. %(n)s", n=d.get("root_number") or "?"), ""
    if a == "input.edit":
        return _("Masukan No. %(n)s disunting oleh pengusul", n=d.get("number", "?")), ""
    if a == "input.withdraw":
        return _("Masukan No. %(n)s ditarik oleh pengusul", n=d.get("number", "?")), ""
    if a == "proposal.endorse":
        return _("Usulan No. %(n)s didukung%(by)s", n=d.get("number", "?"), by=by), ""
    if a == "response.publish":
        numbers = d.get("numbers") or []
        listed = ", ".join(str(n) for n in numbers[:30]) + (" …" if len(numbers) > 30 else "")
        return (_("%(count)s tanggapan penyusun diterbitkan", count=d.get("count", len(numbers))),
                _("Masukan No. %(list)s", list=listed) if listed else "")
    if a == "response.unreflected_reason":
        return (_("Perubahan yang diterima atas masukan No. %(n)s tidak dimuat",
                  n=d.get("number", "?")), _("Alasan: %(r)s", r=d.get("reason", "")))
    if a.endswith(".hide"):
        return (_("Masukan No. %(n)s disembunyikan oleh moderator", n=d.get("number", "?")),
                _("Alasan: %(r)s", r=d.get("reason", "")) if d.get("reason") else "")
    if a.endswith(".restore"):
        return (_("Masukan No. %(n)s ditampilkan kembali oleh moderator", n=d.get("number", "?")),
                _("Alasan: %(r)s", r=d.get("reason", "")) if d.get("reason") else "")
    if a.endswith(".redact"):
        return (_("Data pribadi dalam masukan No. %(n)s disamarkan", n=d.get("number", "?")),
                _("Alasan: %(r)s", r=d.get("reason", "")) if d.get("reason") else "")
    if a == "regulation.create":
        return _("Regulasi didaftarkan"), ""
    if a == "regulation.update":
        return _("Informasi regulasi diperbarui"), ""
    if a == "regulation.promulgate":
        return (_("Diundangkan dalam Berita Daerah Nomor %(n)s; teks final versi %(v)s",
                  n=d.get("berita_number", "?"), v=d.get("final_version", "?")), "")
    if a == "regulation.status":
        title = _("Status diubah: %(a)s → %(b)s", a=status_label(d.get("from")),
                  b=status_label(d.get("to")))
        detail = ""
        if d.get("reason"):
            detail = _("Alasan: %(r)s", r=d["reason"])
        if d.get("unanswered"):
            detail = (detail + "\n" if detail else "") + _(
                "Ditetapkan dengan %(n)s masukan belum dijawab.", n=d["unanswered"])
        return title, detail
    return a, ""


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
