"""Carry-forward: open inputs follow their unit's stable key into a new version."""
import pytest

from consult.models import InputStatus, RebaseStatus
from consult.participation import queries
from tests.factories_participation import unit_key
from tests.texts import CONTOH_V1, CONTOH_V2

pytestmark = pytest.mark.usefixtures("request_ctx")


def _world(make):
    drafter = make.user(role="drafter")
    v1 = make.published_version(text=CONTOH_V1, actor=drafter)
    org = make.organisation(name="SMSI Contoh")
    member = make.member(org)
    return drafter, v1, org, member


def test_inputs_follow_their_unit_through_renumbering(make, db, client):
    drafter, v1, org, member = _world(make)
    proposal = make.proposal(
        v1, unit="Pasal 2 ayat (1)", author=member, organisation=org,
        proposed_text="Pengelolaan dilaksanakan oleh Dinas yang membidangi komunikasi dan "
                      "informatika.")
    comment = make.comment(v1, unit="Pasal 2", author=member, organisation=org,
                           body="Komentar atas Pasal 2 versi 1.")
    umum = make.comment(v1, unit=None, author=member, organisation=org, body="Umum.")

    v2 = make.published_version(v1.regulation, CONTOH_V2, drafter)
    db.session.refresh(proposal)
    db.session.refresh(comment)
    db.session.refresh(umum)

    assert proposal.current_version_id == v2.id
    assert proposal.unit_label == "Pasal 2 ayat (1)"  # as it was when given
    assert proposal.current_unit_label == "Pasal 3 ayat (1)"  # where it sits now
    assert proposal.rebase_status == RebaseStatus.CLEAN
    assert proposal.rebased_text == proposal.proposed_text
    assert comment.current_unit_label == "Pasal 3"
    assert umum.current_version_id == v2.id and umum.unit_key is None

    # The proposal made on version 1's Pasal 2 shows under version 2's Pasal 3 ...
    pasal3 = unit_key(v2, "Pasal 3")
    assert queries.input_counts_by_pasal(v2)[pasal3] == 2
    page = client.get(f"/r/{v1.regulation.slug}/v/2/pasal/3").get_data(as_text=True)
    assert f"No. {proposal.number}" in page and "Komentar atas Pasal 2 versi 1." in page
    # ... and still under version 1's Pasal 2: nothing is lost from the earlier version.
    page1 = client.get(f"/r/{v1.regulation.slug}/v/1/pasal/2").get_data(as_text=True)
    assert f"No. {proposal.number}" in page1
    # The new Pasal 2 of version 2 has none of them.
    assert unit_key(v2, "Pasal 2") not in queries.input_counts_by_pasal(v2)


def test_conflicting_proposal_is_flagged_not_dropped(make, db, client, login_as):
    drafter, v1, org, member = _world(make)
    proposal = make.proposal(
        v1, unit="Pasal 3", author=member, organisation=org,
        proposed_text="Hasil evaluasi diumumkan kepada masyarakat melalui situs web Pemerintah "
                      "Daerah setiap tahun.")
    v2 = make.published_version(v1.regulation, CONTOH_V2, drafter)
    db.session.refresh(proposal)
    assert proposal.current_version_id == v2.id
    assert proposal.current_unit_label == "Pasal 4"
    assert proposal.rebase_status == RebaseStatus.CONFLICT
    assert proposal.proposed_text.startswith("Hasil evaluasi")  # kept as written
    # Shown to the author (on the input) and to the drafters (on the answers page).
    page = client.get(f"/masukan/{proposal.id}", follow_redirects=True).get_data(as_text=True)
    assert "konflik rumusan" in page
    login_as(drafter)
    batch = client.get(f"/penyusun/r/{v1.regulation.slug}/tanggapan").get_data(as_text=True)
    assert "Usulan dengan konflik rumusan" in batch and f"No. {proposal.number}" in batch


def test_inputs_on_a_deleted_unit_are_marked_and_kept(make, db, client):
    drafter, v1, org, member = _world(make)
    comment = make.comment(v1, unit="Pasal 4", author=member, organisation=org,
                           body="Perjanjian tertulis perlu contoh baku.")
    v2 = make.published_version(v1.regulation, CONTOH_V2, drafter)
    db.session.refresh(comment)
    assert comment.unit_deleted is True
    assert comment.current_version_id == v2.id
    assert comment.status == InputStatus.OPEN
    page = client.get(f"/r/{v1.regulation.slug}/masukan").get_data(as_text=True)
    assert "unit dihapus" in page and "Perjanjian tertulis perlu contoh baku." in page


