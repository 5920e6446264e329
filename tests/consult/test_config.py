"""Configuration: secrets only from the environment, production refuses to start without one,
development keeps a generated key in the instance folder."""
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import config
from config import (
    Config, DevelopmentConfig, ProductionConfig, TestConfig, _development_secret_key,
    config_from_env, resolve_secret_key,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def instance_dir(tmp_path, monkeypatch):
    folder = tmp_path / "instance"
    monkeypatch.setattr(config, "INSTANCE_DIR", folder)
    return folder


def test_production_refuses_to_start_without_a_secret_key(instance_dir, monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="TIMBANG_SECRET_KEY"):
        resolve_secret_key(ProductionConfig)
    assert not instance_dir.exists()  # and it did not quietly make one up


def test_production_subclass_also_refuses(monkeypatch, instance_dir):
    class Custom(ProductionConfig):
        SECRET_KEY = None

    with pytest.raises(RuntimeError):
        resolve_secret_key(Custom)


def test_production_uses_the_given_key(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "k" * 64)
    assert resolve_secret_key(ProductionConfig) == "k" * 64


def test_development_creates_a_key_once_and_keeps_it(instance_dir, monkeypatch):
    monkeypatch.setattr(DevelopmentConfig, "SECRET_KEY", None)
    first = resolve_secret_key(DevelopmentConfig)
    assert len(first) == 64
    key_file = instance_dir / "secret_key"
    assert key_file.read_text().strip() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600  # readable by the owner only
    assert resolve_secret_key(DevelopmentConfig) == first  # kept across restarts
    assert _development_secret_key() == first


def test_development_keys_differ_between_instances(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path / "a")
    a = _development_secret_key()
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path / "b")
    assert _development_secret_key() != a


def test_tests_have_their_own_key():
    assert TestConfig.SECRET_KEY and resolve_secret_key(TestConfig) == TestConfig.SECRET_KEY


@pytest.mark.parametrize("name, cls", [("development", DevelopmentConfig), ("test", TestConfig),
                                       ("production", ProductionConfig)])
def test_timbang_env_selects_the_config(monkeypatch, name, cls):
    monkeypatch.setenv("TIMBANG_ENV", name)
    assert config_from_env() is cls


def test_unknown_timbang_env_is_an_error(monkeypatch):
    monkeypatch.setenv("TIMBANG_ENV", "staging")
    with pytest.raises(RuntimeError, match="TIMBANG_ENV"):
        config_from_env()


def test_production_defaults_are_safe():
    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.PREFERRED_URL_SCHEME == "https"
    assert Config.SESSION_COOKIE_HTTPONLY and Config.SESSION_COOKIE_SAMESITE == "Lax"
    assert not getattr(DevelopmentConfig, "DEBUG", False)


def test_regency_defaults():
    assert Config.REGENCY_NAME == os.environ.get("TIMBANG_REGENCY_NAME", "Kabupaten Paser")
    assert Config.REGENCY_TIMEZONE == os.environ.get("TIMBANG_TIMEZONE", "Asia/Makassar")


