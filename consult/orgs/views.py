"""Routes of the organisations area: directory, public page, registration, management,
invitations and the site admins' verification queue."""

from flask import (
    Blueprint, abort, current_app, flash, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult import clock, permissions
from consult.actions import act
from consult.errors import abort_with
from consult.extensions import db, limiter
from consult.models import Invitation, MemberRole, Membership, Organisation, OrgKind, OrgStatus
from consult.orgs import queries, services
from consult.orgs.forms import (
    KIND_LABELS, ROLE_LABELS, STATUS_LABELS, ConfirmForm, InviteForm, OrganisationForm,
    StatusForm,
)
from consult.participation.forms import CATEGORY_LABELS, DISPOSITION_LABELS
from consult.participation.queries import inputs_by_organisation
from consult.security import safe_next
from consult.paging import page_arg
from consult.submission import once

bp = Blueprint("orgs", __name__)

PER_PAGE = 20


@bp.app_context_processor
def org_labels():
    return {"org_kind_labels": KIND_LABELS, "org_status_labels": STATUS_LABELS,
            "member_role_labels": ROLE_LABELS}


def _load(slug):
    org = queries.organisation_by_slug(slug)
    if org is None or not permissions.can_view_organisation(current_user, org):
        abort(404)
    return org


def _load_managed(slug):
    org = _load(slug)
    if not permissions.can_manage_organisation(current_user, org):
        abort_with(403, _("Hanya pengelola organisasi ini yang dapat mengelolanya."))
    return org


def _membership(org, membership_id):
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organisation_id != org.id or membership.removed_at:
        abort(404)
    return membership


# --- public ------------------------------------------------------------------------------------

@bp.get("/organisasi")
def directory():
    kind = request.args.get("jenis", "")
    q = request.args.get("q", "").strip()[:100]
    if kind not in {k.value for k in OrgKind}:
        kind = ""
    page = db.paginate(queries.directory_query(kind, q), page=page_arg(),
                       per_page=PER_PAGE, error_out=False)
    counts = services.member_counts([org.id for org in page.items])
    mine = []
    if current_user.is_authenticated:
        mine = sorted((m for m in current_user.memberships if m.removed_at is None),
                      key=lambda m: m.organisation.name.lower())
    return render_template("orgs/organisation_directory.html", page=page, counts=counts,
                           kind=kind, q=q, mine=mine)


@bp.get("/organisasi/<slug>")
def profile(slug):
    org = _load(slug)
    count = services.member_counts([org.id]).get(org.id, 0)
    inputs = _organisation_inputs(org, page_arg())
    return render_template("orgs/organisation_profile.html", org=org, member_count=count,
                           inputs=inputs, input_labels=_input_labels(),
                           outcomes=queries.outcome_counts(org) if inputs is not None else [],
                           membership=permissions.membership_in(current_user, org),
                           can_manage=permissions.can_manage_organisation(current_user, org))


def _input_labels():
    return {"category": CATEGORY_LABELS, "disposition": DISPOSITION_LABELS}


def _organisation_inputs(org, page):
    """The participation area's list of this organisation's inputs."""
    return inputs_by_organisation(org, max(page, 1))


# --- registration and profile ------------------------------------------------------------------

@bp.route("/organisasi/daftar", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"])
@once
def register():
    form = OrganisationForm()
    if form.validate_on_submit():
        done = act(lambda: services.register_organisation(current_user, form.data),
                   lambda org: _("Organisasi %(name)s terdaftar dan menunggu verifikasi admin. "
                                 "Sementara itu Anda dapat mengundang anggota.", name=org.name),
                   lambda org: url_for("orgs.manage", slug=org.slug))
        if done:
            return done
    return render_template("orgs/organisation_register.html", form=form)


@bp.route("/organisasi/<slug>/ubah", methods=["GET", "POST"])
@login_required
def edit(slug):
    org = _load_managed(slug)
    form = OrganisationForm(obj=org)
    if request.method == "GET":
        form.kind.data = org.kind.value
    if form.validate_on_submit():
        done = act(lambda: services.update_organisation(current_user, org, form.data),
                   lambda changed: _("Profil organisasi disimpan.") if changed else
                   _("Tidak ada perubahan."), url_for("orgs.manage", slug=org.slug))
        if done:
            return done
    return render_template("orgs/organisation_edit.html", form=form, org=org)


# --- management --------------------------------------------------------------------------------

@bp.get("/organisasi/<slug>/kelola")
@login_required
def manage(slug):
    org = _load_managed(slug)
    return _render_manage(org, InviteForm())


def _render_manage(org, invite_form, status=200):
    members = queries.active_members(org)
    admin_count = sum(1 for m in members if m.role == MemberRole.ADMIN)
    invitations = queries.recent_invitations(org)
    return render_template(
        "orgs/organisation_manage.html", org=org, members=members, admin_count=admin_count,
        invitations=invitations, invite_form=invite_form, now=clock.now(),
        can_invite=permissions.can_invite_members(current_user, org),
        max_age_days=_invitation_days(),
    ), status


def _invitation_days():
    return max(1, current_app.config["INVITATION_MAX_AGE"] // 86400)


@bp.post("/organisasi/<slug>/undang")
@login_required
@limiter.limit("30 per hour")
@once
def invite(slug):
    org = _load_managed(slug)
    if not permissions.can_invite_members(current_user, org):
        abort_with(403, _("Organisasi yang ditolak atau ditangguhkan tidak dapat mengundang "
                          "anggota baru."))
    form = InviteForm()
    if not form.validate_on_submit():
        return _render_manage(org, form, status=400)
    return act(lambda: services.invite(current_user, org, form.email.data, form.role.data),
               lambda sent: _("Undangan dikirim ke %(email)s.", email=sent[0].email),
               url_for("orgs.manage", slug=org.slug)) or _render_manage(org, form, status=400)


@bp.post("/organisasi/<slug>/undangan/<int:invitation_id>/batalkan")
@login_required
def revoke_invitation(slug, invitation_id):
    org = _load_managed(slug)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != org.id:
        abort(404)
    back = url_for("orgs.manage", slug=org.slug)
    if ConfirmForm().validate_on_submit():
        return act(lambda: services.revoke_invitation(current_user, invitation),
                   _("Undangan untuk %(email)s dibatalkan.", email=invitation.email),
                   back) or redirect(back)
    return redirect(back)


@bp.post("/organisasi/<slug>/anggota/<int:membership_id>/hapus")
@login_required
def remove_member(slug, membership_id):
    org = _load_managed(slug)
    membership = _membership(org, membership_id)
    back = url_for("orgs.manage", slug=org.slug)
    if ConfirmForm().validate_on_submit():
        return act(lambda: services.remove_member(current_user, membership),
                   _("%(name)s tidak lagi menjadi anggota.", name=membership.user.name),
                   back) or redirect(back)
    return redirect(back)


@bp.post("/organisasi/<slug>/anggota/<int:membership_id>/peran")
@login_required
def change_role(slug, membership_id):
    org = _load_managed(slug)
    membership = _membership(org, membership_id)
    role = request.form.get("role", "")
    back = url_for("orgs.manage", slug=org.slug)
    if role not in {r.value for r in MemberRole}:
        flash(_("Peran tidak dikenal."), "error")
    elif ConfirmForm().validate_on_submit():
        return act(lambda: services.set_member_role(current_user, membership, role),
                   _("%(name)s sekarang %(role)s.", name=membership.user.name,
                     role=services.role_label(role).lower()), back) or redirect(back)
    return redirect(back)


@bp.post("/organisasi/<slug>/keluar")
@login_required
def leave(slug):
    org = _load(slug)
    membership = permissions.membership_in(current_user, org)
    if membership is None:
        abort_with(403, _("Anda bukan anggota organisasi ini."))
    if ConfirmForm().validate_on_submit():
        return act(lambda: services.remove_member(current_user, membership),
                   _("Anda telah keluar dari %(name)s.", name=org.name),
                   url_for("orgs.directory")) or redirect(url_for("orgs.profile", slug=org.slug))
    return redirect(url_for("orgs.directory"))


# --- invitations -------------------------------------------------------------------------------

@bp.route("/undangan/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    invitation = services.find_invitation(token)
    problem = services.invitation_problem(invitation, current_user)
    form = ConfirmForm()
    if request.method == "POST":
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.path))
        if problem is None and form.validate_on_submit():
            membership = services.accept_invitation(current_user, token)
            db.session.commit()
            flash(_("Selamat bergabung dengan %(name)s.", name=membership.organisation.name),
                  "success")
            return redirect(url_for("orgs.profile", slug=membership.organisation.slug))
    status = 200
    if problem is not None:
        if invitation is None:
            status = 404
        elif invitation.state_at(clock.now()) != "open":
            status = 410
        else:
            status = 403
    return render_template("orgs/invitation_accept.html", invitation=invitation,
                           problem=problem, form=form, token=token), status


# --- site administration -----------------------------------------------------------------------

@bp.get("/admin/organisasi")
@login_required
def admin_queue():
    if not permissions.can_verify_organisations(current_user):
        abort_with(403, _("Hanya admin situs yang dapat memverifikasi organisasi."))
    status = request.args.get("status", "")
    if status not in {s.value for s in OrgStatus}:
        status = ""
    page = db.paginate(queries.verification_queue_query(status),
                       page=page_arg(), per_page=PER_PAGE, error_out=False)
    pending = queries.pending_count()
    counts = services.member_counts([org.id for org in page.items])
    return render_template("orgs/organisation_queue.html", page=page, status=status,
                           pending=pending, counts=counts, transitions=_transitions_for)


def _transitions_for(org):
    return [action for action, (allowed, _target) in services.TRANSITIONS.items()
            if org.status in allowed]


@bp.post("/admin/organisasi/<int:org_id>/keputusan")
@login_required
def decide(org_id):
    if not permissions.can_verify_organisations(current_user):
        abort_with(403, _("Hanya admin situs yang dapat memverifikasi organisasi."))
    org = db.get_or_404(Organisation, org_id)
    form = StatusForm()
    back = safe_next(request.form.get("back"), url_for("orgs.admin_queue"))
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(back)
    return act(lambda: services.decide(current_user, org, form.action.data, form.reason.data),
               lambda _result: _("%(name)s: %(status)s.", name=org.name,
                                 status=services.status_label(org.status)),
               back) or redirect(back)
