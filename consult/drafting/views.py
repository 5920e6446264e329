"""Routes of the drafter workspace (/penyusun): regulations, new drafts, preview and publishing.

Every route is for drafters only (deny by default in `_only_drafters`). Unit-by-unit editing
lives in editor_views.py, consultation and status in consultation_views.py (same blueprint,
defined in the package; the loaders of the area's objects are in loaders.py).
"""
from flask import (
    current_app, flash, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.utils import secure_filename
from wtforms import SelectChoice

from consult import clock, permissions
from consult.actions import act
from consult.drafting import bp, queries, services
from consult.drafting.consultation import consultation_state, format_time_left, periods
from consult.drafting.diffview import comparison
from consult.drafting.editing import outline
from consult.drafting.forms import (
    KIND_LABELS, STATUS_LABELS, FromVersionForm, PasteForm, PublishForm, RegulationForm,
    UploadForm, upload_limit,
)
from consult.drafting.imports import queue_scanned_pdf
from consult.drafting.loaders import load_draft, load_regulation, load_version, public_url
from consult.errors import abort_with
from consult.extensions import db
from consult.models import VersionState
from consult.participation.reflection import check_new_version
from consult.unit_rows import load_document
from consult.paging import page_arg
from consult.submission import once

PER_PAGE = 20


@bp.before_request
def _only_drafters():
    """Deny by default: anonymous → login, anyone who is not a drafter → 403."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not permissions.can_draft(current_user):
        abort_with(403, _("Ruang penyusun hanya untuk penyusun regulasi."))
    return None


@bp.app_context_processor
def drafting_labels():
    return {"regulation_kind_labels": KIND_LABELS, "regulation_status_labels": STATUS_LABELS,
            "format_time_left": format_time_left}


# --- workspace ---------------------------------------------------------------------------------

@bp.get("/")
def index():
    mine = request.args.get("milik") == "saya"
    page = db.paginate(queries.regulations_query(current_user if mine else None),
                       page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("drafting/regulation_list.html", page=page, mine=mine,
                           versions=queries.versions_by_regulation(page.items))


@bp.route("/regulasi/baru", methods=["GET", "POST"])
@once
def regulation_new():
    form = RegulationForm()
    if request.method == "GET":
        form.office.data = form.office.data or current_user.office
    if form.validate_on_submit():
        done = act(lambda: services.create_regulation(
            current_user, form.title.data, form.kind.data, form.office.data,
            slug=form.slug.data or None, summary=form.summary.data),
            _("Regulasi dibuat. Sekarang buat draf versi pertama."),
            lambda regulation: url_for(".draft_new", slug=regulation.slug))
        if done:
            return done
    return render_template("drafting/regulation_form.html", form=form, regulation=None)


@bp.route("/r/<slug>/ubah", methods=["GET", "POST"])
def regulation_edit(slug):
    regulation = load_regulation(slug)
    form = RegulationForm(obj=regulation)
    del form.slug, form.kind
    if form.validate_on_submit():
        done = act(lambda: services.update_regulation(current_user, regulation, form.title.data,
                                                      form.office.data, form.summary.data),
                   _("Data regulasi disimpan."), url_for(".regulation", slug=slug))
        if done:
            return done
    return render_template("drafting/regulation_form.html", form=form, regulation=regulation)


@bp.get("/r/<slug>")
def regulation(slug):
    regulation = load_regulation(slug)
    versions = queries.versions_newest_first(regulation)
    history = queries.status_history(regulation)
    return render_template(
        "drafting/regulation_detail.html", regulation=regulation, versions=versions,
        draft=next((v for v in versions if v.state == VersionState.DRAFT), None),
        consultation=consultation_state(regulation), periods=periods(regulation),
        history=history, public_url=public_url(regulation),
        transitions=services.TRANSITIONS[regulation.status])


# --- new drafts --------------------------------------------------------------------------------

def _draft_forms(regulation):
    published = services.published_versions(regulation)
    from_form = FromVersionForm(prefix="base")
    from_form.based_on.choices = [SelectChoice(v.number, _("Versi %(n)s", n=v.number))
                                  for v in reversed(published)]
    return (PasteForm(prefix="paste"), UploadForm(prefix="upload"), from_form,
            UploadForm(prefix="amend"))


def _render_new(regulation, forms, status=200):
    paste, upload, from_form, amend = forms
    return render_template(
        "drafting/draft_new.html", regulation=regulation, paste_form=paste,
        upload_form=upload, from_form=from_form, amend_form=amend,
        existing=services.open_draft(regulation), limit_mb=_megabytes(upload_limit()),
    ), status


@bp.get("/r/<slug>/draf/baru")
def draft_new(slug):
    regulation = load_regulation(slug)
    return _render_new(regulation, _draft_forms(regulation))


def _created(regulation, version):
    db.session.commit()
    flash(_("Draf versi %(n)s dibuat. Periksa pratinjau sebelum menerbitkan.",
            n=version.number), "success")
    return redirect(url_for(".preview", slug=regulation.slug, number=version.number))


@bp.post("/r/<slug>/draf/tempel")
@once
def draft_paste(slug):
    regulation = load_regulation(slug)
    forms = _draft_forms(regulation)
    paste = forms[0]
    if paste.validate_on_submit():
        try:
            version = services.create_draft_version(current_user, regulation,
                                                    paste.source_text.data)
        except services.DraftingError as exc:
            db.session.rollback()
            paste.source_text.errors.append(exc.message)
        else:
            return _created(regulation, version)
    return _render_new(regulation, forms, 422)


@bp.post("/r/<slug>/draf/unggah")
@once
def draft_upload(slug):
    regulation = load_regulation(slug)
    forms = _draft_forms(regulation)
    upload = forms[1]
    if upload.validate_on_submit():
        data = read_upload(upload)
        if data is not None:
            name = _safe_name(upload.file.data.filename)
            try:
                version = services.create_draft_version(current_user, regulation,
                                                        filename=name, file_bytes=data)
            except services.ScannedPdfError:
                return _queue_scan(regulation, upload, name, data, forms)
            except services.DraftingError as exc:
                db.session.rollback()
                upload.file.errors.append(exc.message)
            else:
                return _created(regulation, version)
    return _render_new(regulation, forms, 422)


def _queue_scan(regulation, upload, name, data, forms):
    try:
        job = queue_scanned_pdf(current_user, regulation, name, data)
    except services.DraftingError as exc:
        db.session.rollback()
        upload.file.errors.append(exc.message)
        return _render_new(regulation, forms, 422)
    db.session.commit()
    flash(_("PDF ini hasil pindaian tanpa teks: dibaca dengan OCR halaman demi halaman. "
            "Kemajuannya tampil di bawah."), "success")
    return redirect(url_for(".import_job", slug=regulation.slug, job_id=job.id))


def read_upload(form):
    """The uploaded file's bytes, or None with an error on the form when it is too large."""
    limit = upload_limit()
    data = form.file.data.stream.read(limit + 1)
    if len(data) > limit:
        form.file.errors.append(_(
            "Berkas terlalu besar (lebih dari %(mb)s MB). Perkecil berkas, misalnya simpan "
            "tanpa gambar, lalu unggah lagi.", mb=_megabytes(limit)))
        return None
    return data


def _megabytes(size):
    value = round(size / (1024 * 1024), 1)
    return int(value) if value == int(value) else value


def _safe_name(filename):
    name = (filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return (secure_filename(name) or "berkas")[:255] if name else "berkas"


@bp.post("/r/<slug>/draf/dari-versi")
@once
def draft_from_version(slug):
    regulation = load_regulation(slug)
    forms = _draft_forms(regulation)
    from_form = forms[2]
    if from_form.validate_on_submit():
        base = load_version(regulation, from_form.based_on.data)
        try:
            version = services.create_draft_version(current_user, regulation, based_on=base)
        except services.DraftingError as exc:
            db.session.rollback()
            from_form.based_on.errors.append(exc.message)
        else:
            db.session.commit()
            flash(_("Draf versi %(n)s dibuat dari versi %(b)s. Ubah pasal demi pasal di bawah.",
                    n=version.number, b=base.number), "success")
            return redirect(url_for(".version", slug=slug, number=version.number))
    return _render_new(regulation, forms, 422)


# --- preview and publishing --------------------------------------------------------------------

def _preview_context(regulation, version):
    doc = load_document(version)
    previous = services.latest_published(regulation)
    if previous is not None and previous.number >= version.number:
        previous = next((v for v in reversed(services.published_versions(regulation))
                         if v.number < version.number), None)
    diff = comparison(previous, version) if previous is not None else None

    errors = [w for w in doc.warnings if w.level == "error"]
    moving = services.period_moving_on_publish(regulation)
    return dict(regulation=regulation, version=version, doc=doc, outline=outline(doc),
                warnings=doc.warnings, errors=errors, previous=previous, diff=diff,
                moving=moving,
                moving_open=moving is not None and moving.state_at(clock.now()) == "open",
                unreflected=check_new_version(previous, version, diff) if diff else [])


@bp.get("/r/<slug>/v/<int:number>/pratinjau")
def preview(slug, number):
    regulation = load_regulation(slug)
    version = load_version(regulation, number)
    form = PublishForm(revision=version.revision)
    return render_template("drafting/version_preview.html", form=form,
                           **_preview_context(regulation, version))


@bp.post("/r/<slug>/v/<int:number>/terbitkan")
def publish(slug, number):
    regulation, version = load_draft(slug, number)
    form = PublishForm()
    if form.validate_on_submit():
        if str(version.revision) != (form.revision.data or ""):
            form.changelog.errors.append(_(
                "Draf ini berubah sejak pratinjau dibuka (revisi %(mine)s, sekarang %(now)s). "
                "Periksa pratinjau terbaru di bawah lalu terbitkan lagi.",
                mine=form.revision.data or "?", now=version.revision))
            form.revision.data = version.revision
        elif not form.acknowledge.data and any(
                w.level != "error" for w in load_document(version).warnings):
            form.acknowledge.errors.append(_(
                "Centang pernyataan ini: peringatan pembacaan sudah diperiksa."))
        else:
            try:
                services.publish_version(current_user, version, form.changelog.data)
            except services.DraftingError as exc:
                db.session.rollback()
                form.changelog.errors.append(exc.message)
            else:
                db.session.commit()
                flash(_("Versi %(n)s diterbitkan.", n=version.number), "success")
                if services.period_moving_on_publish(regulation):
                    flash(_("Konsultasi publik kini berlanjut atas versi %(n)s; peralihan ini "
                            "tercatat dalam catatan konsultasi.", n=version.number), "info")
                return redirect(url_for(".regulation", slug=slug))
    return render_template("drafting/version_preview.html", form=form,
                           **_preview_context(regulation, version)), 422


@bp.post("/r/<slug>/v/<int:number>/buang")
def discard(slug, number):
    regulation, version = load_draft(slug, number)
    services.discard_draft(current_user, version)
    db.session.commit()
    flash(_("Draf versi %(n)s dibuang.", n=number), "success")
    return redirect(url_for(".regulation", slug=regulation.slug))
