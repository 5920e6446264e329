"""Routes of the participation area: comments, proposals, replies, endorsements and answers.

    /r/<slug>/masukan                         all inputs of a regulation (filters: GET params)
    /r/<slug>/v/<n>/komentar?unit=<key>       comment form (no unit: "Umum")
    /r/<slug>/v/<n>/usulan?unit=<key>         proposal form with a word-diff preview
    /r/<slug>/masukan/<number>                one input with its thread, history and answer
    /r/<slug>/masukan/<number>/balasan/<id>   the same page, at the address of one reply
    /masukan/<id>                             old address (internal id): redirects to the above
    /masukan/<id>/balas|ubah|tarik|dukung     reply, edit (15 minutes), withdraw, endorse
    /masukan/<id>/tanggapan                   a drafter prepares the answer
    /penyusun/r/<slug>/tanggapan              drafters: prepared answers, published in a batch
"""
import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from consult import permissions
from consult.errors import abort_with
from consult.forms import Form, strip
from consult.extensions import db, limiter
from consult.models import (
    Input, InputStatus, InputType, Regulation, Response, Version, VersionState,
)
from consult.notify.links import input_path
from consult.participation import counts, forms, queries, reflection, services
from consult.participation import units as unit_text
from consult.participation.coverage import unanswered_query
from consult.participation.services import ParticipationError
from consult.participation.window import consultation_state
from consult.paging import page_arg
from consult.throttle import count_only_when
from consult.submission import once

bp = Blueprint("participation", __name__)


@bp.app_context_processor
def participation_helpers():
    """Labels and helpers for the participation partials, which other areas' pages include."""
    return {
        "category_labels": forms.CATEGORY_LABELS,
        "disposition_labels": forms.DISPOSITION_LABELS,
        "channel_labels": forms.CHANNEL_LABELS,
        "input_status_labels": forms.STATUS_LABELS,
        "rebase_labels": forms.REBASE_LABELS,
        "input_type_labels": forms.TYPE_LABELS,
        "input_url": input_path,
        "answer_versions_after": reflection.versions_after,
        "participation_perm": permissions,
        "proposal_diff": _proposal_diff,
        "participation_summary": counts.regulation_counts,
        "count_parts": counts.PARTS,
        "count_part_labels": forms.PART_LABELS,
    }


def _input_limit():
    return current_app.config["INPUT_LIMIT"]


def _input_limit_key():
    return f"input-user:{getattr(current_user, 'id', 'anon')}"


def _created(response):
    """Only inputs actually stored count against the limit (not previews or refused forms)."""
    return response.status_code in (302, 303)


# One bucket per user shared by comments, proposals and replies. Every post is counted before
# the view runs and given back unless stored, so simultaneous posts cannot slip past the limit.
_input_bucket = limiter.shared_limit(_input_limit, scope="participation-input",
                                     key_func=_input_limit_key, methods=["POST"])


def input_limit(view):
    return _input_bucket(count_only_when(_created)(view))


# --- loading --------------------------------------------------------------------------------

def _regulation(slug):
    regulation = db.session.execute(
        sa.select(Regulation).where(Regulation.slug == slug)).scalar_one_or_none()
    if regulation is None:
        abort_with(404, _("Regulasi tidak ditemukan."))
    return regulation


def _published_version(regulation, number):
    version = db.session.execute(
        sa.select(Version).where(Version.regulation_id == regulation.id,
                                 Version.number == number,
                                 Version.state == VersionState.PUBLISHED)
    ).scalar_one_or_none()
    if version is None:
        abort_with(404, _("Versi %(n)s tidak ditemukan atau belum diterbitkan.", n=number))
    return version


def _input(input_id):
    item = db.session.get(Input, input_id)
    if item is None:
        abort_with(404, _("Masukan tidak ditemukan."))
    return item


def _organisation(org_id):
    """One of the organisations the user may speak for (never a raw lookup of any id)."""
    if not org_id:
        return None
    for org in permissions.participating_organisations(current_user):
        if org.id == org_id:
            return org
    raise ParticipationError(_("Anda tidak dapat memberi masukan atas nama organisasi ini."))


def _require(allowed, message=None):
    if not allowed:
        abort_with(403, message or _("Anda tidak memiliki hak untuk tindakan ini."))


