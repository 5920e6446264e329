"""Importing a draft from a file: every failure gets a clear Indonesian message and changes
nothing; real .docx, .txt and .pdf files import."""
import html
import io
import zipfile

import pytest
from docx import Document as WordDocument

import drafts
from consult.models import Version
from consult.unit_rows import pasal_units
from tests.consult.forms_helper import post
from tests.texts import CORPUS

BANYUWANGI = CORPUS / "perbup_banyuwangi_2012_19.txt"


@pytest.fixture
def reg(make, login_as):
    drafter = login_as("drafter")
    return make.regulation(actor=drafter)


def upload(client, reg, name, data):
    return post(client, f"/penyusun/r/{reg.slug}/draf/unggah",
                data={"upload-file": (io.BytesIO(data), name)},
                content_type="multipart/form-data")


def no_versions(db):
    return db.session.execute(db.select(Version)).first() is None


def word_file(paragraphs):
    doc = WordDocument()
    for text in paragraphs:
        doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name, data, message", [
    ("rancangan.exe", b"MZ\x90\x00", "Jenis berkas tidak didukung"),
    ("rancangan.docx", b"Pasal 1\nIni sebenarnya teks.", "bukan dokumen Word (.docx) yang sah"),
    ("rancangan.pdf", b"<html>bukan pdf</html>", "bukan PDF yang sah"),
    ("rancangan.txt", b"\x00\x01\x02binary\x00", "data biner"),
    ("kosong.md", b"", "kosong"),
], ids=["wrong extension", "docx not a zip", "pdf not a pdf", "binary text file", "empty"])
def test_files_that_are_not_what_they_claim_are_refused(client, db, reg, name, data, message):
    response = upload(client, reg, name, data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert no_versions(db)


def test_corrupt_docx_is_refused(client, db, reg):
    good = word_file(["Pasal 1", "Isi pasal."])
    corrupt = good[: len(good) // 2]  # a truncated zip: the central directory is gone
    response = upload(client, reg, "rusak.docx", corrupt)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "error-text" in page
    assert no_versions(db)


def test_docx_zip_bomb_is_refused(client, db, reg):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        # 40 MB of zeros compress to about 40 KB: a ratio no real document has.
        archive.writestr("word/document.xml", b"<w:document>" + b"0" * (40 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 200 * 1024
    with pytest.raises(drafts.DraftsError) as refused:
        drafts.parse_docx(data)
    response = upload(client, reg, "bom.docx", data)
    assert response.status_code == 422
    assert html.escape(refused.value.message) in response.get_data(as_text=True)
    assert no_versions(db)


def test_file_over_the_per_file_limit_gets_a_form_error(app, client, db, reg):
    app.config["DRAFT_UPLOAD_MAX_BYTES"] = 1024
    response = upload(client, reg, "besar.txt", b"Pasal 1\n" + b"a" * 4096)
    assert response.status_code == 422
    assert "Berkas terlalu besar" in response.get_data(as_text=True)
    assert no_versions(db)


def test_request_over_max_content_length_gets_413_page(app, client, db, reg):
    app.config["MAX_CONTENT_LENGTH"] = 2048
    response = upload(client, reg, "besar.txt", b"Pasal 1\n" + b"a" * 8192)
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)
    assert no_versions(db)


def test_real_docx_round_trip(client, db, reg):
    data = word_file([
        "PERATURAN BUPATI CONTOH", "NOMOR ... TAHUN 2026", "TENTANG", "UJI COBA",
        "BAB I", "KETENTUAN UMUM",
        "Pasal 1", "(1) Ayat pertama dari berkas Word.", "(2) Ayat kedua.",
        "Pasal 2", "Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.",
    ])
    response = upload(client, reg, "rancangan.docx", data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    version = db.session.execute(db.select(Version)).scalar_one()
    assert version.source_filename == "rancangan.docx"
    assert version.source_file == data
    assert [u.label for u in pasal_units(version)] == ["1", "2"]
    assert "Ayat pertama dari berkas Word." in version.source_text


def test_corpus_banyuwangi_imports_with_pasal_1_to_25(client, db, reg):
    data = BANYUWANGI.read_bytes()
    response = upload(client, reg, "perbup_banyuwangi_2012_19.txt", data)
    assert response.status_code == 302
    version = db.session.execute(db.select(Version)).scalar_one()
    labels = [u.label for u in pasal_units(version)]
    assert labels == [str(n) for n in range(1, 26)]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Pasal 25" in page and "Peringatan pembacaan" in page


def test_corpus_pdf_imports(client, db, reg):
    pdf = CORPUS / "pdf" / "perbup_banyuwangi_2012_19.pdf"
    response = upload(client, reg, "perbup.pdf", pdf.read_bytes())
    assert response.status_code == 302
    version = db.session.execute(db.select(Version)).scalar_one()
    assert len(pasal_units(version)) == 25
