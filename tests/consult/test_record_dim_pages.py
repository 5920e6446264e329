"""The DIM page at scale: one page at a time, filters that survive paging, row permalinks, a
fixed number of queries; and downloads that keep every input whatever the page shows."""
import csv
import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consult.record import dim, dim_files, dim_query
from tests.consult import record_world
from tests.consult.public_fixtures import page_queries


@pytest.fixture
def world(make):
    return record_world.build(make)


@pytest.fixture
def small_pages(monkeypatch):
    """Three rows a page: the record world's eight inputs fill three pages."""
    monkeypatch.setattr(dim_query, "PER_PAGE", 3)


@pytest.fixture(autouse=True)
def no_page_cache(app):
    """Every request renders (a cached page would hide both the rows and the queries)."""
    app.config["PAGECACHE_ENABLED"] = False


def _numbers(html):
    return [int(n) for n in re.findall(r'<tr id="no-(\d+)"', html)]


def _page(client, world, query=""):
    response = client.get(f"/r/{world.regulation.slug}/dim{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _number(world, key):
    return world.inputs[key].number


def _unit_key(world, label):
    return record_world.unit(world.v1, label).key


# --- paging -------------------------------------------------------------------------------------

def test_page_shows_one_page_with_its_place_in_the_whole(client, world, small_pages):
    everyone = sorted(i.number for i in world.inputs.values())
    first = _page(client, world)
    assert _numbers(first) == everyone[:3]
    assert len(everyone) == 8
    assert "Menampilkan 1–3 dari 8 masukan" in first
    assert "5 sudah dijawab" in first
    assert "?page=2" in first and 'rel="next"' in first and 'rel="prev"' not in first

    last = _page(client, world, "?page=3")
    assert _numbers(last) == everyone[6:]
    assert "Menampilkan 7–8 dari 8 masukan" in last
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_page_numbers_out_of_range_or_not_numbers(client, world, small_pages):
    everyone = sorted(i.number for i in world.inputs.values())
    assert _numbers(_page(client, world, "?page=999999999")) == everyone[6:]  # the last page
    assert _numbers(_page(client, world, "?page=-4")) == everyone[:3]
    assert _numbers(_page(client, world, "?page=dua")) == everyone[:3]


def test_full_page_size_has_every_row_of_a_small_dim(client, world):
    html = _page(client, world)
    assert _numbers(html) == sorted(i.number for i in world.inputs.values())
    assert "Menampilkan 1–8 dari 8 masukan" in html
    assert 'class="pagination dim-pager"' not in html  # one page: no pager


# --- filters ------------------------------------------------------------------------------------

@pytest.mark.parametrize("query, keys", [
    ("status=belum", {"open"}),
    ("status=dijawab", {"reject", "postpone", "accept", "scope", "partial"}),
    ("status=ditolak", {"reject"}),
    ("status=diterima_sebagian", {"partial"}),
    ("status=di_luar_lingkup", {"scope"}),
    ("status=ditarik", {"withdrawn"}),
    ("status=disembunyikan", {"hidden"}),
    ("organisasi=smsi-contoh", {"reject", "scope", "withdrawn", "open"}),
    ("kategori=pertanyaan", {"postpone", "withdrawn"}),
    ("jenis=usulan", {"partial"}),
    ("jenis=komentar", {"reject", "postpone", "accept", "scope", "hidden", "withdrawn", "open"}),
    ("unit=umum", {"scope"}),
    ("organisasi=contoh-pos&status=dijawab", {"postpone", "accept", "partial"}),
])
def test_each_filter_keeps_the_matching_inputs(client, world, query, keys):
    html = _page(client, world, "?" + query)
    assert _numbers(html) == sorted(_number(world, k) for k in keys)
    assert f"dari {len(keys)} masukan" in html


def test_a_pasal_filter_takes_its_ayat_too(client, world):
    """Pasal 2 has inputs on its ayat (1); the choice is the Pasal, by its stable key."""
    key = _unit_key(world, "Pasal 2")
    html = _page(client, world, f"?unit=pasal:{key}")
    assert _numbers(html) == sorted(_number(world, k) for k in ("postpone", "open", "partial"))
    assert f'<option value="pasal:{key}" selected>Pasal 2 (3)</option>' in html
    one = _page(client, world, f"?unit=pasal:{_unit_key(world, 'Pasal 1')}")
    assert _numbers(one) == sorted(_number(world, k) for k in ("reject", "hidden"))


def test_a_renumbered_pasal_is_one_choice_under_its_latest_name(client, world, make):
    """Version 3 inserts a new Pasal 2: the old Pasal 2 is now Pasal 3, with the same key."""
    text = make.sample_text.replace("Pasal 3\n", "Pasal 4\n").replace(
        "Pasal 2\n", "Pasal 2\nSetiap media wajib terdaftar pada Dinas.\n\nPasal 3\n")
    v3 = make.published_version(world.regulation, text=text, actor=world.drafter)
    old_key = _unit_key(world, "Pasal 2")
    assert record_world.unit(v3, "Pasal 3").key == old_key
    late = make.comment(v3, unit="Pasal 3 ayat (2)", author=world.members["pos"],
                        body="Masukan pada Pasal 3 versi 3.")
    html = _page(client, world)
    assert (f'<option value="pasal:{old_key}">Pasal 3 (sebelumnya Pasal 2) (4)</option>'
            in html)
    chosen = _page(client, world, f"?unit=pasal:{old_key}")
    assert _numbers(chosen) == sorted(
        [late.number] + [_number(world, k) for k in ("postpone", "open", "partial")])


def test_units_outside_a_pasal_are_chosen_by_kind(client, world, make):
    bab = make.comment(world.v1, unit="BAB II", author=world.members["pos"],
                       body="Judul BAB II kurang tepat.")
    html = _page(client, world)
    assert '<option value="jenis:bab">Judul BAB (1)</option>' in html
    assert _numbers(_page(client, world, "?unit=jenis:bab")) == [bab.number]
    row = _page(client, world, "?unit=jenis:bab").split(f'id="no-{bab.number}"')[1]
    assert '<td data-label="Unit">BAB II<br>' in row


def test_the_choices_offered_are_those_with_inputs(client, world):
    html = _page(client, world)
    assert 'value="umum"' in html and "Umum (rancangan secara umum) (1)" in html
    assert "Pasal 1 (2)" in html and "Pasal 3 (2)" in html
    assert '<option value="smsi-contoh">SMSI Kabupaten Contoh (4)</option>' in html
    assert '<option value="contoh-pos">Contoh Pos (4)</option>' in html
    assert 'value="perorangan"' not in html  # every input here has an organisation
    assert 'value="belum"' in html and ">belum dijawab<" in html


def test_unknown_filter_values_are_ignored(client, world):
    everyone = sorted(i.number for i in world.inputs.values())
    for query in ("organisasi=tidak-ada", "status=entah", "kategori=x", "jenis=semua",
                  "unit=pasal:tidak-ada", "unit=jenis:lampiran", "unit=%00", "status="):
        assert _numbers(_page(client, world, "?" + query)) == everyone, query


def test_filters_survive_paging(client, world, small_pages):
    comments = sorted(_number(world, k) for k in
                      ("reject", "postpone", "accept", "scope", "hidden", "withdrawn", "open"))
    first = _page(client, world, "?jenis=komentar&organisasi=smsi-contoh")
    smsi = sorted(_number(world, k) for k in ("reject", "scope", "withdrawn", "open"))
    assert _numbers(first) == smsi[:3]
    next_link = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "jenis=komentar" in next_link and "organisasi=smsi-contoh" in next_link
    assert "page=2" in next_link
    assert _numbers(client.get(next_link).get_data(as_text=True)) == smsi[3:]
    # The "go to page" form carries the filters as hidden fields.
    assert '<input type="hidden" name="jenis" value="komentar">' in first
    assert '<input type="hidden" name="organisasi" value="smsi-contoh">' in first
    # The chosen values stay selected in the form.
    assert '<option value="komentar" selected>' in first
    assert '<option value="smsi-contoh" selected>' in first
    assert _numbers(_page(client, world, "?jenis=komentar&page=3")) == comments[6:]


def test_scope_and_filters_combine(client, world, make):
    slug = world.regulation.slug
    late = make.comment(world.v2, unit="Pasal 2A", author=world.members["smsi"],
                        body="Masukan pada versi kedua.")
    assert _numbers(_page(client, world, "?versi=2")) == [late.number]
    assert _numbers(_page(client, world, "?versi=2&status=belum")) == [late.number]
    assert _numbers(_page(client, world, "?versi=1&status=belum")) == [_number(world, "open")]
    html = _page(client, world, "?versi=2")
    assert '<option value="2" selected>Versi 2</option>' in html and "Pasal 2A (1)" in html
    # The downloads follow the scope, never the page's filters.
    assert f"/r/{slug}/dim.csv?versi=2" in html
    filtered = _page(client, world, "?versi=1&status=belum&jenis=komentar")
    assert f'/r/{slug}/dim.xlsx?versi=1"' in filtered


def test_empty_states(client, world):
    assert "Belum ada masukan untuk cakupan ini." in _page(client, world, "?versi=2")
    html = _page(client, world, "?organisasi=contoh-pos&status=ditarik")
    assert _numbers(html) == []
    assert "Tidak ada masukan yang sesuai dengan saringan ini." in html
    assert "Hapus saringan" in html


def test_works_as_a_plain_get_form(client, world):
    """No JavaScript needed: the filters are a GET form back to the same page."""
    html = _page(client, world)
    form = re.search(r'<form method="get" action="([^"]+)" class="dim-filters"', html)
    assert form and form.group(1) == f"/r/{world.regulation.slug}/dim"
    for name in ("versi", "unit", "organisasi", "status", "kategori", "jenis"):
        assert f'name="{name}"' in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


# --- permalinks ---------------------------------------------------------------------------------

def test_row_permalink_opens_the_page_that_holds_it(client, world, small_pages):
    slug = world.regulation.slug
    number = sorted(i.number for i in world.inputs.values())[6]  # on page 3
    html = _page(client, world, f"?no={number}")
    assert number in _numbers(html)
    assert "Menampilkan 7–8 dari 8 masukan" in html
    assert f'href="/r/{slug}/dim?no={number}#no-{number}"' in html  # the row's own link
    # Within filters that hold it, the filtered page; otherwise the whole DIM's page.
    smsi_open = _number(world, "open")
    assert smsi_open in _numbers(_page(client, world, f"?organisasi=smsi-contoh&no={smsi_open}"))
    away = client.get(f"/r/{slug}/dim?organisasi=contoh-pos&no={smsi_open}")
    assert away.status_code == 302
    assert away.headers["Location"].endswith(f"/r/{slug}/dim?no={smsi_open}#no-{smsi_open}")
    missing = _page(client, world, "?no=4242")
    assert "Masukan No. 4242 tidak ada dalam DIM ini." in missing
    for odd in ("?no=²", "?no=-3", "?no=99999999999999999999", "?no=satu"):  # ignored
        assert _numbers(_page(client, world, odd)) == sorted(
            i.number for i in world.inputs.values())[:3], odd
    assert client.get(f"/r/{slug}/dim?versi=²").status_code == 400


def test_timeline_links_to_the_row_on_its_page(client, world, small_pages):
    slug = world.regulation.slug
    timeline = client.get(f"/r/{slug}/linimasa").get_data(as_text=True)
    links = re.findall(rf'href="/r/{slug}/dim\?no=(\d+)#no-(\d+)"', timeline)
    assert links and all(a == b for a, b in links)
    for number, _anchor in links:
        assert int(number) in _numbers(_page(client, world, f"?no={number}"))


# --- downloads ----------------------------------------------------------------------------------

def test_downloads_keep_every_input_while_the_page_is_paginated(client, world, small_pages):
    from docx import Document
    from openpyxl import load_workbook

    slug = world.regulation.slug
    everyone = sorted(i.number for i in world.inputs.values())
    assert len(_numbers(_page(client, world, "?status=belum"))) == 1
    rows = list(csv.reader(io.StringIO(
        client.get(f"/r/{slug}/dim.csv").data.decode("utf-8-sig"))))
    assert sorted(int(r[0]) for r in rows[1:]) == everyone
    assert all(len(r) == len(dim_files.COLUMNS) for r in rows)
    ws = load_workbook(io.BytesIO(client.get(f"/r/{slug}/dim.xlsx").data)).active
    header = next(r for r in range(1, 12) if ws.cell(r, 1).value == "No.")
    assert ws.max_row == header + len(everyone)
    assert sorted(ws.cell(r, 1).value for r in range(header + 1, ws.max_row + 1)) == everyone
    assert ws.auto_filter.ref == f"A{header}:J{header + len(everyone)}"
    table = Document(io.BytesIO(client.get(f"/r/{slug}/dim.docx").data)).tables[0]
    assert sorted(int(r.cells[0].text) for r in table.rows[1:]) == everyone


def test_downloads_ignore_the_page_filters(client, world):
    slug = world.regulation.slug
    rows = list(csv.reader(io.StringIO(client.get(
        f"/r/{slug}/dim.csv?status=belum&page=2").data.decode("utf-8-sig"))))
    assert len(rows) - 1 == len(world.inputs)


def test_spreadsheet_cells_are_text_and_valid_xml(app, world):
    """A text that looks like a formula stays text; characters XML cannot hold are dropped
    from the Office files (the CSV keeps them)."""
    from docx import Document
    from openpyxl import load_workbook

    row = dim.Row(input_id=1, number=7, unit="Pasal 1", draft_text="=HYPERLINK(\"x\")",
                  input_text="baris satu\nbaris\tdua\x07", reason="  spasi  ", proposer="",
                  answer="", status="belum dijawab", status_key="belum", result_text="",
                  notes="", version_number=1)
    with app.test_request_context():
        ws = load_workbook(io.BytesIO(dim_files.to_xlsx([row], world.regulation))).active
        document = Document(io.BytesIO(dim_files.to_docx([row], world.regulation)))
        text = dim_files.to_csv([row]).decode("utf-8-sig")
    data = ws.max_row
    assert ws.cell(data, 1).value == 7
    assert ws.cell(data, 3).value == '=HYPERLINK("x")' and ws.cell(data, 3).data_type == "s"
    assert ws.cell(data, 4).value == "baris satu\nbaris\tdua"
    assert ws.cell(data, 5).value == "  spasi  "
    assert ws.cell(data, 6).value is None
    cells = [c.text for c in document.tables[0].rows[1].cells]
    assert cells[:5] == ["7", "Pasal 1", '=HYPERLINK("x")', "baris satu\nbaris\tdua",
                         "  spasi  "]
    assert "\x07" in text


def test_docx_columns_follow_the_proportions(client, world):
    from docx import Document

    table = Document(io.BytesIO(client.get(
        f"/r/{world.regulation.slug}/dim.docx").data)).tables[0]
    grid = [c.width for c in table.columns]
    cells = [c.width for c in table.rows[1].cells]
    assert grid == cells
    assert grid[3] > grid[2] > grid[1] > grid[0]  # WIDTHS: 6, 18, 40, 45


# --- queries ------------------------------------------------------------------------------------

def test_dim_page_and_downloads_run_a_bounded_number_of_queries(world, make, client, db,
                                                                 small_pages):
    """No N+1: the query count does not grow with inputs, answers, endorsements, versions of
    the units commented on, or pages."""
    from consult.participation.services import endorse

    slug = world.regulation.slug
    p2 = _unit_key(world, "Pasal 2")
    p2a1 = _unit_key(world, "Pasal 2 ayat (1)")
    urls = (f"/r/{slug}/dim", f"/r/{slug}/dim?page=2", f"/r/{slug}/dim?page=999",
            f"/r/{slug}/dim?status=belum&unit=pasal:{p2}", f"/r/{slug}/dim?versi=1&jenis=usulan",
            f"/r/{slug}/dim?no=3", f"/r/{slug}/dim.csv", f"/r/{slug}/dim.xlsx",
            f"/r/{slug}/dim.docx")

    def counts():
        return {url: page_queries(client, db, url) for url in urls}

    def add(i):
        org = make.organisation()
        author = make.member(org)
        item = make.comment(world.v1, unit="Pasal 2 ayat (1)", author=author,
                            body=f"Masukan {i} dengan **tebal** dan daftar:\n\n- satu\n- dua")
        make.response(item, "diterima_sebagian", "Sebagian.", actor=world.drafter,
                      result_version=world.v2, result_unit_key=p2a1)
        proposal = make.proposal(world.v2, unit="Pasal 2A", author=author, organisation=org)
        supporter = make.organisation()
        endorse(make.member(supporter), proposal, supporter)
        make.response(proposal, "diterima", None, actor=world.drafter)
        make.comment(world.v2, unit=None, author=make.member(make.organisation()),
                     body="Umum.")
        db.session.commit()

    add(0)  # one of every kind, so every lookup runs
    few = counts()
    assert max(few.values()) <= 12
    for i in range(1, 8):
        add(i)
    assert counts() == few


# --- Markdown as plain text ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Biasa saja.", "Dua\nbaris", "Paragraf satu.\n\nParagraf dua.", "Tiga\n\n\n\nbaris kosong",
    "1. satu\n2. dua", "- butir\n- butir", "+ plus", "Judul\n===", "Judul\n---",
    "    kode", "baris  \npatah", "*tebal*", "_miring_", "a & b", "<b>x</b>", "# Judul",
    "> kutipan", "(1) ayat satu; dan\n(2) ayat dua.", "Pasal 5 ayat (2) huruf b", "2025. Tahun",
    "nilai = 5 + 3 - 1", "tautan http://contoh.go.id/a?b=c", " spasi awal", "akhir spasi ",
    "“kutip” — ‘tunggal’ – 50% / 3!", "\n\nawal kosong\n\n",
])
def test_plain_text_fast_path_reads_as_markdown_would(text):
    assert dim.plain(text) == dim.plain_from_markdown(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1 \n.-+=)(*_#>&<`:\t", max_size=40))
def test_plain_text_fast_path_never_differs(text):
    assert dim.plain(text) == dim.plain_from_markdown(text)
