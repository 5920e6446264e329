"""State changes of participation: inputs, replies, edits, withdrawal, endorsements, answers.

Services take the acting user, never read the request, write an audit event for every change and
leave the commit to the caller. Bad input raises ParticipationError with an Indonesian message and
changes nothing.
"""
import functools

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from consult import audit, clock, permissions, signals
from consult.audit_actions import Action
from consult.errors import TimbangError
from consult.extensions import db
from consult.permissions import edit_refusal
from consult.models import (
    MAX_REPLY_DEPTH, UMUM_LABEL, Disposition, Endorsement, Input, InputCategory, InputChannel,
    InputCounter, InputRevision, InputStatus, InputType, Response, Version,
)
from consult.participation import unit_text
from consult.participation.window import (
    can_still_edit, consultation_is_open, editable_until,
)
import drafts

BODY_MAX = 20000
QUOTE_MAX = 2000


class ParticipationError(TimbangError):
    """A refused participation action; the message is shown to the person."""


def _clean(text):
    return (text or "").replace("\r\n", "\n").strip()


def _check_organisation(actor, organisation):
    """The organisation must be one the actor may speak for; none only for individuals."""
    if organisation is None:
        if permissions.individuals_allowed() and permissions.can_participate(actor):
            return None
        raise ParticipationError(_("Pilih organisasi yang Anda wakili."))
    allowed = {org.id for org in permissions.participating_organisations(actor)}
    if organisation.id not in allowed:
        raise ParticipationError(
            _("Anda tidak dapat memberi masukan atas nama organisasi ini."))
    return organisation


def next_numbers(regulation_id, count=1):
    """The first of `count` new input numbers of the regulation. One statement moves the
    regulation's counter on (making it the first time); its row lock is held to the commit, so
    concurrent inputs on one regulation take their numbers one after the other while other
    regulations go on. The counter never falls behind the highest number stored."""
    statement = _counter_upsert(db.session.get_bind().dialect.name)
    last = db.session.execute(statement, {"regulation_id": regulation_id,
                                          "count": count}).scalar_one()
    return last - count + 1


@functools.cache
def _counter_upsert(dialect):
    """next_numbers' statement, built once per dialect (building and keying it anew cost
    0.37 ms of every input's CPU)."""
    table = InputCounter.__table__
    regulation_id = sa.bindparam("regulation_id", type_=sa.Integer)
    count = sa.bindparam("count", type_=sa.Integer)
    highest = (sa.select(sa.func.coalesce(sa.func.max(Input.number), 0))
               .where(Input.regulation_id == regulation_id).scalar_subquery())
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(table).values(regulation_id=regulation_id, last=highest + count)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.regulation_id],
        set_={"last": sa.case((table.c.last >= highest, table.c.last), else_=highest) + count})
    return statement.returning(table.c.last)


