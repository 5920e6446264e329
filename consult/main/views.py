"""Home page, privacy notice, accessibility statement, language switch, health checks."""
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from consult import fragments
from consult.main.health import readiness
from consult.main.services import home_page_data
from consult.security import safe_next

bp = Blueprint("main", __name__)


@bp.get("/")
@fragments.shared_page
def home():
    # The lists are the same for every reader (members too): rendered once per page generation.
    lists = fragments.shared(("home",), lambda: render_template("main/_home_lists.html",
                                                                 **home_page_data()))
    return render_template("main/home.html", lists_html=lists)


@bp.get("/privasi")
def privacy():
    return render_template("main/privacy.html", contact=current_app.config["PRIVACY_CONTACT"],
                           reset_hours=current_app.config["PASSWORD_RESET_MAX_AGE"] // 3600)


@bp.get("/aksesibilitas")
def accessibility():
    return render_template("main/accessibility.html",
                           contact=current_app.config["PRIVACY_CONTACT"])


@bp.get("/lang/<lang>")
def set_language(lang):
    if lang in ("id", "en"):
        session["lang"] = lang
    return redirect(safe_next(request.args.get("next"), url_for("main.home")))


@bp.get("/healthz")
def healthz():
    """The process lives (for a supervisor's liveness check); says nothing about the database."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Ready to serve writes (for the load balancer): 503 when not."""
    report, ready = readiness()
    return report, 200 if ready else 503
