"""Public routes of the end of the road: the laporan, the handoff package, Akoma Ntoso.

    /r/<slug>/laporan                    the laporan as a print page (the PDF's HTML)
    /r/<slug>/laporan.pdf | .docx        the stored laporan; 202 while it is being made
    /r/<slug>/laporan/<n>.pdf            the laporan of the n-th consultation period
    /r/<slug>/paket.zip                  the handoff package, once the regulation is promulgated
    /r/<slug>/v/<n>.akn.xml              Akoma Ntoso 3.0 of a published version
    /api/v1/regulations/<slug>/versions/<n>/akn   the same, in the API

The laporan files are made by the background worker (storage.generate_due_reports) or by
`flask --app wsgi reports generate [SLUG]`; a request never renders a PDF of the whole record.
"""
import click
from flask import Blueprint, Response, render_template
from flask_babel import format_date
from flask_babel import gettext as _

from consult.drafting.enactment import enactment_of
from consult.errors import abort_with
from consult.extensions import db
from consult.models import ReportKind
from consult.public import services as public
from consult.record import services
from consult.report import akn, data, package, render, storage

bp = Blueprint("report", __name__, cli_group="reports")
RETRY_AFTER = 30  # seconds: a worker pass plus the time to make a large report
MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@bp.app_template_filter("calendar_date")
def calendar_date(day):
    return format_date(day, "d MMMM yyyy") if day else ""


@bp.app_template_global("enactment_of")
def _enactment_of(regulation):
    return enactment_of(regulation)


bp.add_app_template_global(render.static_file_url, "static_file_url")


def _regulation_or_404(slug):
    regulation, versions = services.load_public_regulation(slug)
    if regulation is None:
        abort_with(404, _("Regulasi tidak ditemukan atau belum diterbitkan."))
    return regulation, versions


def _being_made(regulation):
    page = render_template("report/laporan_pending.html", regulation=regulation,
                           retry_after=RETRY_AFTER)
    return Response(page, status=202, headers={"Retry-After": str(RETRY_AFTER),
                                               "Cache-Control": "no-store"})


def _stored(regulation, period_number, kind):
    stored = storage.current_file(regulation, period_number, kind, with_content=True)
    if stored is None:
        return None
    suffix = f"-masa-{period_number}" if period_number else ""
    name = f"laporan-{regulation.slug}{suffix}.{kind}"
    return Response(stored.content, mimetype=MIMETYPES[str(kind)], headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "ETag": f'"{stored.sha256}"',
        "X-Chain-Head": f"{stored.chain_seq}:{stored.chain_hash}"})


@bp.get("/r/<slug>/laporan")
def laporan_page(slug):
    regulation, versions = _regulation_or_404(slug)
    return render.html(data.build(regulation, versions))


@bp.get("/r/<slug>/laporan.<any(pdf, docx):ext>")
def laporan_file(slug, ext):
    regulation, _versions = _regulation_or_404(slug)
    return _stored(regulation, 0, ReportKind(ext)) or _being_made(regulation)


@bp.get("/r/<slug>/laporan/<int:number>.pdf")
def period_pdf(slug, number):
    regulation, _versions = _regulation_or_404(slug)
    if not 1 <= number <= len(regulation.periods):
        abort_with(404, _("Masa konsultasi ke-%(n)s tidak ada.", n=number))
    return _stored(regulation, number, ReportKind.PDF) or _being_made(regulation)


@bp.get("/r/<slug>/paket.zip")
def package_zip(slug):
    regulation, versions = _regulation_or_404(slug)
    enactment = enactment_of(regulation)
    if enactment is None:
        abort_with(404, _("Paket serah terima tersedia setelah regulasi diundangkan."))
    laporan = storage.current_file(regulation, 0, ReportKind.PDF, with_content=True)
    if laporan is None:
        return _being_made(regulation)
    return Response(package.build_zip(regulation, versions, enactment, laporan.content),
                    mimetype="application/zip", headers={
                        "Content-Disposition":
                            f'attachment; filename="{package.zip_filename(regulation)}"'})


def _akn(slug, number):
    regulation, versions = _regulation_or_404(slug)
    version = public.find_version(versions, number)
    if version is None:
        abort_with(404, _("Versi %(n)s tidak ditemukan atau belum diterbitkan.", n=number))
    body = akn.to_xml(regulation, version, enactment_of(regulation))
    return Response(body, mimetype="application/akn+xml", headers={
        "Content-Disposition": f'inline; filename="{regulation.slug}-v{number}.akn.xml"'})


@bp.get("/r/<slug>/v/<int:number>.akn.xml")
def version_akn(slug, number):
    return _akn(slug, number)


@bp.get("/api/v1/regulations/<slug>/versions/<int:number>/akn")
def api_version_akn(slug, number):
    return _akn(slug, number)


# --- command line: flask --app wsgi reports generate [SLUG] --------------------------------------

@bp.cli.command("generate")
@click.argument("slug", required=False)
@click.option("--force", is_flag=True, help="Buat ulang walaupun catatan tidak berubah.")
def generate_command(slug, force):
    """Buat laporan hasil konsultasi publik yang belum ada atau sudah usang."""
    if slug is None and not force:
        made = storage.generate_due_reports()
    else:
        regulations = services.public_regulations()
        chosen = [r for r in regulations if slug in (None, r.slug)]
        if not chosen:
            raise click.ClickException(f"Regulasi '{slug}' tidak ditemukan atau belum terbit.")
        made = 0
        for regulation in chosen:
            _regulation, versions = services.load_public_regulation(regulation.slug)
            made += storage.generate(regulation, versions, force=force)
    db.session.commit()
    click.echo(f"{made} berkas laporan dibuat.")
