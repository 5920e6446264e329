"""Routes of the import review (same blueprint as views.py): the source lines beside the text
as read, the drafter's corrections line by line, and a draft started from an amending act."""
from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.actions import act
from consult.drafting import bp, review, services
from consult.drafting.editing import outline
from consult.drafting.loaders import load_draft, load_regulation, load_version
from consult.drafting.views import _created, _draft_forms, _render_new, _safe_name, read_upload
from consult.errors import abort_with
from consult.extensions import db
from consult.drafting.imports import page_confidences
from consult.models import ImportJob, Version
from consult.unit_rows import load_document
from drafts.ocr import WEAK_CONFIDENCE


@bp.get("/r/<slug>/v/<int:number>/tinjau")
def import_review(slug, number):
    regulation = load_regulation(slug)
    version = load_version(regulation, number)
    doc = load_document(version)
    errors, warnings = review.split_warnings(doc.warnings)
    return render_template("drafting/import_review.html", regulation=regulation,
                           version=version, rows=review.review_rows(version, doc.warnings),
                           errors=errors, warnings=warnings, blocks=outline(doc),
                           editable=not version.is_published)


@bp.post("/r/<slug>/v/<int:number>/tinjau")
def import_review_line(slug, number):
    regulation, version = load_draft(slug, number)
    line = request.form.get("line", "")
    if not line.isdigit():
        abort_with(400, _("Permintaan tidak valid."))
    back = url_for(".import_review", slug=slug, number=number, _anchor=f"baris-{line}")
    return act(lambda: review.review_line(current_user, version, request.form.get("revision"),
                                          int(line), request.form.get("action", "")),
               _("Baris %(n)s diubah dan teks dibaca ulang.", n=line), back) or redirect(back)


@bp.get("/r/<slug>/impor/<int:job_id>")
def import_job(slug, job_id):
    regulation = load_regulation(slug)
    job = db.get_or_404(ImportJob, job_id)
    if job.regulation_id != regulation.id:
        abort_with(404, _("Impor ini bukan milik regulasi ini."))
    confidences = page_confidences(job)
    weak = [n for n, c in enumerate(confidences, 1) if c < WEAK_CONFIDENCE]
    return render_template("drafting/import_job.html", regulation=regulation, job=job,
                           confidences=confidences, weak=weak, version=job.version_id and
                           db.session.get(Version, job.version_id))


@bp.post("/r/<slug>/draf/perubahan")
def draft_from_amendment(slug):
    regulation = load_regulation(slug)
    forms = _draft_forms(regulation)
    amend = forms[3]
    if amend.validate_on_submit():
        data = read_upload(amend)
        if data is not None:
            try:
                version = review.create_draft_from_amendment(
                    current_user, regulation, _safe_name(amend.file.data.filename), data)
            except services.DraftingError as exc:
                db.session.rollback()
                amend.file.errors.append(exc.message)
            else:
                _created(regulation, version)
                return redirect(url_for(".import_review", slug=slug, number=version.number))
    return _render_new(regulation, forms, 422)
