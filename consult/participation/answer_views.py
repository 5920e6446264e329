"""Routes where drafters answer inputs: prepare an answer, link where an accepted change
landed (or say why it did not), and publish prepared answers in a batch."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult import permissions
from consult.actions import act
from consult.errors import abort_with
from consult.extensions import db
from consult.loaders import input_or_404, regulation_or_404
from consult.models import Version
from consult.notify.links import input_path
from consult.participation import bp, forms, queries, reflection, services
from consult.participation import unit_text
from consult.participation.services import ParticipationError
from consult.participation.view_helpers import (
    proposal_diff, require, response_form, result_form,
)
from consult.participation.window import consultation_state


@bp.post("/masukan/<int:input_id>/tanggapan")
@login_required
def answer(input_id):
    item = input_or_404(input_id)
    require(permissions.can_answer(current_user), _("Hanya penyusun yang dapat menanggapi."))
    if item.published_response is not None:
        return _link_result(item)
    form = response_form(item, formdata=request.form)
    if form is None:
        abort_with(400, _("Balasan tidak diberi tanggapan tersendiri."))
    if form.validate_on_submit():
        version = db.session.get(Version, form.result_version.data) \
            if form.result_version.data else None

        def save():
            unit_key = None
            if version is not None and form.result_unit.data:
                unit_key = _unit_key_by_label(version, form.result_unit.data)
            services.save_response(current_user, item, form.disposition.data,
                                   form.explanation.data, result_version=version,
                                   result_unit_key=unit_key)

        done = act(save, _("Tanggapan atas No. %(n)s disimpan dan belum terbit. Terbitkan "
                           "bersama tanggapan lain di halaman tanggapan.", n=item.number),
                   input_path(item))
        if done:
            return done
    return render_template(
        "participation/input_show.html", item=item, regulation=item.regulation,
        reply_form=None, response_form=form, endorse_form=None, diff=proposal_diff(item),
        state=consultation_state(item.regulation)), 400


def _link_result(item):
    """A published answer is final, but the drafter may still name where an accepted change
    landed when it was not found automatically."""
    form = result_form(item, formdata=request.form)
    if form is None:
        abort_with(400, _("Tanggapan ini sudah diterbitkan dan tidak dapat diubah."))
    if form.validate_on_submit():
        version = next(v for v in services.result_version_choices(item.regulation)
                       if v.id == form.result_version.data)
        done = act(lambda: services.link_result(
            current_user, item.response, version,
            _unit_key_by_label(version, form.result_unit.data)),
            _("Rumusan hasil ditautkan."), input_path(item))
        if done:
            return done
    for field in form:
        for error in field.errors:
            flash(error, "error")
    return redirect(input_path(item))


@bp.post("/masukan/<int:input_id>/alasan-tidak-dimuat")
@login_required
def unreflected_reason(input_id):
    """Instead of a result link: why the accepted change is not in the later version (public)."""
    item = input_or_404(input_id)
    require(permissions.can_answer(current_user), _("Hanya penyusun yang dapat mencatat alasan."))
    form = forms.UnreflectedReasonForm()
    if item.published_response is None or not form.validate_on_submit():
        abort_with(400, _("Tuliskan alasannya."))
    return act(lambda: reflection.record_reason(current_user, item.published_response,
                                                form.reason.data),
               _("Alasan dicatat dan terlihat publik."), input_path(item)) \
        or redirect(input_path(item))


def _unit_key_by_label(version, label):
    wanted = unit_text.normalise_space(label).lower()
    for key, path in queries.unit_paths(version):
        if unit_text.normalise_space(path).lower() == wanted:
            return key
    raise ParticipationError(_("Unit \"%(label)s\" tidak ada pada versi %(n)s.", label=label,
                               n=version.number))


def _answering(slug, refusal):
    """The regulation whose answers a drafter works on (`refusal` for anyone else)."""
    regulation = regulation_or_404(slug)
    require(permissions.can_answer(current_user), refusal)
    return regulation


@bp.get("/penyusun/r/<slug>/tanggapan")
@login_required
def responses_batch(slug):
    regulation = _answering(slug, _("Hanya penyusun yang dapat membuka halaman ini."))
    prepared = queries.prepared_responses(regulation)
    unanswered = queries.inputs_without_response(regulation)
    rebased = queries.open_rebased_proposals(regulation)
    conflicts = [i for i in rebased if i.is_conflict]
    fuzzy = [i for i in rebased if not i.is_conflict]
    return render_template("participation/responses_batch.html", regulation=regulation,
                           prepared=prepared, unanswered=unanswered, conflicts=conflicts,
                           fuzzy=fuzzy,
                           form=forms.PublishResponsesForm())


def _confirm_publication(regulation, pending, form):
    """Publication cannot be undone: say first how many answers of each kind become public and
    who is told."""
    per_disposition = [(d, sum(1 for r in pending if r.disposition == d))
                       for d in forms.DISPOSITION_LABELS]
    recipients = {}
    for response in pending:
        user = services.answer_recipient(response, current_user)
        if user is not None:
            recipients.setdefault(user.id, (user, response.input.organisation, []))[2].append(
                response.input.number)
    return render_template("participation/responses_confirm.html", regulation=regulation,
                           pending=pending, form=form, recipients=list(recipients.values()),
                           per_disposition=[(d, n) for d, n in per_disposition if n])


@bp.post("/penyusun/r/<slug>/tanggapan")
@login_required
def responses_publish(slug):
    regulation = _answering(slug, _("Hanya penyusun yang dapat menerbitkan tanggapan."))
    form = forms.PublishResponsesForm()
    if not form.validate_on_submit():
        abort_with(400, _("Permintaan tidak valid."))
    ids = [int(v) for v in request.form.getlist("response") if v.isdigit()]
    responses = queries.responses_of(regulation, ids)
    pending = [r for r in responses if not r.published]
    if pending and request.form.get("confirm") != "1":
        return _confirm_publication(regulation, pending, form)
    back = url_for("participation.responses_batch", slug=regulation.slug)
    return act(lambda: services.publish_responses(current_user, regulation, responses),
               lambda published: _("%(n)s tanggapan diterbitkan.", n=len(published)),
               back) or redirect(back)

