"""A scanned PDF uploaded by a drafter: queued, read with OCR by the worker's task page by page
(progress shown), then a draft in the import review; a server without Tesseract says so."""
import io

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from consult.drafting.imports import page_confidences, process_pending_imports
from consult.models import ImportJob, ImportState, Version
from consult.unit_rows import load_document
from drafts.ocr import WEAK_CONFIDENCE
from tests.consult.forms_helper import csrf_token
from tests.scans import image_only_pdf
from tests.texts import CORPUS


@pytest.fixture(scope="module")
def scan():
    return image_only_pdf(CORPUS / "pdf" / "perbup_banyuwangi_2012_19.pdf", 4, 4)


def _upload(client, reg, data):
    # The body is encoded here, in memory: the test client would spool a body over 500 KB to a
    # temporary file it never closes (a ResourceWarning, an error under pytest here).
    boundary, body = encode_multipart(MultiDict({
        "csrf_token": csrf_token(client),
        "upload-file": FileStorage(io.BytesIO(data), "perbup-pindaian.pdf")}))
    return client.post(f"/penyusun/r/{reg.slug}/draf/unggah", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


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


def _numbers(last):
    return [str(i) for i in range(1, last + 1)]


# Two real scanned Perbup of Kabupaten Donggala (JDIH uploads, no text layer; see
# tests/corpus/README.md), their structure written by hand from the page images.
REAL_SCANS = [
    ("perbup_donggala_2025_11_scan.pdf", 3, _numbers(4),
     {"2": ["a", "b", "c", "d"], "3": ["1", "2"]}),
    ("perbup_donggala_2025_8_scan.pdf", 5, _numbers(8),
     {"1": _numbers(8), "2": ["1", "2"], "3": ["1", "2", "3"], "4": ["1", "2", "3"],
      "5": ["1", "2", "3"], "6": [], "7": ["1", "2", "3"]}),
]


@pytest.mark.parametrize("name, pages, pasal, children", REAL_SCANS)
def test_a_real_scanned_perbup_through_the_worker_to_the_review(client, login_as, db, make,
                                                                  name, pages, pasal, children):
    drafter = login_as("drafter")
    reg = make.regulation(actor=drafter)
    data = (CORPUS / "pdf" / name).read_bytes()
    assert _upload(client, reg, data).status_code == 302
    assert process_pending_imports() == 1
    db.session.expire_all()
    job = db.session.execute(db.select(ImportJob)).scalar_one()
    assert (job.state, job.pages_done, job.pages_total) == (ImportState.DONE, pages, pages)
    confidences = page_confidences(job)
    assert len(confidences) == pages
    version = db.session.get(Version, job.version_id)
    doc = load_document(version)
    assert [p.label for p in doc.pasals()] == pasal
    assert [u.label for u in doc.units if u.kind == "bab"] == []
    for label, expected in children.items():
        assert [c.label for c in doc.find("pasal", label).children] == expected
    # A page is marked weak exactly when its confidence is under the threshold.
    weak = [w for w in doc.warnings if w.message.startswith("Halaman ")]
    assert len(weak) == sum(c < WEAK_CONFIDENCE for c in confidences)
    status = client.get(f"/penyusun/r/{reg.slug}/impor/{job.id}").get_data(as_text=True)
    assert all(f"Halaman {n}:" in status for n in range(1, pages + 1))
    review = client.get(f"/penyusun/r/{reg.slug}/v/{version.number}/tinjau")
    assert review.status_code == 200
    text = review.get_data(as_text=True)
    assert all(f"Pasal {label}" in text for label in pasal)