def _check_can_give_input(regulation):
    if not permissions.can_participate(current_user):
        abort_with(403, _("Hanya anggota organisasi media yang terverifikasi yang dapat memberi "
                          "masukan."))
    if not permissions.consultation_open(regulation):
        abort_with(403, _("Konsultasi publik atas regulasi ini tidak sedang dibuka. Masukan "
                          "hanya diterima selama masa konsultasi."))


def _unit_for_form(version, key):
    if not key:
        return None, ""
    unit = unit_text.find_unit(version, key)
    if unit is None:
        abort_with(404, _("Unit tidak ditemukan pada versi ini."))
    return unit, unit_text.unit_full_text(version, unit)


OUTSIDE_PASAL = ("judul", "menimbang", "mengingat", "menetapkan", "penutup", "penjelasan",
                 "lampiran")


def _unit_choices(version, unit):
    """The enclosing Pasal and its parts, so a phone user can pick an ayat or huruf; for a
    general comment, the parts outside the Pasal (Judul, Menimbang, Mengingat items ...)."""
    from consult.models import Unit

    if unit is None:
        rows = db.session.execute(
            sa.select(Unit).where(Unit.version_id == version.id, Unit.pasal_key.is_(None),
                                  Unit.kind.in_(OUTSIDE_PASAL))
            .order_by(Unit.position).limit(200)
        ).scalars().all()
        return [("", _("Umum (rancangan secara keseluruhan)"))] + [
            (row.key, unit_text.unit_label(row)) for row in rows]

    pasal_key = unit.pasal_key or unit.key
    rows = db.session.execute(
        sa.select(Unit).where(Unit.version_id == version.id,
                              sa.or_(Unit.pasal_key == pasal_key, Unit.key == unit.key))
        .order_by(Unit.position)
    ).scalars().all()
    return [(row.key, unit_text.unit_label(row)) for row in rows]


def _fill_orgs(field):
    forms.OrganisationChoice.fill(field, permissions.participating_organisations(current_user),
                                  permissions.individuals_allowed())


# --- public lists -------------------------------------------------------------------------------

@bp.get("/r/<slug>/masukan")
def regulation_inputs(slug):
    regulation = _regulation(slug)
    version = unit_text.latest_published_version(regulation)
    if version is None:
        abort_with(404, _("Regulasi ini belum memiliki versi terbit."))
    filters = queries.normalise_filters(request.args)
    page = queries.inputs_page(regulation, filters, page_arg())
    return render_template(
        "participation/regulation_inputs.html", regulation=regulation, version=version,
        page=page, filters=filters, organisations=queries.organisations_with_inputs(regulation),
        counts=counts.regulation_counts(regulation),
        state=consultation_state(regulation),
    )


def _numbered_input(slug, number):
    item = db.session.execute(
        sa.select(Input).join(Regulation, Input.regulation_id == Regulation.id)
        .where(Regulation.slug == slug, Input.number == number, Input.parent_id.is_(None))
    ).scalar_one_or_none()
    if item is None:
        abort_with(404, _("Masukan No. %(n)s tidak ditemukan pada regulasi ini.", n=number))
    return item


@bp.get("/masukan/<int:input_id>")
def input_legacy(input_id):
    """Addresses with internal ids were sent in mails and feeds: each keeps leading to the input
    or reply it always meant, now at its public address."""
    return redirect(input_path(_input(input_id)), code=301)


@bp.get("/r/<slug>/masukan/<int:number>/balasan/<int:reply_id>")
def reply_detail(slug, number, reply_id):
    item = _numbered_input(slug, number)
    reply = db.session.get(Input, reply_id)
    if reply is None or reply.parent_id is None or reply.root.id != item.id:
        abort_with(404, _("Balasan tidak ditemukan pada masukan ini."))
    return _input_page(item, focus=reply)


@bp.get("/r/<slug>/masukan/<int:number>")
def input_detail(slug, number):
    return _input_page(_numbered_input(slug, number))


def _input_page(item, focus=None, reply_form=None, reply_to=None):
    """`reply_form`: a reply sent back with its errors, to the input or reply `reply_to`."""
    if reply_form is None and current_user.is_authenticated:
        reply_form = forms.ReplyForm()  # a visitor gets none: no CSRF token, a cacheable page
        _fill_orgs(reply_form.organisation)
    return render_template(
        "participation/input_show.html", item=item, regulation=item.regulation, focus=focus,
        reply_form=reply_form, reply_to=reply_to, response_form=_response_form(item),
        result_form=_result_form(item), reason_form=_reason_form(item),
        endorse_form=_endorse_form(item), diff=_proposal_diff(item),
        state=consultation_state(item.regulation),
    )


