"""State changes of the drafting area: regulations, draft and published versions, status.

Services take the acting user, never read the request, write an audit event for every change and
never commit: the view commits once. Bad input raises DraftingError with an Indonesian message
and changes nothing. Consultation periods live in consult/drafting/consultation.py (re-exported
here), unit-by-unit editing of a draft in consult/drafting/editing.py.
"""
import hashlib
import re
import unicodedata

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

import drafts
from drafts.pdf import NoTextLayerError
from consult import audit, clock, signals
from consult.audit_actions import Action
from consult.drafting.consultation import (  # noqa: F401  (drafting's actions in one place)
    close_consultation, consultation_state, current_period, extend_consultation,
    move_to_version, open_consultation, period_moving_on_publish,
)
from consult.drafting.errors import ConflictError, DraftingError, ScannedPdfError
from consult.extensions import db
from consult.models import (
    Regulation, RegulationKind, RegulationStatus, StatusChange, Version, VersionState,
)
from consult.participation.coverage import unanswered_count
from consult.unit_rows import delete_rows, load_document, store_document


# --- regulations -------------------------------------------------------------------------------

def slugify(text, max_length=80):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text.lower()).strip("-")
    return text[:max_length].strip("-") or "regulasi"


def _unique_slug(base):
    slug, n = base, 2
    while db.session.execute(sa.select(Regulation.id).where(Regulation.slug == slug)).first():
        slug = f"{base}-{n}"
        n += 1
    return slug


def create_regulation(actor, title, kind, office, slug=None, summary=None):
    title = " ".join((title or "").split())
    if not title:
        raise DraftingError(_("Judul regulasi wajib diisi."))
    try:
        kind = RegulationKind(kind)
    except ValueError:
        raise DraftingError(_("Jenis regulasi tidak dikenal.")) from None
    office = " ".join((office or "").split())
    if not office:
        raise DraftingError(_("Perangkat daerah pemrakarsa wajib diisi."))
    if slug:
        slug = slugify(slug)
        if db.session.execute(sa.select(Regulation.id).where(Regulation.slug == slug)).first():
            raise DraftingError(_("Alamat (slug) itu sudah dipakai regulasi lain."))
    else:
        slug = _unique_slug(slugify(title))
    regulation = Regulation(slug=slug, title=title, kind=kind, office=office,
                            summary=(summary or "").strip() or None,
                            status=RegulationStatus.DRAFTING,
                            created_by_id=getattr(actor, "id", None), created_at=clock.now())
    db.session.add(regulation)
    db.session.flush()
    db.session.add(StatusChange(regulation_id=regulation.id, from_status=None,
                                to_status=RegulationStatus.DRAFTING,
                                actor_id=getattr(actor, "id", None), at=clock.now()))
    audit.record(actor, Action.REGULATION_CREATE, regulation, regulation=regulation,
                 data={"slug": slug, "title": title, "kind": str(kind)})
    return regulation


def update_regulation(actor, regulation, title, office, summary=None):
    title = " ".join((title or "").split())
    office = " ".join((office or "").split())
    if not title or not office:
        raise DraftingError(_("Judul dan perangkat daerah pemrakarsa wajib diisi."))
    regulation.title, regulation.office = title, office
    regulation.summary = (summary or "").strip() or None
    audit.record(actor, Action.REGULATION_UPDATE, regulation, regulation=regulation,
                 data={"title": title, "office": office})
    return regulation


# --- versions ------------------------------------------------------------------------------------

def latest_published(regulation):
    return db.session.execute(
        sa.select(Version).where(Version.regulation_id == regulation.id,
                                 Version.state == VersionState.PUBLISHED)
        .order_by(Version.number.desc()).limit(1)
    ).scalar_one_or_none()


def open_draft(regulation):
    """The regulation's draft in progress, if any (there is at most one)."""
    return db.session.execute(
        sa.select(Version).where(Version.regulation_id == regulation.id,
                                 Version.state == VersionState.DRAFT)
        .order_by(Version.number.desc()).limit(1)
    ).scalar_one_or_none()


def published_versions(regulation):
    return db.session.execute(
        sa.select(Version).where(Version.regulation_id == regulation.id,
                                 Version.state == VersionState.PUBLISHED)
        .order_by(Version.number)
    ).scalars().all()


def parse_upload(filename, file_bytes):
    """(Document, source_text) from an uploaded file; DraftingError for anything unreadable.

    The file is read by the engine's one set of rules (drafts.upload_text). The source kept is
    the text as extracted, so that the import review can show the lines the warnings name and
    read them again after the drafter's corrections."""
    try:
        text = drafts.upload_text(file_bytes, filename or "")
    except NoTextLayerError:
        raise ScannedPdfError() from None
    except drafts.DraftsError as exc:
        # The engine's messages are Indonesian; the catalogue holds their English (gettext
        # with the message itself as the id, so one wording lives in the engine only).
        raise DraftingError(_(exc.message)) from None
    return drafts.parse_text(text), text


