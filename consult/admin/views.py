"""Admin area: accounts and site roles, the mail outbox, site settings. Admins only."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from consult import audit_actions
from consult.admin import services
from consult.admin.forms import ConfirmForm, DeactivateForm, RoleForm
from consult.auth.labels import ROLE_LABELS, member_role_label, role_label
from consult.auth.services import memberships_of
from consult.errors import abort_with
from consult.extensions import db, login_manager
from consult.models import MailStatus, OutboxMail, User
from consult.permissions import can_administer
from consult.throttle import RATE_LIMITS, storage_state
from consult.paging import page_arg

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def admins_only():
    """Deny by default: every route of this blueprint is for admins."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not can_administer(current_user):
        abort_with(403, _("Halaman ini hanya untuk admin."))


@bp.context_processor
def admin_labels():
    return {"role_label": role_label, "member_role_label": member_role_label,
            "role_labels": ROLE_LABELS}


@bp.get("/")
def index():
    return render_template("admin/dashboard.html", stats=services.overview(),
                           mail_to_outbox=current_app.config.get("MAIL_TO_OUTBOX", True),
                           rate_limits=storage_state(), rate_limit_states=RATE_LIMIT_STATES)


@bp.get("/pengguna")
def users():
    q = request.args.get("q", "").strip()[:100]
    role = request.args.get("peran") or None
    status = request.args.get("status") or None
    page = services.search_users(q, role, status, page=page_arg())
    orgs = services.organisations_by_user([u.id for u in page.items])
    return render_template("admin/user_list.html", page=page, q=q, role=role, status=status,
                           orgs=orgs)


def _load_user(user_id):
    return db.get_or_404(User, user_id)


@bp.get("/pengguna/<int:user_id>")
def user(user_id):
    target = _load_user(user_id)
    form = RoleForm(role=target.role.value, office=target.office)
    return render_template("admin/user_detail.html", target=target, role_form=form,
                           deactivate_form=DeactivateForm(), confirm_form=ConfirmForm(),
                           memberships=memberships_of(target),
                           history=services.account_history(target),
                           action_label=audit_actions.label)


def _back_to(target):
    return redirect(url_for("admin.user", user_id=target.id))


