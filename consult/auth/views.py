"""Log in and out; registration, passwords, profile, one's personal data."""
import json
import time

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, \
    url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from consult.auth import labels, personal_data, services
from consult.auth.forms import (
    ChangePasswordForm, ConfirmRegistrationForm, DeleteAccountForm, ForgotPasswordForm, LoginForm, ProfileForm, RegisterForm,
    ResetPasswordForm,
)
from consult.errors import render_error
from consult.extensions import db, limiter
from consult.notify.links import external_url
from consult.security import safe_next
from consult.throttle import count_only_when, failed_login, mark_failed_login
from consult.submission import once

bp = Blueprint("auth", __name__)


def _login_account_key():
    return "login-account:" + services.normalise_email(request.form.get("email"))


def _login_limit_account():
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _login_limit_address():
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _register_limit():
    return current_app.config["REGISTER_LIMIT"]


def _start_session(user, remember=False):
    """A fresh session for a freshly authenticated user: nothing from before survives except
    the language choice, so a planted session id is worthless (no session fixation)."""
    lang = user.locale or session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(user, remember=remember, fresh=True)


# Only a wrong address or password counts towards the log-in limits: not a success, not a form
# refused before the check, not an error page (count_only_when in consult/throttle.py).
@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit(_login_limit_address, methods=["POST"])
@limiter.limit(_login_limit_account, key_func=_login_account_key, methods=["POST"])
@count_only_when(failed_login)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            # One message for unknown e-mail, wrong password and deactivated account alike.
            mark_failed_login()
            flash(_("Surel atau kata sandi salah."), "error")
        else:
            services.record_login(user)
            db.session.commit()
            _start_session(user, remember=form.remember.data)
            flash(_("Selamat datang, %(name)s.", name=user.name), "success")
            return redirect(safe_next(request.args.get("next"), url_for("main.home")))
    return render_template("auth/login.html", form=form)


@bp.errorhandler(429)
def too_many_attempts(exc):
    """Locked out of logging in: the log-in page itself, saying for how long (even the right
    password waits), with the form and the way to reset the password."""
    reset_at = getattr(limiter.current_limit, "reset_at", None)
    minutes = max(1, round((reset_at - time.time()) / 60)) if reset_at else None
    if request.endpoint != "auth.login":
        message = (_("Terlalu banyak percobaan. Coba lagi dalam %(n)s menit.", n=minutes)
                   if minutes else None)
        return render_error(429, message)
    form = LoginForm(formdata=None)  # nothing about the account, not even its address
    headers = {"Retry-After": str(minutes * 60)} if minutes else {}
    return render_template("auth/login.html", form=form, locked_minutes=minutes or 15), 429, \
        headers


@bp.post("/keluar")
@login_required
def logout():
    current_user.rotate_session_token()  # also kills remember-me cookies of this account
    db.session.commit()
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("Anda telah keluar."), "success")
    return redirect(url_for("main.home"))