def create_input(actor, version, *, type=InputType.COMMENT, unit_key=None, organisation=None,
                 category=None, body="", quote=None, proposed_text=None, justification=None,
                 channel=InputChannel.ONLINE, created_at=None, enforce_window=True):
    """A new comment or proposal on a unit (or on the draft as a whole when unit_key is None)."""
    type = InputType(type)
    regulation = version.regulation
    if not permissions.can_participate(actor):
        raise ParticipationError(
            _("Hanya anggota organisasi terverifikasi yang dapat memberi masukan."))
    if enforce_window and not consultation_is_open(regulation):
        raise ParticipationError(_("Konsultasi publik tidak sedang dibuka."))
    if not version.is_published:
        raise ParticipationError(_("Masukan hanya dapat diberikan pada versi yang terbit."))
    organisation = _check_organisation(actor, organisation)

    unit = None
    text = ""
    if unit_key:
        unit = unit_text.find_unit(version, unit_key)
        if unit is None:
            raise ParticipationError(_("Unit yang dipilih tidak ada pada versi ini."))
    body = _clean(body)
    quote = _clean(quote) or None
    if unit is not None and (quote or type == InputType.PROPOSAL):  # what needs its text
        text = unit_text.unit_full_text(version, unit)
    if len(body) > BODY_MAX:
        raise ParticipationError(_("Isi masukan terlalu panjang (paling banyak %(n)s karakter).",
                                   n=BODY_MAX))
    if quote:
        if unit is None:
            raise ParticipationError(_("Kutipan hanya dapat diberikan untuk unit tertentu."))
        if len(quote) > QUOTE_MAX or not unit_text.quote_occurs(quote, text):
            raise ParticipationError(_("Kutipan tidak ditemukan dalam teks %(label)s.",
                                       label=unit_text.unit_label(unit)))

    fields = {}
    if type == InputType.PROPOSAL:
        if unit is None:
            raise ParticipationError(_("Usulan rumusan harus untuk unit tertentu (Pasal, ayat, "
                                       "huruf, dan sebagainya)."))
        proposed_text = _clean(proposed_text)
        justification = _clean(justification)
        if not proposed_text:
            raise ParticipationError(_("Tuliskan rumusan yang Anda usulkan."))
        if unit_text.normalise_space(proposed_text) == unit_text.normalise_space(text):
            raise ParticipationError(_("Rumusan usulan sama dengan rumusan saat ini."))
        if not justification:
            raise ParticipationError(_("Alasan usulan wajib diisi."))

        fields = dict(base_text=text, proposed_text=proposed_text, justification=justification,
                      patch=drafts.make_proposal(text, proposed_text))
        category = InputCategory.SUGGESTION
    else:
        if not body:
            raise ParticipationError(_("Isi masukan wajib diisi."))
        try:
            category = InputCategory(category)
        except ValueError:
            raise ParticipationError(_("Pilih kategori masukan.")) from None

    label = unit_text.unit_label(unit)
    when = created_at or clock.now()
    item = Input(
        number=next_numbers(regulation.id), type=type, regulation_id=regulation.id,
        version_id=version.id, current_version_id=version.id,
        unit_key=unit.key if unit else None, unit_label=label, current_unit_label=label,
        quote=quote, category=category, body=body, author_id=actor.id,
        organisation_id=organisation.id if organisation else None,
        channel=InputChannel(channel), status=InputStatus.OPEN, created_at=when, **fields,
    )
    db.session.add(item)
    db.session.flush()
    audit.record(actor, Action(f"{type}.create"), item, object_type="input", regulation=regulation,
                 data={"number": item.number, "unit": label,
                       "organisation": organisation.name if organisation else None})
    signals.input_created.send(item, actor=actor)
    return item


def create_reply(actor, parent, body, organisation=None, created_at=None):
    """A reply under an input, at most two levels deep. Drafters may reply at any time."""
    body = _clean(body)
    if not body:
        raise ParticipationError(_("Isi balasan wajib diisi."))
    if len(body) > BODY_MAX:
        raise ParticipationError(_("Balasan terlalu panjang."))
    if parent.depth >= MAX_REPLY_DEPTH:
        raise ParticipationError(_("Balasan hanya dapat bertingkat dua."))
    if parent.status != InputStatus.OPEN:
        raise ParticipationError(_("Masukan ini tidak dapat dibalas."))
    if not permissions.can_draft(actor):
        if not permissions.can_participate(actor):
            raise ParticipationError(_("Anda tidak dapat membalas masukan."))
        if not consultation_is_open(parent.regulation):
            raise ParticipationError(_("Konsultasi publik tidak sedang dibuka."))
        organisation = _check_organisation(actor, organisation)
    elif organisation is not None:
        organisation = _check_organisation(actor, organisation)
    root = parent.root
    reply = Input(
        number=None, type=InputType.COMMENT, regulation_id=parent.regulation_id,
        version_id=root.current_version_id, current_version_id=root.current_version_id,
        unit_key=root.unit_key, unit_label=root.current_unit_label,
        current_unit_label=root.current_unit_label, body=body, parent_id=parent.id,
        depth=parent.depth + 1, author_id=actor.id,
        organisation_id=organisation.id if organisation else None,
        created_at=created_at or clock.now(),
    )
    db.session.add(reply)
    db.session.flush()
    audit.record(actor, Action.INPUT_REPLY, reply, object_type="input",
                 regulation=parent.regulation_id,
                 data={"parent": parent.id, "root_number": root.number})
    signals.reply_created.send(reply, actor=actor)
    return reply


