"""Word import (automatic numbering, tables, hostile files) and Perbup-shaped export."""
import io
import zipfile

import docx
import pytest

from drafts import DraftsError, parse_docx, parse_text, render_docx
from drafts.model import UnreadableDocumentError, UnsafeDocumentError

from .conftest import BANYUWANGI, KALBAR


def shape(doc):
    return [(u.kind, u.label) for u in doc.iter_units() if u.kind != "lampiran"]


@pytest.mark.parametrize("path", [BANYUWANGI, KALBAR], ids=lambda p: p.stem)
def test_export_then_import_keeps_the_structure(path, corpus_docs):
    doc = corpus_docs[path.name]
    again = parse_docx(render_docx(doc))
    assert shape(again) == shape(doc)
    assert [p.text for p in again.pasals()] == [p.text for p in doc.pasals()]


def test_export_layout_centres_headings_and_hangs_ayat(corpus_docs):
    data = render_docx(corpus_docs[BANYUWANGI.name])
    d = docx.Document(io.BytesIO(data))
    paras = {}
    for p in d.paragraphs:
        paras.setdefault(p.text, p)
    assert paras["BAB I"].alignment == 1 and paras["Pasal 1"].alignment == 1
    assert paras["BUPATI BANYUWANGI,"].alignment == 1
    ayat = next(p for p in d.paragraphs if p.text.startswith("(1)\t"))
    assert ayat.paragraph_format.first_line_indent < 0 < ayat.paragraph_format.left_indent


def test_word_automatic_numbering_and_preamble_table():
    d = docx.Document()
    d.add_paragraph("PERATURAN BUPATI PASER")
    table = d.add_table(rows=1, cols=3)
    table.cell(0, 0).text = "Menimbang"
    table.cell(0, 1).text = ":"
    table.cell(0, 2).text = "a. bahwa satu;"
    table.cell(0, 2).add_paragraph("b. bahwa dua;")
    d.add_paragraph("Pasal 1")
    for text in ("Satu.", "Dua."):
        d.add_paragraph(text, style="List Number")
    buf = io.BytesIO()
    d.save(buf)
    doc = parse_docx(buf.getvalue())
    assert [c.label for c in doc.units[1].children] == ["a", "b"]
    assert [(c.label, c.text) for c in doc.find("pasal", "1").children] == [
        ("1", "Satu."), ("2", "Dua.")]


def _zip(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_rejects_zip_bomb():
    data = _zip({"word/document.xml": b"<a>" + b"0" * (30 * 1024 * 1024) + b"</a>"})
    with pytest.raises(UnsafeDocumentError) as err:
        parse_docx(data)
    assert "docx" in err.value.message


def test_rejects_entity_declarations():
    xml = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'
    with pytest.raises(UnsafeDocumentError):
        parse_docx(_zip({"word/document.xml": xml}))


@pytest.mark.parametrize("data", [b"", b"not a zip", _zip({"other.txt": b"x"})])
def test_unreadable_docx_raises_drafts_error(data):
    with pytest.raises(DraftsError) as err:
        parse_docx(data)
    assert isinstance(err.value, (UnreadableDocumentError, UnsafeDocumentError))


def test_markdown_parse_of_exported_title_block(corpus_docs):
    doc = parse_text("# PERATURAN BUPATI PASER NOMOR ... TAHUN 2025 TENTANG MEDIA\n\nPasal 1\nIsi.")
    assert doc.title == "PERATURAN BUPATI PASER NOMOR ... TAHUN 2025 TENTANG MEDIA"
