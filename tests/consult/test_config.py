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
    result = _start_wsgi({"TIMBANG_ENV": "production", "TIMBANG_SECRET_KEY": "s" * 64},
                         tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "consult"


def test_readme_documents_every_environment_variable_of_config_py():
    import re

    names = set(re.findall(r"TIMBANG_[A-Z_]+", (ROOT / "config.py").read_text()))
    readme = (ROOT / "README.md").read_text()
    table = set(re.findall(r"^\| `(TIMBANG_[A-Z_]+)` \|", readme, flags=re.M))
    assert names - table == set()
