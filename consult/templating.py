"""Template globals and filters: dates in the regency's zone, Markdown, labels."""
from flask import current_app, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user

from consult import clock, fragments
from consult.notify.links import external_url
from consult.notify.services import unread_count
from consult.participation.unit_text import unit_name
from consult.safe_html import markdown_to_html


def init_app(app):
    app.jinja_env.filters["localtime"] = clock.format_local
    app.jinja_env.filters["localdate"] = clock.format_date
    app.jinja_env.filters["isotime"] = clock.iso
    app.jinja_env.filters["markdown_to_html"] = markdown_to_html
    app.jinja_env.filters["unit_name"] = unit_name
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def site_globals():
        return {
            "site": {
                "name": current_app.config["SITE_NAME"],
                "regency": current_app.config["REGENCY_NAME"],
                "head": current_app.config["REGENCY_HEAD"],
                "logo": current_app.config["REGENCY_LOGO"],
                "zone": clock.zone_abbrev(),
            },
            "current_locale": str(get_locale() or "id"),
            "url_for_lang": _url_for_lang,
            "url_rules": current_app.view_functions,
            "external_url": external_url,
        }


def _url_for_lang(lang):
    return url_for("main.set_language", lang=lang, next=request.full_path.rstrip("?"))


# Each visitor's own parts of every page (base.html): reader parts, filled also into the pages
# shared by the readers of a kind (consult/fragments.py).

@fragments.reader_part("nav_user")
def nav_user():
    user = current_user._get_current_object()
    notifications = "notify.index" in current_app.view_functions
    return fragments.render_part(
        "_nav_user.html", notifications=notifications,
        unread=unread_count(user) if notifications and user.is_authenticated else 0)


@fragments.reader_part("flashes")
def flashes():
    if "_flashes" not in session:  # most requests: nothing waiting, no template to render
        return ""
    return fragments.render_part("_flashes.html")
