"""Configuration classes. Every secret and the database URL come from the environment."""
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("TIMBANG_INSTANCE_DIR", BASE_DIR / "instance"))


def _env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _development_secret_key():
    """Create a secret key once and keep it in instance/ so sessions survive restarts."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    # The regency running this instance. Nothing in the code is specific to Paser.
    REGENCY_NAME = os.environ.get("TIMBANG_REGENCY_NAME", "Kabupaten Paser")
    REGENCY_HEAD = os.environ.get("TIMBANG_REGENCY_HEAD", "Bupati Paser")
    REGENCY_CAPITAL = os.environ.get("TIMBANG_REGENCY_CAPITAL", "Tana Paser")
    REGENCY_PROVINCE = os.environ.get("TIMBANG_REGENCY_PROVINCE", "Provinsi Kalimantan Timur")
    REGENCY_LOGO = os.environ.get("TIMBANG_REGENCY_LOGO", "img/logo.svg")
    REGENCY_TIMEZONE = os.environ.get("TIMBANG_TIMEZONE", "Asia/Makassar")
    SITE_NAME = os.environ.get("TIMBANG_SITE_NAME", "Timbang")

    SECRET_KEY = os.environ.get("TIMBANG_SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "TIMBANG_DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'timbang.db'}"
    )
    # A statement that runs longer than this (a hung or locked database) is cancelled, so the
    # request gets the 503 page instead of a 500 at the app server's worker timeout.
    DATABASE_STATEMENT_TIMEOUT_MS = int(os.environ.get("TIMBANG_DB_STATEMENT_TIMEOUT_MS", 10000))
    # No pool_pre_ping: consult/dbpool.py tests a pooled connection only after it was idle.
    SQLALCHEMY_ENGINE_OPTIONS = {}

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("id", "en")

    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    TRUSTED_PROXIES = int(os.environ.get("TIMBANG_TRUSTED_PROXIES", 0))

    # Shared cache of public pages for anonymous readers (consult/pagecache.py): in this process's
    # memory by default, in Redis when TIMBANG_CACHE_URL (or else TIMBANG_REDIS_URL) is redis://.
    PAGECACHE_ENABLED = _env_bool("TIMBANG_PAGECACHE", True)
    PAGECACHE_URL = os.environ.get("TIMBANG_CACHE_URL") or (
        os.environ.get("TIMBANG_REDIS_URL", "") if os.environ.get(
            "TIMBANG_REDIS_URL", "").startswith(("redis://", "rediss://", "unix://"))
        else "memory://")
    PAGECACHE_MAX_AGE = int(os.environ.get("TIMBANG_PAGECACHE_SECONDS", 60))
    PAGECACHE_MEMORY_BYTES = int(os.environ.get("TIMBANG_PAGECACHE_MEMORY_MB", 64)) * 1024 * 1024
    # Parts of pages shared by every reader, members included (consult/fragments.py).
    FRAGMENTCACHE_ENABLED = _env_bool("TIMBANG_FRAGMENTCACHE", True)
    FRAGMENTCACHE_MEMORY_BYTES = int(os.environ.get("TIMBANG_FRAGMENTCACHE_MEMORY_MB", 32)) \
        * 1024 * 1024
    # gzip for clients that accept it (HTML, CSS, JS, JSON, Atom, SVG, CSV).
    GZIP_ENABLED = _env_bool("TIMBANG_GZIP", True)

    MAX_CONTENT_LENGTH = int(os.environ.get("TIMBANG_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
    # A scan or the minutes attached to an input received offline (within MAX_CONTENT_LENGTH).
    OFFLINE_ATTACHMENT_MAX_BYTES = int(os.environ.get("TIMBANG_OFFLINE_ATTACHMENT_MAX_BYTES",
                                                      5 * 1024 * 1024))
    # A draft file may be smaller still (never larger: MAX_CONTENT_LENGTH caps every request).
    DRAFT_UPLOAD_MAX_BYTES = int(os.environ.get("TIMBANG_DRAFT_UPLOAD_MAX_BYTES",
                                                MAX_CONTENT_LENGTH))

    # Shared state between several app servers (rate limits) lives in Redis in production.
    RATELIMIT_STORAGE_URI = os.environ.get("TIMBANG_REDIS_URL", "memory://")
    # Redis is an accelerator: while it is away, each process counts in its own memory (logged,
    # shown on the admin page) and goes back to Redis when it answers again. A Redis that hangs
    # is given up on after half a second.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    # Off: X-RateLimit-* on form posts serve no browser and cost two Redis round trips per
    # counted post; a 429 still says when to come back (Retry-After, consult/errors.py).
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_ENABLED = True
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("TIMBANG_LOGIN_LIMIT_ACCOUNT", "5 per 15 minutes")
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("TIMBANG_LOGIN_LIMIT_ADDRESS", "20 per 15 minutes")
    INPUT_LIMIT = os.environ.get("TIMBANG_INPUT_LIMIT", "30 per 10 minutes")
    REGISTER_LIMIT = os.environ.get("TIMBANG_REGISTER_LIMIT", "10 per hour")
    RESET_LIMIT_PER_ACCOUNT = os.environ.get("TIMBANG_RESET_LIMIT_ACCOUNT", "3 per hour")
    # Minutes during which the author may still edit a comment or proposal.
    INPUT_EDIT_MINUTES = int(os.environ.get("TIMBANG_INPUT_EDIT_MINUTES", 15))

    MAIL_SERVER = os.environ.get("TIMBANG_MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("TIMBANG_MAIL_PORT", 25))
    MAIL_USE_TLS = _env_bool("TIMBANG_MAIL_USE_TLS")
    MAIL_USERNAME = os.environ.get("TIMBANG_MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("TIMBANG_MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("TIMBANG_MAIL_SENDER", "timbang@localhost")
    # Whom people write to about their personal data (the privacy notice, /privasi).
    PRIVACY_CONTACT = os.environ.get("TIMBANG_PRIVACY_CONTACT") or MAIL_DEFAULT_SENDER
    # When true, mail is written to the log and the admin outbox instead of being sent.
    MAIL_TO_OUTBOX = _env_bool("TIMBANG_MAIL_TO_OUTBOX", True)
    # The delivery worker (`flask --app wsgi mail worker`): SMTP connect/read timeout, attempts
    # before a mail is given up, the first retry's delay (doubled each time), seconds between
    # passes, and minutes between digests of new inputs.
    MAIL_TIMEOUT = float(os.environ.get("TIMBANG_MAIL_TIMEOUT", 10))
    MAIL_MAX_ATTEMPTS = int(os.environ.get("TIMBANG_MAIL_MAX_ATTEMPTS", 8))
    MAIL_RETRY_SECONDS = int(os.environ.get("TIMBANG_MAIL_RETRY_SECONDS", 60))
    WORKER_POLL_SECONDS = float(os.environ.get("TIMBANG_WORKER_POLL_SECONDS", 5))
    DIGEST_MINUTES = int(os.environ.get("TIMBANG_DIGEST_MINUTES", 15))
    PASSWORD_RESET_MAX_AGE = int(os.environ.get("TIMBANG_PASSWORD_RESET_MAX_AGE", 3600))
    INVITATION_MAX_AGE = int(os.environ.get("TIMBANG_INVITATION_MAX_AGE", 7 * 24 * 3600))
    # Seconds a registration's confirmation link stays valid.
    CONFIRM_MAX_AGE = int(os.environ.get("TIMBANG_CONFIRM_MAX_AGE", 48 * 3600))
    # Addresses under the reserved .test domain accepted at registration: demo instances only.
    ALLOW_TEST_EMAIL_DOMAINS = _env_bool("TIMBANG_ALLOW_TEST_EMAIL_DOMAINS", False)

    PASSWORD_HASH_METHOD = "scrypt"

    # Individual citizens (not members of a verified organisation) may participate when enabled.
    ALLOW_INDIVIDUALS = _env_bool("TIMBANG_ALLOW_INDIVIDUALS", False)
    PUBLIC_BASE_URL = os.environ.get("TIMBANG_PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # The date in the feeds' tag: URIs (RFC 4151): when this instance's domain was first used.
    # Set once and never change it, or feed readers see every entry as new.
    FEED_TAG_DATE = os.environ.get("TIMBANG_FEED_TAG_DATE", "2026")
    # When true, a failure to update the search index fails the request instead of being logged.
    SEARCH_INDEX_STRICT = _env_bool("TIMBANG_SEARCH_INDEX_STRICT", False)


class DevelopmentConfig(Config):
    DEBUG = False
    SECRET_KEY = Config.SECRET_KEY  # resolved lazily in create_app when absent


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TIMBANG_TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_TO_OUTBOX = True
    SERVER_NAME = None
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast hashing keeps the suite quick


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = _env_bool("TIMBANG_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = "https"
    MAIL_TO_OUTBOX = _env_bool("TIMBANG_MAIL_TO_OUTBOX", False)
    # No default: every absolute link (mail, feeds, canonical) is built from it.
    PUBLIC_BASE_URL = os.environ.get("TIMBANG_PUBLIC_BASE_URL")


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_env():
    name = os.environ.get("TIMBANG_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"TIMBANG_ENV must be one of {sorted(CONFIGS)}, not {name!r}") from None


def check_public_base_url(config_class):
    """Production must say where it is served; absolute links never come from a Host header."""
    base = config_class.PUBLIC_BASE_URL
    if issubclass(config_class, ProductionConfig) and not base:
        raise RuntimeError("TIMBANG_PUBLIC_BASE_URL must be set in production "
                           "(e.g. https://timbang.paserkab.go.id)")
    if base and not base.startswith(("http://", "https://")):
        raise RuntimeError(f"TIMBANG_PUBLIC_BASE_URL={base!r} must start with https:// or http://")


def resolve_secret_key(config_class):
    if config_class.SECRET_KEY:
        return config_class.SECRET_KEY
    if config_class is ProductionConfig or issubclass(config_class, ProductionConfig):
        raise RuntimeError("TIMBANG_SECRET_KEY must be set in production")
    return _development_secret_key()