def _next_number(regulation):
    top = db.session.execute(
        sa.select(sa.func.max(Version.number)).where(Version.regulation_id == regulation.id)
    ).scalar()
    return (top or 0) + 1


def _keyed(doc, regulation):
    previous = latest_published(regulation)
    return drafts.assign_keys(doc, load_document(previous) if previous else None)


def create_draft_version(actor, regulation, source_text=None, filename=None, file_bytes=None,
                         based_on=None):
    """A new draft from pasted text, an uploaded file, or a copy of `based_on` (a version)."""
    if regulation.status in (RegulationStatus.ENACTED, RegulationStatus.CANCELLED):
        raise DraftingError(_("Regulasi ini sudah ditetapkan atau dibatalkan; tidak dapat "
                              "dibuat draf baru."))
    existing = open_draft(regulation)
    if existing is not None:
        raise DraftingError(_("Sudah ada draf versi %(n)s yang belum diterbitkan. Lanjutkan "
                              "atau buang draf itu dulu.", n=existing.number))
    if based_on is not None:
        if based_on.regulation_id != regulation.id:
            raise DraftingError(_("Versi dasar bukan milik regulasi ini."))
        doc = load_document(based_on)
        source_text = based_on.source_text or drafts.render_markdown(doc)
        origin = {"based_on": based_on.number}
    elif file_bytes is not None:
        doc, source_text = parse_upload(filename, file_bytes)
        origin = {"filename": filename, "bytes": len(file_bytes)}
    else:
        source_text = (source_text or "").replace("\r\n", "\n")
        if not source_text.strip():
            raise DraftingError(_("Teks rancangan kosong. Tempel teksnya atau unggah berkas."))
        try:
            doc = drafts.parse_text(source_text)
        except drafts.DraftsError as exc:
            raise DraftingError(exc.message) from None
        origin = {"pasted": len(source_text)}
    if not any(u.kind == "pasal" for u in doc.iter_units()):
        raise DraftingError(_("Tidak ditemukan satu pun Pasal dalam teks ini. Periksa bahwa "
                              "setiap pasal diawali baris \"Pasal 1\", \"Pasal 2\", dan "
                              "seterusnya."))
    if based_on is None:
        doc = _keyed(doc, regulation)
    now = clock.now()
    version = Version(regulation_id=regulation.id, number=_next_number(regulation),
                      state=VersionState.DRAFT, source_text=source_text,
                      source_filename=filename if file_bytes is not None else None,
                      source_file=file_bytes, created_by_id=getattr(actor, "id", None),
                      created_at=now, updated_at=now, revision=1)
    db.session.add(version)
    db.session.flush()
    store_document(version, doc)
    audit.record(actor, Action.VERSION_DRAFT, version, regulation=regulation,
                 data={"number": version.number, **origin})
    return version


