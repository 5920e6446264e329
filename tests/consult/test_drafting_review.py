"""The import review: source lines beside the text as read, repairs accepted, lines marked as
heading or body, publication blocked by errors and asking acknowledgement of warnings; a draft
started from an uploaded amending act."""
import io

from consult.drafting import services
from consult.models import Version, VersionState
from tests.consult.forms_helper import post
from tests.drafts.conftest import BANYUWANGI
from tests.drafts.test_amend import AMENDMENT, BASE

import pytest


def _draft(client, make, text, name="perbup.txt"):
    reg = make.regulation()
    response = post(client, f"/penyusun/r/{reg.slug}/draf/unggah",
                    data={"upload-file": (io.BytesIO(text.encode()), name)},
                    content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return reg


def _version(db, number=1):
    return db.session.execute(db.select(Version).where(Version.number == number)).scalar_one()


def _damaged(heading, damaged):
    lines = BANYUWANGI.read_text(encoding="utf-8").split("\n")
    i = next(i for i, l in enumerate(lines) if l.strip() == heading)
    lines[i] = lines[i].replace(heading, damaged)
    return "\n".join(lines), i + 1


def test_a_repair_is_shown_beside_the_source_and_can_be_accepted(client, login_as, db, make):
    login_as("drafter")
    text, line = _damaged("Pasal 7", "Paaal 7")
    reg = _draft(client, make, text)
    page = client.get(f"/penyusun/r/{reg.slug}/v/1/tinjau").get_data(as_text=True)
    assert f'id="baris-{line}"' in page and "Paaal 7" in page
    assert "Terima perbaikan" in page and "Teks terbaca" in page
    response = post(client, f"/penyusun/r/{reg.slug}/v/1/tinjau",
                    data={"line": str(line), "action": "accept", "revision": "1"})
    assert response.status_code == 302
    version = _version(db)
    assert version.source_text.split("\n")[line - 1] == "Pasal 7"
    page = client.get(f"/penyusun/r/{reg.slug}/v/1/tinjau").get_data(as_text=True)
    assert "Paaal 7" not in page


def test_errors_block_publication_until_the_line_is_fixed(client, login_as, db, make):
    login_as("drafter")
    lines = BANYUWANGI.read_text(encoding="utf-8").split("\n")
    i = next(i for i, l in enumerate(lines) if l.strip() == "Pasal 3")
    lines[i - 2] = lines[i - 2].rstrip().rstrip(";.") + ","
    lines[i] = "Pasal 30"
    del lines[i - 1]
    reg = _draft(client, make, "\n".join(lines))
    preview = client.get(f"/penyusun/r/{reg.slug}/v/1/pratinjau").get_data(as_text=True)
    assert "Galat:" in preview and "galat pembacaan" in preview
    response = post(client, f"/penyusun/r/{reg.slug}/v/1/terbitkan",
                    data={"changelog": "Versi pertama.", "revision": "1", "acknowledge": "y"})
    assert response.status_code == 422
    assert _version(db).state == VersionState.DRAFT
    # The drafter says the line is body text: it joins the line before, the error is gone.
    post(client, f"/penyusun/r/{reg.slug}/v/1/tinjau",
         data={"line": str(i), "action": "body", "revision": "1"})
    version = _version(db)
    assert not any(w.level == "error" for w in services.load_document(version).warnings)
    response = post(client, f"/penyusun/r/{reg.slug}/v/1/terbitkan",
                    data={"changelog": "Versi pertama.", "revision": str(version.revision),
                          "acknowledge": "y"})
    assert response.status_code == 302
    assert _version(db).state == VersionState.PUBLISHED


def test_warnings_ask_for_acknowledgement(client, login_as, db, make):
    login_as("drafter")
    text, _line = _damaged("Pasal 7", "Paaal 7")
    reg = _draft(client, make, text)
    response = post(client, f"/penyusun/r/{reg.slug}/v/1/terbitkan",
                    data={"changelog": "Versi pertama.", "revision": "1"})
    assert response.status_code == 422
    assert "peringatan pembacaan sudah diperiksa" in response.get_data(as_text=True)
    response = post(client, f"/penyusun/r/{reg.slug}/v/1/terbitkan",
                    data={"changelog": "Versi pertama.", "revision": "1", "acknowledge": "y"})
    assert response.status_code == 302


def test_a_line_marked_as_heading_stands_alone(client, login_as, db, make):
    login_as("drafter")
    lines = BANYUWANGI.read_text(encoding="utf-8").split("\n")
    i = next(i for i, l in enumerate(lines) if l.strip() == "Pasal 3")
    lines[i - 2] = lines[i - 2].rstrip().rstrip(";.") + " dan"  # "... dan\nPasal 3": a reference?
    del lines[i - 1]
    reg = _draft(client, make, "\n".join(lines))
    doc = services.load_document(_version(db))
    assert "3" not in [p.label for p in doc.pasals()]
    post(client, f"/penyusun/r/{reg.slug}/v/1/tinjau",
         data={"line": str(i), "action": "heading", "revision": "1"})
    doc = services.load_document(_version(db))
    assert [p.label for p in doc.pasals()] == [str(n) for n in range(1, 26)]


def test_first_version_preview_shows_the_parsed_text(client, login_as, make):
    login_as("drafter")
    reg = _draft(client, make, BANYUWANGI.read_text(encoding="utf-8"))
    page = client.get(f"/penyusun/r/{reg.slug}/v/1/pratinjau").get_data(as_text=True)
    assert "Teks terbaca" in page
    assert "Pejabat Pengelola Informasi dan Dokumentasi yang selanjutnya" in page


def test_stale_review_action_changes_nothing(client, login_as, db, make):
    login_as("drafter")
    text, line = _damaged("Pasal 7", "Paaal 7")
    reg = _draft(client, make, text)
    post(client, f"/penyusun/r/{reg.slug}/v/1/tinjau",
         data={"line": str(line), "action": "accept", "revision": "7"})
    assert _version(db).source_text == text


@pytest.mark.parametrize("action, line", [("explode", "3"), ("accept", "999999")])
def test_bad_review_actions_are_refused(client, login_as, db, make, action, line):
    login_as("drafter")
    text, _ = _damaged("Pasal 7", "Paaal 7")
    reg = _draft(client, make, text)
    response = post(client, f"/penyusun/r/{reg.slug}/v/1/tinjau",
                    data={"line": line, "action": action, "revision": "1"})
    assert response.status_code == 302
    assert _version(db).source_text == text


def test_next_version_from_an_uploaded_amending_act(client, login_as, db, make):
    drafter = login_as("drafter")
    reg = make.regulation(actor=drafter)
    make.published_version(reg, BASE.replace("Pasal 16\nIsi enam belas.\n", ""), actor=drafter)
    response = post(client, f"/penyusun/r/{reg.slug}/draf/perubahan",
                    data={"amend-file": (io.BytesIO(AMENDMENT.encode()), "perubahan.txt")},
                    content_type="multipart/form-data")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/penyusun/r/{reg.slug}/v/2/tinjau")
    doc = services.load_document(_version(db, 2))
    assert [p.label for p in doc.pasals()] == ["5", "5A", "6", "7"]
    assert doc.find("pasal", "7").children[0].text == "Ayat satu baru."
    errors = [w for w in doc.warnings if w.level == "error"]
    assert len(errors) == 1 and errors[0].message.startswith("Perubahan angka 3 (Pasal 16)")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Perubahan angka 3 (Pasal 16)" in page


def test_a_text_that_amends_nothing_is_refused(client, login_as, db, make):
    drafter = login_as("drafter")
    reg = make.regulation(actor=drafter)
    make.published_version(reg, BASE, actor=drafter)
    response = post(client, f"/penyusun/r/{reg.slug}/draf/perubahan",
                    data={"amend-file": (io.BytesIO(BASE.encode()), "bukan.txt")},
                    content_type="multipart/form-data")
    assert response.status_code == 422
    assert "bukan naskah perubahan" in response.get_data(as_text=True)
