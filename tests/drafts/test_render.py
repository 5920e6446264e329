"""Rendering: label paths, anchors, safe HTML, Markdown that parses back to the same structure."""
import re

import pytest

from drafts import anchor, label_path, parse_text, render_html, render_markdown, unit_heading_text
from drafts.model import Unit

from .conftest import ALL_TEXTS


def shape(doc):
    def one(u):
        return (u.kind, u.label, [one(c) for c in u.children])
    return [one(u) for u in doc.units]


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: p.stem)
def test_markdown_round_trips_the_structure(path, corpus_docs):
    doc = corpus_docs[path.name]
    again = parse_text(render_markdown(doc))
    assert shape(again) == shape(doc)
    assert again.title == doc.title
    body = [(u.kind, u.label, u.text) for u in doc.iter_units() if u.kind != "lampiran"]
    assert [(u.kind, u.label, u.text) for u in again.iter_units() if u.kind != "lampiran"] == body


def test_label_paths_and_anchors(corpus_docs):
    doc = corpus_docs["perbup_banyuwangi_2012_19.txt"]
    found = {}
    for unit, ancestors in doc.walk():
        found.setdefault(label_path(unit, ancestors), anchor(unit, ancestors))
    assert found["Pasal 4 ayat (4) huruf b"] == "pasal-4-ayat-4-huruf-b"
    assert found["Pasal 16 ayat (1) huruf b angka 3"] == "pasal-16-ayat-1-huruf-b-angka-3"
    assert found["Menimbang huruf c"] == "menimbang-c"
    assert found["Mengingat angka 4"] == "mengingat-4"
    assert found["BAB II"] == "bab-ii"
    assert found["Judul"] == "judul"
    assert found["BAB VI Bagian Kesatu"] == "bab-vi-bagian-kesatu"
    pasal5 = doc.find("pasal", "5")
    assert unit_heading_text(pasal5) == "Pasal 5"


def test_quoted_pasal_path_in_amendment(corpus_docs):
    doc = corpus_docs["perda_banjarnegara_2025_8.txt"]
    paths = {label_path(u, a): anchor(u, a) for u, a in doc.walk()}
    assert paths["Pasal 81A dalam Pasal I"] == "pasal-i-pasal-81a"
    assert paths["Pasal 45 ayat (2) dalam Pasal I"] == "pasal-i-pasal-45-ayat-2"


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: p.stem)
def test_html_ids_unique_no_inline_style(path, corpus_docs):
    html = render_html(corpus_docs[path.name])
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert "style=" not in html and "<script" not in html


XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='x",
       "</li><li>", "&amp; &lt;"]


@pytest.mark.parametrize("payload", XSS)
def test_html_escapes_text(payload):
    doc = parse_text(f"PERATURAN BUPATI {payload}\n\nPasal 1\n(1) Isi {payload}\nBAB II\n{payload}")
    html = render_html(doc)
    assert "<script>" not in html and "<img" not in html and "onmouseover='" not in html
    assert "</li><li>" not in html.replace("</li>\n<li", "")


def test_anchor_of_a_bare_unit():
    assert anchor(Unit("pasal", "5A")) == "pasal-5a"
    assert anchor(Unit("bab", "IXA")) == "bab-ixa"
