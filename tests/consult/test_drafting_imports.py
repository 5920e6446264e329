"""A scanned PDF uploaded by a drafter: queued, read with OCR by the worker's task page by page
(progress shown), then a draft in the import review; a server without Tesseract says so."""
import io

import pytest

from consult.drafting.imports import process_pending_imports
from consult.models import ImportJob, ImportState, Version
from tests.consult.forms_helper import post
from tests.scans import image_only_pdf
from tests.texts import CORPUS


@pytest.fixture(scope="module")
def scan():
    return image_only_pdf(CORPUS / "pdf" / "perbup_banyuwangi_2012_19.pdf", 4, 4)


def _upload(client, reg, data):
    return post(client, f"/penyusun/r/{reg.slug}/draf/unggah",
                data={"upload-file": (io.BytesIO(data), "perbup-pindaian.pdf")},
                content_type="multipart/form-data")


def test_a_scanned_pdf_is_read_in_the_background_then_reviewed(client, login_as, db, make,
                                                               scan):
    drafter = login_as("drafter")
    reg = make.regulation(actor=drafter)
    response = _upload(client, reg, scan)
    assert response.status_code == 302
    job = db.session.execute(db.select(ImportJob)).scalar_one()
    assert response.headers["Location"].endswith(f"/penyusun/r/{reg.slug}/impor/{job.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Menunggu giliran" in page and 'http-equiv="refresh"' in page

    assert process_pending_imports() == 1
    assert process_pending_imports() == 0
    db.session.expire_all()
    job = db.session.get(ImportJob, job.id)
    assert (job.state, job.pages_done, job.pages_total) == (ImportState.DONE, 1, 1)
    version = db.session.get(Version, job.version_id)
    assert version.source_filename == "perbup-pindaian.pdf" and "Pasal 3" in version.source_text
    page = client.get(f"/penyusun/r/{reg.slug}/impor/{job.id}").get_data(as_text=True)
    assert "Selesai" in page and f"/penyusun/r/{reg.slug}/v/{version.number}/tinjau" in page
    assert "Halaman 1:" in page and 'http-equiv="refresh"' not in page


def test_a_server_without_tesseract_says_so_at_upload(client, login_as, db, make, scan,
                                                      monkeypatch):
    drafter = login_as("drafter")
    reg = make.regulation(actor=drafter)
    monkeypatch.setattr("drafts.ocr.shutil.which", lambda tool: None)
    response = _upload(client, reg, scan)
    assert response.status_code == 422
    assert "OCR tidak tersedia di server ini" in response.get_data(as_text=True)
    assert db.session.execute(db.select(ImportJob)).first() is None


def test_a_job_that_fails_is_said_not_left_running(client, login_as, db, make, scan,
                                                   monkeypatch):
    drafter = login_as("drafter")
    reg = make.regulation(actor=drafter)
    _upload(client, reg, scan)
    monkeypatch.setattr("drafts.ocr.shutil.which", lambda tool: None)  # removed since upload
    assert process_pending_imports() == 1
    db.session.expire_all()
    job = db.session.execute(db.select(ImportJob)).scalar_one()
    assert job.state == ImportState.FAILED and "OCR tidak tersedia" in job.message
    page = client.get(f"/penyusun/r/{reg.slug}/impor/{job.id}").get_data(as_text=True)
    assert "Pembacaan gagal" in page


def test_another_regulations_job_is_not_shown(client, login_as, db, make, scan):
    drafter = login_as("drafter")
    reg = make.regulation(actor=drafter)
    other = make.regulation(actor=drafter)
    _upload(client, reg, scan)
    job = db.session.execute(db.select(ImportJob)).scalar_one()
    assert client.get(f"/penyusun/r/{other.slug}/impor/{job.id}").status_code == 404
