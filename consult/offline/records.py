"""Recording one offline input: on behalf of a named sender, dated when it was received (inside
the consultation period), with an optional scan or minutes that stays private unless marked public.

The input itself is an ordinary Input (numbered, answered, counted, in the DIM): a comment, or a
proposal stored as online proposals are (unit text, proposed wording, patch); its author is the
drafter who recorded it, so the public page says who recorded it.
"""
from dataclasses import dataclass
from datetime import date, datetime, time

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

import drafts
from consult import audit, clock, permissions, signals
from consult.audit_actions import Action
from consult.drafting.consultation import current_period
from consult.extensions import db
from consult.models import (
    Input, InputCategory, InputChannel, InputStatus, InputType, OfflineInput, Organisation,
    OrgStatus,
)
from consult.participation import unit_text
from consult.participation.services import BODY_MAX, ParticipationError, next_numbers
from consult.unit_rows import pasal_units

OFFLINE_CHANNELS = (InputChannel.OFFLINE, InputChannel.LETTER, InputChannel.HEARING, InputChannel.FOCUS_GROUP)
# Served as themselves only if the bytes agree (see sniff_type); anything else is refused.
ATTACHMENT_TYPES = {"application/pdf": b"%PDF-", "image/png": b"\x89PNG\r\n\x1a\n",
                    "image/jpeg": b"\xff\xd8\xff"}


@dataclass
class Attachment:
    filename: str
    data: bytes
    public: bool = False


def sniff_type(data):
    """The attachment's content type read from its first bytes, or None when not PDF/PNG/JPEG."""
    for content_type, magic in ATTACHMENT_TYPES.items():
        if data.startswith(magic):
            return content_type
    return None


