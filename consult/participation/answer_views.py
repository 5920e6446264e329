"""Routes where drafters answer inputs: prepare an answer, link where an accepted change
landed (or say why it did not), and publish prepared answers in a batch."""
import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult import permissions
from consult.errors import abort_with
from consult.extensions import db
from consult.models import Input, InputStatus, Response, Version
from consult.notify.links import input_path
from consult.participation import bp, forms, reflection, services
from consult.participation import units as unit_text
from consult.participation.coverage import unanswered_query
from consult.participation.services import ParticipationError
from consult.participation.view_helpers import (
    _input, _proposal_diff, _regulation, _require, _response_form, _result_form,
)
from consult.participation.window import consultation_state


@bp.post("/masukan/<int:input_id>/tanggapan")
@login_required
def answer(input_id):
    item = _input(input_id)
    _require(permissions.can_answer(current_user), _("Hanya penyusun yang dapat menanggapi."))
    if item.published_response is not None:
        return _link_result(item)
    form = _response_form(item, formdata=request.form)
    if form is None:
        abort_with(400, _("Balasan tidak diberi tanggapan tersendiri."))
    if form.validate_on_submit():
        version = db.session.get(Version, form.result_version.data) \
            if form.result_version.data else None
        unit_key = None
        try:
            if version is not None and form.result_unit.data:
                unit_key = _unit_key_by_label(version, form.result_unit.data)
            services.save_response(current_user, item, form.disposition.data,
                                   form.explanation.data, result_version=version,
                                   result_unit_key=unit_key)
        except ParticipationError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Tanggapan atas No. %(n)s disimpan dan belum terbit. Terbitkan bersama "
                    "tanggapan lain di halaman tanggapan.", n=item.number), "success")
            return redirect(input_path(item))
    else:
        for field in form:
            for error in field.errors:
                flash(error, "error")
    return render_template(
        "participation/input_show.html", item=item, regulation=item.regulation,
        reply_form=None, response_form=form, endorse_form=None, diff=_proposal_diff(item),
        state=consultation_state(item.regulation)), 400


def _link_result(item):
    """A published answer is final, but the drafter may still name where an accepted change
    landed when it was not found automatically."""
    form = _result_form(item, formdata=request.form)
    if form is None:
        abort_with(400, _("Tanggapan ini sudah diterbitkan dan tidak dapat diubah."))
    if form.validate_on_submit():
        version = next(v for v in services.result_version_choices(item.regulation)
                       if v.id == form.result_version.data)
        try:
            services.link_result(current_user, item.response, version,
                                 _unit_key_by_label(version, form.result_unit.data))
        except ParticipationError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Rumusan hasil ditautkan."), "success")
            return redirect(input_path(item))
    for field in form:
        for error in field.errors:
            flash(error, "error")
    return redirect(input_path(item))


@bp.post("/masukan/<int:input_id>/alasan-tidak-dimuat")
@login_required
def unreflected_reason(input_id):
    """Instead of a result link: why the accepted change is not in the later version (public)."""
    item = _input(input_id)
    _require(permissions.can_answer(current_user), _("Hanya penyusun yang dapat mencatat alasan."))
    form = forms.UnreflectedReasonForm()
    if item.published_response is None or not form.validate_on_submit():
        abort_with(400, _("Tuliskan alasannya."))
    try:
        reflection.record_reason(current_user, item.published_response, form.reason.data)
    except ParticipationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("Alasan dicatat dan terlihat publik."), "success")
    return redirect(input_path(item))



def _unit_key_by_label(version, label):
    from consult.models import Unit

    wanted = unit_text.normalise_space(label).lower()
    rows = db.session.execute(
        sa.select(Unit.key, Unit.path_label).where(Unit.version_id == version.id)).all()
    for key, path in rows:
        if unit_text.normalise_space(path).lower() == wanted:
            return key
    raise ParticipationError(_("Unit \"%(label)s\" tidak ada pada versi %(n)s.", label=label,
                               n=version.number))



@bp.get("/penyusun/r/<slug>/tanggapan")
@login_required
def responses_batch(slug):
    regulation = _regulation(slug)
    _require(permissions.can_answer(current_user), _("Hanya penyusun yang dapat membuka halaman "
                                                     "ini."))
    prepared = db.session.execute(
        sa.select(Response).join(Input, Response.input_id == Input.id)
        .where(Input.regulation_id == regulation.id, Response.published.is_(False))
        .order_by(Input.number)
    ).scalars().all()
    unanswered = db.session.execute(
        unanswered_query(regulation).where(~Input.id.in_(sa.select(Response.input_id)))
        .order_by(Input.number).limit(200)
    ).scalars().all()
    rebased = db.session.execute(
        sa.select(Input).where(Input.regulation_id == regulation.id,
                               Input.rebase_status.in_(("conflict", "fuzz")),
                               Input.status == InputStatus.OPEN).order_by(Input.number)
    ).scalars().all()
    conflicts = [i for i in rebased if i.is_conflict]
    fuzzy = [i for i in rebased if not i.is_conflict]
    return render_template("participation/responses_batch.html", regulation=regulation,
                           prepared=prepared, unanswered=unanswered, conflicts=conflicts,
                           fuzzy=fuzzy,
                           form=forms.PublishResponsesForm())


def _confirm_publication(regulation, pending, form):
    """Publication cannot be undone: say first how many answers of each kind become public and
    who is told."""
    from consult.notify.services import answer_recipient

    per_disposition = [(d, sum(1 for r in pending if r.disposition == d))
                       for d in forms.DISPOSITION_LABELS]
    recipients = {}
    for response in pending:
        user = answer_recipient(response, current_user)
        if user is not None:
            recipients.setdefault(user.id, (user, response.input.organisation, []))[2].append(
                response.input.number)
    return render_template("participation/responses_confirm.html", regulation=regulation,
                           pending=pending, form=form, recipients=list(recipients.values()),
                           per_disposition=[(d, n) for d, n in per_disposition if n])


@bp.post("/penyusun/r/<slug>/tanggapan")
@login_required
def responses_publish(slug):
    regulation = _regulation(slug)
    _require(permissions.can_answer(current_user), _("Hanya penyusun yang dapat menerbitkan "
                                                     "tanggapan."))
    form = forms.PublishResponsesForm()
    if not form.validate_on_submit():
        abort_with(400, _("Permintaan tidak valid."))
    ids = [int(v) for v in request.form.getlist("response") if v.isdigit()]
    responses = db.session.execute(
        sa.select(Response).join(Input, Response.input_id == Input.id)
        .where(Response.id.in_(ids), Input.regulation_id == regulation.id)
        .order_by(Input.number)
    ).scalars().all() if ids else []
    pending = [r for r in responses if not r.published]
    if pending and request.form.get("confirm") != "1":
        return _confirm_publication(regulation, pending, form)
    try:
        published = services.publish_responses(current_user, regulation, responses)
    except ParticipationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("%(n)s tanggapan diterbitkan.", n=len(published)), "success")
    return redirect(url_for("participation.responses_batch", slug=regulation.slug))

