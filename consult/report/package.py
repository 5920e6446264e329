"""The handoff package for the legal bureau and the JDIH: one ZIP with the final text (.docx,
.pdf), the DIM (.xlsx), the laporan (.pdf), the full record export, and a manifest with the
SHA-256 of each file and the audit chain head."""
import hashlib
import io
import json
import re
import zipfile

from flask import render_template
from flask_babel import force_locale
from markupsafe import Markup, escape

import drafts
from consult import audit, clock
from consult.public import text_tree as public_text
from consult.record import dim, dim_files, export
from consult.report.render import LANGUAGE, official_kind, static_pdf
from consult.unit_rows import load_document


_BLANK_NUMBER = re.compile(r"NOMOR\s*(?:\.\s*){2,}\s*TAHUN(\s+\d{4})?")


def numbered(regulation, text_html):
    """The drafts' blank "NOMOR ... TAHUN" in the title, filled with the enacted number."""
    if not regulation.number:
        return Markup(text_html)
    filled = f"NOMOR {escape(regulation.number)} TAHUN {regulation.year or ''}".rstrip()
    return Markup(_BLANK_NUMBER.sub(filled, text_html, count=1))


def _public_text(regulation, version):
    """The text as the public version page renders it (its print sheet styles it)."""
    tree = public_text.version_text(version)
    page = render_template("public/_version_text.html", text=tree, regulation=regulation,
                           version=version, count_mark=public_text.count_mark)
    return public_text.fill_counts(page, {}, "", "")


def final_text_pdf(regulation, version, enactment):
    with force_locale(LANGUAGE):
        page = render_template("report/final_text.html", regulation=regulation,
                               version=version, enactment=enactment,
                               official_kind=official_kind(regulation),
                               text_html=numbered(regulation, _public_text(regulation,
                                                                           version)))
    return static_pdf(page)


def files(regulation, versions, enactment, laporan_pdf):
    """{name in the ZIP: bytes}, without the manifest."""
    final = enactment.final_version
    base = f"{regulation.slug}"
    return {
        f"{base}-teks-final.docx": drafts.render_docx(load_document(final)),
        f"{base}-teks-final.pdf": final_text_pdf(regulation, final, enactment),
        f"{base}-dim.xlsx": dim_files.to_xlsx(dim.build_rows(regulation, versions), regulation),
        f"{base}-laporan.pdf": laporan_pdf,
        f"{base}-catatan-lengkap.zip": export.build_zip(regulation, versions),
    }


def manifest(regulation, enactment, contents):
    seq, digest = audit.chain_head()
    return {
        "regulation": regulation.slug, "title": regulation.title,
        "number": regulation.number, "year": regulation.year,
        "final_version": enactment.final_version.number,
        "signed_on": enactment.signed_on.isoformat(),
        "promulgated_on": enactment.promulgated_on.isoformat(),
        "berita_daerah_number": enactment.berita_number, "jdih_url": enactment.jdih_url,
        "generated_at": clock.iso(clock.now()),
        "chain_head": {"seq": seq, "hash": digest},
        "files": {name: hashlib.sha256(data).hexdigest()
                  for name, data in sorted(contents.items())},
    }


def build_zip(regulation, versions, enactment, laporan_pdf):
    contents = files(regulation, versions, enactment, laporan_pdf)
    listing = json.dumps(manifest(regulation, enactment, contents), ensure_ascii=False,
                         indent=2).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", listing)
        for name, data in sorted(contents.items()):
            archive.writestr(name, data)
    return out.getvalue()


def zip_filename(regulation):
    return f"paket-{regulation.slug}.zip"
