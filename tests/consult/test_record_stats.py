"""Statistics: server-rendered, accessible SVG with table fallbacks; the audit page."""
import re
from xml.etree import ElementTree as ET

import pytest

from consult import audit
from consult.record import stats
from tests.consult import record_world

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def world(make):
    return record_world.build(make)


def _svgs(html):
    return [ET.fromstring(m) for m in re.findall(r"<svg .*?</svg>", html, flags=re.S)]


def test_statistics_page_charts_are_accessible_svg(client, world):
    response = client.get(f"/r/{world.regulation.slug}/statistik")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    svgs = _svgs(html)
    assert len(svgs) == 5
    for svg in svgs:
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert html.count("Lihat sebagai tabel") == 5
    assert "<script>" not in html.split("<main")[1].split("</main>")[0]
    assert "style=" not in html


def test_heatmap_counts_inputs_per_pasal(world):
    groups = stats.heatmap(world.regulation, world.v1)
    cells = {c.label: c.count for g in groups for c in g.cells}
    # Pasal 1: reject + hidden; Pasal 2: the ayat (1) inputs; Pasal 3: accept + withdrawn.
    assert cells["Pasal 1"] == 2 and cells["Pasal 2"] == 3 and cells["Pasal 3"] == 2
    assert cells["Umum"] == 1
    # Keys are stable: the same counts on version 2's table of contents, plus Pasal 2A.
    cells2 = {c.label: c.count for g in stats.heatmap(world.regulation, world.v2)
              for c in g.cells}
    assert cells2["Pasal 2"] == 3 and cells2.get("Pasal 2A") == 0
    titles = [g.title for g in groups]
    assert any(t.startswith("BAB I") for t in titles)


def test_over_time_and_categories(world):
    days = stats.over_time(world.regulation)
    assert sum(n for _d, n in days) == 8
    assert dict(stats.by_category(world.regulation)) == {
        "Dukungan": 1, "Keberatan": 3, "Pertanyaan": 2, "Usulan rumusan": 2}


def test_chart_labels_are_escaped():
    svg = stats.hbar_chart("x", "<t>", "<d>", [("<script>alert(1)</script>", [(3, "#000")])])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(str(svg))  # well-formed


def test_statistics_without_inputs(client, make):
    version = make.published_version()
    html = client.get(f"/r/{version.regulation.slug}/statistik").get_data(as_text=True)
    assert "Belum ada masukan" in html


def test_audit_page_shows_the_head_and_how_to_verify(client, world):
    seq, digest = audit.chain_head()
    html = client.get("/audit").get_data(as_text=True)
    assert f"#{seq}" in html and digest in html
    assert f"{seq}:{digest}" in html
    assert f"audit verify --head {seq}:{digest}" in html
    assert "Cara memeriksa sendiri" in html and "SHA-256" in html
