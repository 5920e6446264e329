"""PDF import end to end on the official PDFs, through pdftotext and through the pypdf fallback."""
import pytest

from drafts import parse_pdf
from drafts.model import UnreadableDocumentError
from drafts.pdf import pdftotext_available

from .conftest import CORPUS

PDF = CORPUS / "pdf"
EXPECTED = {
    "perbup_banyuwangi_2012_19.pdf": [str(i) for i in range(1, 26)],
    "pergub_kalbar_2021_124.pdf": [str(i) for i in range(1, 48)],
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_pypdf_fallback(name):
    doc = parse_pdf((PDF / name).read_bytes(), prefer_pdftotext=False)
    assert [p.label for p in doc.pasals()] == EXPECTED[name]


@pytest.mark.skipif(not pdftotext_available(), reason="poppler-utils (pdftotext) not installed")
@pytest.mark.parametrize("name", list(EXPECTED))
def test_pdftotext(name):
    doc = parse_pdf((PDF / name).read_bytes())
    assert [p.label for p in doc.pasals()] == EXPECTED[name]


@pytest.mark.skipif(not pdftotext_available(), reason="poppler-utils (pdftotext) not installed")
def test_amending_act_from_pdf():
    doc = parse_pdf((PDF / "perda_banjarnegara_2025_8.pdf").read_bytes())
    assert [p.label for p in doc.pasals()] == ["I", "II"]
    assert "81A" in [c.label for c in doc.pasals()[0].children if c.kind == "pasal"]


@pytest.mark.slow
def test_amending_act_from_pdf_with_pypdf():
    doc = parse_pdf((PDF / "perda_banjarnegara_2025_8.pdf").read_bytes(), prefer_pdftotext=False)
    assert [p.label for p in doc.pasals()] == ["I", "II"]
    assert "81A" in [c.label for c in doc.pasals()[0].children if c.kind == "pasal"]


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4 broken", b"hello"])
def test_unreadable_pdf(data):
    with pytest.raises(UnreadableDocumentError):
        parse_pdf(data, prefer_pdftotext=False)
