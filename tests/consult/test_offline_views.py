"""The drafters' pages of issue 16: recording offline inputs, bulk upload with preview, the
attachment's access and content type, groups answered at once, the workbook from the page."""
import base64
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from consult import clock
from consult.models import Input, OfflineInput, Response
from consult.participation.unit_text import latest_published_version

PDF = b"%PDF-1.4\n% minimal\n"
CAMPAIGN = ("Kami menolak kenaikan tarif retribusi pasar sebesar lima puluh persen. Pedagang "
            "kecil tidak sanggup membayar tarif baru tersebut. Mohon tarif lama dipertahankan "
            "sampai akhir tahun anggaran.")
ADDED = "Di pasar Senaken ada dua ratus pedagang yang sudah tiga bulan menunggak karena sepi."


@pytest.fixture
def world(make, no_csrf):
    version, drafter = make.open_regulation()
    return version.regulation, drafter


def today():
    return clock.to_local(clock.now()).date()


def record(client, regulation, **extra):
    data = {"sender_name": "Ibu Sari Wulandari", "organisation": "", "name_public": "auto",
            "channel": "surat", "received_on": today().isoformat(), "pasal": "2",
            "category": "keberatan", "body": "Surat warga tentang Pasal 2.", **extra}
    return client.post(f"/penyusun/r/{regulation.slug}/masukan-luring", data=data,
                       content_type="multipart/form-data")


def test_a_drafter_records_a_letter_whose_sender_the_public_sees_as_warga(client, db, world,
                                                                          login_as):
    regulation, drafter = world
    login_as(drafter)
    response = record(client, regulation, attachment=(io.BytesIO(PDF), "surat.pdf"))
    assert response.status_code == 302
    item = db.session.execute(sa.select(Input)).scalar_one()
    assert response.location.endswith(f"/r/{regulation.slug}/masukan/{item.number}")
    client.get("/keluar")
    with client.session_transaction() as session:
        session.clear()
    page = client.get(f"/r/{regulation.slug}/masukan/{item.number}").get_data(as_text=True)
    assert "Warga" in page and "Sari Wulandari" not in page
    assert drafter.name in page  # who recorded it
    assert f"/masukan/{item.number}/lampiran" not in page
    # The attachment is private: not even its existence is told to the public.
    assert client.get(f"/r/{regulation.slug}/masukan/{item.number}/lampiran").status_code == 404


def test_the_attachment_is_served_to_drafters_with_its_own_type(client, db, world, login_as):
    regulation, drafter = world
    login_as(drafter)
    record(client, regulation, attachment=(io.BytesIO(PDF), "surat.html"))
    response = client.get(f"/r/{regulation.slug}/masukan/1/lampiran")
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "lampiran-1.pdf" in response.headers["Content-Disposition"]


def test_a_public_attachment_is_served_to_everyone(app, client, db, world, login_as):
    regulation, drafter = world
    login_as(drafter)
    record(client, regulation, attachment=(io.BytesIO(PDF), "notulen.pdf"),
           attachment_public="y", channel="rdp")
    anonymous = app.test_client()
    assert anonymous.get(f"/r/{regulation.slug}/masukan/1/lampiran").status_code == 200


def test_an_html_file_is_refused_as_attachment(client, db, world, login_as):
    regulation, drafter = world
    login_as(drafter)
    page = record(client, regulation, attachment=(io.BytesIO(b"<script>x</script>"), "a.pdf"))
    assert page.status_code == 200 and db.session.execute(sa.select(OfflineInput)).first() is None


@pytest.mark.parametrize("role", [None, "member", "moderator"])
def test_only_drafters_open_the_pages(client, world, login_as, role):
    regulation, _drafter = world
    if role:
        login_as(role)
    for path in ("masukan-luring", "kelompok", "lembar-kerja.xlsx"):
        status = client.get(f"/penyusun/r/{regulation.slug}/{path}").status_code
        assert status in ((302, 401) if role is None else (403,))


def test_bulk_upload_previews_then_stores_all_rows_once_confirmed(client, db, world, login_as):
    regulation, drafter = world
    login_as(drafter)
    csv = ("pasal;pengirim;organisasi;saluran;tanggal;isi\n"
           f"2;Budi;;surat;{today().strftime('%d/%m/%Y')};Satu\n"
           f";Ani;;fgd;{today().isoformat()};Dua\n").encode()
    url = f"/penyusun/r/{regulation.slug}/masukan-luring/unggah"
    preview = client.post(url, data={"file": (io.BytesIO(csv), "m.csv")},
                          content_type="multipart/form-data")
    assert preview.status_code == 200 and "Simpan 2 masukan" in preview.get_data(as_text=True)
    assert db.session.execute(sa.select(Input)).first() is None  # nothing before confirming
    confirmed = client.post(url, data={"confirm": "1", "filename": "m.csv",
                                       "data": base64.b64encode(csv).decode()})
    assert confirmed.status_code == 302
    assert [i.body for i in db.session.execute(sa.select(Input).order_by(Input.number))
            .scalars()] == ["Satu", "Dua"]