def claim_revision(version, revision, submitted_text, stored_text):
    """Refuse a save made from a stale form and take the draft's next revision, with one
    conditional UPDATE: of two saves made from the same revision at the same instant, only one
    matches; the other waits for it (the row lock) and then gets the conflict, with the text
    the winner stored. Call it before writing anything else of the save.

    `stored_text` is a callable that reads the stored text to show on a conflict."""
    if version.is_published:
        raise _published()
    try:
        revision = int(revision)
    except (TypeError, ValueError):
        revision = -1
    claimed = db.session.execute(
        sa.update(Version)
        .where(Version.id == version.id, Version.revision == revision,
               Version.state == VersionState.DRAFT)
        .values(revision=revision + 1, updated_at=clock.now())
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(version)  # this save's revision, or what the other save stored
    if claimed == 1:
        return
    if version.is_published:
        raise _published()
    raise ConflictError(
        _("Draf ini sudah diubah orang lain sejak Anda membukanya (revisi %(mine)s, "
          "sekarang %(now)s). Perubahan Anda belum disimpan; bandingkan di bawah lalu "
          "ulangi.", mine=revision, now=version.revision),
        version, stored_text(), submitted_text)


def _published():
    return DraftingError(_("Versi ini sudah diterbitkan dan tidak dapat diubah. Buat draf "
                           "baru dari versi ini."))


def replace_draft_text(actor, version, revision, source_text):
    """Replace the whole text of a draft (re-parsed; keys of unchanged units are kept)."""
    source_text = (source_text or "").replace("\r\n", "\n")
    claim_revision(version, revision, source_text, lambda: version.source_text)
    if not source_text.strip():
        raise DraftingError(_("Teks rancangan kosong."))
    try:
        doc = drafts.parse_text(source_text)
    except drafts.DraftsError as exc:
        raise DraftingError(exc.message) from None
    if not any(u.kind == "pasal" for u in doc.iter_units()):
        raise DraftingError(_("Tidak ditemukan satu pun Pasal dalam teks ini."))
    doc = drafts.assign_keys(doc, load_document(version))
    store_document(version, doc)
    version.source_text = source_text
    audit.record(actor, Action.VERSION_EDIT, version, regulation=version.regulation,
                 data={"number": version.number, "revision": version.revision, "how": "text"})
    return version


def discard_draft(actor, version):
    if version.is_published:
        raise DraftingError(_("Versi terbit tidak dapat dibuang."))
    regulation = version.regulation
    number = version.number
    delete_rows(version)
    db.session.delete(version)
    audit.record(actor, Action.VERSION_DISCARD, object_type="version", object_id=str(version.id),
                 regulation=regulation, data={"number": number})


def canonical_text(doc):
    return drafts.render_markdown(doc)


def publish_version(actor, version, changelog):
    """Freeze a draft: stable keys against the previous published version, SHA-256 of its
    canonical text, carry open inputs forward, notify followers, audit with the hash."""
    changelog = (changelog or "").strip()
    if version.is_published:
        raise DraftingError(_("Versi ini sudah diterbitkan."))
    if not changelog:
        raise DraftingError(_("Ringkasan perubahan wajib diisi sebelum menerbitkan."))
    regulation = version.regulation
    if regulation.status in (RegulationStatus.ENACTED, RegulationStatus.CANCELLED):
        raise DraftingError(_("Regulasi ini sudah ditetapkan atau dibatalkan."))
    previous = latest_published(regulation)
    if previous is not None and previous.number > version.number:
        raise DraftingError(_("Sudah ada versi terbit yang lebih baru dari draf ini."))
    current = load_document(version)
    errors = sum(w.level == "error" for w in current.warnings)
    if errors:
        raise DraftingError(_("Masih ada %(n)s galat pembacaan. Perbaiki teksnya pada langkah "
                              "tinjauan impor sebelum menerbitkan.", n=errors))
    keyed = drafts.assign_keys(current, load_document(previous) if previous else None)
    if not any(u.kind == "pasal" for u in keyed.iter_units()):
        raise DraftingError(_("Draf tanpa Pasal tidak dapat diterbitkan."))
    text = canonical_text(keyed)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    store_document(version, keyed)  # while still a draft: the rows freeze with the version
    now = clock.now()
    version.state = VersionState.PUBLISHED
    version.sha256 = sha
    version.changelog = changelog
    version.published_by_id = getattr(actor, "id", None)
    version.published_at = now
    version.updated_at = now
    version.revision = (version.revision or 0) + 1
    db.session.flush()
    signals.version_publishing.send(version, previous=previous, actor=actor)
    move_to_version(actor, regulation, version)
    signals.version_published.send(version, actor=actor)
    audit.record(actor, Action.VERSION_PUBLISH, version, regulation=regulation,
                 data={"number": version.number, "sha256": sha,
                       "previous": previous.number if previous else None,
                       "changelog": changelog})
    return version


# --- status ---------------------------------------------------------------------------------------

S = RegulationStatus
TRANSITIONS = {
    S.DRAFTING: (S.CONSULTATION, S.CANCELLED),
    S.CONSULTATION: (S.DELIBERATION, S.DRAFTING, S.CANCELLED),
    S.DELIBERATION: (S.ENACTED, S.CONSULTATION, S.CANCELLED),
    S.ENACTED: (),
    S.CANCELLED: (),
}


def change_status(actor, regulation, to_status, reason=None, number=None, year=None):
    try:
        to_status = RegulationStatus(to_status)
    except ValueError:
        raise DraftingError(_("Status tidak dikenal.")) from None
    from_status = regulation.status
    if to_status not in TRANSITIONS[from_status]:
        raise DraftingError(_("Status tidak dapat diubah dari %(a)s ke %(b)s.",
                              a=status_label(from_status), b=status_label(to_status)))
    reason = (reason or "").strip() or None
    if to_status == S.CANCELLED and not reason:
        raise DraftingError(_("Alasan pembatalan wajib diisi."))
    data = {"from": str(from_status), "to": str(to_status)}
    if to_status == S.ENACTED:
        if latest_published(regulation) is None:
            raise DraftingError(_("Belum ada versi terbit yang dapat ditetapkan."))
        open_inputs = unanswered_count(regulation)
        if open_inputs and not reason:
            raise DraftingError(_("Masih ada %(n)s masukan yang belum dijawab. Jawab dulu, "
                                  "atau tuliskan alasan untuk tetap menetapkan.", n=open_inputs))
        data["unanswered"] = open_inputs
        if number:
            regulation.number = str(number).strip()[:40]
        if year:
            regulation.year = int(year)
    regulation.status = to_status
    db.session.add(StatusChange(regulation_id=regulation.id, from_status=from_status,
                                to_status=to_status, reason=reason,
                                actor_id=getattr(actor, "id", None), at=clock.now()))
    if reason:
        data["reason"] = reason
    audit.record(actor, Action.REGULATION_STATUS, regulation, regulation=regulation, data=data)
    return regulation


STATUS_LABELS = {
    S.DRAFTING: _l("Penyusunan"),
    S.CONSULTATION: _l("Konsultasi publik"),
    S.DELIBERATION: _l("Pembahasan"),
    S.ENACTED: _l("Ditetapkan"),
    S.CANCELLED: _l("Dibatalkan"),
}


def status_label(status):
    return str(STATUS_LABELS[RegulationStatus(status)])