@bp.post("/pengguna/<int:user_id>/peran")
def set_role(user_id):
    target = _load_user(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort_with(400, _("Peran tidak dikenal atau nama instansi terlalu panjang."))
    try:
        changed = services.set_role(current_user, target, form.role.data, form.office.data)
    except services.AdminError as exc:
        flash(str(exc), "error")
        return _back_to(target)
    db.session.commit()
    if changed:
        flash(_("Peran %(name)s sekarang: %(role)s.", name=target.name,
                role=role_label(target.role)), "success")
    return _back_to(target)


@bp.post("/pengguna/<int:user_id>/nonaktifkan")
def deactivate(user_id):
    target = _load_user(user_id)
    form = DeactivateForm()
    if not form.validate_on_submit():
        abort_with(400, _("Alasan terlalu panjang."))
    try:
        changed = services.deactivate(current_user, target, form.reason.data)
    except services.AdminError as exc:
        flash(str(exc), "error")
        return _back_to(target)
    db.session.commit()
    if changed:
        flash(_("Akun %(name)s dinonaktifkan; semua sesinya berakhir.", name=target.name),
              "success")
    return _back_to(target)


@bp.post("/pengguna/<int:user_id>/aktifkan")
def activate(user_id):
    target = _load_user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort_with(400, _("Permintaan tidak valid."))
    if services.activate(current_user, target):
        db.session.commit()
        flash(_("Akun %(name)s diaktifkan kembali.", name=target.name), "success")
    return _back_to(target)


RATE_LIMIT_STATES = {
    "shared": _l("ditetapkan (batas dihitung bersama di Redis)"),
    "fallback": _l("Redis tidak terjangkau: batas sementara dihitung di memori proses ini"),
    "local": _l("tidak ada (batas dihitung per server)"),
}

MAIL_STATUS_LABELS = {
    MailStatus.OUTBOX: _l("disimpan saja"),
    MailStatus.QUEUED: _l("dalam antrean"),
    MailStatus.SENDING: _l("sedang dikirim"),
    MailStatus.RETRYING: _l("dicoba lagi"),
    MailStatus.SENT: _l("terkirim"),
    MailStatus.FAILED: _l("gagal"),
}


@bp.context_processor
def mail_labels():
    return {"mail_status_labels": MAIL_STATUS_LABELS}


@bp.get("/surel")
def outbox():
    recipient = request.args.get("kepada", "").strip()[:254]
    status = request.args.get("status") or None
    if status not in {s.value for s in MailStatus}:
        status = None
    page = services.outbox_page(page=page_arg(), recipient=recipient or None, status=status)
    return render_template("admin/outbox_list.html", page=page, recipient=recipient,
                           status=status, counts=services.mail_counts(),
                           mail_to_outbox=current_app.config.get("MAIL_TO_OUTBOX", True))


@bp.get("/surel/<int:mail_id>")
def outbox_mail(mail_id):
    return render_template("admin/outbox_detail.html", mail=db.get_or_404(OutboxMail, mail_id))


# Shown on the settings page; every value comes from the environment (see README).
SETTINGS = (
    ("SITE_NAME", "TIMBANG_SITE_NAME"),
    ("REGENCY_NAME", "TIMBANG_REGENCY_NAME"),
    ("REGENCY_HEAD", "TIMBANG_REGENCY_HEAD"),
    ("REGENCY_CAPITAL", "TIMBANG_REGENCY_CAPITAL"),
    ("REGENCY_PROVINCE", "TIMBANG_REGENCY_PROVINCE"),
    ("REGENCY_TIMEZONE", "TIMBANG_TIMEZONE"),
    ("REGENCY_LOGO", "TIMBANG_REGENCY_LOGO"),
    ("PUBLIC_BASE_URL", "TIMBANG_PUBLIC_BASE_URL"),
    ("ALLOW_INDIVIDUALS", "TIMBANG_ALLOW_INDIVIDUALS"),
    ("MAIL_TO_OUTBOX", "TIMBANG_MAIL_TO_OUTBOX"),
    ("MAIL_SERVER", "TIMBANG_MAIL_SERVER"),
    ("MAIL_DEFAULT_SENDER", "TIMBANG_MAIL_SENDER"),
    ("MAX_CONTENT_LENGTH", "TIMBANG_MAX_UPLOAD_BYTES"),
    *RATE_LIMITS.items(),
    ("INPUT_EDIT_MINUTES", "TIMBANG_INPUT_EDIT_MINUTES"),
    ("PASSWORD_RESET_MAX_AGE", "TIMBANG_PASSWORD_RESET_MAX_AGE"),
    ("INVITATION_MAX_AGE", "TIMBANG_INVITATION_MAX_AGE"),
    ("DRAFT_UPLOAD_MAX_BYTES", "TIMBANG_DRAFT_UPLOAD_MAX_BYTES"),
    ("ALLOW_TEST_EMAIL_DOMAINS", "TIMBANG_ALLOW_TEST_EMAIL_DOMAINS"),
    ("TRUSTED_PROXIES", "TIMBANG_TRUSTED_PROXIES"),
)


@bp.get("/pengaturan")
def settings():
    """Read-only: settings live in the environment so every app server sees the same ones.
    Secrets (keys, passwords, database URL) are never shown."""
    rows = [(env, current_app.config.get(key)) for key, env in SETTINGS]
    rows.append(("TIMBANG_REDIS_URL", str(RATE_LIMIT_STATES[storage_state()])))
    rows.append(("TIMBANG_DATABASE_URL", db.engine.dialect.name))
    return render_template("admin/settings.html", rows=rows)
