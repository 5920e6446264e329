"""Downloads of published versions: .docx that Word opens, .md that parses back the same."""
import io

import docx
import pytest

import drafts
from tests.consult.public_fixtures import two_versions  # noqa: F401
from tests.texts import MEDIA_V2


def _pasal_labels(doc):
    return [u.label for u in doc.pasals()]


def test_markdown_download_reparses_to_the_same_pasal(client, two_versions):
    response = client.get("/r/perbup-media/v/2.md")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"  # one charset
    assert response.headers["Content-Disposition"] == 'attachment; filename="perbup-media-v2.md"'
    reparsed = drafts.parse_text(response.get_data(as_text=True))
    assert _pasal_labels(reparsed) == ["1", "2", "3", "4", "5"]
    assert _pasal_labels(reparsed) == _pasal_labels(drafts.parse_text(MEDIA_V2))


def test_docx_download_opens_with_python_docx(client, two_versions):
    response = client.get("/r/perbup-media/v/1.docx")
    assert response.status_code == 200
    assert response.mimetype == ("application/vnd.openxmlformats-officedocument."
                                 "wordprocessingml.document")
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="perbup-media-v1.docx"'
    document = docx.Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    for n in range(1, 5):
        assert f"Pasal {n}" in text
    assert "Ketentuan lebih lanjut ditetapkan oleh Kepala Dinas." in text


@pytest.mark.parametrize("ext", ["md", "docx"])
def test_downloads_are_cacheable_by_hash(client, two_versions, ext):
    _reg, _v1, v2 = two_versions
    first = client.get(f"/r/perbup-media/v/2.{ext}")
    assert v2.sha256 in first.headers["ETag"]
    again = client.get(f"/r/perbup-media/v/2.{ext}",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_draft_cannot_be_downloaded(client, make, two_versions):
    regulation, _v1, _v2 = two_versions
    make.draft_version(regulation, MEDIA_V2)
    assert client.get("/r/perbup-media/v/3.md").status_code == 404
    assert client.get("/r/perbup-media/v/3.docx").status_code == 404
