"""Drafters' pages for inputs received offline, groups of near-identical inputs and the answers
workbook; the attachment of an offline input; the public page of a group.

    /penyusun/r/<slug>/masukan-luring          record one offline input, or upload a table
    /penyusun/r/<slug>/masukan-luring/unggah   preview of an upload, then confirm (all or nothing)
    /penyusun/r/<slug>/kelompok                groups: take out, merge, answer a group at once
    /penyusun/r/<slug>/lembar-kerja.xlsx       the answers workbook; POST: preview, then confirm
    /penyusun/r/<slug>/triase                  inputs by filter, the longest waiting first
    /r/<slug>/masukan/<number>/lampiran        the scan or minutes (drafters; public if marked)
    /r/<slug>/kelompok/<number>                the public list of a group's inputs
"""
import base64
import binascii

import sqlalchemy as sa
from flask import Blueprint, Response as HTTPResponse, flash, redirect, render_template, request
from flask import url_for
from flask_babel import format_date, gettext as _
from flask_login import current_user, login_required

from consult import permissions
from consult.errors import abort_with
from consult.extensions import db
from consult.loaders import regulation_or_404
from consult.models import Input, InputStatus, OfflineInput
from consult.notify.links import input_path
from consult.paging import page_arg
from consult.offline import bulk, forms, records, triage
from consult.participation import counts
from consult.participation import groups as grouping
from consult.participation import workbook
from consult.submission import once
from consult.participation.services import ParticipationError

bp = Blueprint("offline", __name__)


@bp.app_context_processor
def offline_helpers():
    def input_group(item):
        """The group of a root input when it has other members, else None."""
        if item.parent_id is not None or item.is_hidden:
            return None
        group = grouping.group_of(item.regulation, item.number)
        return group if group is not None and len(group.inputs) > 1 else None

    return {"input_group": input_group, "answer_delays": counts.answer_delays,
            "received_day": lambda day: format_date(day, "d MMMM yyyy")}


def _drafter_regulation(slug):
    regulation = regulation_or_404(slug)
    if not permissions.can_answer(current_user):
        abort_with(403, _("Hanya penyusun yang dapat membuka halaman ini."))
    return regulation


@bp.route("/penyusun/r/<slug>/masukan-luring", methods=["GET", "POST"])
@login_required
@once
def record(slug):
    regulation = _drafter_regulation(slug)
    form = forms.OfflineInputForm()
    if form.validate_on_submit():
        upload = form.attachment.data
        attachment = None
        if upload and upload.filename:
            attachment = records.Attachment(upload.filename, upload.read(),
                                            form.attachment_public.data)
        fields = records.OfflineFields(
            sender_name=form.sender_name.data, channel=form.channel.data,
            received_on=form.received_on.data, body=form.body.data, pasal=form.pasal.data,
            organisation_text=form.organisation.data, type=form.type.data,
            category="" if form.type.data == "usulan" else form.category.data,
            justification=form.justification.data or "",
            name_public={"auto": None, "yes": True, "no": False}[form.name_public.data])
        try:
            item = records.record(current_user, regulation, fields, attachment)
        except ParticipationError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Masukan No. %(n)s dicatat.", n=item.number), "success")
            return redirect(input_path(item))
    return render_template("offline/record_form.html", regulation=regulation, form=form,
                           upload=forms.UploadForm(), columns=bulk.REQUIRED + bulk.OPTIONAL)


@bp.post("/penyusun/r/<slug>/masukan-luring/unggah")
@login_required
@once
def upload(slug):
    regulation = _drafter_regulation(slug)
    confirm = forms.ConfirmUploadForm()
    if request.form.get("confirm") == "1" and confirm.validate_on_submit():
        try:
            filename, data = confirm.filename.data, base64.b64decode(confirm.data.data)
        except (binascii.Error, ValueError):
            abort_with(400, _("Permintaan tidak valid."))
    else:
        form = forms.UploadForm()
        if not form.validate_on_submit():
            abort_with(400, _("Pilih berkas CSV atau .xlsx."))
        filename, data = form.file.data.filename or "", form.file.data.read()
    try:
        result = bulk.preview(regulation, filename, data)
        if request.form.get("confirm") == "1" and result.ok:
            items = bulk.import_rows(current_user, regulation, result)
            db.session.commit()
            flash(_("%(n)s masukan disimpan: No. %(a)s\u2013%(b)s.", n=len(items),
                    a=items[0].number, b=items[-1].number), "success")
            return redirect(url_for("offline.record", slug=slug))
    except (bulk.BulkError, ParticipationError) as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("offline.record", slug=slug))
    confirm.filename.data = filename
    confirm.data.data = base64.b64encode(data).decode()
    return render_template("offline/upload_preview.html", regulation=regulation, result=result,
                           form=confirm)


@bp.get("/r/<slug>/masukan/<int:number>/lampiran")
def attachment(slug, number):
    regulation = regulation_or_404(slug)
    row = db.session.execute(
        sa.select(OfflineInput).join(Input, Input.id == OfflineInput.input_id)
        .where(Input.regulation_id == regulation.id, Input.number == number)
        .options(sa.orm.undefer(OfflineInput.attachment_data))).scalar_one_or_none()
    if row is None or row.attachment_data is None:
        abort_with(404, _("Lampiran tidak ditemukan."))
    public = row.attachment_public and row.input.status != InputStatus.HIDDEN
    if not (public or permissions.can_answer(current_user)):
        abort_with(404, _("Lampiran tidak ditemukan."))  # private: not even said to exist
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
    response = HTTPResponse(row.attachment_data, mimetype=row.attachment_type)
    response.headers["Content-Disposition"] = (
        f'inline; filename="lampiran-{number}.{extension[row.attachment_type]}"')
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


