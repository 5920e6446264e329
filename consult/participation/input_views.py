"""Routes where members write inputs: comments, proposals (with the live diff preview),
replies, edits within the window, withdrawals and endorsements."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult import fragments, permissions
from consult.actions import act
from consult.errors import abort_with
from consult.extensions import db
from consult.forms import Form, strip
from consult.loaders import input_or_404, regulation_or_404
from consult.models import InputType
from consult.notify.links import input_path
from consult.participation import bp, forms, services
from consult.participation import unit_text
from consult.participation.view_helpers import (
    input_page,
    check_can_give_input, chosen_organisation, endorse_form, fill_orgs, input_limit,
    form_unit, regulation_and_version, require, unit_choices, unit_for_form,
)
from consult.submission import once


def _open_version(slug, number):
    """The published version an input is written on, when the user may give input now."""
    regulation, version = regulation_and_version(slug, number)
    check_can_give_input(regulation)
    return regulation, version


@bp.route("/r/<slug>/v/<int:number>/komentar", methods=["GET", "POST"])
@login_required
@input_limit
@once
def comment_new(slug, number):
    regulation, version = _open_version(slug, number)
    unit_key = request.values.get("unit") or None
    unit = form_unit(version, unit_key)  # its text only when the form is shown
    if request.method == "GET":
        return _first_form("participation/comment_form.html", forms.CommentForm, regulation,
                           version, unit)
    form = forms.CommentForm()
    fill_orgs(form.organisation)
    if form.validate_on_submit():
        done = act(lambda: services.create_input(
            current_user, version, type=InputType.COMMENT, unit_key=unit_key,
            organisation=chosen_organisation(form.organisation.data),
            category=form.category.data, body=form.body.data, quote=form.quote.data),
            lambda item: _("Masukan No. %(n)s tersimpan. Terima kasih.", n=item.number),
            input_path)
        if done:
            return done
    return _form_page("participation/comment_form.html", regulation, version, unit, form)


@bp.route("/r/<slug>/v/<int:number>/usulan", methods=["GET", "POST"])
@login_required
@input_limit
@once
def proposal_new(slug, number):
    regulation, version = _open_version(slug, number)
    unit_key = request.values.get("unit") or None
    if not unit_key:
        abort_with(400, _("Pilih Pasal, ayat, atau huruf yang akan diusulkan rumusannya."))
    unit, text = unit_for_form(version, unit_key)
    if request.method == "GET":
        # A proposal starts from the current wording.
        return _first_form("participation/proposal_form.html", forms.ProposalForm, regulation,
                           version, unit, initial={"proposed_text": text}, diff=None)
    form = forms.ProposalForm()
    fill_orgs(form.organisation)
    diff = None
    if request.method == "POST" and form.preview.data:
        # "Pratinjau": show the word diff against the current text; nothing is stored.
        diff = unit_text.word_diff(text, form.proposed_text.data or "")
    elif form.validate_on_submit():
        done = act(lambda: services.create_input(
            current_user, version, type=InputType.PROPOSAL, unit_key=unit_key,
            organisation=chosen_organisation(form.organisation.data),
            proposed_text=form.proposed_text.data, justification=form.justification.data),
            lambda item: _("Usulan rumusan No. %(n)s tersimpan. Terima kasih.", n=item.number),
            input_path)
        if done:
            return done
    if diff is None and form.proposed_text.data:  # a sent form that comes back
        diff = unit_text.word_diff(text, form.proposed_text.data)
    return _form_page("participation/proposal_form.html", regulation, version, unit, form,
                      diff=diff)


def _form_page(template, regulation, version, unit, form, **extra):
    """A comment or proposal form on `unit` (None: the draft as a whole) of `version`."""
    text = unit_text.unit_full_text(version, unit) if unit is not None else ""
    return render_template(template, regulation=regulation, version=version, unit=unit,
                           text=text, form=form, unit_choices=unit_choices(version, unit),
                           label=unit_text.unit_label(unit), **extra)


def _first_form(template, form_class, regulation, version, unit, initial=None, **extra):
    """The form as a member first sees it. It is the same page for every member of a kind,
    except its head (the keys and whom the input speaks for: the reader part
    "input_form_head"), so it is rendered once and kept. Its key names all it shows: the
    published version (whose text never changes), the regulation's title and address, and the
    page's own address (the unit chosen, spelt as links spell it); language and kind of reader
    are added by fragments.shared."""
    def render():
        form = form_class(formdata=None, meta={"csrf": False}, **(initial or {}))
        return _form_page(template, regulation, version, unit, form, **extra)

    address = url_for(request.endpoint, slug=regulation.slug, number=version.number,
                      unit=unit.key if unit is not None else None)
    if request.script_root + request.full_path.rstrip("?") != address:
        # An address no link makes (other arguments, another spelling): rendered for this
        # reader, never kept, so nobody can fill the store with copies of a form.
        return render()
    key = ("input-form", template, regulation.id, regulation.slug, regulation.title,
           version.id, version.sha256, address)
    return fragments.shared(key, render, lasting=True)


@bp.post("/r/<slug>/v/<int:number>/usulan/pratinjau")
@login_required
def proposal_preview(slug, number):
    """The diff fragment for the live preview (static/js/participation.js); CSRF-protected."""
    regulation, version = _open_version(slug, number)
    unit, text = unit_for_form(version, request.form.get("unit"))
    if unit is None:
        abort_with(400, _("Pilih unit."))
    proposed = strip(request.form.get("proposed_text") or "")[:forms.TEXT_MAX]
    return render_template("participation/_diff.html", diff=unit_text.word_diff(text, proposed))


@bp.post("/masukan/<int:input_id>/balas")
@login_required
@input_limit
@once
def reply(input_id):
    parent = input_or_404(input_id)
    require(permissions.can_reply(current_user, parent),
            _("Anda tidak dapat membalas masukan ini (konsultasi ditutup, masukan tidak terbuka, "
              "atau balasan sudah dua tingkat)."))
    form = forms.ReplyForm()
    fill_orgs(form.organisation)
    if not form.validate_on_submit():  # sent back with the typed text and what is wrong
        return input_page(parent.root, reply_form=form, reply_to=parent.id), 400
    return act(lambda: services.create_reply(
        current_user, parent, form.body.data,
        organisation=chosen_organisation(form.organisation.data)),
        _("Balasan tersimpan."), input_path) or redirect(input_path(parent))


@bp.route("/masukan/<int:input_id>/ubah", methods=["GET", "POST"])
@login_required
def edit(input_id):
    item = input_or_404(input_id)
    require(permissions.can_edit_input(current_user, item),
            _("Masukan hanya dapat diubah oleh penulisnya dalam 15 menit setelah dikirim."))
    if request.method == "GET":
        form = forms.EditForm(obj=item)
        form.category.data = str(item.category) if item.category else None
    else:
        form = forms.EditForm()
    if form.validate_on_submit():
        done = act(lambda: services.edit_input(
            current_user, item, body=form.body.data, quote=form.quote.data,
            category=form.category.data or None,
            proposed_text=form.proposed_text.data if item.is_proposal else None,
            justification=form.justification.data if item.is_proposal else None),
            _("Perubahan tersimpan; versi sebelumnya tetap terlihat di riwayat."),
            input_path(item))
        if done:
            return done
    return render_template("participation/input_edit.html", item=item, form=form,
                           regulation=item.regulation,
                           editable_until=services.editable_until(item))


@bp.post("/masukan/<int:input_id>/tarik")
@login_required
def withdraw(input_id):
    item = input_or_404(input_id)
    require(permissions.can_withdraw_input(current_user, item),
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
    item = input_or_404(input_id)
    require(permissions.can_endorse(current_user, item),
            _("Anda tidak dapat mendukung usulan ini."))
    form = endorse_form(item)
    if form is None or not form.validate_on_submit():
        flash(_("Pilih organisasi yang mendukung."), "error")
        return redirect(input_path(item))
    return act(lambda: services.endorse(current_user, item,
                                        chosen_organisation(form.organisation.data)),
               _("Dukungan tercatat."), input_path(item)) or redirect(input_path(item))


# --- answers (drafters) ---------------------------------------------------------------------------
