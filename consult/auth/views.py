"""Log in and out; registration, passwords and profile."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, \
    url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from consult.auth import services
from consult.auth.forms import LoginForm
from consult.extensions import db, limiter
from consult.security import safe_next

bp = Blueprint("auth", __name__)


def _login_account_key():
    return "login-account:" + services.normalise_email(request.form.get("email"))


def _login_limit_account():
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _login_limit_address():
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit(_login_limit_address, methods=["POST"])
@limiter.limit(_login_limit_account, key_func=_login_account_key, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            flash(_("Surel atau kata sandi salah."), "error")
        else:
            lang = session.get("lang")
            session.clear()  # a fresh session at login: no fixation
            if lang:
                session["lang"] = lang
            services.record_login(user)
            db.session.commit()
            login_user(user, remember=form.remember.data)
            flash(_("Selamat datang, %(name)s.", name=user.name), "success")
            return redirect(safe_next(request.args.get("next"), url_for("main.home")))
    return render_template("auth/login.html", form=form)


@bp.post("/keluar")
@login_required
def logout():
    current_user.rotate_session_token()
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Anda telah keluar."), "success")
    return redirect(url_for("main.home"))
