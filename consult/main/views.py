"""Home page, privacy notice, language switch, health check."""
import sqlalchemy as sa
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from consult.extensions import db
from consult.security import safe_next

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    from consult.main.services import home_page_data

    return render_template("main/home.html", **home_page_data())


@bp.get("/privasi")
def privacy():
    return render_template("main/privacy.html", contact=current_app.config["PRIVACY_CONTACT"],
                           reset_hours=current_app.config["PASSWORD_RESET_MAX_AGE"] // 3600)


@bp.get("/lang/<lang>")
def set_language(lang):
    if lang in ("id", "en"):
        session["lang"] = lang
    return redirect(safe_next(request.args.get("next"), url_for("main.home")))


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return {"status": "error", "database": "unavailable"}, 503
    return {"status": "ok", "database": "ok"}
