"""Routes that edit a draft: the whole text, one unit, add / delete / move a Pasal.

Every form carries the draft's revision; a save based on a stale revision is refused with the
difference between what was submitted and what is stored now (nothing is overwritten).
"""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from consult import permissions
from consult.actions import act
from consult.drafting import bp, editing, services
from consult.drafting.diffview import word_diff
from consult.drafting.forms import (
    AddPasalForm, FromVersionForm, MoveForm, RevisionForm, TextEditForm, UnitEditForm,
)
from consult.drafting.loaders import (
    load_draft, load_regulation, load_version, public_url,
)
from consult.extensions import db
from consult.unit_rows import load_document
from drafts import label_path


def _conflict(exc):
    return {"message": exc.message,
            "spans": word_diff(exc.stored_text or "", exc.submitted_text or ""),
            "stored": exc.stored_text, "submitted": exc.submitted_text}


def _save(version, form, field, change):
    """Run one edit of a draft and commit it: (True, None). A stale revision: (False, the
    conflict to show), the form taking the stored revision so that a second save can be a
    deliberate one. Any other refusal: (False, None) with its message under `field`."""
    try:
        change()
    except services.ConflictError as exc:
        db.session.rollback()
        form.revision.data = version.revision
        return False, _conflict(exc)
    except services.DraftingError as exc:
        db.session.rollback()
        field.errors.append(exc.message)
        return False, None
    db.session.commit()
    return True, None


def _status(conflict):
    return 409 if conflict else (422 if request.method == "POST" else 200)


def _pasal_choices(doc, exclude=None):
    choices = [SelectChoice("", _("(paling awal, sebelum Pasal pertama)"))]
    for unit in doc.pasals():
        if unit.key != exclude:
            choices.append(SelectChoice(unit.key, _("Pasal %(n)s", n=unit.label)))
    return choices


@bp.get("/r/<slug>/v/<int:number>")
def version(slug, number):
    regulation = load_regulation(slug)
    version = load_version(regulation, number)
    doc = load_document(version)
    editable = permissions.can_edit_draft(current_user, version)
    blocks = editing.outline(doc)
    _add_moves(blocks)
    base_form = FromVersionForm(prefix="base", based_on=version.number)
    base_form.based_on.choices = [SelectChoice(version.number,
                                               _("Versi %(n)s", n=version.number))]
    return render_template(
        "drafting/version_edit.html", regulation=regulation, version=version,
        blocks=blocks, editable=editable, action_form=RevisionForm(), base_form=base_form,
        existing_draft=services.open_draft(regulation),
        public_url=public_url(regulation, number) if version.is_published else None)


def _add_moves(blocks):
    """Up/down for every Pasal, as "move after" targets: up = after the Pasal two places back
    ("" = to the front), down = after the next Pasal."""
    pasals = [b for b in blocks if b["kind"] == "pasal"]
    for i, block in enumerate(pasals):
        block["up_after"] = None if i == 0 else (pasals[i - 2]["key"] if i >= 2 else "")
        block["down_after"] = pasals[i + 1]["key"] if i + 1 < len(pasals) else None


@bp.route("/r/<slug>/v/<int:number>/teks", methods=["GET", "POST"])
def version_text(slug, number):
    regulation, version = load_draft(slug, number)
    form = TextEditForm()
    conflict = None
    if request.method == "GET":
        form.revision.data = version.revision
        form.source_text.data = version.source_text
    elif form.validate_on_submit():
        saved, conflict = _save(version, form, form.source_text, lambda: (
            services.replace_draft_text(current_user, version, form.revision.data,
                                        form.source_text.data)))
        if saved:
            flash(_("Teks draf disimpan (revisi %(r)s).", r=version.revision), "success")
            return redirect(url_for(".version", slug=slug, number=number))
    return render_template("drafting/version_text.html", regulation=regulation,
                           version=version, form=form, conflict=conflict), _status(conflict)


@bp.route("/r/<slug>/v/<int:number>/unit/<key>", methods=["GET", "POST"])
def unit_edit(slug, number, key):
    regulation, version = load_draft(slug, number)
    doc = load_document(version)
    place = editing._locate(doc, key)
    if place is None:
        flash(_("Unit itu sudah tidak ada di draf ini."), "error")
        return redirect(url_for(".version", slug=slug, number=number))
    siblings, index, ancestors = place
    unit = siblings[index]
    form = UnitEditForm()
    conflict = None
    if request.method == "GET":
        form.revision.data = version.revision
        form.heading.data = unit.heading
        form.text.data = editing.unit_body(unit, ancestors) if unit.kind == "pasal" \
            else unit.text
    elif form.validate_on_submit():
        saved, conflict = _save(version, form, form.text, lambda: editing.edit_unit(
            current_user, version, form.revision.data, key, form.text.data,
            heading=form.heading.data))
        if saved:
            flash(_("%(unit)s disimpan.", unit=_unit_name(unit, ancestors)), "success")
            return redirect(url_for(".version", slug=slug, number=number,
                                    _anchor=f"u-{key}"))
    return render_template(
        "drafting/unit_edit.html", regulation=regulation, version=version, form=form,
        unit=unit, unit_name=_unit_name(unit, ancestors), conflict=conflict,
        has_heading=unit.kind in editing.EDITABLE_HEADING), _status(conflict)


def _unit_name(unit, ancestors):
    return label_path(unit, ancestors) or unit.kind.capitalize()


@bp.route("/r/<slug>/v/<int:number>/tambah-pasal", methods=["GET", "POST"])
def pasal_add(slug, number):
    regulation, version = load_draft(slug, number)
    doc = load_document(version)
    form = AddPasalForm()
    form.after.choices = _pasal_choices(doc)
    conflict = None
    if request.method == "GET":
        form.revision.data = version.revision
        form.after.data = request.args.get("sesudah", "")
    elif form.validate_on_submit():
        saved, conflict = _save(version, form, form.text, lambda: editing.add_pasal_after(
            current_user, version, form.revision.data, form.after.data, form.text.data,
            heading=form.heading.data))
        if saved:
            flash(_("Pasal baru disisipkan; pasal sesudahnya dinomori ulang."), "success")
            return redirect(url_for(".version", slug=slug, number=number))
    return render_template("drafting/pasal_add.html", regulation=regulation, version=version,
                           form=form, conflict=conflict), _status(conflict)


@bp.post("/r/<slug>/v/<int:number>/unit/<key>/hapus")
def unit_delete(slug, number, key):
    regulation, version = load_draft(slug, number)
    form = RevisionForm()
    back = url_for(".version", slug=slug, number=number)
    if form.validate_on_submit():
        return act(lambda: editing.delete_unit(current_user, version, form.revision.data, key),
                   _("Unit dihapus dari draf."), back) or redirect(back)
    flash(_("Permintaan tidak valid. Muat ulang halaman lalu coba lagi."), "error")
    return redirect(back)


@bp.post("/r/<slug>/v/<int:number>/unit/<key>/pindah")
def unit_move(slug, number, key):
    regulation, version = load_draft(slug, number)
    form = MoveForm()
    if form.validate_on_submit():
        done = act(lambda: editing.move_pasal(current_user, version, form.revision.data, key,
                                              form.after.data or ""),
                   _("Pasal dipindahkan; pasal dinomori ulang."),
                   url_for(".version", slug=slug, number=number, _anchor=f"u-{key}"))
        if done:
            return done
    else:
        flash(_("Permintaan tidak valid. Muat ulang halaman lalu coba lagi."), "error")
    return redirect(url_for(".version", slug=slug, number=number))
