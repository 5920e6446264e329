"""One stylesheet and one script for every page, fingerprinted for long caching.

At start-up the area stylesheets in static/css are joined into one (print.css inside
`@media print`) and the progressive-enhancement scripts in static/js into one; each is served at
/aset/<name>.<hash>.<ext>, where the hash is that of its content, so a browser may keep it for a
year (Cache-Control: immutable): a changed file is a new address. An address with an old hash
answers 404 rather than today's content under yesterday's name.
"""
import hashlib
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request, url_for

# In cascade order: the site's base rules first, each area's after it.
SCREEN_SHEETS = ("site", "drafting", "public", "participation", "orgs", "record", "admin")
PRINT_SHEET = "print"
SCRIPTS = ("site", "public", "participation")  # each one an IIFE that looks for its elements
YEAR = 365 * 24 * 3600

bp = Blueprint("assets", __name__)


class Bundle:
    def __init__(self, body, mimetype):
        self.body = body.encode("utf-8")
        self.mimetype = mimetype
        self.digest = hashlib.sha256(self.body).hexdigest()[:16]


def build_bundles(static_folder):
    static = Path(static_folder)

    def read(kind, name):
        return (static / kind / f"{name}.{kind}").read_text(encoding="utf-8")

    css = [f"/* {name}.css */\n{read('css', name)}" for name in SCREEN_SHEETS]
    css.append(f"/* {PRINT_SHEET}.css */\n@media print {{\n{read('css', PRINT_SHEET)}\n}}")
    js = [f"/* {name}.js */\n{read('js', name)}" for name in SCRIPTS]
    return {"site.css": Bundle("\n".join(css) + "\n", "text/css"),
            "site.js": Bundle(";\n".join(js) + "\n", "text/javascript")}


def init_app(app):
    app.extensions["timbang.assets"] = build_bundles(app.static_folder)
    app.register_blueprint(bp)
    app.jinja_env.globals["asset_url"] = asset_url


def asset_url(name):
    """The fingerprinted address of a bundle: 'site.css' or 'site.js'."""
    bundle = current_app.extensions["timbang.assets"][name]
    stem, ext = name.rsplit(".", 1)
    return url_for("assets.bundle", stem=stem, digest=bundle.digest, ext=ext)


@bp.get("/aset/<stem>.<digest>.<ext>")
def bundle(stem, digest, ext):
    found = current_app.extensions["timbang.assets"].get(f"{stem}.{ext}")
    if found is None or found.digest != digest:
        abort(404)
    response = Response(found.body, mimetype=found.mimetype)
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response.set_etag(found.digest)
    return response.make_conditional(request)
