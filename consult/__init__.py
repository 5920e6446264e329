"""Timbang's web application: the factory that assembles it."""
import functools
import logging

import sqlalchemy as sa
from flask import Flask
from sqlalchemy import orm

from config import check_public_base_url, config_from_env, resolve_secret_key
from consult import assets, audit, dbpool, errors, fragments, pagecache, security, templating
from consult.admin import views as admin_views
from consult.api import views as api_views
from consult.auth import views as auth_views
from consult.cli import register_cli
from consult.drafting import (
    consultation_views, editor_views, enactment_views, review_views, views as drafting_views,
)
from consult.extensions import babel, csrf, db, limiter, login_manager, migrate
from consult.i18n import select_locale
from consult.main import views as main_views
from consult.models import User
from consult.moderation import views as moderation_views
from consult.notify import receivers as notify_receivers
from consult.notify import services as notify_services
from consult.notify import views as notify_views
from consult.offline import views as offline_views
from consult.orgs import views as orgs_views
from consult.participation import receivers as participation_receivers
from consult.participation import views as participation_views
from consult.public import views as public_views
from consult.record import views as record_views
from consult.report import views as report_views
from consult.throttle import check_rate_limits

# Every module that adds routes, each to the blueprint named in it (`bp`); the blueprints are
# registered in this order.
VIEWS = (
    main_views, auth_views, admin_views,
    drafting_views, consultation_views, editor_views, enactment_views, review_views,
    public_views, api_views, participation_views, orgs_views, moderation_views, notify_views,
    record_views, report_views, offline_views,
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

    check_rate_limits(app)
    _database_timeouts(app)
    _init_extensions(app)
    _register_blueprints(app)

    audit.install_listeners()
    notify_receivers.connect()
    participation_receivers.connect()
    errors.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    assets.init_app(app)
    pagecache.init_app(app)  # after security: its after_request (gzip, store) runs first
    fragments.init_app(app)

    register_cli(app)

    logging.basicConfig(level=logging.INFO)
    # WeasyPrint and fontTools narrate every page of a laporan at INFO: keep their warnings only.
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return app


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
    db.init_app(app)
    with app.app_context():
        dbpool.ping_when_idle(db.engine)

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
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories="translations")
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id):
        uid, _, token = user_id.partition(":")
        if not uid.isdigit():
            return None
        row = db.session.execute(_account_query(), {"user_id": int(uid)}).unique().first()
        if row is None:
            return None
        user, unread = row
        if user.session_token != token or not user.is_active:
            return None
        notify_services.remember_unread(user, unread)
        return user


@functools.cache
def _account_query():
    """The account of a request, in one query: the rules read the memberships (and their
    organisations) on every member's request, and the header shows the unread notifications.
    Built once (building and keying it anew cost 0.15 ms of every request's CPU)."""
    return (sa.select(User, notify_services.unread_query(User.id))
            .options(orm.joinedload(User.memberships))
            .where(User.id == sa.bindparam("user_id", type_=sa.Integer)))


def _register_blueprints(app):
    for blueprint in dict.fromkeys(module.bp for module in VIEWS):
        app.register_blueprint(blueprint)
