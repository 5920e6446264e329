"""Command-line tools: flask --app wsgi users|demo|audit ..."""
import getpass
import sys

import click
from flask.cli import AppGroup

from consult import chainformat, worker
from consult.audit import chain_head, verify_chain
from consult.auth.services import create_user, find_user
from consult.backup import backup_command, restore_command
from consult.demo import DEMO_ACCOUNTS, database_is_empty, load_demo
from consult.extensions import db
from consult.models import Role
from consult.offline.cli import answers_cli, inputs_cli

users_cli = AppGroup("users", help="Kelola akun.")
demo_cli = AppGroup("demo", help="Data demo.")
audit_cli = AppGroup("audit", help="Log audit berantai hash.")
mail_cli = AppGroup("mail", help="Pengiriman surel dan pekerjaan latar belakang.")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="Administrator")
@click.option("--password", envvar="TIMBANG_ADMIN_PASSWORD", default=None,
              help="Dibaca dari TIMBANG_ADMIN_PASSWORD atau ditanyakan.")
def create_admin(email, name, password):
    """Buat akun admin baru."""
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
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account.role_label:<28} {account.email:<34} {account.password}")


@audit_cli.command("verify")
@click.option("--head", "expected_head", default=None, metavar="NOMOR:HASH",
              help="Kepala rantai yang dicatat sebelumnya (dari halaman /audit atau ekspor); "
                   "harus masih ada di rantai.")
@click.option("--export", "export_file", default=None, metavar="BERKAS.zip",
              type=click.Path(exists=True, dir_okay=True),
              help="Periksa ekspor yang diunduh (ZIP atau folder) alih-alih basis data.")
def audit_verify(expected_head, export_file):
    """Periksa rantai hash log audit; keluar non-nol bila ada mata rantai yang rusak."""
    try:
        expect = chainformat.parse_head(expected_head) if expected_head else None
    except ValueError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    if export_file:
        try:
            message = chainformat.verify_export(export_file, expect)
        except chainformat.FAILURES as exc:
            click.echo(f"RUSAK: {exc}", err=True)
            sys.exit(1)
    else:
        report = verify_chain(expect_head=expect)
        if not report.ok:
            click.echo(report.message, err=True)
            sys.exit(1)
        message = report.message
    click.echo(message)
    if expect is None:
        click.echo("Peristiwa terbaru tidak dapat diperiksa: tanpa --head NOMOR:HASH yang dicatat "
                   "di luar sistem, penghapusan atau penggantian peristiwa paling akhir tidak "
                   "akan terdeteksi.")


@audit_cli.command("head")
def audit_head():
    """Tampilkan kepala rantai (NOMOR:HASH) untuk dicatat di luar sistem."""
    seq, digest = chain_head()
    click.echo(f"{seq}:{digest}")


@mail_cli.command("worker")
@click.option("--once", is_flag=True, help="Satu putaran: kirim yang jatuh tempo, lalu keluar.")
@click.option("--poll", type=float, default=None, metavar="DETIK",
              help="Jeda antarputaran (bawaan TIMBANG_WORKER_POLL_SECONDS).")
def mail_worker(once, poll):
    """Kirim surel dari kotak keluar dan jalankan pekerjaan latar belakang; berhenti bersih pada
    SIGTERM."""
    if once:
        counts = worker.run_pass()
        click.echo(", ".join(f"{name}: {n}" for name, n in counts.items()))
        return
    worker.run_forever(poll)


def register_cli(app):
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(inputs_cli)
    app.cli.add_command(answers_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