def _proposal_diff(item):
    if not item.is_proposal or item.is_hidden:
        return None
    return unit_text.word_diff(item.base_text or "", item.proposed_text or "")


def _endorse_form(item):
    if not current_user.is_authenticated:
        return None
    orgs = permissions.endorsing_organisations(current_user, item)
    if not orgs:
        return None
    form = forms.EndorseForm()
    form.organisation.choices = [SelectChoice(o.id, o.name) for o in orgs]
    return form


def _response_form(item, formdata=None):
    if not permissions.can_answer(current_user) or item.is_reply:
        return None
    response = item.response
    form = forms.ResponseForm(formdata=formdata) if formdata is not None else forms.ResponseForm(
        disposition=str(response.disposition) if response else None,
        explanation=response.explanation if response else "",
        result_version=response.result_version_id or 0 if response else 0,
        result_unit=response.result_unit_label if response and response.result_version_id
        else "",
    )
    form.result_version.choices = [SelectChoice(0, _("— belum ditentukan —"))] + [
        SelectChoice(v.id, _("Versi %(n)s", n=v.number))
        for v in services.result_version_choices(item.regulation)]
    return form


# --- writing inputs ------------------------------------------------------------------------------

@bp.route("/r/<slug>/v/<int:number>/komentar", methods=["GET", "POST"])
@login_required
@input_limit
@once
def comment_new(slug, number):
    regulation = _regulation(slug)
    version = _published_version(regulation, number)
    _check_can_give_input(regulation)
    unit_key = request.values.get("unit") or None
    unit, text = _unit_for_form(version, unit_key)
    form = forms.CommentForm()
    _fill_orgs(form.organisation)
    if form.validate_on_submit():
        try:
            item = services.create_input(
                current_user, version, type=InputType.COMMENT, unit_key=unit_key,
                organisation=_organisation(form.organisation.data),
                category=form.category.data, body=form.body.data, quote=form.quote.data)
        except ParticipationError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Masukan No. %(n)s tersimpan. Terima kasih.", n=item.number), "success")
            return redirect(input_path(item))
    return render_template("participation/comment_form.html", regulation=regulation,
                           version=version, unit=unit, text=text, form=form,
                           unit_choices=_unit_choices(version, unit),
                           label=unit_text.unit_label(unit))


@bp.route("/r/<slug>/v/<int:number>/usulan", methods=["GET", "POST"])
@login_required
@input_limit
@once
def proposal_new(slug, number):
    regulation = _regulation(slug)
    version = _published_version(regulation, number)
    _check_can_give_input(regulation)
    unit_key = request.values.get("unit") or None
    if not unit_key:
        abort_with(400, _("Pilih Pasal, ayat, atau huruf yang akan diusulkan rumusannya."))
    unit, text = _unit_for_form(version, unit_key)
    form = forms.ProposalForm()
    _fill_orgs(form.organisation)
    if request.method == "GET":
        form.proposed_text.data = text
    diff = None
    if request.method == "POST" and form.preview.data:
        # "Pratinjau": show the word diff against the current text; nothing is stored.
        diff = unit_text.word_diff(text, form.proposed_text.data or "")
    elif form.validate_on_submit():
        try:
            item = services.create_input(
                current_user, version, type=InputType.PROPOSAL, unit_key=unit_key,
                organisation=_organisation(form.organisation.data),
                proposed_text=form.proposed_text.data, justification=form.justification.data)
        except ParticipationError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Usulan rumusan No. %(n)s tersimpan. Terima kasih.", n=item.number),
                  "success")
            return redirect(input_path(item))
    if request.method == "POST" and diff is None and form.proposed_text.data:
        diff = unit_text.word_diff(text, form.proposed_text.data)
    return render_template("participation/proposal_form.html", regulation=regulation,
                           version=version, unit=unit, text=text, form=form, diff=diff,
                           unit_choices=_unit_choices(version, unit),
                           label=unit_text.unit_label(unit))