def test_answered_and_withdrawn_inputs_stay_on_their_version(make, db):
    drafter, v1, org, member = _world(make)
    answered = make.comment(v1, unit="Pasal 1", author=member, organisation=org)
    make.response(answered, "ditolak", "Sudah cukup jelas.", actor=drafter)
    withdrawn = make.comment(v1, unit="Pasal 1", author=member, organisation=org)
    from consult.participation import services
    services.withdraw_input(member, withdrawn)
    db.session.commit()
    make.published_version(v1.regulation, CONTOH_V2, drafter)
    db.session.refresh(answered)
    db.session.refresh(withdrawn)
    assert answered.current_version_id == v1.id
    assert withdrawn.current_version_id == v1.id


def test_accepted_proposal_links_to_the_unit_that_carries_its_wording(make, db, client):
    drafter, v1, org, member = _world(make)
    wording = ("Hasil evaluasi diumumkan kepada masyarakat melalui media sosial Pemerintah "
               "Daerah setiap semester.")
    proposal = make.proposal(v1, unit="Pasal 3", author=member, organisation=org,
                             proposed_text=wording)
    response = make.response(proposal, "diterima", None, actor=drafter)
    assert response.result_version_id is None
    v2 = make.published_version(v1.regulation, CONTOH_V2, drafter)
    db.session.refresh(response)
    assert response.result_version_id == v2.id
    assert response.result_unit_label == "Pasal 4"
    assert response.result_linked_automatically is True
    api = client.get(f"/api/v1/regulations/{v1.regulation.slug}/inputs").get_json()
    entry = next(i for i in api["inputs"] if i["id"] == proposal.number)
    assert entry["disposition"]["result_version"] == 2
    assert entry["disposition"]["result_unit_label"] == "Pasal 4"


def test_replies_travel_with_their_input(make, db):
    drafter, v1, org, member = _world(make)
    comment = make.comment(v1, unit="Pasal 2", author=member, organisation=org)
    from consult.participation import services
    reply = services.create_reply(drafter, comment, "Terima kasih, akan kami pertimbangkan.")
    db.session.commit()
    v2 = make.published_version(v1.regulation, CONTOH_V2, drafter)
    db.session.refresh(reply)
    assert reply.current_version_id == v2.id


def test_rebased_wording_is_shown_beside_the_original_everywhere(make, db, client, login_as):
    """Version 2 rewords the words around a proposal on Pasal 3 ("laman resmi" -> "media
    sosial"): the proposal is applied with fuzz, and its wording on version 2 is shown on the
    input page, on the drafters' answers page (to be confirmed), in the API and in the DIM."""
    drafter, v1, org, member = _world(make)
    proposal = make.proposal(
        v1, unit="Pasal 3", author=member, organisation=org,
        proposed_text="Hasil evaluasi diumumkan kepada masyarakat luas melalui laman resmi "
                      "Pemerintah Daerah setiap tahun.")
    v2 = make.published_version(v1.regulation, CONTOH_V2, drafter)
    db.session.refresh(proposal)
    rebased = ("Hasil evaluasi diumumkan kepada masyarakat luas melalui media sosial Pemerintah "
               "Daerah setiap semester.")
    assert (proposal.rebase_status, proposal.rebased_text) == (RebaseStatus.FUZZ, rebased)
    slug = v1.regulation.slug

    page = client.get(f"/masukan/{proposal.id}", follow_redirects=True).get_data(as_text=True)
    assert "Usulan diterapkan pada versi 2" in page and rebased in page
    assert "Usulan sebagaimana ditulis (versi 1)" in page

    api = client.get(f"/api/v1/regulations/{slug}/inputs").get_json()
    item = next(i for i in api["inputs"] if i["id"] == proposal.number)
    assert item["rebase"] == {"status": "fuzz", "version": v2.number, "text": rebased}

    dim_csv = client.get(f"/r/{slug}/dim.csv").get_data(as_text=True)
    assert rebased in dim_csv and "perlu dikonfirmasi" in dim_csv

    login_as(drafter)
    batch = client.get(f"/penyusun/r/{slug}/tanggapan").get_data(as_text=True)
    assert "Usulan yang diterapkan dengan penyesuaian" in batch and rebased in batch
