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

This module holds the reading pages; writing inputs is in input_views, answering in answer_views.
"""
from flask import redirect, render_template, request
from flask_babel import gettext as _

from consult import permissions
from consult.errors import abort_with
from consult.extensions import db
from consult.loaders import input_or_404, regulation_or_404
from consult.models import Input
from consult.notify.links import input_path
from consult.paging import page_arg
from consult.participation import answer_views, input_views  # noqa: F401  (their routes)
from consult.participation import bp, counts, forms, queries, reader_parts, reflection
from consult.participation import unit_text
from consult.participation.view_helpers import input_page, proposal_diff
from consult.participation.window import consultation_state


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
        "input_action_values": reader_parts.action_values,
        "answer_versions_after": reflection.versions_after,
        "participation_perm": permissions,
        "proposal_diff": proposal_diff,
        "participation_summary": counts.regulation_counts,
        "count_parts": counts.PARTS,
        "count_part_labels": forms.PART_LABELS,
    }


# --- public lists -------------------------------------------------------------------------------

@bp.get("/r/<slug>/masukan")
def regulation_inputs(slug):
    regulation = regulation_or_404(slug)
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
    item = queries.numbered_input(slug, number)
    if item is None:
        abort_with(404, _("Masukan No. %(n)s tidak ditemukan pada regulasi ini.", n=number))
    return item


@bp.get("/masukan/<int:input_id>")
def input_legacy(input_id):
    """Addresses with internal ids were sent in mails and feeds: each keeps leading to the input
    or reply it always meant, now at its public address."""
    return redirect(input_path(input_or_404(input_id)), code=301)


@bp.get("/r/<slug>/masukan/<int:number>/balasan/<int:reply_id>")
def reply_detail(slug, number, reply_id):
    item = _numbered_input(slug, number)
    reply = db.session.get(Input, reply_id)
    if reply is None or reply.parent_id is None or reply.root.id != item.id:
        abort_with(404, _("Balasan tidak ditemukan pada masukan ini."))
    return input_page(item, focus=reply)


@bp.get("/r/<slug>/masukan/<int:number>")
def input_detail(slug, number):
    return input_page(_numbered_input(slug, number))