def _numbers(text):
    return {int(part) for part in (text or "").replace(";", ",").split(",")
            if part.strip().isdigit()}


@bp.get("/penyusun/r/<slug>/kelompok")
@login_required
def groups_page(slug):
    regulation = _drafter_regulation(slug)
    found = [g for g in grouping.regulation_groups(regulation) if len(g.inputs) > 1]
    wanted = {n for g in found for n in g.inputs}
    items = {item.number: item for item in db.session.execute(
        sa.select(Input).where(Input.regulation_id == regulation.id,
                               Input.number.in_(wanted), Input.parent_id.is_(None))
    ).scalars()} if wanted else {}
    return render_template("offline/groups.html", regulation=regulation, groups=found,
                           items=items, change=forms.GroupChangeForm(),
                           answer=forms.GroupAnswerForm())


@bp.post("/penyusun/r/<slug>/kelompok/<action>")
@login_required
def group_change(slug, action):
    regulation = _drafter_regulation(slug)
    form = forms.GroupAnswerForm() if action == "tanggapi" else forms.GroupChangeForm()
    if action not in ("pisah", "gabung", "tanggapi") or not form.validate_on_submit():
        abort_with(400, _("Permintaan tidak valid."))
    number = int(form.number.data) if form.number.data.isdigit() else 0
    try:
        if action == "pisah":
            grouping.separate(current_user, regulation, number)
            flash(_("Masukan No. %(n)s dikeluarkan dari kelompoknya.", n=number), "success")
        elif action == "gabung":
            (other,) = _numbers(form.other.data) or {0}
            grouping.join(current_user, regulation, number, other)
            flash(_("Kelompok digabungkan."), "success")
        else:
            answered, kept = grouping.answer_group(
                current_user, regulation, number, form.disposition.data,
                form.explanation.data, _numbers(form.exceptions.data))
            flash(_("Tanggapan disiapkan untuk %(n)s masukan; %(k)s masukan perlu tanggapan "
                    "sendiri: %(list)s.", n=len(answered), k=len(kept),
                    list=", ".join(map(str, kept)) or "-"), "success")
    except (ParticipationError, ValueError) as exc:
        db.session.rollback()
        flash(getattr(exc, "message", _("Permintaan tidak valid.")), "error")
    else:
        db.session.commit()
    return redirect(url_for("offline.groups_page", slug=slug))


@bp.get("/r/<slug>/kelompok/<int:number>")
def public_group(slug, number):
    regulation = regulation_or_404(slug)
    group = grouping.group_of(regulation, number)
    if group is None or len(group.inputs) < 2:
        abort_with(404, _("Kelompok tidak ditemukan."))
    items = db.session.execute(
        sa.select(Input).where(Input.regulation_id == regulation.id,
                               Input.number.in_(group.inputs), Input.parent_id.is_(None))
        .order_by(Input.number)).scalars().all()
    return render_template("offline/group_public.html", regulation=regulation, group=group,
                           items=items)


@bp.route("/penyusun/r/<slug>/lembar-kerja.xlsx", methods=["GET", "POST"])
@login_required
def answers_workbook(slug):
    regulation = _drafter_regulation(slug)
    if request.method == "GET":
        response = HTTPResponse(workbook.export(regulation), mimetype=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response.headers["Content-Disposition"] = (
            f'attachment; filename="tanggapan-{regulation.slug}.xlsx"')
        return response
    confirm = forms.ConfirmUploadForm()
    try:
        if request.form.get("confirm") == "1" and confirm.validate_on_submit():
            data = base64.b64decode(confirm.data.data)
        else:
            form = forms.UploadForm()
            if not form.validate_on_submit():
                abort_with(400, _("Pilih berkas .xlsx."))
            data = form.file.data.read()
        result = workbook.read(regulation, data)
        if request.form.get("confirm") == "1":
            workbook.apply(current_user, regulation, result)
            db.session.commit()
            flash(_("%(n)s tanggapan disiapkan (belum terbit).", n=len(result.prepared)),
                  "success")
            return redirect(url_for("participation.responses_batch", slug=slug))
    except (ParticipationError, binascii.Error, ValueError) as exc:
        db.session.rollback()
        flash(getattr(exc, "message", _("Berkas tidak dapat dibaca.")), "error")
        return redirect(url_for("participation.responses_batch", slug=slug))
    confirm.data.data = base64.b64encode(data).decode()
    return render_template("offline/workbook_preview.html", regulation=regulation,
                           result=result, form=confirm, names=workbook.DISPOSITION_NAMES)


@bp.get("/penyusun/r/<slug>/triase")
@login_required
def triage_list(slug):
    regulation = _drafter_regulation(slug)
    filters = triage.Filters.from_args(request.args)
    rows, facets = triage.triage_page(regulation, filters, page_arg())
    return render_template("offline/triage.html", regulation=regulation, rows=rows,
                           facets=facets, filters=filters, unanswered=triage.NONE)