@bp.post("/r/<slug>/v/<int:number>/usulan/pratinjau")
@login_required
def proposal_preview(slug, number):
    """The diff fragment for the live preview (static/js/participation.js); CSRF-protected."""
    regulation = _regulation(slug)
    version = _published_version(regulation, number)
    _check_can_give_input(regulation)
    unit, text = _unit_for_form(version, request.form.get("unit"))
    if unit is None:
        abort_with(400, _("Pilih unit."))
    proposed = strip(request.form.get("proposed_text") or "")[:forms.TEXT_MAX]
    return render_template("participation/_diff.html", diff=unit_text.word_diff(text, proposed))


@bp.post("/masukan/<int:input_id>/balas")
@login_required
@input_limit
@once
def reply(input_id):
    parent = _input(input_id)
    _require(permissions.can_reply(current_user, parent),
             _("Anda tidak dapat membalas masukan ini (konsultasi ditutup, masukan tidak terbuka, "
               "atau balasan sudah dua tingkat)."))
    form = forms.ReplyForm()
    _fill_orgs(form.organisation)
    if not form.validate_on_submit():  # sent back with the typed text and what is wrong
        return _input_page(parent.root, reply_form=form, reply_to=parent.id), 400
    try:
        reply = services.create_reply(current_user, parent, form.body.data,
                                      organisation=_organisation(form.organisation.data))
    except ParticipationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(input_path(parent))
    db.session.commit()
    flash(_("Balasan tersimpan."), "success")
    return redirect(input_path(reply))


@bp.route("/masukan/<int:input_id>/ubah", methods=["GET", "POST"])
@login_required
def edit(input_id):
    item = _input(input_id)
    _require(permissions.can_edit_input(current_user, item),
             _("Masukan hanya dapat diubah oleh penulisnya dalam 15 menit setelah dikirim."))
    if request.method == "GET":
        form = forms.EditForm(obj=item)
        form.category.data = str(item.category) if item.category else None
    else:
        form = forms.EditForm()
    if form.validate_on_submit():
        try:
            services.edit_input(
                current_user, item, body=form.body.data, quote=form.quote.data,
                category=form.category.data or None,
                proposed_text=form.proposed_text.data if item.is_proposal else None,
                justification=form.justification.data if item.is_proposal else None)
        except ParticipationError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Perubahan tersimpan; versi sebelumnya tetap terlihat di riwayat."),
                  "success")
            return redirect(input_path(item))
    return render_template("participation/input_edit.html", item=item, form=form,
                           regulation=item.regulation,
                           editable_until=services.editable_until(item))


@bp.post("/masukan/<int:input_id>/tarik")
@login_required
def withdraw(input_id):
    item = _input(input_id)
    _require(permissions.can_withdraw_input(current_user, item),
             _("Hanya penulis yang dapat menarik masukan yang masih terbuka dan belum "
               "dijawab."))
    if not Form().validate_on_submit():
        abort_with(400, _("Permintaan tidak valid."))
    services.withdraw_input(current_user, item)
    db.session.commit()
    flash(_("Masukan ditarik. Entri tetap tercatat dengan tanda ditarik."), "success")
    return redirect(input_path(item))


@bp.post("/masukan/<int:input_id>/dukung")
@login_required
def endorse(input_id):
    item = _input(input_id)
    _require(permissions.can_endorse(current_user, item),
             _("Anda tidak dapat mendukung usulan ini."))
    form = _endorse_form(item)
    if form is None or not form.validate_on_submit():
        flash(_("Pilih organisasi yang mendukung."), "error")
        return redirect(input_path(item))
    try:
        services.endorse(current_user, item, _organisation(form.organisation.data))
    except ParticipationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("Dukungan tercatat."), "success")
    return redirect(input_path(item))


# --- answers (drafters) ---------------------------------------------------------------------------

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


def _reason_form(item):
    """For a drafter, when an accepted proposal's change is in no later version yet."""
    response = item.published_response
    if (response is None or not response.disposition.changes_text or not item.is_proposal
            or response.result_version_id or response.unreflected_reason
            or not permissions.can_answer(current_user)
            or not reflection.versions_after(response)):
        return None
    return forms.UnreflectedReasonForm()


def _result_form(item, formdata=None):
    response = item.published_response
    if (response is None or not response.disposition.changes_text
            or not permissions.can_answer(current_user)):
        return None
    form = forms.ResultForm(formdata=formdata) if formdata is not None else forms.ResultForm(
        result_version=response.result_version_id, result_unit=response.result_unit_label)
    form.result_version.choices = [SelectChoice(v.id, _("Versi %(n)s", n=v.number))
                                   for v in services.result_version_choices(item.regulation)]
    return form


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

