"""Timbang's web application: the factory that assembles it."""
import logging

from flask import Flask, has_request_context, session

from config import check_public_base_url, config_from_env, resolve_secret_key

BLUEPRINTS = (
    "consult.main.views",
    "consult.auth.views",
    "consult.admin.views",
    "consult.drafting.views",
    "consult.public.views",
    "consult.api.views",
    "consult.participation.views",
    "consult.orgs.views",
    "consult.moderation.views",
    "consult.notify.views",
    "consult.record.views",
    "consult.report.views",
    "consult.offline.views",
)


def create_app(config=None):
    app = Flask(__name__, template_folder="../templates", static_folder="../static",
                instance_relative_config=False)
    config_class = config or config_from_env()
    app.config.from_object(config_class)
    app.config["SECRET_KEY"] = resolve_secret_key(config_class)
    check_public_base_url(config_class)
    if isinstance(config, dict):  # tests may pass overrides
        app.config.update(config)

    _check_rate_limits(app)
    _database_timeouts(app)
    _init_extensions(app)
    _register_blueprints(app)

    from consult import assets, audit, errors, fragments, pagecache, security, templating
    audit.install_listeners()
    errors.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    assets.init_app(app)
    pagecache.init_app(app)  # after security: its after_request (gzip, store) runs first
    fragments.init_app(app)

    from consult.cli import register_cli
    register_cli(app)

    logging.basicConfig(level=logging.INFO)
    # WeasyPrint and fontTools narrate every page of a laporan at INFO: keep their warnings only.
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return app


RATE_LIMITS = {
    "LOGIN_LIMIT_PER_ACCOUNT": "TIMBANG_LOGIN_LIMIT_ACCOUNT",
    "LOGIN_LIMIT_PER_ADDRESS": "TIMBANG_LOGIN_LIMIT_ADDRESS",
    "INPUT_LIMIT": "TIMBANG_INPUT_LIMIT",
    "REGISTER_LIMIT": "TIMBANG_REGISTER_LIMIT",
    "RESET_LIMIT_PER_ACCOUNT": "TIMBANG_RESET_LIMIT_ACCOUNT",
}


def _check_rate_limits(app):
    """A mistyped limit stops the start with its variable named, instead of failing every
    request to the page it guards."""
    from limits import parse_many

    for key, env in RATE_LIMITS.items():
        value = app.config.get(key)
        try:
            parse_many(value)
        except (ValueError, TypeError):
            raise RuntimeError(
                f"{env}={value!r} is not a rate limit such as '5 per 15 minutes'") from None


def _database_timeouts(app):
    """A hung or locked database gives the 503 page, never a 500 at the app server's worker
    timeout: PostgreSQL cancels a statement (and a lock wait) after
    DATABASE_STATEMENT_TIMEOUT_MS and gives up connecting after 5 s; SQLite waits as long for
    its write lock."""
    ms = int(app.config["DATABASE_STATEMENT_TIMEOUT_MS"])
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(options.get("connect_args") or {})
    if str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        connect_args.setdefault("connect_timeout", 5)
        connect_args.setdefault("options", f"-c statement_timeout={ms} -c lock_timeout={ms}")
    else:
        connect_args.setdefault("timeout", ms / 1000)
    options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _init_extensions(app):
    from consult.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)

    @app.teardown_appcontext
    def _remove_session_even_if_database_died(exc):
        # Runs before Flask-SQLAlchemy's own teardown. When the database went away during the
        # request, the final ROLLBACK fails too; that must not turn a finished response (often
        # the 503 page) into a 500. The broken connection is discarded by the pool.
        try:
            db.session.remove()
        except Exception:
            logging.getLogger(__name__).warning("session teardown failed; connection dropped")
            db.session.registry.clear()
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    limiter._storage_dead = False  # Flask-Limiter keeps its Redis-is-away flag across apps
    babel.init_app(app, locale_selector=_select_locale,
                   default_translation_directories="translations")
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"

    from consult import models  # noqa: F401  (register tables)

    @login_manager.user_loader
    def load_user(user_id):
        from consult.models import User

        uid, _, token = user_id.partition(":")
        if not uid.isdigit():
            return None
        user = db.session.get(User, int(uid))
        if user is None or user.session_token != token or not user.is_active:
            return None
        return user


def _select_locale():
    if not has_request_context():  # CLI commands and background work speak Indonesian
        return "id"
    lang = session.get("lang")
    if lang in ("id", "en"):
        return lang
    return "id"  # Indonesian first, whatever the browser says


def _register_blueprints(app):
    import importlib

    for name in BLUEPRINTS:
        module = importlib.import_module(name)
        app.register_blueprint(module.bp)