def test_bulk_upload_with_a_bad_row_shows_its_error_and_stores_nothing(client, db, world,
                                                                      login_as):
    regulation, drafter = world
    login_as(drafter)
    csv = ("pasal,pengirim,organisasi,saluran,tanggal,isi\n"
           f"2,Budi,,surat,{today().isoformat()},Satu\n"
           f"2,Ani,,email,{today().isoformat()},Dua\n").encode()
    page = client.post(f"/penyusun/r/{regulation.slug}/masukan-luring/unggah",
                       data={"file": (io.BytesIO(csv), "m.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Saluran harus" in page and "Simpan" not in page.split("</table>")[1]
    assert db.session.execute(sa.select(Input)).first() is None


def test_a_campaign_is_answered_in_one_step_with_its_exceptions(app, client, db, world, make,
                                                                login_as):
    from consult.offline import records

    regulation, drafter = world
    numbers = []
    for n in range(5):
        body = CAMPAIGN + (" " + ADDED if n == 3 else "")
        fields = records.OfflineFields(sender_name=f"Warga {n}", channel="surat",
                                       received_on=today(), body=body)
        numbers.append(records.record(drafter, regulation, fields).number)
    db.session.commit()
    login_as(drafter)
    page = client.get(f"/penyusun/r/{regulation.slug}/kelompok").get_data(as_text=True)
    assert "5 masukan serupa" in page and ADDED in page
    response = client.post(f"/penyusun/r/{regulation.slug}/kelompok/tanggapi", data={
        "number": numbers[0], "disposition": "ditolak",
        "explanation": "Tarif dihitung dari biaya pemeliharaan.",
        "exceptions": str(numbers[4])})
    assert response.status_code == 302
    answered = db.session.execute(sa.select(Input.number).join(Response)
                                  .where(Response.published.is_(False))).scalars().all()
    assert sorted(answered) == [numbers[0], numbers[1], numbers[2]]
    public = app.test_client().get(f"/r/{regulation.slug}/masukan/{numbers[1]}")
    text = public.get_data(as_text=True)
    assert "Bagian dari 5 masukan serupa" in text
    group = app.test_client().get(f"/r/{regulation.slug}/kelompok/{numbers[0]}")
    assert group.status_code == 200 and f"No. {numbers[4]}" in group.get_data(as_text=True)


def test_workbook_round_trip_from_the_page(client, db, world, make, login_as):
    regulation, drafter = world
    item = make.comment(version=latest_published_version(regulation), body="Mohon diperjelas.")
    login_as(drafter)
    download = client.get(f"/penyusun/r/{regulation.slug}/lembar-kerja.xlsx")
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.data))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("Tanggapan") + 1).value = "Diterima sebagian"
    sheet.cell(row=2, column=header.index("Penjelasan") + 1).value = "Sebagian dimuat."
    out = io.BytesIO()
    book.save(out)
    url = f"/penyusun/r/{regulation.slug}/lembar-kerja.xlsx"
    preview = client.post(url, data={"file": (io.BytesIO(out.getvalue()), "t.xlsx")},
                          content_type="multipart/form-data")
    assert preview.status_code == 200 and "Siapkan 1 tanggapan" in preview.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.execute(sa.select(Response)).first() is None
    done = client.post(url, data={"confirm": "1", "data": base64.b64encode(out.getvalue())
                                  .decode()})
    assert done.status_code == 302
    response = db.session.execute(sa.select(Response)).scalar_one()
    assert str(response.disposition) == "diterima_sebagian" and not response.published
    assert response.input_id == item.id


def test_recording_an_offline_input_renews_the_public_pages_cache(app, client, db, world,
                                                                  login_as):
    """Anonymous readers are served stored pages; a recorded letter must show on their next
    read, on the inputs list and on the regulation page."""
    regulation, drafter = world
    anonymous = app.test_client()
    urls = (f"/r/{regulation.slug}/masukan", f"/r/{regulation.slug}")
    for url in urls:
        anonymous.get(url)
        assert anonymous.get(url).headers["X-Cache"] == "HIT"
    login_as(drafter)
    assert record(client, regulation, body="Surat warga yang baru tiba.").status_code == 302
    lists = anonymous.get(urls[0])
    assert lists.headers["X-Cache"] == "MISS"
    assert "Surat warga yang baru tiba." in lists.get_data(as_text=True)
    assert anonymous.get(urls[1]).headers["X-Cache"] == "MISS"
