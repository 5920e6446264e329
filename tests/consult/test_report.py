"""The laporan hasil konsultasi publik: made from the record by the worker's task or the CLI,
served from storage, 202 while due; its PDF is A4 and says what the DIM and /audit say."""
import csv
import io
import re
import zipfile

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from consult import audit
from consult.demo import load_demo
from consult.models import ReportFile, Regulation
from consult.report import render, storage
from tests.consult import record_world

A4 = (595, 842)


@pytest.fixture
def world(make):
    return record_world.build(make)


def _pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def _generate(app, slug=None):
    args = ["reports", "generate"] + ([slug] if slug else [])
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    return result.output


def test_laporan_answers_202_until_generated_then_serves_the_stored_file(app, client, world):
    slug = world.regulation.slug
    for path in (f"/r/{slug}/laporan.pdf", f"/r/{slug}/laporan.docx", f"/r/{slug}/laporan/1.pdf"):
        response = client.get(path)
        assert response.status_code == 202
        assert int(response.headers["Retry-After"]) > 0
        assert "Laporan sedang dibuat" in response.get_data(as_text=True)
    assert "3 berkas laporan dibuat." in _generate(app)  # pdf, docx, one period
    response = client.get(f"/r/{slug}/laporan.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert client.get(f"/r/{slug}/laporan/1.pdf").status_code == 200
    assert client.get(f"/r/{slug}/laporan/2.pdf").status_code == 404
    docx = client.get(f"/r/{slug}/laporan.docx")
    assert docx.status_code == 200
    assert b"word/document.xml" in docx.data


def test_pdf_is_a4_with_title_counts_of_the_dim_and_the_audit_head(app, client, world):
    slug = world.regulation.slug
    _generate(app, slug)
    reader, text = _pdf_text(client.get(f"/r/{slug}/laporan.pdf").data)
    for page in reader.pages:
        size = sorted((round(float(page.mediabox.width)), round(float(page.mediabox.height))))
        assert size == sorted(A4)
    assert "PENGELOLAAN MEDIA KOMUNIKASI PUBLIK" in text
    seq, digest = audit.chain_head()
    assert f"{seq}:{digest}" in text
    audit_page = client.get("/audit").get_data(as_text=True)
    assert digest in audit_page
    # Each disposition's count equals the number of DIM rows with that status.
    dim_csv = client.get(f"/r/{slug}/dim.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(dim_csv.lstrip("\ufeff"))))[1:]
    labels = ("diterima", "diterima sebagian", "ditolak", "ditunda", "di luar lingkup",
              "belum dijawab", "ditarik", "disembunyikan")
    table = " ".join(f"{label} {sum(1 for row in rows if row[7] == label)}" for label in labels)
    assert f"Status Jumlah {table} Jumlah masukan {len(rows)}" in text


def test_laporan_sections_say_what_the_record_holds(world, request_ctx):
    from consult.report import data

    regulation, versions = world.regulation, [world.v1, world.v2]
    laporan = data.build(regulation, versions)
    page = render.html(laporan)
    assert "Umum" in page and "SMSI Kabupaten Contoh" in page  # participants, per Pasal
    # Accepted inputs with no recorded result: listed with the answer as their reason.
    assert {row.number: reason for row, reason in laporan.not_reflected} == {
        world.inputs["accept"].number: "Tidak ada alasan yang dicatat.",
        world.inputs["partial"].number: "Media dilibatkan melalui forum konsultasi."}
    assert [row.number for row in laporan.unanswered] == [world.inputs["open"].number]
    assert laporan.response_days["count"] == 5
    assert laporan.response_days["median"] <= laporan.response_days["p90"]
    assert "hampir sama" not in page  # no grouping recorded: the section stays out
    assert f"{laporan.chain_seq}:{laporan.chain_hash}" in page
    assert page.count('data-status="') == len(data.STATUS_KEYS)
    # The chart has its title, description and a caption in words.
    assert "<title id=\"grafik-bab-t\">" in page and "Grafik: masukan per BAB" in page


def test_print_page_is_public_and_escapes_the_public_text(client, world):
    from consult.extensions import db
    from consult.participation import services as participation

    participation.create_input(world.members["pos"], world.v2, type="comment", unit_key=None,
                               organisation=world.orgs["pos"], category="keberatan",
                               body="Nilai 5 < 7 & <script>alert(1)</script> teks")
    db.session.commit()
    page = client.get(f"/r/{world.regulation.slug}/laporan").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "Nilai 5 &lt; 7 &amp;" in page


def test_a_change_to_the_record_makes_the_report_due_again(app, client, world):
    from consult.extensions import db
    from consult.participation import services as participation

    slug = world.regulation.slug
    _generate(app)
    assert storage.generate_due_reports() == 0  # nothing changed
    participation.create_input(world.members["smsi"], world.v2, type="comment", unit_key=None,
                               organisation=world.orgs["smsi"], category="usulan",
                               body="Masukan baru setelah laporan dibuat.")
    db.session.commit()
    assert client.get(f"/r/{slug}/laporan.pdf").status_code == 202
    assert storage.generate_due_reports() == 3
    _reader, text = _pdf_text(client.get(f"/r/{slug}/laporan.pdf").data)
    assert "belum dijawab 2" in text


def test_the_pdf_renderer_reads_only_static_files(app, request_ctx):
    from weasyprint import HTML

    fetcher = render._static_only_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("http://127.0.0.1:1/x.css")
    stylesheet = fetcher.fetch(render.static_file_url("css/laporan.css"))
    assert b"@page" in stylesheet.read()
    page = '<img src="file:///etc/hostname"><p>ok</p>'
    assert HTML(string=page, url_fetcher=fetcher).write_pdf().startswith(b"%PDF")


def test_demo_reports_after_make_run(app, client):
    """The Done-when of issue 17 on the demo: `reports generate`, then the downloads."""
    load_demo()
    from consult.extensions import db

    regulation = db.session.execute(sa.select(Regulation)).scalars().first()
    _generate(app)
    files = db.session.execute(sa.select(ReportFile.kind, ReportFile.period_number)).all()
    assert len(files) == 2 + len(regulation.periods)
    reader, text = _pdf_text(client.get(f"/r/{regulation.slug}/laporan.pdf").data)
    assert regulation.title.upper() in text
    assert client.get(f"/r/{regulation.slug}/laporan.docx").status_code == 200
    link = f"/r/{regulation.slug}/laporan.pdf"
    assert link in client.get(f"/r/{regulation.slug}").get_data(as_text=True)


def test_docx_holds_every_section_and_the_whole_dim(app, client, world):
    from docx import Document

    _generate(app)
    data = client.get(f"/r/{world.regulation.slug}/laporan.docx").data
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["1. Identitas rancangan dan tim penyusun", "2. Linimasa"]
    assert "Lampiran: Daftar Inventarisasi Masukan (DIM)" in headings
    dim_table = document.tables[-1]
    numbers = {int(row.cells[0].text) for row in dim_table.rows[1:]}
    assert numbers == {item.number for item in world.inputs.values()}
    assert zipfile.is_zipfile(io.BytesIO(data))


def test_pdf_carries_the_whole_dim_attached_and_prints_it_while_small(app, world, monkeypatch,
                                                                       request_ctx):
    from openpyxl import load_workbook

    from consult.report import data

    laporan = data.build(world.regulation, [world.v1, world.v2])
    reader, text = _pdf_text(render.pdf(laporan))
    sheet = reader.attachments[render.annex_name(laporan)][0]
    rows = list(load_workbook(io.BytesIO(sheet)).active.iter_rows(values_only=True))
    numbers = {row[0] for row in rows if isinstance(row[0], int)}
    assert numbers == {item.number for item in world.inputs.values()}
    assert "Definisi daerah terlalu sempit" in text  # printed annex
    monkeypatch.setattr(render, "PRINTED_ANNEX_MAX", 3)
    _reader, text = _pdf_text(render.pdf(laporan))
    assert "Definisi daerah terlalu sempit" not in text
    assert "DIM lengkap terlampir" in text


def test_the_worker_makes_the_laporan_in_its_pass(app, client, world):
    """The background worker runs report generation (and OCR imports) among its TASKS, so a
    laporan that answered 202 is served after the worker's next pass, with no command typed."""
    from consult import worker

    assert storage.generate_due_reports in worker.TASKS
    slug = world.regulation.slug
    assert client.get(f"/r/{slug}/laporan.pdf").status_code == 202
    counts = worker.run_pass()
    assert counts["generate_due_reports"] == 3  # pdf, docx, one period
    assert client.get(f"/r/{slug}/laporan.pdf").status_code == 200
    assert worker.run_pass()["generate_due_reports"] == 0  # nothing changed: nothing made again


def test_the_laporan_gives_the_drafters_public_reason_for_an_accepted_change_not_made(world):
    """An accepted input not reflected in a later version carries the reason a drafter recorded
    for it in public (issue 11), not only the answer's explanation."""
    from consult.participation import reflection
    from consult.report import data

    accepted = world.inputs["accept"]
    reflection.record_reason(world.drafter, accepted.response,
                             "Ketentuan ini dimuat dalam Peraturan Bupati tentang PPID.")
    laporan = data.build(world.regulation, [world.v1, world.v2])
    reasons = {row.number: reason for row, reason in laporan.not_reflected}
    assert reasons[accepted.number] == "Ketentuan ini dimuat dalam Peraturan Bupati tentang PPID."


def test_the_demo_laporan_discloses_its_campaign(app, db, request_ctx):
    """The demo's campaign of a dozen letters is one group in the laporan, with its size and the
    numbers of its members (issue 16's grouping feeds issue 17's section)."""
    from consult.participation.groups import regulation_groups
    from consult.record import services
    from consult.report import data

    load_demo()
    regulation = db.session.execute(sa.select(Regulation)).scalars().first()
    _regulation, versions = services.load_public_regulation(regulation.slug)
    campaign = max(regulation_groups(regulation), key=lambda group: len(group.inputs))
    assert len(campaign.inputs) >= 10
    laporan = data.build(regulation, versions)
    assert (len(campaign.inputs), campaign.inputs) in [(size, numbers)
                                                       for size, _who, numbers in laporan.groups]
    page = render.html(laporan)
    assert "Kelompok masukan yang hampir sama" in page
