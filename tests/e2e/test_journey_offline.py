"""The drafters' pages for offline inputs (issue 16), in a real browser at 1280 px and 360 px.

A drafter records a letter with its scan (marked public) and the public sees it with its channel,
"Warga" and the scan; a hearing's proposal of new wording is recorded; a bulk upload is previewed then confirmed; the demo's campaign is answered
in one step with one exception; the answers workbook is downloaded, filled in and uploaded back
(preview, then confirm); the triage list is filtered by channel. Nothing scrolls sideways at
360 px.
"""
import csv
import re

from openpyxl import load_workbook

from consult import clock
from tests.e2e.conftest import click_and_wait, demo_account
from tests.e2e.test_accessibility import REGULATION

PDF = b"%PDF-1.4\n% pindaian surat\n"


def _today(live):
    with live.app.app_context():
        return clock.to_local(clock.now()).date()


def _regulation_inputs(live):
    """{number: (channel, disposition, explanation, published)} of the demo regulation."""
    import sqlalchemy as sa

    from consult.extensions import db
    from consult.models import Input, Regulation

    def read():
        regulation = db.session.execute(
            sa.select(Regulation).where(Regulation.slug == REGULATION)).scalar_one()
        items = db.session.execute(sa.select(Input).where(
            Input.regulation_id == regulation.id, Input.parent_id.is_(None))).scalars()
        return {i.number: (str(i.channel), i.response and str(i.response.disposition),
                           i.response and i.response.explanation,
                           bool(i.response and i.response.published)) for i in items}

    return live.query(read)


def _campaign(live):
    """The demo's campaign: its representative, members and members with additions."""
    import sqlalchemy as sa

    from consult.extensions import db
    from consult.models import Regulation
    from consult.participation import groups

    def read():
        regulation = db.session.execute(
            sa.select(Regulation).where(Regulation.slug == REGULATION)).scalar_one()
        group = groups.regulation_groups(regulation)[0]
        return group.representative, list(group.inputs), sorted(group.additions)

    return live.query(read)


