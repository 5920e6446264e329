"""Backup and restore of the whole database: `flask --app wsgi backup FILE` / `restore FILE`.

SQLite is copied with its online backup API (consistent while the site runs); PostgreSQL with
pg_dump in its custom format and pg_restore --clean. A restore replaces everything in the
database with the backup's contents.
"""
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from consult.extensions import db

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message is for the operator."""


def _sqlite_path(url):
    database = url.database
    if not database or database == ":memory:":
        raise BackupError("Basis data SQLite di memori tidak dapat dicadangkan.")
    return database


def _pg_tool(name):
    folder = os.environ.get("TIMBANG_PG_BIN")
    if folder and (Path(folder) / name).exists():
        return str(Path(folder) / name)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} tidak ditemukan; pasang klien PostgreSQL atau atur "
                          "TIMBANG_PG_BIN.")
    return found


def _pg_args(url):
    """libpq connection arguments and environment (the password never goes on argv)."""
    args = []
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def _run(cmd, env):
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} gagal: {result.stderr.strip()[-2000:]}")
    return result


def backup(database_url, target):
    """Write a consistent copy of the database to `target`. Returns the target path."""
    url = make_url(database_url)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    elif url.get_backend_name() == "postgresql":
        args, env = _pg_args(url)
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", *args,
              "--file", str(partial), url.database], env)
    else:
        raise BackupError(f"Basis data {url.get_backend_name()} tidak didukung.")
    os.replace(partial, target)
    return target


def restore(database_url, source):
    """Replace the database's contents with the backup in `source`. Stop the app servers (or
    expect errors from requests in flight) before restoring."""
    url = make_url(database_url)
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Berkas cadangan {source} tidak ada.")
    with source.open("rb") as f:
        head = f.read(16)
    if url.get_backend_name() == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError("Berkas ini bukan cadangan SQLite.")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("Berkas cadangan rusak (integrity_check gagal).")
            dest = sqlite3.connect(_sqlite_path(url))
            try:
                src.backup(dest)
            finally:
                dest.close()
        finally:
            src.close()
    elif url.get_backend_name() == "postgresql":
        if not head.startswith(PGDUMP_MAGIC):
            raise BackupError("Berkas ini bukan cadangan pg_dump (format custom).")
        args, env = _pg_args(url)
        _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
              "--single-transaction", "--exit-on-error", *args, "--dbname", url.database,
              str(source)], env)
    else:
        raise BackupError(f"Basis data {url.get_backend_name()} tidak didukung.")


# --- command line ---------------------------------------------------------------------------

import click  # noqa: E402
from flask import current_app  # noqa: E402
from flask.cli import with_appcontext  # noqa: E402


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(target):
    """Cadangkan seluruh basis data ke berkas TARGET."""
    try:
        path = backup(current_app.config["SQLALCHEMY_DATABASE_URI"], target)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Cadangan ditulis ke {path} ({path.stat().st_size} bita).")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, exists=True))
@click.option("--yes", is_flag=True, help="Jangan tanyakan konfirmasi.")
@with_appcontext
def restore_command(source, yes):
    """Pulihkan basis data dari berkas cadangan SOURCE (isi sekarang diganti)."""
    if not yes:
        click.confirm("Seluruh isi basis data akan diganti dengan isi cadangan. Lanjutkan?",
                      abort=True)
    db.session.remove()
    db.engine.dispose()  # no pooled connection may hold the old schema
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Basis data dipulihkan dari {source}.")
