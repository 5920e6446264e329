"""The laporan as HTML (the print page), as PDF (WeasyPrint, from that same HTML) and the chart
both show. Rendered in the document language, Indonesian, whatever the reader's language."""
import io
import os
from urllib.parse import unquote, urlparse

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from consult.public.services import kind_label
from consult.public.services import status_label as regulation_status_label
from consult.record import dim_files, stats

STATUS_COLOURS = {
    "diterima": "#0b5d4b", "diterima_sebagian": "#4f9a80", "ditolak": "#b0413e",
    "ditunda": "#d08a2e", "di_luar_lingkup": "#7a6ca8", "belum": "#e7c46a",
    "ditarik": "#9aa5b1", "disembunyikan": "#c5ccd4",
}
LANGUAGE = "id"
# Above this many inputs the PDF carries the DIM as an attached spreadsheet instead of printed
# pages: WeasyPrint lays out some 50 KB of text a second, and a 5,000-input DIM is megabytes
# (the .docx and the print page always print it in full).
PRINTED_ANNEX_MAX = 300


def annex_name(laporan):
    return f"dim-{laporan.regulation.slug}.xlsx"


def official_kind(regulation):
    """'Peraturan Bupati Paser', 'Peraturan Daerah Kabupaten Paser'."""
    config = current_app.config
    if str(regulation.kind) == "perda":
        return f"{kind_label(regulation.kind)} {config['REGENCY_NAME']}"
    return f"Peraturan {config['REGENCY_HEAD']}"


def _short(bab):
    """'BAB III PENGELOLAAN KONTEN' -> 'BAB III': the bars keep their labels short."""
    words = bab.split()
    return " ".join(words[:2]) if words[:1] == ["BAB"] else bab


def chart(laporan):
    """Inputs per BAB, stacked by status; the figure caption and the tables say the same."""
    items = [(_short(bab), [(counts[key], STATUS_COLOURS[key])
                            for key, _l, _n in laporan.dispositions])
             for bab, counts in laporan.babs]
    svg = stats.hbar_chart("grafik-bab", _("Masukan per BAB menurut status tanggapan"),
                           _("Jumlah masukan setiap BAB, dibagi menurut status tanggapannya."),
                           items)
    words = "; ".join(
        f"{bab}: " + ", ".join(f"{label} {counts[key]}" for key, label, _n in laporan.dispositions
                               if counts[key])
        for bab, counts in laporan.babs)
    return svg + _legend(laporan), _("Grafik: masukan per BAB menurut status tanggapan. "
                                     "%(words)s.", words=words)


def _legend(laporan):
    """The colours of the bars, one status a line (the chart's own legend runs off the page
    in the document's type)."""
    shown = [(key, label) for key, label, n in laporan.dispositions if n]
    rows = "".join(
        f'<rect x="0" y="{i * 16 + 2}" width="11" height="11" fill="{STATUS_COLOURS[key]}"/>'
        f'<text x="16" y="{i * 16 + 12}" font-size="11">{escape(label)}</text>'
        for i, (key, label) in enumerate(shown))
    return Markup(f'<svg class="chart-legend" role="presentation" width="160" '
                  f'height="{len(shown) * 16 + 4}" xmlns="http://www.w3.org/2000/svg">{rows}</svg>')


def html(laporan, for_pdf=False):
    with force_locale(LANGUAGE):
        svg, words = chart(laporan)
        slug = laporan.regulation.slug
        if for_pdf:
            css_url = static_file_url("css/laporan.css")
            logo_url = static_file_url(laporan.regency["logo"])
        else:
            css_url = url_for("static", filename="css/laporan.css")
            logo_url = url_for("static", filename=laporan.regency["logo"])
        return render_template(
            "report/laporan.html", laporan=laporan, chart=svg, chart_text=words,
            css_url=css_url, logo_url=logo_url, annex_name=annex_name(laporan),
            print_annex=not for_pdf or len(laporan.rows) <= PRINTED_ANNEX_MAX,
            official_kind=official_kind(laporan.regulation),
            status_label=regulation_status_label, dim_columns=dim_files.column_titles(),
            public_url=url_for("public.regulation", slug=slug, _external=True),
            audit_url=url_for("record.audit_page", _external=True),
            export_url=url_for("record.export_zip", slug=slug, _external=True),
            dim_url=url_for("record.dim_page", slug=slug, _external=True))


def _static_only_fetcher():
    """A fetcher that reads files under static/ and nothing else (no network, no other file):
    the HTML carries the public's text, escaped, but a fetcher that can reach nothing else is
    the rule that cannot be forgotten."""
    # lazy: WeasyPrint loads its fonts and CSS engine (seconds), needed only for PDFs
    from weasyprint.urls import URLFetcher

    static = os.path.realpath(current_app.static_folder)

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            path = os.path.realpath(unquote(parsed.path))
            if parsed.scheme != "file" or not path.startswith(static + os.sep):
                raise ValueError(f"refused: {url}")
            return super().fetch(url, headers)

    return StaticOnly(allowed_protocols=("file",))


def static_pdf(page, attachments=()):
    """A PDF of an HTML page whose only resources are files under static/."""
    # lazy: WeasyPrint loads its fonts and CSS engine (seconds), needed only for PDFs
    from weasyprint import HTML

    return HTML(string=page, url_fetcher=_static_only_fetcher()).write_pdf(
        attachments=list(attachments))


def pdf(laporan):
    """The laporan's PDF, with the whole DIM attached as a spreadsheet."""
    # lazy: WeasyPrint loads its fonts and CSS engine (seconds), needed only for PDFs
    from weasyprint import Attachment


    sheet = dim_files.to_xlsx(laporan.rows, laporan.regulation)
    attachment = Attachment(file_obj=io.BytesIO(sheet), name=annex_name(laporan),
                            description="Daftar Inventarisasi Masukan (DIM)")
    return static_pdf(html(laporan, for_pdf=True), [attachment])


def static_file_url(name):
    return "file://" + os.path.join(current_app.static_folder, name)
