"""Offline inputs (consult/offline): recorded for a named sender, imported in bulk all or nothing,
and the command line `inputs import` / `inputs groups`."""
import json
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from consult import clock
from consult.models import Input, InputChannel, OfflineInput
from consult.offline import records
from consult.participation.services import ParticipationError
from consult.participation.unit_text import latest_published_version

HEADER = "pasal,pengirim,organisasi,saluran,tanggal,isi,jenis,kategori"


@pytest.fixture
def world(make):
    version, drafter = make.open_regulation()
    org = make.organisation(name="Paser Pos")
    return version.regulation, drafter, org


def today():
    return clock.to_local(clock.now()).date()


def run_import(app, regulation, drafter, path, *extra):
    return app.test_cli_runner().invoke(args=["inputs", "import", regulation.slug, str(path),
                                              "--as", drafter.email, *extra])


def inputs_of(regulation, db):
    return db.session.execute(sa.select(Input).where(Input.regulation_id == regulation.id)
                              .order_by(Input.number)).scalars().all()


def test_csv_import_prints_the_new_numbers_in_row_order(app, db, world, tmp_path):
    regulation, drafter, org = world
    d = today()
    rows = [HEADER,
            f'Pasal 2,Budi Santoso,paser pos,surat,{d.isoformat()},"Mohon, ditinjau.",komentar,',
            f",Siti Aminah,,rdp,{d.strftime('%d/%m/%Y')},Setuju dengan rancangan,,dukungan",
            f"3,Rudi,Kelompok Tani Maju,fgd,{d.isoformat()},Pasal ini kurang jelas,,"]
    path = tmp_path / "masukan.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    result = run_import(app, regulation, drafter, path, "--json")
    assert result.exit_code == 0, result.output
    numbers = json.loads(result.output)
    items = inputs_of(regulation, db)
    assert numbers == [item.number for item in items] and len(numbers) == 3
    first, second, third = items
    assert first.organisation_id == org.id and first.channel == InputChannel.LETTER
    assert first.current_unit_label == "Pasal 2" and first.body == "Mohon, ditinjau."
    assert first.author_id == drafter.id and first.offline.recorded_by_id == drafter.id
    assert second.unit_key is None and str(second.category) == "dukungan"
    assert second.offline.public_sender == "Warga"  # an individual: not named by default
    assert third.offline.public_sender == "Rudi"  # named with an organisation as text
    assert third.offline.public_organisation == "Kelompok Tani Maju"
    assert third.current_unit_label == "Pasal 3"


def test_semicolon_bom_csv_is_read(app, db, world, tmp_path):
    regulation, drafter, _org = world
    text = "\ufeff" + HEADER.replace(",", ";") + "\n" + \
        f";Budi;;luring;{today().isoformat()};Isi masukan, dengan koma;;\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("utf-8"))
    result = run_import(app, regulation, drafter, path, "--json")
    assert result.exit_code == 0, result.output
    assert [i.body for i in inputs_of(regulation, db)] == ["Isi masukan, dengan koma"]


def test_one_bad_row_stores_nothing(app, db, world, tmp_path):
    regulation, drafter, _org = world
    d = today().isoformat()
    outside = (today() + timedelta(days=30)).isoformat()
    rows = [HEADER, f"2,Budi,,surat,{d},Baik,,", f"99,Siti,,surat,{d},Pasal tidak ada,,",
            f"2,Rudi,,telepon,{d},Saluran salah,,", f"2,Ani,,surat,{outside},Di luar masa,,",
            f"2,,,surat,{d},Tanpa pengirim,,"]
    path = tmp_path / "salah.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    result = run_import(app, regulation, drafter, path, "--json")
    assert result.exit_code == 1
    for row in (3, 4, 5, 6):
        assert f"baris {row}:" in result.output
    assert "baris 2:" not in result.output
    assert inputs_of(regulation, db) == []


def test_xlsx_import(app, db, world, tmp_path):
    regulation, drafter, _org = world
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["Pasal 2", "Budi", "", "surat", today(), "Dari lembar kerja", "", ""])
    path = tmp_path / "masukan.xlsx"
    book.save(path)
    result = run_import(app, regulation, drafter, path, "--json")
    assert result.exit_code == 0, result.output
    assert [i.body for i in inputs_of(regulation, db)] == ["Dari lembar kerja"]


def test_only_drafters_record_offline_inputs(db, world, make):
    regulation, _drafter, org = world
    member = make.member(org)
    fields = records.OfflineFields(sender_name="Budi", channel="surat", received_on=today(),
                                   body="Isi")
    with pytest.raises(ParticipationError):
        records.record(member, regulation, fields)