@bp.route("/daftar", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
@once
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        next_url = safe_next(request.args.get("next"), None)
        services.register(form.email.data, form.name.data, form.password.data,
                          lambda token: external_url("auth.confirm_registration", token=token,
                                                     next=next_url),
                          phone=form.phone.data, locale=session.get("lang"))
        db.session.commit()
        # The same answer whether or not the address already has an account.
        return redirect(url_for("auth.registration_sent"))
    return render_template("auth/register.html", form=form)


@bp.get("/daftar/terkirim")
def registration_sent():
    return render_template("auth/register_sent.html")


@bp.route("/daftar/konfirmasi/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit_address, methods=["POST"])
def confirm_registration(token):
    user = services.user_for_confirm_token(token)
    if user is None:
        return render_template("auth/register_confirm.html", form=None), 400
    form = ConfirmRegistrationForm()
    if form.validate_on_submit():
        try:
            services.confirm_email(user, form.password.data)
        except services.AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            services.record_login(user)
            db.session.commit()
            _start_session(user)
            flash(_("Alamat surel dikonfirmasi. Selamat datang, %(name)s.", name=user.name),
                  "success")
            return redirect(safe_next(request.args.get("next"), url_for("auth.profile")))
    return render_template("auth/register_confirm.html", form=form, user=user)


@bp.route("/akun", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if request.method == "GET":
        form.locale.data = current_user.locale or session.get("lang") or "id"
    if form.validate_on_submit():
        services.update_profile(current_user, form.name.data, form.phone.data,
                                form.locale.data)
        db.session.commit()
        session["lang"] = current_user.locale or "id"
        flash(_("Profil disimpan."), "success")
        return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form,
                           memberships=services.memberships_of(current_user),
                           role_label=labels.role_label,
                           member_role_label=labels.member_role_label,
                           org_endpoint=_first_endpoint(ORG_PAGE_ENDPOINTS),
                           org_new_endpoint=_first_endpoint(ORG_NEW_ENDPOINTS))


@bp.get("/akun/data")
@login_required
def my_data():
    return render_template("auth/my_data.html",
                           data=personal_data.personal_data(current_user),
                           can_delete=personal_data.can_delete_account(current_user))


@bp.get("/akun/data.json")
@login_required
def my_data_json():
    body = json.dumps(personal_data.personal_data(current_user), ensure_ascii=False, indent=2)
    return current_app.response_class(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="data-pribadi-timbang.json"',
        "Cache-Control": "no-store"})


@bp.route("/akun/hapus", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_limit_address, methods=["POST"])
def delete_account():
    form = DeleteAccountForm()
    allowed = personal_data.can_delete_account(current_user)
    if allowed and form.validate_on_submit():
        try:
            personal_data.delete_account(current_user._get_current_object(),
                                         form.password.data)
        except services.AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            db.session.commit()
            logout_user()
            session.clear()
            flash(_("Akun Anda sudah dihapus. Masukan yang sudah terbit tetap tercatat atas nama "
                    "organisasi Anda atau sebagai Warga."), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/account_delete.html", form=form, allowed=allowed)


# The organisations area owns these pages; link to them only when they exist.
ORG_PAGE_ENDPOINTS = ("orgs.profile",)
ORG_NEW_ENDPOINTS = ("orgs.register",)


def _first_endpoint(candidates):
    return next((e for e in candidates if e in current_app.view_functions), None)


@bp.route("/akun/kata-sandi", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data,
                                     form.password.data)
        except services.AccountError as exc:
            form.current_password.errors.append(str(exc))
        else:
            db.session.commit()
            _start_session(current_user._get_current_object())
            flash(_("Kata sandi diganti. Sesi di perangkat lain telah diakhiri."), "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/password_change.html", form=form)


def _reset_account_key():
    return "reset-account:" + services.normalise_email(request.form.get("email"))


def _reset_limit_account():
    return current_app.config["RESET_LIMIT_PER_ACCOUNT"]


@bp.route("/lupa-kata-sandi", methods=["GET", "POST"])
@limiter.limit(_login_limit_address, methods=["POST"])
@limiter.limit(_reset_limit_account, key_func=_reset_account_key, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data, _absolute_reset_url)
        db.session.commit()
        # The same answer whether or not the address has an account.
        flash(_("Jika surel itu terdaftar, tautan untuk mengatur ulang kata sandi sudah "
                "dikirim. Periksa kotak masuk Anda."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/password_forgot.html", form=form)


def _absolute_reset_url(token):
    # Built from configuration, never from the request's Host header, so a forged Host cannot
    # make us mail a link to someone else's server.
    return external_url("auth.reset_password", token=token)


@bp.route("/atur-ulang-kata-sandi/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit_address, methods=["POST"])
def reset_password(token):
    user = services.user_for_reset_token(token)
    if user is None:
        return render_template("auth/password_reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        db.session.commit()
        if current_user.is_authenticated:
            logout_user()
        session.clear()
        flash(_("Kata sandi baru sudah disimpan. Silakan masuk."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/password_reset.html", form=form)