def attachment_limit():
    return min(current_app.config.get("OFFLINE_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024),
               current_app.config["MAX_CONTENT_LENGTH"] or 10 * 1024 * 1024)


def consultation_version(regulation, period):
    """The version under consultation in the period (the latest one it moved to)."""
    return period.versions[-1].version if period.versions else period.version


def period_dates(period):
    """First and last local date of the period."""
    return (clock.to_local(period.opens_at).date(),
            clock.to_local(period.effective_close).date())


def find_pasal(version, value, cache=None):
    """A Pasal of the version from "Pasal 5", "5" or "" (Umum: None). Raises on an unknown one.
    `cache` (a dict kept by a bulk import) saves reading the Pasal list again for every row."""
    value = (value or "").strip()
    if not value or value.lower() == "umum":
        return None
    cache = {} if cache is None else cache
    if ("pasal", version.id) not in cache:
        cache[("pasal", version.id)] = {(unit.path_label or "").strip().lower(): unit
                                        for unit in pasal_units(version)}
    number = value.lower().removeprefix("pasal").strip()
    unit = cache[("pasal", version.id)].get(f"pasal {number}")
    if unit is None:
        raise ParticipationError(_("Pasal %(p)s tidak ada pada versi yang dikonsultasikan.",
                                   p=value))
    return unit


def match_organisation(name, cache=None):
    """A verified organisation whose name is exactly this (ignoring case and spaces), or None."""
    name = " ".join((name or "").split())
    if not name:
        return None
    cache = {} if cache is None else cache
    if ("org", name.lower()) not in cache:
        cache[("org", name.lower())] = _organisation_named(name)
    return cache[("org", name.lower())]


def _organisation_named(name):
    return db.session.execute(
        sa.select(Organisation).where(sa.func.lower(Organisation.name) == name.lower(),
                                      Organisation.status == OrgStatus.VERIFIED)
        .order_by(Organisation.id).limit(1)
    ).scalar_one_or_none()


def _created_at(period, received_on):
    """Noon of the day received (local time), kept inside the period."""
    when = clock.from_local(datetime.combine(received_on, time(12, 0)))
    return min(max(when, period.opens_at), period.effective_close, clock.now())


@dataclass
class OfflineFields:
    """One offline input as the form or a spreadsheet row gives it, before it is checked. For a
    proposal (`type` "usulan") `body` is the proposed wording of the Pasal and `justification`
    the sender's reason, if the letter gives one."""
    sender_name: str
    channel: str
    received_on: date
    body: str
    pasal: str = ""
    organisation_text: str = ""
    type: str = "komentar"
    category: str = ""
    name_public: bool | None = None  # None: organisations by name, individuals as "Warga"
    justification: str = ""


TYPES = {"komentar": InputType.COMMENT, "usulan": InputType.PROPOSAL, "": InputType.COMMENT}
# A proposal's reason is required in the record; a letter that gives none says so publicly.
NO_REASON = "Tidak ada alasan tertulis dalam masukan luring ini."


def check(regulation, fields, period=None, cache=None):
    """Validate fields against the regulation; returns what record() needs or raises."""
    period = period or current_period(regulation)
    if period is None:
        raise ParticipationError(_("Regulasi ini belum memiliki masa konsultasi."))
    sender = " ".join((fields.sender_name or "").split())
    if not sender:
        raise ParticipationError(_("Nama pengirim wajib diisi."))
    if len(sender) > 200:
        raise ParticipationError(_("Nama pengirim terlalu panjang."))
    try:
        channel = InputChannel(fields.channel.strip().lower())
    except ValueError:
        channel = None
    if channel not in OFFLINE_CHANNELS:
        raise ParticipationError(_("Saluran harus salah satu dari: luring, surat, rdp, fgd."))
    first, last = period_dates(period)
    if not first <= fields.received_on <= min(last, clock.to_local(clock.now()).date()):
        raise ParticipationError(_("Tanggal diterima harus di dalam masa konsultasi (%(a)s s.d. "
                                   "%(b)s) dan tidak setelah hari ini.", a=first.isoformat(),
                                   b=last.isoformat()))
    body = (fields.body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ParticipationError(_("Isi masukan wajib diisi."))
    if len(body) > BODY_MAX:
        raise ParticipationError(_("Isi masukan terlalu panjang."))
    kind = (fields.type or "").strip().lower()
    if kind not in TYPES:
        raise ParticipationError(_("Jenis harus komentar atau usulan."))
    category = (fields.category or "").strip().lower() or (
        "usulan" if kind == "usulan" else "keberatan")
    try:
        category = InputCategory(category)
    except ValueError:
        raise ParticipationError(_("Kategori tidak dikenal: %(c)s.", c=fields.category)) from None
    version = consultation_version(regulation, period)
    unit = find_pasal(version, fields.pasal, cache)
    organisation = match_organisation(fields.organisation_text, cache)
    org_text = " ".join((fields.organisation_text or "").split()) or None
    if fields.name_public is None:
        name_public = bool(organisation or org_text)
    else:
        name_public = fields.name_public
    checked = dict(period=period, version=version, unit=unit, channel=channel, sender=sender,
                   type=TYPES[kind], body=body, category=category, organisation=organisation,
                   org_text=None if organisation else org_text, name_public=name_public,
                   received_on=fields.received_on, proposal={})
    if TYPES[kind] == InputType.PROPOSAL:
        checked.update(category=InputCategory.SUGGESTION, body="",
                       proposal=_proposal(version, unit, body, fields.justification))
    return checked


def _proposal(version, unit, wording, justification):
    """The columns of a proposal, stored as online proposals are: the Pasal's text at the
    version under consultation, the proposed wording, and the patch between them."""
    if unit is None:
        raise ParticipationError(_("Usulan rumusan harus untuk Pasal tertentu: isi kolom Pasal."))
    text = unit_text.unit_full_text(version, unit)
    if unit_text.normalise_space(wording) == unit_text.normalise_space(text):
        raise ParticipationError(_("Rumusan usulan sama dengan rumusan saat ini."))
    justification = (justification or "").replace("\r\n", "\n").strip() or NO_REASON
    if len(justification) > BODY_MAX:
        raise ParticipationError(_("Alasan usulan terlalu panjang."))
    return dict(base_text=text, proposed_text=wording, justification=justification,
                patch=drafts.make_proposal(text, wording))


def _attachment_type(attachment):
    if attachment is None:
        return None
    if len(attachment.data) > attachment_limit():
        raise ParticipationError(_("Lampiran terlalu besar."))
    content_type = sniff_type(attachment.data)
    if content_type is None:
        raise ParticipationError(_("Lampiran harus berkas PDF, PNG, atau JPEG."))
    return content_type


def record(actor, regulation, fields, attachment=None):
    """Store one offline input (a comment, or a proposal of new wording for a Pasal)."""
    return record_many(actor, regulation, [(fields, attachment)])[0]


def record_many(actor, regulation, rows, period=None, cache=None):
    """Store offline inputs, (fields, attachment or None) each, numbered in order. Everything
    is checked first; then one flush gives every input its id, so a bulk import of thousands
    of rows costs a few statements per row, and each input still gets its own audit event and
    digest item."""
    if not permissions.can_answer(actor):
        raise ParticipationError(_("Hanya penyusun yang dapat mencatat masukan luring."))
    period, cache = period or current_period(regulation), {} if cache is None else cache
    checked = [(check(regulation, fields, period, cache), attachment)
               for fields, attachment in rows]
    types = [_attachment_type(attachment) for _c, attachment in checked]
    first = next_numbers(regulation.id, len(checked))  # held to the commit
    items = []
    for offset, (c, _attachment) in enumerate(checked):
        label = unit_text.unit_label(c["unit"])
        items.append(Input(
            number=first + offset, type=c["type"], regulation_id=regulation.id,
            version_id=c["version"].id, current_version_id=c["version"].id,
            unit_key=c["unit"].key if c["unit"] else None, unit_label=label,
            current_unit_label=label, category=c["category"], body=c["body"],
            author_id=actor.id,
            organisation_id=c["organisation"].id if c["organisation"] else None,
            channel=c["channel"], status=InputStatus.OPEN,
            created_at=_created_at(c["period"], c["received_on"]), **c["proposal"]))
    db.session.add_all(items)
    db.session.flush()
    for item, (c, attachment), content_type in zip(items, checked, types):
        db.session.add(OfflineInput(
            input_id=item.id, recorded_by_id=actor.id, received_on=c["received_on"],
            sender_name=c["sender"], sender_organisation=c["org_text"],
            name_public=c["name_public"],
            attachment_name=(attachment.filename or "lampiran")[:200] if attachment else None,
            attachment_type=content_type,
            attachment_data=attachment.data if attachment else None,
            attachment_public=bool(attachment and attachment.public)))
        signals.input_created.send(item, actor=actor)
    db.session.flush()
    for item in items:
        audit.record(actor, Action.INPUT_RECORD_OFFLINE, item, object_type="input",
                     regulation=regulation,
                     data={"number": item.number, "unit": item.unit_label,
                           "channel": str(item.channel), "type": str(item.type)})
    return items
