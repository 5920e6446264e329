"""Command line: flask --app wsgi inputs import|groups, answers export|import (issue 16)."""
import json
import sys
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from consult.auth.services import find_user
from consult.extensions import db
from consult.i18n import request_context
from consult.models import Regulation
from consult.offline import bulk
from consult.participation import groups, workbook
from consult.participation.services import ParticipationError

inputs_cli = AppGroup("inputs", help="Masukan: impor masukan luring, kelompok masukan serupa.")
answers_cli = AppGroup("answers", help="Lembar kerja tanggapan penyusun (.xlsx).")


def load_regulation(slug):
    regulation = db.session.execute(
        sa.select(Regulation).where(Regulation.slug == slug)).scalar_one_or_none()
    if regulation is None:
        click.echo(f"Regulasi {slug} tidak ditemukan.", err=True)
        sys.exit(2)
    return regulation


def load_user(email):
    user = find_user(email)
    if user is None:
        click.echo(f"Akun {email} tidak ditemukan.", err=True)
        sys.exit(2)
    return user


@inputs_cli.command("import")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--as", "email", required=True, help="Surel penyusun yang mencatat.")
@click.option("--json", "as_json", is_flag=True, help="Cetak nomor masukan baru sebagai JSON.")
def import_inputs(slug, file, email, as_json):
    """Impor masukan luring dari CSV atau .xlsx: semua baris atau tidak sama sekali."""
    regulation = load_regulation(slug)
    actor = load_user(email)
    path = Path(file)
    # One request context for the whole import (messages are translated in one): the hooks
    # would otherwise open one per row.
    with request_context():
        try:
            result = bulk.preview(regulation, path.name, path.read_bytes())
            if result.errors:
                for row in result.errors:
                    click.echo(f"baris {row.number}: {row.error}", err=True)
                click.echo("Tidak ada yang disimpan.", err=True)
                sys.exit(1)
            # Read before the commit, which expires them (5,000 reloads afterwards).
            numbers = [item.number for item in bulk.import_rows(actor, regulation, result)]
        except (bulk.BulkError, ParticipationError) as exc:
            db.session.rollback()
            click.echo(str(exc), err=True)
            sys.exit(1)
        db.session.commit()
    if as_json:
        click.echo(json.dumps(numbers))
    else:
        click.echo(f"{len(numbers)} masukan disimpan: No. {', '.join(map(str, numbers))}")


@inputs_cli.command("groups")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Cetak kelompok sebagai JSON.")
def input_groups(slug, as_json):
    """Kelompok masukan yang hampir sama (kampanye, surat berformat sama)."""
    regulation = load_regulation(slug)
    found = groups.regulation_groups(regulation)
    if as_json:
        click.echo(json.dumps({"groups": [group.as_json() for group in found]},
                              ensure_ascii=False))
        return
    for group in found:
        click.echo(f"{len(group.inputs):>5}  No. {group.representative}: "
                   f"{', '.join(map(str, group.inputs))}")


@answers_cli.command("export")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
def export_answers(slug, file):
    """Unduh lembar kerja tanggapan: setiap masukan dengan kolom Tanggapan dan Penjelasan."""
    regulation = load_regulation(slug)
    with request_context():
        Path(file).write_bytes(workbook.export(regulation))
    click.echo(f"Lembar kerja ditulis ke {file}.")


@answers_cli.command("import")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--as", "email", required=True, help="Surel penyusun yang menyiapkan tanggapan.")
@click.option("--dry-run", is_flag=True, help="Periksa saja; tidak ada yang disimpan.")
@click.option("--json", "as_json", is_flag=True, help="Cetak hasil sebagai JSON.")
def import_answers(slug, file, email, dry_run, as_json):
    """Baca lembar kerja yang sudah diisi: tanggapan disiapkan (belum terbit); konflik dan
    kesalahan dilaporkan per baris dan tidak pernah menimpa."""
    regulation = load_regulation(slug)
    actor = load_user(email)
    with request_context():
        try:
            result = workbook.read(regulation, Path(file).read_bytes())
            if not dry_run:
                workbook.apply(actor, regulation, result)
        except ParticipationError as exc:
            db.session.rollback()
            click.echo(exc.message, err=True)
            sys.exit(1)
    if not dry_run:
        db.session.commit()
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False))
        return
    verb = "akan disiapkan" if dry_run else "disiapkan"
    click.echo(f"{len(result.prepared)} tanggapan {verb}, {len(result.unchanged)} tidak berubah, "
               f"{len(result.errors)} kesalahan.")
    for error in result.errors:
        click.echo(f"baris {error['row']}: {error['message']}", err=True)