def edit_input(actor, item, *, body=None, quote=None, category=None, proposed_text=None,
               justification=None):
    """The author changes their input within the edit window; the old content is kept."""
    refusal = edit_refusal(actor, item)
    if refusal is not None:
        raise ParticipationError(refusal)

    version = item.version
    unit = unit_text.find_unit(version, item.unit_key) if item.unit_key else None
    text = unit_text.unit_full_text(version, unit) if unit else ""
    new_body = _clean(body) if body is not None else item.body
    new_quote = (_clean(quote) or None) if quote is not None else item.quote
    if new_quote and (unit is None or not unit_text.quote_occurs(new_quote, text)):
        raise ParticipationError(_("Kutipan tidak ditemukan dalam teks %(label)s.",
                                   label=item.unit_label))
    if len(new_body) > BODY_MAX:
        raise ParticipationError(_("Isi masukan terlalu panjang."))
    changes = {"body": new_body, "quote": new_quote}
    if item.is_proposal:
        new_proposed = _clean(proposed_text) if proposed_text is not None else item.proposed_text
        new_justification = (_clean(justification) if justification is not None
                             else item.justification)
        if not new_proposed:
            raise ParticipationError(_("Tuliskan rumusan yang Anda usulkan."))
        if not new_justification:
            raise ParticipationError(_("Alasan usulan wajib diisi."))
        changes.update(proposed_text=new_proposed, justification=new_justification)
    else:
        if not new_body:
            raise ParticipationError(_("Isi masukan wajib diisi."))
        if not item.is_reply and category is not None:
            try:
                changes["category"] = InputCategory(category)
            except ValueError:
                raise ParticipationError(_("Pilih kategori masukan.")) from None
    if all(getattr(item, k) == v for k, v in changes.items()):
        return item  # nothing changed, nothing recorded

    now = clock.now()
    db.session.add(InputRevision(
        input_id=item.id, body=item.body, quote=item.quote, category=item.category,
        proposed_text=item.proposed_text, justification=item.justification,
        written_at=item.edited_at or item.created_at, replaced_at=now, editor_id=actor.id,
    ))
    for key, value in changes.items():
        setattr(item, key, value)
    if item.is_proposal:
        item.patch = drafts.make_proposal(item.base_text or "", item.proposed_text)
        item.rebase_status = None
        item.rebased_text = None
    item.edited_at = now
    audit.record(actor, Action.INPUT_EDIT, item, object_type="input",
                 regulation=item.regulation_id,
                 data={"number": item.number, "fields": sorted(changes)})
    return item


def withdraw_input(actor, item):
    """The entry stays on the record, marked withdrawn."""
    if item.author_id != actor.id:
        raise ParticipationError(_("Hanya penulis yang dapat menarik masukan ini."))
    if item.status != InputStatus.OPEN:
        raise ParticipationError(_("Masukan ini sudah ditarik atau disembunyikan."))
    if item.published_response is not None:  # the answer is part of the record
        raise ParticipationError(_("Masukan yang sudah dijawab tidak dapat ditarik."))
    item.status = InputStatus.WITHDRAWN
    item.withdrawn_at = clock.now()
    audit.record(actor, Action.INPUT_WITHDRAW, item, object_type="input",
                 regulation=item.regulation_id, data={"number": item.number})
    return item


def endorse(actor, item, organisation):
    """An organisation other than the proposer's supports a proposal."""
    if not item.is_proposal or item.status != InputStatus.OPEN:
        raise ParticipationError(_("Hanya usulan rumusan yang masih terbuka dapat didukung."))
    if organisation is None:
        raise ParticipationError(_("Pilih organisasi yang mendukung."))
    _check_organisation(actor, organisation)
    if organisation.id == item.organisation_id:
        raise ParticipationError(_("Organisasi pengusul tidak perlu mendukung usulannya sendiri."))
    if not consultation_is_open(item.regulation):
        raise ParticipationError(_("Konsultasi publik tidak sedang dibuka."))
    exists = db.session.execute(
        sa.select(Endorsement.id).where(Endorsement.input_id == item.id,
                                        Endorsement.organisation_id == organisation.id)
    ).first()
    if exists:
        raise ParticipationError(_("%(org)s sudah mendukung usulan ini.", org=organisation.name))
    endorsement = Endorsement(input_id=item.id, organisation_id=organisation.id,
                              user_id=actor.id, created_at=clock.now())
    db.session.add(endorsement)
    db.session.flush()
    audit.record(actor, Action.PROPOSAL_ENDORSE, endorsement, regulation=item.regulation_id,
                 data={"number": item.number, "organisation": organisation.name})
    return endorsement


# --- answers (tanggapan) -----------------------------------------------------------------------

