"""OCR of scanned PDFs: a real regional PDF rasterised as a scanner would give it, read page by
page with Tesseract's Indonesian model; weak pages said; a machine without Tesseract told so."""
import pytest

from drafts import UnreadableDocumentError, parse_text, pdf_text
from drafts.ocr import OcrPage, _confidence, ocr_missing, ocr_pdf, ocr_text
from drafts.pdf import NoTextLayerError
from tests.scans import image_only_pdf
from tests.texts import CORPUS

BANYUWANGI_PDF = CORPUS / "pdf" / "perbup_banyuwangi_2012_19.pdf"


@pytest.fixture(scope="module")
def scan():
    # Pages 4 and 5 of the Banyuwangi Perbup: BAB II to BAB IV, Pasal 2 to Pasal 9.
    return image_only_pdf(BANYUWANGI_PDF, 4, 5)


def test_a_scan_has_no_text_layer(scan):
    with pytest.raises(NoTextLayerError):
        pdf_text(scan)


def test_a_scanned_regional_pdf_is_read_page_by_page(scan):
    seen = []
    pages = ocr_pdf(scan, on_page=lambda page, total: seen.append((page.number, total)))
    assert seen == [(1, 2), (2, 2)]
    assert all(p.confidence > 70 for p in pages)
    text, weak = ocr_text(pages)
    assert weak == []
    doc = parse_text(text)
    # Written by hand from the official PDF's pages 4-5.
    assert [p.label for p in doc.pasals()] == ["2", "3", "4", "5", "6", "7", "8", "9"]
    assert [u.label for u in doc.units if u.kind == "bab"] == ["II", "III", "IV"]
    assert [a.label for a in doc.find("pasal", "3").children] == ["1", "2", "3", "4", "5"]


def test_weak_pages_are_said_on_their_first_line():
    pages = [OcrPage(1, "Pasal 1\nIsi.", 93.0), OcrPage(2, "Pasa1 2\nlsi.", 41.5),
             OcrPage(3, "Pasal 3\nIsi.", 88.0)]
    text, weak = ocr_text(pages)
    assert [(w.line, w.message[:20]) for w in weak] == [(3, "Halaman 2 hasil OCR ")]
    assert text.split("\n")[2] == "\fPasa1 2"


@pytest.mark.parametrize("tsv, expected", [
    ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
     "1\t1\t0\t0\t0\t0\t0\t0\t10\t10\t-1\t\n"
     "5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t90\tPasal\n"
     "5\t1\t1\t1\t1\t2\t0\t0\t10\t10\t70\t1\n", 80.0),
    ("level\tconf\n", 0.0),
])
def test_page_confidence_is_the_mean_of_its_words(tsv, expected):
    assert _confidence(tsv) == expected


def test_a_machine_without_tesseract_gets_a_clear_message(monkeypatch, scan):
    monkeypatch.setattr("drafts.ocr.shutil.which", lambda tool: None)
    message = ocr_missing()
    assert "tesseract-ocr" in message and "tesseract" in message
    with pytest.raises(UnreadableDocumentError) as err:
        ocr_pdf(scan)
    assert err.value.message == message
