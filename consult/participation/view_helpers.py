"""What the participation routes share: the input rate limit, loaders, access checks and the
forms an input's page shows."""
import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from consult import permissions
from consult.errors import abort_with
from consult.extensions import db, limiter
from consult.models import Input, Regulation, Version, VersionState
from consult.participation import forms, reflection, services
from consult.participation import units as unit_text
from consult.participation.services import ParticipationError
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

