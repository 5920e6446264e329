"""Command-line tools: flask --app wsgi users|demo|audit ..."""
import getpass
import sys

import click
from flask.cli import AppGroup

from consult.extensions import db

users_cli = AppGroup("users", help="Kelola akun.")
demo_cli = AppGroup("demo", help="Data demo.")
audit_cli = AppGroup("audit", help="Log audit berantai hash.")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="Administrator")
@click.option("--password", envvar="TIMBANG_ADMIN_PASSWORD", default=None,
              help="Dibaca dari TIMBANG_ADMIN_PASSWORD atau ditanyakan.")
def create_admin(email, name, password):
    """Buat akun admin baru."""
    from consult.auth.services import create_user, find_user
    from consult.models import Role

    if find_user(email):
        click.echo(f"Akun {email} sudah ada.", err=True)
        sys.exit(1)
    if not password:
        password = getpass.getpass("Kata sandi: ")
    if len(password) < 10:
        click.echo("Kata sandi minimal 10 karakter.", err=True)
        sys.exit(1)
    create_user(email, name, password, role=Role.ADMIN)
    db.session.commit()
    click.echo(f"Admin {email} dibuat.")


@demo_cli.command("load")
def demo_load():
    """Isi basis data kosong dengan data demo."""
    from consult.demo import database_is_empty, load_demo

    if not database_is_empty():
        click.echo("Basis data tidak kosong; data demo tidak dimuat.")
        return
    accounts = load_demo()
    click.echo("Data demo dimuat. Akun demo:")
    for email, password, role in accounts:
        click.echo(f"  {role:<28} {email:<34} {password}")


@demo_cli.command("accounts")
def demo_accounts():
    """Tampilkan akun demo."""
    from consult.demo import DEMO_ACCOUNTS

    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account.role_label:<28} {account.email:<34} {account.password}")


@audit_cli.command("verify")
def audit_verify():
    """Periksa rantai hash log audit; keluar non-nol bila ada mata rantai yang rusak."""
    from consult.audit import verify_chain

    report = verify_chain()
    if report.ok:
        click.echo(f"OK: {report.count} peristiwa, kepala rantai {report.head}")
        return
    click.echo(f"RUSAK pada peristiwa #{report.broken_seq}: {report.problem}", err=True)
    sys.exit(1)


def register_cli(app):
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(audit_cli)
