"""What the participation routes share: the input rate limit, loaders, access checks and the
forms an input's page shows."""
from flask import current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from consult import permissions
from consult.errors import NotFound, abort_with
from consult.extensions import limiter
from consult.loaders import regulation_or_404
from consult.participation import forms, queries, reflection, services
from consult.participation import unit_text
from consult.participation.services import ParticipationError
from consult.participation.window import consultation_state
from consult.throttle import count_only_when


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

def published_version(regulation, number):
    version = queries.published_version(regulation, number)
    if version is None:
        raise NotFound(_("Versi %(n)s tidak ditemukan atau belum diterbitkan.", n=number))
    return version


def regulation_and_version(slug, number):
    """The regulation at `slug` and its published version `number` (one query), or the
    NotFound that says which of the two is missing."""
    found = queries.regulation_and_published_version(slug, number)
    if found is None:  # say which one is missing
        regulation = regulation_or_404(slug)
        return regulation, published_version(regulation, number)
    return tuple(found)


def chosen_organisation(org_id):
    """One of the organisations the user may speak for (never a raw lookup of any id)."""
    if not org_id:
        return None
    for org in permissions.participating_organisations(current_user):
        if org.id == org_id:
            return org
    raise ParticipationError(_("Anda tidak dapat memberi masukan atas nama organisasi ini."))


def require(allowed, message=None):
    if not allowed:
        abort_with(403, message or _("Anda tidak memiliki hak untuk tindakan ini."))


def check_can_give_input(regulation):
    if not permissions.can_participate(current_user):
        abort_with(403, _("Hanya anggota organisasi media yang terverifikasi yang dapat memberi "
                          "masukan."))
    if not permissions.consultation_open(regulation):
        abort_with(403, _("Konsultasi publik atas regulasi ini tidak sedang dibuka. Masukan "
                          "hanya diterima selama masa konsultasi."))


def form_unit(version, key):
    """The unit a form is about (None: the draft as a whole); 404 when the version has none."""
    if not key:
        return None
    unit = unit_text.find_unit(version, key)
    if unit is None:
        abort_with(404, _("Unit tidak ditemukan pada versi ini."))
    return unit


def unit_for_form(version, key):
    unit = form_unit(version, key)
    return unit, unit_text.unit_full_text(version, unit) if unit is not None else ""


def unit_choices(version, unit):
    """The enclosing Pasal and its parts, so a phone user can pick an ayat or huruf; for a
    general comment, the parts outside the Pasal (Judul, Menimbang, Mengingat items ...)."""
    units = unit_text.published_units(version)
    if unit is None:
        rows = (units.outside_pasal(queries.OUTSIDE_PASAL, queries.OUTSIDE_PASAL_SHOWN)
                if units is not None else queries.units_outside_pasal(version))
        return [("", _("Umum (rancangan secara keseluruhan)"))] + [
            (row.key, unit_text.unit_label(row)) for row in rows]
    rows = units.of_pasal(unit) if units is not None else queries.units_of_pasal(version, unit)
    return [(row.key, unit_text.unit_label(row)) for row in rows]


def fill_orgs(field):
    forms.OrganisationChoice.fill(field, permissions.participating_organisations(current_user),
                                  permissions.individuals_allowed())


def proposal_diff(item):
    if not item.is_proposal or item.is_hidden:
        return None
    return unit_text.word_diff(item.base_text or "", item.proposed_text or "")


def endorse_form(item):
    if not current_user.is_authenticated:
        return None
    orgs = permissions.endorsing_organisations(current_user, item)
    if not orgs:
        return None
    form = forms.EndorseForm()
    form.organisation.choices = [SelectChoice(o.id, o.name) for o in orgs]
    return form


def response_form(item, formdata=None):
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


def reason_form(item):
    """For a drafter, when an accepted proposal's change is in no later version yet."""
    response = item.published_response
    if (response is None or not response.disposition.changes_text or not item.is_proposal
            or response.result_version_id or response.unreflected_reason
            or not permissions.can_answer(current_user)
            or not reflection.versions_after(response)):
        return None
    return forms.UnreflectedReasonForm()


def result_form(item, formdata=None):
    response = item.published_response
    if (response is None or not response.disposition.changes_text
            or not permissions.can_answer(current_user)):
        return None
    form = forms.ResultForm(formdata=formdata) if formdata is not None else forms.ResultForm(
        result_version=response.result_version_id, result_unit=response.result_unit_label)
    form.result_version.choices = [SelectChoice(v.id, _("Versi %(n)s", n=v.number))
                                   for v in services.result_version_choices(item.regulation)]
    return form



def input_page(item, focus=None, reply_form=None, reply_to=None):
    """The page of an input and its thread. `reply_form`: a reply sent back with its errors, to
    the input or reply `reply_to`."""
    if reply_form is None and current_user.is_authenticated:
        reply_form = forms.ReplyForm()  # a visitor gets none: no CSRF token, a cacheable page
        fill_orgs(reply_form.organisation)
    return render_template(
        "participation/input_show.html", item=item, regulation=item.regulation, focus=focus,
        reply_form=reply_form, reply_to=reply_to, response_form=response_form(item),
        result_form=result_form(item), reason_form=reason_form(item),
        endorse_form=endorse_form(item), diff=proposal_diff(item),
        state=consultation_state(item.regulation),
    )
