"""Offline proposals (jenis=usulan) are stored as online proposals are, and a bulk import keeps
one audit event, one digest item and one search entry per input."""
import io

import pytest
import sqlalchemy as sa

from consult import clock
from consult.models import AuditEvent, DigestItem, Input, InputType, SearchDocument, SearchKind
from consult.offline import records
from consult.participation import unit_text
from consult.participation.services import ParticipationError

HEADER = "pasal,pengirim,organisasi,saluran,tanggal,isi,jenis,kategori,alasan"
WORDING = "Setiap media wajib terdaftar pada Dinas paling lambat tiga bulan."


@pytest.fixture
def world(make):
    version, drafter = make.open_regulation()
    return version.regulation, drafter, version


def today():
    return clock.to_local(clock.now()).date()


def run_import(app, regulation, drafter, path):
    return app.test_cli_runner().invoke(args=["inputs", "import", regulation.slug, str(path),
                                              "--as", drafter.email, "--json"])


def fields(**extra):
    return records.OfflineFields(**{"sender_name": "Budi", "channel": "surat",
                                    "received_on": today(), "body": WORDING, "pasal": "2",
                                    "type": "usulan", **extra})


def test_an_offline_proposal_is_stored_like_an_online_one(db, world):
    regulation, drafter, version = world
    item = records.record(drafter, regulation, fields(justification="Agar jelas batasnya."))
    unit = records.find_pasal(version, "2")
    assert item.type == InputType.PROPOSAL and str(item.category) == "usulan"
    assert item.proposed_text == WORDING and item.body == ""
    assert item.base_text == unit_text.unit_full_text(version, unit)
    assert item.patch and item.justification == "Agar jelas batasnya."
    assert item.unit_key == unit.key and item.offline.sender_name == "Budi"


def test_a_proposal_without_a_written_reason_says_so(db, world):
    regulation, drafter, _version = world
    item = records.record(drafter, regulation, fields())
    assert item.justification == records.NO_REASON


@pytest.mark.parametrize("extra", [{"pasal": ""}, {"body": ""}])
def test_a_proposal_needs_a_pasal_and_its_wording(db, world, extra):
    regulation, drafter, _version = world
    with pytest.raises(ParticipationError):
        records.record(drafter, regulation, fields(**extra))
    assert db.session.execute(sa.select(Input)).first() is None


def test_a_proposal_equal_to_the_current_text_is_refused(db, world):
    regulation, drafter, version = world
    text = unit_text.unit_full_text(version, records.find_pasal(version, "2"))
    with pytest.raises(ParticipationError):
        records.record(drafter, regulation, fields(body=text))


def test_usulan_rows_of_a_file_are_proposals_and_a_row_without_pasal_stores_nothing(
        app, db, world, tmp_path):
    regulation, drafter, _version = world
    d = today().isoformat()
    good = [HEADER, f'2,Budi,,surat,{d},"{WORDING}",usulan,,Agar jelas',
            f"3,Siti,,rdp,{d},Komentar biasa,komentar,,"]
    path = tmp_path / "usulan.csv"
    path.write_text("\n".join(good + [f'"",Rudi,,surat,{d},"{WORDING}",usulan,,']),
                    encoding="utf-8")
    result = run_import(app, regulation, drafter, path)
    assert result.exit_code == 1 and "baris 4" in result.output
    assert db.session.execute(sa.select(Input)).first() is None
    path.write_text("\n".join(good), encoding="utf-8")
    result = run_import(app, regulation, drafter, path)
    assert result.exit_code == 0, result.output
    proposal, comment = db.session.execute(sa.select(Input).order_by(Input.number)).scalars()
    assert proposal.type == InputType.PROPOSAL and proposal.proposed_text == WORDING
    assert proposal.justification == "Agar jelas"
    assert comment.type == InputType.COMMENT and comment.body == "Komentar biasa"


def test_the_offline_form_records_a_proposal(client, db, world, login_as, no_csrf):
    regulation, drafter, _version = world
    login_as(drafter)
    response = client.post(f"/penyusun/r/{regulation.slug}/masukan-luring", data={
        "sender_name": "Budi", "organisation": "", "name_public": "auto", "channel": "surat",
        "received_on": today().isoformat(), "pasal": "Pasal 2", "type": "usulan",
        "category": "keberatan", "body": WORDING, "justification": "Agar jelas."},
        content_type="multipart/form-data")
    assert response.status_code == 302
    item = db.session.execute(sa.select(Input)).scalar_one()
    assert item.type == InputType.PROPOSAL and item.proposed_text == WORDING
    page = client.get(response.location).get_data(as_text=True)
    assert "tiga bulan" in page and "Agar jelas." in page


def test_a_bulk_import_keeps_every_audit_event_digest_item_and_search_entry(
        app, db, world, tmp_path):
    regulation, drafter, _version = world
    d = today().isoformat()
    rows = [HEADER] + [f"{1 + n % 3},Pengirim {n},,surat,{d},Masukan nomor {n} tentang "
                       f"retribusi,,," for n in range(40)]
    path = tmp_path / "banyak.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    result = run_import(app, regulation, drafter, path)
    assert result.exit_code == 0, result.output
    ids = {i.id for i in db.session.execute(sa.select(Input)).scalars()}
    assert len(ids) == 40
    events = db.session.execute(sa.select(AuditEvent.object_id).where(
        AuditEvent.action == "input.record_offline")).scalars().all()
    assert sorted(events) == sorted(str(i) for i in ids)
    indexed = db.session.execute(sa.select(SearchDocument.ref_id).where(
        SearchDocument.kind == SearchKind.INPUT)).scalars().all()
    assert sorted(indexed) == sorted(ids)
    digest = db.session.execute(sa.select(DigestItem.object_id)).scalars().all()
    assert sorted(digest) == sorted(ids)
    body = db.session.execute(sa.select(SearchDocument.body).where(
        SearchDocument.kind == SearchKind.INPUT, SearchDocument.ref_id == min(ids))).scalar_one()
    assert "Masukan nomor 0 tentang retribusi" in body


def test_the_upload_preview_marks_a_proposal_row(client, db, world, login_as, no_csrf):
    regulation, drafter, _version = world
    login_as(drafter)
    data = "\n".join([HEADER, f'2,Budi,,surat,{today().isoformat()},"{WORDING}",usulan,,'])
    response = client.post(f"/penyusun/r/{regulation.slug}/masukan-luring/unggah", data={
        "file": (io.BytesIO(data.encode()), "usulan.csv")}, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Usulan rumusan:</strong> " + WORDING in response.get_data(as_text=True)