@pytest.mark.parametrize("data,ok", [
    (b"%PDF-1.4 ...", True), (b"\x89PNG\r\n\x1a\n....", True), (b"\xff\xd8\xff\xe0..", True),
    (b"<html><script>alert(1)</script>", False), (b"GIF89a", False),
])
def test_attachments_are_pdf_or_images_by_their_bytes(db, world, data, ok):
    regulation, drafter, _org = world
    fields = records.OfflineFields(sender_name="Budi", channel="surat", received_on=today(),
                                   body="Surat terlampir")
    attachment = records.Attachment("surat.pdf", data)
    if ok:
        item = records.record(drafter, regulation, fields, attachment)
        assert item.offline.attachment_type in records.ATTACHMENT_TYPES
        assert item.offline.attachment_public is False
    else:
        with pytest.raises(ParticipationError):
            records.record(drafter, regulation, fields, attachment)
        assert db.session.execute(sa.select(OfflineInput)).first() is None


def test_received_date_must_be_inside_the_period(db, world):
    regulation, drafter, _org = world
    fields = records.OfflineFields(sender_name="Budi", channel="surat",
                                   received_on=date(2000, 1, 1), body="Lama sekali")
    with pytest.raises(ParticipationError):
        records.record(drafter, regulation, fields)


def test_groups_command_prints_every_input_once_and_keeps_manual_changes(app, db, world, make):
    from consult.participation import groups

    regulation, drafter, _org = world
    text = ("Kami menolak kenaikan tarif retribusi pasar sebesar lima puluh persen. Pedagang "
            "kecil tidak sanggup membayar tarif baru tersebut. Mohon tarif lama dipertahankan "
            "sampai akhir tahun anggaran.")
    numbers = []
    for n in range(3):
        fields = records.OfflineFields(sender_name=f"Warga {n}", channel="surat",
                                       received_on=today(), body=text)
        numbers.append(records.record(drafter, regulation, fields).number)
    other = make.comment(version=latest_published_version(regulation),
                         body="Jam buka pasar sebaiknya sampai pukul sepuluh malam.")
    db.session.commit()

    def printed():
        result = app.test_cli_runner().invoke(args=["inputs", "groups", regulation.slug,
                                                    "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)["groups"]

    assert printed() == [
        {"inputs": numbers, "representative": numbers[0], "additions": {}},
        {"inputs": [other.number], "representative": other.number, "additions": {}}]
    groups.separate(drafter, regulation, numbers[1])
    groups.join(drafter, regulation, other.number, numbers[0])
    db.session.commit()
    assert [g["inputs"] for g in printed()] == [sorted([numbers[0], numbers[2], other.number]),
                                                [numbers[1]]]


def test_file_that_is_not_a_table_is_refused(app, db, world, tmp_path):
    regulation, drafter, _org = world
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04 not a workbook")
    result = run_import(app, regulation, drafter, path)
    assert result.exit_code == 1 and inputs_of(regulation, db) == []
    path = tmp_path / "x.csv"
    path.write_bytes("nama;isi\nBudi;x\n".encode())
    result = run_import(app, regulation, drafter, path)
    assert result.exit_code == 1 and "pasal" in result.output


def test_the_record_names_an_offline_sender_never_the_drafter_who_recorded_it(app, db, world,
                                                                              tmp_path, client):
    """The DIM, its downloads, the inputs API and the organisation page say who sent a letter
    (as the drafter chose to publish it: "Warga" for a private person), not the drafter."""
    regulation, drafter, org = world
    drafter.name = "Petugas Penyusun Rahasia"
    d = today().isoformat()
    path = tmp_path / "masukan.csv"
    path.write_text("\n".join([
        HEADER,
        f"Pasal 2,Budi Santoso,paser pos,surat,{d},Mohon ditinjau kembali.,komentar,",
        f",Siti Aminah,,rdp,{d},Setuju dengan rancangan ini.,,"]), encoding="utf-8")
    assert run_import(app, regulation, drafter, path).exit_code == 0
    db.session.commit()
    slug = regulation.slug
    api = client.get(f"/api/v1/regulations/{slug}/inputs").get_json()["inputs"]
    assert [(i["organisation"], i["author"]) for i in api] == [
        ("Paser Pos", "Budi Santoso"), (None, "Warga")]
    assert [(i["channel"], i["received_on"]) for i in api] == [("surat", d), ("rdp", d)]
    dim = client.get(f"/r/{slug}/dim").get_data(as_text=True)
    csv_text = client.get(f"/r/{slug}/dim.csv").get_data(as_text=True)
    organisation_page = client.get(f"/organisasi/{org.slug}").get_data(as_text=True)
    for page in (dim, csv_text, organisation_page):
        assert "Petugas Penyusun Rahasia" not in page
        assert "Budi Santoso" in page
    assert "Warga" in dim and "Siti Aminah" not in dim and "Siti Aminah" not in csv_text