def save_response(actor, item, disposition, explanation, *, result_version=None,
                  result_unit_key=None):
    """Prepare (or revise, while still private) the drafters' answer to an input."""
    if not permissions.can_answer(actor):
        raise ParticipationError(_("Hanya penyusun yang dapat menanggapi masukan."))
    if item.is_reply:
        raise ParticipationError(_("Balasan tidak diberi tanggapan tersendiri."))
    try:
        disposition = Disposition(disposition)
    except ValueError:
        raise ParticipationError(_("Pilih status tanggapan.")) from None
    explanation = _clean(explanation) or None
    if disposition != Disposition.ACCEPTED and not explanation:
        raise ParticipationError(_("Penjelasan wajib diisi kecuali untuk status diterima."))
    response = item.response
    if response is not None and response.published:
        raise ParticipationError(_("Tanggapan ini sudah diterbitkan dan tidak dapat diubah."))
    now = clock.now()
    if response is None:
        response = Response(input_id=item.id, created_at=now, prepared_by_id=actor.id,
                            disposition=disposition)
        db.session.add(response)
        item.response = response
    response.disposition = disposition
    response.explanation = explanation
    response.prepared_by_id = actor.id
    response.updated_at = now
    if result_version is not None and disposition.changes_text:
        _set_result(response, item, result_version, result_unit_key, automatic=False)
    elif not disposition.changes_text:
        response.result_version_id = None
        response.result_unit_key = response.result_unit_label = None
    db.session.flush()
    audit.record(actor, Action.RESPONSE_PREPARE, response, regulation=item.regulation_id,
                 data={"number": item.number, "disposition": str(disposition)})
    return response


def _set_result(response, item, version, unit_key, automatic):
    if version.regulation_id != item.regulation_id or not version.is_published:
        raise ParticipationError(_("Pilih versi terbit dari regulasi ini."))
    unit = unit_text.find_unit(version, unit_key) if unit_key else None
    if unit_key and unit is None:
        raise ParticipationError(_("Unit yang dipilih tidak ada pada versi itu."))
    response.result_version_id = version.id
    response.result_version = version
    response.result_unit_key = unit.key if unit else None
    response.result_unit_label = unit_text.unit_label(unit)
    response.result_linked_automatically = automatic


def link_result(actor, response, version, unit_key):
    """The drafter names the version and unit that carry an accepted change."""
    if not permissions.can_answer(actor):
        raise ParticipationError(_("Hanya penyusun yang dapat menautkan hasil."))
    if not response.disposition.changes_text:
        raise ParticipationError(_("Hanya tanggapan diterima atau diterima sebagian yang "
                                   "ditautkan ke rumusan hasil."))
    _set_result(response, response.input, version, unit_key, automatic=False)
    audit.record(actor, Action.RESPONSE_LINK_RESULT, response,
                 regulation=response.input.regulation_id,
                 data={"number": response.input.number, "version": version.number,
                       "unit": response.result_unit_label})
    return response


def answer_recipient(response, actor):
    """Who is told when this answer is published (the input's author), or None."""
    author = response.input.author
    if author is None or author.id == getattr(actor, "id", None) or not author.is_active:
        return None
    return author


def publish_responses(actor, regulation, responses):
    """Publish prepared answers together; each author is notified."""
    if not permissions.can_answer(actor):
        raise ParticipationError(_("Hanya penyusun yang dapat menerbitkan tanggapan."))
    pending = [r for r in responses if not r.published]
    if not pending:
        raise ParticipationError(_("Tidak ada tanggapan yang siap diterbitkan."))
    now = clock.now()
    for response in pending:
        if response.input.regulation_id != regulation.id:
            raise ParticipationError(_("Tanggapan bukan milik regulasi ini."))
        response.published = True
        response.published_at = now
        response.published_by_id = actor.id
    db.session.flush()
    audit.record(actor, Action.RESPONSE_PUBLISH, regulation=regulation, object_type="regulation",
                 object_id=str(regulation.id),
                 data={"numbers": sorted(r.input.number for r in pending),
                       "count": len(pending)})
    signals.answers_published.send(regulation, responses=pending, actor=actor)
    return pending


def result_version_choices(regulation):
    return db.session.execute(
        sa.select(Version).where(Version.regulation_id == regulation.id,
                                 Version.state == "published").order_by(Version.number)
    ).scalars().all()


__all__ = [
    "ParticipationError", "create_input", "create_reply", "edit_input", "withdraw_input",
    "endorse", "save_response", "link_result", "publish_responses", "editable_until",
    "can_still_edit", "UMUM_LABEL",
]