def test_offline_inputs_journey(journey, width, tmp_path):
    j = journey("offline")
    page = j.page
    live = j.live
    drafter = demo_account("drafter")
    j.login(drafter.email, drafter.password)
    today = _today(live)

    # 1. A letter with its scan, the scan marked public.
    j.goto(f"/penyusun/r/{REGULATION}/masukan-luring")
    j.no_horizontal_scroll()
    text = f"Surat warga pasar tentang jam operasional media, diuji pada {width} px."
    page.get_by_label("Nama pengirim", exact=True).fill("Ibu Rahmawati Saleh")
    page.get_by_label("Saluran", exact=True).select_option("surat")
    page.get_by_label("Tanggal diterima").fill(today.isoformat())
    page.get_by_label(re.compile("^Pasal")).fill("2")
    page.get_by_label(re.compile("^Isi masukan")).fill(text)
    scan = tmp_path / "pindaian.pdf"
    scan.write_bytes(PDF)
    page.get_by_label(re.compile("^Lampiran \\(")).set_input_files(str(scan))
    page.get_by_label("Lampiran boleh dilihat publik").check()
    j.shot("letter form")
    click_and_wait(page, page.get_by_role("button", name="Simpan masukan"))
    j.shot("letter recorded")
    assert re.search(rf"/r/{REGULATION}/masukan/\d+$", page.url), page.url
    letter_url = page.url

    # ... which the public sees as any input, with its channel, "Warga" and the scan.
    public = j.context.browser.new_context(viewport=page.viewport_size, locale="id-ID")
    try:
        ppage = public.new_page()
        assert ppage.goto(letter_url).status == 200
        main = ppage.inner_text("main")
        assert text in main and "Warga" in main and "Rahmawati" not in main
        assert "Surat" in main
        ppage.screenshot(path=str(j.folder / "public-letter.png"), full_page=True)
        link = ppage.locator("a[href$='/lampiran']").first
        scan_response = ppage.request.get(live(link.get_attribute("href")))
        assert scan_response.status == 200 and scan_response.body() == PDF
        assert scan_response.headers["content-type"].startswith("application/pdf")
    finally:
        public.close()

    # ... and a hearing's proposal of new wording for a Pasal, stored as a proposal.
    j.goto(f"/penyusun/r/{REGULATION}/masukan-luring")
    wording = f"Media siber wajib mencantumkan alamat redaksi yang dapat dihubungi ({width} px)."
    page.get_by_label("Nama pengirim", exact=True).fill("Forum Jurnalis Paser")
    page.get_by_label("Saluran", exact=True).select_option("rdp")
    page.get_by_label("Tanggal diterima").fill(today.isoformat())
    page.get_by_label(re.compile("^Pasal")).fill("Pasal 3")
    page.get_by_label("Jenis", exact=True).select_option("usulan")
    page.get_by_label(re.compile("^Isi masukan")).fill(wording)
    page.get_by_label(re.compile("^Alasan usulan")).fill("Agar warga tahu ke mana mengadu.")
    j.shot("proposal form")
    click_and_wait(page, page.get_by_role("button", name="Simpan masukan"))
    j.shot("proposal recorded")
    main = page.inner_text("main")
    assert "Agar warga tahu ke mana mengadu." in main and "alamat redaksi" in main
    number = int(page.url.rsplit("/", 1)[1])
    assert _regulation_inputs(live)[number][0] == "rdp"

    # 2. A bulk upload: the preview first, then confirmed.
    rows = tmp_path / "masukan.csv"
    with rows.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["pasal", "pengirim", "organisasi", "saluran", "tanggal", "isi"])
        writer.writerow(["3", "Pak Darto", "", "rdp", today.strftime("%d/%m/%Y"),
                         f"Masukan RDP tentang verifikasi media ({width} px)."])
        writer.writerow(["", "Bu Ani", "Forum Warga Tanah Grogot", "fgd", today.isoformat(),
                         f"Catatan FGD tentang iklan pemerintah ({width} px)."])
    j.goto(f"/penyusun/r/{REGULATION}/masukan-luring")
    page.get_by_label("Berkas CSV atau .xlsx").set_input_files(str(rows))
    click_and_wait(page, page.get_by_role("button", name="Pratinjau"))
    j.shot("upload preview")
    j.no_horizontal_scroll()
    assert "2 baris benar" in page.inner_text("main")
    before = _regulation_inputs(live)
    click_and_wait(page, page.get_by_role("button", name="Simpan 2 masukan"))
    j.shot("upload stored")
    added = {n: v for n, v in _regulation_inputs(live).items() if n not in before}
    assert sorted(v[0] for v in added.values()) == ["fgd", "rdp"]

    # 3. The campaign answered at once, with one exception.
    representative, members, with_additions = _campaign(live)
    assert len(members) >= 10 and with_additions
    exception = max(n for n in members if n not in with_additions)
    j.goto(f"/penyusun/r/{REGULATION}/kelompok")
    j.no_horizontal_scroll()
    explanation = f"Tarif diatur dalam Perda retribusi, bukan Perbup ini ({width} px)."
    page.locator(f"#disp-{representative}").select_option("di_luar_lingkup")
    page.locator(f"#expl-{representative}").fill(explanation)
    page.locator(f"#exc-{representative}").fill(str(exception))
    j.shot("group answer form")
    click_and_wait(page, page.locator(f"#group-{representative} ~ form.group-answer button"))
    j.shot("group answered")
    answers = _regulation_inputs(live)
    for number in members:
        if number == exception or number in with_additions:
            assert answers[number][2] != explanation, number
        elif not answers[number][3]:
            assert answers[number][1:3] == ("di_luar_lingkup", explanation), number

    # 4. The workbook: downloaded, one answer written in, uploaded back, confirmed.
    j.goto(f"/penyusun/r/{REGULATION}/tanggapan")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh lembar kerja (.xlsx)").click()
    path = tmp_path / "lembar-kerja.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    target = None
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == exception:
            target = row
    assert target is not None
    target[header.index("Tanggapan")].value = "Ditunda"
    target[header.index("Penjelasan")].value = f"Dibahas pada rapat berikutnya ({width} px)."
    book.save(path)
    page.locator("#workbook-file").set_input_files(str(path))
    click_and_wait(page, page.locator("form.inline-form", has=page.locator("#workbook-file"))
                   .get_by_role("button", name="Pratinjau"))
    j.shot("workbook preview")
    j.no_horizontal_scroll()
    click_and_wait(page, page.get_by_role("button", name="Siapkan 1 tanggapan"))
    j.shot("workbook applied")
    assert _regulation_inputs(live)[exception][1:3] == (
        "ditunda", f"Dibahas pada rapat berikutnya ({width} px).")

    # 5. Triage: only letters, the longest waiting first.
    j.goto(f"/penyusun/r/{REGULATION}/triase")
    page.locator("#f-channel").select_option("surat")
    click_and_wait(page, page.get_by_role("button", name="Saring"))
    j.shot("triage letters")
    j.no_horizontal_scroll()
    channels = page.locator(".triage-table tbody td[data-label='Saluran']").all_inner_texts()
    assert channels and set(channels) == {"Surat"}
    assert not j.console_errors, j.console_errors