def _start_wsgi(env_overrides, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIMBANG_")}
    env.update({"TIMBANG_INSTANCE_DIR": str(tmp_path / "instance"),
                "TIMBANG_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-c", "import wsgi; print(wsgi.app.name)"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_wsgi_in_production_without_a_key_does_not_start(tmp_path):
    """The real start-up path, in a fresh interpreter reading the real environment."""
    result = _start_wsgi({"TIMBANG_ENV": "production"}, tmp_path)
    assert result.returncode != 0
    assert "TIMBANG_SECRET_KEY must be set in production" in result.stderr
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_wsgi_in_production_with_a_key_starts(tmp_path):
    result = _start_wsgi({"TIMBANG_ENV": "production", "TIMBANG_SECRET_KEY": "s" * 64,
                          "TIMBANG_PUBLIC_BASE_URL": "https://timbang.example.go.id"},
                         tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "consult"


def test_wsgi_in_production_without_a_public_address_does_not_start(tmp_path):
    """Absolute links come only from TIMBANG_PUBLIC_BASE_URL, so production must set it."""
    result = _start_wsgi({"TIMBANG_ENV": "production", "TIMBANG_SECRET_KEY": "s" * 64},
                         tmp_path)
    assert result.returncode != 0
    assert "TIMBANG_PUBLIC_BASE_URL must be set in production" in result.stderr
    bad = _start_wsgi({"TIMBANG_ENV": "production", "TIMBANG_SECRET_KEY": "s" * 64,
                       "TIMBANG_PUBLIC_BASE_URL": "timbang.example.go.id"}, tmp_path)
    assert bad.returncode != 0 and "must start with https://" in bad.stderr


def test_readme_documents_every_environment_variable_of_config_py():
    import re

    names = set(re.findall(r"TIMBANG_[A-Z_]+", (ROOT / "config.py").read_text()))
    readme = (ROOT / "README.md").read_text()
    table = set(re.findall(r"^\| `(TIMBANG_[A-Z_]+)` \|", readme, flags=re.M))
    assert names - table == set()


# --- every setting the application reads can be set from the environment ------------------------

# Keys consult/ reads that are deliberately not environment settings.
FIXED_KEYS = {
    "PASSWORD_HASH_METHOD": "a security choice of the code, not of an instance",
    "SECRET_KEY": "resolved by resolve_secret_key from TIMBANG_SECRET_KEY",
}


# Settings that belong to Flask or an extension (Flask-Login's cookie name, Flask-WTF's field name,
# ...): the application may read them, but they are not Timbang's to offer as variables.
EXTENSION_PREFIXES = ("REMEMBER_COOKIE_", "SESSION_COOKIE_", "WTF_", "RATELIMIT_", "SQLALCHEMY_",
                      "BABEL_")


def _framework_setting(key):
    from flask import Flask

    return key in Flask.default_config or key.startswith(EXTENSION_PREFIXES)


def _keys_read_by_the_application():
    import re

    pattern = re.compile(r"""config(?:\[|\.get\()\s*["']([A-Z][A-Z0-9_]+)["']""")
    keys = set()
    for path in (ROOT / "consult").rglob("*.py"):
        keys |= set(pattern.findall(path.read_text()))
    return keys


def _settings_from_the_environment():
    """Attributes of config.Config whose value is read from a TIMBANG_* variable."""
    import ast

    tree = ast.parse((ROOT / "config.py").read_text())
    config_class = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Config")
    settings = {}
    for node in config_class.body:
        if not isinstance(node, ast.Assign):
            continue
        names = [c.value for c in ast.walk(node.value)
                 if isinstance(c, ast.Constant) and str(c.value).startswith("TIMBANG_")]
        for target in node.targets:
            if names:
                settings[target.id] = names[0]
    return settings


def test_the_scan_finds_the_settings_it_should():
    keys = _keys_read_by_the_application()
    assert {"REGISTER_LIMIT", "RESET_LIMIT_PER_ACCOUNT", "SITE_NAME"} <= keys
    settings = _settings_from_the_environment()
    assert settings["REGISTER_LIMIT"] == "TIMBANG_REGISTER_LIMIT"
    assert "PASSWORD_HASH_METHOD" not in settings
    assert _framework_setting("REMEMBER_COOKIE_NAME") and _framework_setting("MAX_CONTENT_LENGTH")
    assert not _framework_setting("REGISTER_LIMIT")


def test_every_setting_the_application_reads_comes_from_the_environment():
    """A key read from app.config that config.py does not take from a TIMBANG_* variable could
    only be changed by editing the code."""
    missing = {key for key in _keys_read_by_the_application() - set(FIXED_KEYS)
               - set(_settings_from_the_environment()) if not _framework_setting(key)}
    assert missing == set(), f"add TIMBANG_* variables in config.py for {sorted(missing)}"


ENVIRONMENT_SETTINGS = [
    ("TIMBANG_REGISTER_LIMIT", "4 per day", "REGISTER_LIMIT", "4 per day"),
    ("TIMBANG_RESET_LIMIT_ACCOUNT", "1 per hour", "RESET_LIMIT_PER_ACCOUNT", "1 per hour"),
    ("TIMBANG_LOGIN_LIMIT_ACCOUNT", "7 per hour", "LOGIN_LIMIT_PER_ACCOUNT", "7 per hour"),
    ("TIMBANG_INPUT_EDIT_MINUTES", "30", "INPUT_EDIT_MINUTES", 30),
    ("TIMBANG_PASSWORD_RESET_MAX_AGE", "1800", "PASSWORD_RESET_MAX_AGE", 1800),
    ("TIMBANG_INVITATION_MAX_AGE", "86400", "INVITATION_MAX_AGE", 86400),
    ("TIMBANG_DRAFT_UPLOAD_MAX_BYTES", "2048", "DRAFT_UPLOAD_MAX_BYTES", 2048),
    ("TIMBANG_FEED_TAG_DATE", "2025-03-01", "FEED_TAG_DATE", "2025-03-01"),
    ("TIMBANG_SEARCH_INDEX_STRICT", "1", "SEARCH_INDEX_STRICT", True),
    ("TIMBANG_ALLOW_TEST_EMAIL_DOMAINS", "yes", "ALLOW_TEST_EMAIL_DOMAINS", True),
]


def test_settings_are_read_from_the_environment():
    """In a fresh interpreter, since the classes read the environment when config.py loads."""
    import json

    env = {k: v for k, v in os.environ.items() if not k.startswith("TIMBANG_")}
    env.update({name: value for name, value, _, _ in ENVIRONMENT_SETTINGS})
    keys = [key for _, _, key, _ in ENVIRONMENT_SETTINGS]
    result = subprocess.run(
        [sys.executable, "-c", "import json, config; print(json.dumps("
         f"{{k: getattr(config.ProductionConfig, k) for k in {keys!r}}}))"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {key: expected for _, _, key, expected in ENVIRONMENT_SETTINGS}


def test_setting_defaults():
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIMBANG_")}
    result = subprocess.run(
        [sys.executable, "-c", "import config; c = config.Config; print(c.REGISTER_LIMIT, '|', "
         "c.RESET_LIMIT_PER_ACCOUNT, '|', c.INPUT_EDIT_MINUTES, '|', "
         "c.DRAFT_UPLOAD_MAX_BYTES == c.MAX_CONTENT_LENGTH, '|', c.SEARCH_INDEX_STRICT, '|', "
         "c.ALLOW_TEST_EMAIL_DOMAINS)"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert [p.strip() for p in result.stdout.split("|")] == [
        "10 per hour", "3 per hour", "15", "True", "False", "False"]


def test_limits_from_the_environment_are_valid_rate_limits():
    from limits import parse_many

    for key in ("LOGIN_LIMIT_PER_ACCOUNT", "LOGIN_LIMIT_PER_ADDRESS", "INPUT_LIMIT",
                "REGISTER_LIMIT", "RESET_LIMIT_PER_ACCOUNT"):
        assert parse_many(getattr(Config, key)), key


@pytest.mark.parametrize("key", ["LOGIN_LIMIT_PER_ACCOUNT", "INPUT_LIMIT", "REGISTER_LIMIT"])
@pytest.mark.parametrize("value", ["lima per jam", "", "5 per fortnight"])
def test_a_mistyped_limit_stops_the_start_naming_its_variable(key, value):
    from consult import create_app
    from consult.throttle import RATE_LIMITS

    mistyped = type("Mistyped", (TestConfig,), {key: value})
    with pytest.raises(RuntimeError, match=RATE_LIMITS[key]):
        create_app(mistyped)


def test_every_limit_setting_is_checked_at_start():
    from consult.throttle import RATE_LIMITS

    limits = {key for key in dir(Config) if key.endswith("_LIMIT") or "_LIMIT_" in key}
    assert limits - {"WTF_CSRF_TIME_LIMIT"} == set(RATE_LIMITS)


def test_admin_settings_page_lists_the_new_settings(client, login_as):
    login_as("admin")
    html = client.get("/admin/pengaturan").get_data(as_text=True)
    for name in ("TIMBANG_REGISTER_LIMIT", "TIMBANG_RESET_LIMIT_ACCOUNT",
                 "TIMBANG_INPUT_EDIT_MINUTES"):
        assert name in html
