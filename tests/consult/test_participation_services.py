"""Inputs through the web forms: comments, proposals with preview, replies, edits, withdrawal,
endorsements, answers, the consultation window, throttling and the explanation rule."""
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from consult import clock
from consult.models import (
    AuditEvent, Disposition, Input, InputRevision, InputStatus, OrgStatus, Response,
)
from consult.participation import services
from consult.participation.services import ParticipationError
from tests.factories_participation import unit_key
from tests.texts import CONTOH_V1

pytestmark = pytest.mark.usefixtures("request_ctx")


@pytest.fixture
def world(make, no_csrf):
    version, drafter = make.open_regulation(text=CONTOH_V1)
    org = make.organisation(name="SMSI Contoh")
    member = make.member(org)
    return {"version": version, "drafter": drafter, "org": org, "member": member,
            "slug": version.regulation.slug}


def _count(db, **where):
    stmt = sa.select(sa.func.count(Input.id))
    for key, value in where.items():
        stmt = stmt.where(getattr(Input, key) == value)
    return db.session.execute(stmt).scalar_one()


def _comment_url(w, unit=None):
    url = f"/r/{w['slug']}/v/{w['version'].number}/komentar"
    return url + (f"?unit={unit}" if unit else "")


def test_member_comments_on_an_ayat_with_a_quote(client, login_as, world, db):
    login_as(world["member"])
    key = unit_key(world["version"], "Pasal 2 ayat (1)")
    page = client.get(_comment_url(world, key))
    assert page.status_code == 200
    assert "Pengelolaan dilaksanakan oleh Perangkat Daerah" in page.get_data(as_text=True)
    response = client.post(_comment_url(world, key), data={
        "organisation": world["org"].id, "category": "keberatan",
        "quote": "oleh  Perangkat Daerah", "body": "Sebutkan nama dinasnya.", "unit": key})
    assert response.status_code == 302
    item = db.session.execute(sa.select(Input)).scalar_one()
    assert (item.number, item.unit_label, item.quote) == (1, "Pasal 2 ayat (1)",
                                                           "oleh  Perangkat Daerah")
    assert item.organisation_id == world["org"].id
    assert db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "comment.create")).scalar_one()


def test_quote_must_occur_in_the_unit(client, login_as, world, db):
    login_as(world["member"])
    key = unit_key(world["version"], "Pasal 2 ayat (1)")
    response = client.post(_comment_url(world, key), data={
        "organisation": world["org"].id, "category": "keberatan",
        "quote": "teks yang tidak ada", "body": "Isi.", "unit": key})
    assert response.status_code == 200
    assert "Kutipan tidak ditemukan" in response.get_data(as_text=True)
    assert _count(db) == 0


def test_general_comment_has_no_unit(client, login_as, world, db):
    login_as(world["member"])
    form = client.get(_comment_url(world)).get_data(as_text=True)
    assert "Umum (rancangan secara keseluruhan)" in form and ">Judul</option>" in form
    response = client.post(_comment_url(world), data={
        "organisation": world["org"].id, "category": "dukungan", "body": "Setuju."})
    assert response.status_code == 302
    item = db.session.execute(sa.select(Input)).scalar_one()
    assert item.unit_key is None and item.unit_label == "Umum"


@pytest.mark.parametrize("data, message", [
    ({"category": "keberatan", "body": ""}, "Isi masukan wajib diisi."),
    ({"category": "bukan", "body": "Isi."}, "Not a valid choice"),
])
def test_bad_comment_changes_nothing(client, login_as, world, db, data, message):
    login_as(world["member"])
    response = client.post(_comment_url(world), data={"organisation": world["org"].id, **data})
    assert response.status_code == 200
    assert _count(db) == 0


def test_cannot_post_for_an_organisation_one_does_not_belong_to(client, login_as, world, db,
                                                                make):
    other = make.organisation(name="Media Lain")
    login_as(world["member"])
    response = client.post(_comment_url(world), data={
        "organisation": other.id, "category": "dukungan", "body": "Setuju."})
    assert response.status_code == 200
    assert _count(db) == 0


def test_proposal_preview_shows_a_word_diff_and_stores_nothing(client, login_as, world, db):
    login_as(world["member"])
    key = unit_key(world["version"], "Pasal 3")
    url = f"/r/{world['slug']}/v/1/usulan?unit={key}"
    page = client.get(url).get_data(as_text=True)
    assert "Hasil evaluasi diumumkan" in page  # the textarea starts with the current text
    proposed = ("Hasil evaluasi diumumkan kepada masyarakat melalui laman resmi dan media "
                "sosial Pemerintah Daerah setiap tahun.")
    preview = client.post(url, data={"organisation": world["org"].id, "unit": key,
                                     "proposed_text": proposed, "justification": "",
                                     "preview": "1"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "<ins>dan media sosial </ins>" in html or "<ins> dan media sosial</ins>" in html
    assert _count(db) == 0
    sent = client.post(url, data={"organisation": world["org"].id, "unit": key,
                                  "proposed_text": proposed, "justification": "Menjangkau "
                                  "warga yang tidak membuka laman resmi.", "submit": "1"})
    assert sent.status_code == 302
    item = db.session.execute(sa.select(Input)).scalar_one()
    assert item.is_proposal and item.base_text.startswith("Hasil evaluasi")
    assert item.patch and item.proposed_text == proposed


def test_proposal_requires_a_justification(client, login_as, world, db):
    login_as(world["member"])
    key = unit_key(world["version"], "Pasal 3")
    response = client.post(f"/r/{world['slug']}/v/1/usulan?unit={key}", data={
        "organisation": world["org"].id, "unit": key, "proposed_text": "Rumusan baru.",
        "justification": "  ", "submit": "1"})
    assert response.status_code == 200
    assert "Alasan usulan wajib diisi." in response.get_data(as_text=True)
    assert _count(db) == 0


def test_proposal_justification_is_required_by_the_database(db, world):
    item = Input(number=9, type="proposal", regulation_id=world["version"].regulation_id,
                 version_id=world["version"].id, current_version_id=world["version"].id,
                 unit_key="x", category="usulan", author_id=world["member"].id,
                 proposed_text="Baru.", justification="")
    db.session.add(item)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


# --- the consultation window ------------------------------------------------------------------

def _close_at(world):
    from consult.drafting.consultation import current_period

    return current_period(world["version"].regulation).effective_close


@pytest.mark.parametrize("offset, allowed", [(-1, True), (0, False), (1, False)])
def test_window_boundary(client, login_as, world, db, monkeypatch, offset, allowed):
    closes = _close_at(world)
    monkeypatch.setattr(clock, "now", lambda: closes + timedelta(seconds=offset))
    login_as(world["member"])
    response = client.post(_comment_url(world), data={
        "organisation": world["org"].id, "category": "dukungan", "body": "Setuju."})
    assert response.status_code == (302 if allowed else 403)
    assert _count(db) == (1 if allowed else 0)


def test_drafters_answer_and_reply_after_closing(client, login_as, world, db, make,
                                                  monkeypatch):
    item = make.comment(world["version"], author=world["member"], organisation=world["org"])
    closes = _close_at(world)
    monkeypatch.setattr(clock, "now", lambda: closes + timedelta(days=3))
    login_as(world["drafter"])
    assert client.post(f"/masukan/{item.id}/balas", data={"body": "Terima kasih."}
                       ).status_code == 302
    assert client.post(f"/masukan/{item.id}/tanggapan", data={
        "disposition": "ditunda", "explanation": "Dibahas di rapat berikutnya.",
        "result_version": "0"}).status_code == 302
    # ... but a member can no longer reply.
    login_as(world["member"])
    assert client.post(f"/masukan/{item.id}/balas", data={"body": "Tambahan."}
                       ).status_code == 403


def test_unverified_organisation_cannot_participate(client, login_as, world, db, make):
    pending = make.organisation(status=OrgStatus.PENDING, name="Media Baru")
    login_as(make.member(pending))
    assert client.get(_comment_url(world)).status_code == 403


def test_individuals_participate_only_when_allowed(app, client, login_as, world, db, make):
    login_as(make.user())
    data = {"organisation": 0, "category": "dukungan", "body": "Sebagai warga, saya setuju."}
    assert client.post(_comment_url(world), data=data).status_code == 403
    app.config["ALLOW_INDIVIDUALS"] = True
    assert client.post(_comment_url(world), data=data).status_code == 302
    assert db.session.execute(sa.select(Input)).scalar_one().organisation_id is None


# --- replies, edits, withdrawal ---------------------------------------------------------------

def test_replies_go_two_levels_deep(world, make, db):
    item = make.comment(world["version"], author=world["member"], organisation=world["org"])
    first = services.create_reply(world["drafter"], item, "Balasan penyusun.")
    second = services.create_reply(world["member"], first, "Balasan anggota.",
                                   organisation=world["org"])
    assert (first.depth, second.depth) == (1, 2)
    assert first.number is None
    with pytest.raises(ParticipationError):
        services.create_reply(world["drafter"], second, "Terlalu dalam.")


def test_author_edits_within_15_minutes_and_history_is_visible(client, login_as, world, make,
                                                               db, monkeypatch):
    item = make.comment(world["version"], author=world["member"], organisation=world["org"],
                        body="Isi pertama.")
    login_as(world["member"])
    response = client.post(f"/masukan/{item.id}/ubah", data={
        "category": "keberatan", "body": "Isi kedua.", "quote": ""})
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.body == "Isi kedua." and item.edited_at is not None
    revision = db.session.execute(sa.select(InputRevision)).scalar_one()
    assert revision.body == "Isi pertama."
    page = client.get(f"/masukan/{item.id}", follow_redirects=True).get_data(as_text=True)
    assert "Riwayat perubahan" in page and "Isi pertama." in page and "Isi kedua." in page
    # After 15 minutes the edit is refused and nothing changes.
    later = item.created_at + timedelta(minutes=15, seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    refused = client.post(f"/masukan/{item.id}/ubah", data={"body": "Isi ketiga."})
    assert refused.status_code == 403
    db.session.refresh(item)
    assert item.body == "Isi kedua."


def test_only_the_author_edits_or_withdraws(client, login_as, world, make, db):
    item = make.comment(world["version"], author=world["member"], organisation=world["org"])
    login_as(make.member(world["org"]))
    assert client.post(f"/masukan/{item.id}/ubah", data={"body": "X"}).status_code == 403
    assert client.post(f"/masukan/{item.id}/tarik").status_code == 403


def test_withdrawn_input_stays_marked(client, login_as, world, make, db):
    item = make.comment(world["version"], author=world["member"], organisation=world["org"],
                        body="Masukan yang akan ditarik.")
    login_as(world["member"])
    assert client.post(f"/masukan/{item.id}/tarik").status_code == 302
    db.session.refresh(item)
    assert item.status == InputStatus.WITHDRAWN and item.withdrawn_at is not None
    page = client.get(f"/r/{world['slug']}/masukan").get_data(as_text=True)
    assert "Masukan yang akan ditarik." in page and "ditarik" in page


def test_other_organisations_endorse_a_proposal_once(client, login_as, world, make, db):
    proposal = make.proposal(world["version"], unit="Pasal 3", author=world["member"],
                             organisation=world["org"])
    other = make.organisation(name="Radio Contoh")
    radio = make.member(other)
    login_as(radio)
    assert client.post(f"/masukan/{proposal.id}/dukung",
                       data={"organisation": other.id}).status_code == 302
    page = client.get(f"/masukan/{proposal.id}", follow_redirects=True).get_data(as_text=True)
    assert "Didukung oleh:" in page and "Radio Contoh" in page
    # Once only; and the proposer's own organisation cannot endorse.
    assert client.post(f"/masukan/{proposal.id}/dukung",
                       data={"organisation": other.id}).status_code == 403
    login_as(world["member"])
    assert client.post(f"/masukan/{proposal.id}/dukung",
                       data={"organisation": world["org"].id}).status_code == 403


# --- answers -----------------------------------------------------------------------------------

def test_answers_are_private_until_published_in_a_batch(client, login_as, world, make, db):
    a = make.comment(world["version"], author=world["member"], organisation=world["org"])
    b = make.comment(world["version"], author=world["member"], organisation=world["org"])
    login_as(world["drafter"])
    for item, disposition, text in ((a, "diterima", ""), (b, "ditolak", "Tidak relevan.")):
        assert client.post(f"/masukan/{item.id}/tanggapan", data={
            "disposition": disposition, "explanation": text, "result_version": "0"}
        ).status_code == 302
    public = client.application.test_client()
    assert "Tidak relevan." not in public.get(f"/masukan/{b.id}", follow_redirects=True).get_data(as_text=True)
    api = public.get(f"/api/v1/regulations/{world['slug']}/inputs").get_json()
    assert all(i["disposition"] is None for i in api["inputs"])
    batch = client.get(f"/penyusun/r/{world['slug']}/tanggapan").get_data(as_text=True)
    assert "Siap diterbitkan" in batch
    ids = [r.id for r in db.session.execute(sa.select(Response)).scalars()]
    assert client.post(f"/penyusun/r/{world['slug']}/tanggapan",
                       data={"response": ids, "confirm": "1"}).status_code == 302
    assert "Tidak relevan." in public.get(f"/masukan/{b.id}", follow_redirects=True).get_data(as_text=True)
    api = public.get(f"/api/v1/regulations/{world['slug']}/inputs").get_json()
    assert {i["disposition"]["status"] for i in api["inputs"]} == {"diterima", "ditolak"}


@pytest.mark.parametrize("disposition", [d.value for d in Disposition if d.value != "diterima"])
def test_explanation_required_except_for_diterima_form(client, login_as, world, make, db,
                                                       disposition):
    item = make.comment(world["version"], author=world["member"], organisation=world["org"])
    login_as(world["drafter"])
    response = client.post(f"/masukan/{item.id}/tanggapan", data={
        "disposition": disposition, "explanation": " ", "result_version": "0"})
    assert response.status_code == 400
    assert "Penjelasan wajib diisi" in response.get_data(as_text=True)
    assert db.session.execute(sa.select(sa.func.count(Response.id))).scalar_one() == 0


@pytest.mark.parametrize("disposition, explanation, ok", [
    ("diterima", None, True), ("ditolak", None, False), ("ditunda", "", False),
    ("di_luar_lingkup", "   ", False), ("diterima_sebagian", "Sebagian.", True),
])
def test_explanation_required_by_the_database(db, world, make, disposition, explanation, ok):
    item = make.comment(world["version"], author=world["member"], organisation=world["org"])
    db.session.add(Response(input_id=item.id, disposition=disposition, explanation=explanation))
    if ok:
        db.session.flush()
    else:
        with pytest.raises(IntegrityError):
            db.session.flush()
    db.session.rollback()


def test_published_answer_cannot_be_changed(world, make, db):
    item = make.comment(world["version"], author=world["member"], organisation=world["org"])
    make.response(item, "ditolak", "Alasan.", actor=world["drafter"])
    with pytest.raises(ParticipationError):
        services.save_response(world["drafter"], item, "diterima", None)


# --- throttling -------------------------------------------------------------------------------

def test_inputs_are_throttled_per_user(app, client, login_as, world, db):
    app.config["INPUT_LIMIT"] = "3 per minute"
    login_as(world["member"])
    data = {"organisation": world["org"].id, "category": "dukungan", "body": "Setuju."}
    responses = [client.post(_comment_url(world), data=data) for _ in range(4)]
    assert [r.status_code for r in responses] == [302, 302, 302, 429]
    assert _count(db) == 3
    assert 0 < int(responses[-1].headers["Retry-After"]) <= 60  # when the minute's window ends
    assert not any(h.startswith("X-RateLimit") for r in responses for h in r.headers.keys())


# --- public views and read-side queries -------------------------------------------------------

def test_unit_inputs_filter_by_disposition_organisation_and_category(client, world, make, db):
    v = world["version"]
    radio_org = make.organisation(name="Radio Filter", slug="radio-filter")
    radio = make.member(radio_org)
    a = make.comment(v, unit="Pasal 2 ayat (1)", author=world["member"],
                     organisation=world["org"], category="keberatan", body="Masukan A.")
    make.comment(v, unit="Pasal 2", author=radio, organisation=radio_org, category="dukungan",
                 body="Masukan B.")
    make.response(a, "ditolak", "Tidak.", actor=world["drafter"])
    url = f"/r/{world['slug']}/v/1/pasal/2"
    page = client.get(url).get_data(as_text=True)
    assert "Masukan A." in page and "Masukan B." in page  # the Pasal and its ayat
    for query, shown, hidden in (("status=ditolak", "Masukan A.", "Masukan B."),
                                 ("status=belum", "Masukan B.", "Masukan A."),
                                 ("organisasi=radio-filter", "Masukan B.", "Masukan A."),
                                 ("kategori=keberatan", "Masukan A.", "Masukan B.")):
        page = client.get(f"{url}?{query}").get_data(as_text=True)
        assert shown in page and hidden not in page, query


def test_read_side_queries(world, make, db):
    from consult.participation import coverage, queries

    v = world["version"]
    a = make.comment(v, unit="Pasal 2 ayat (1)", author=world["member"],
                     organisation=world["org"])
    b = make.proposal(v, unit="Pasal 3", author=world["member"], organisation=world["org"])
    c = make.comment(v, unit=None, author=world["member"], organisation=world["org"])
    services.withdraw_input(world["member"], c)
    db.session.commit()
    counts = queries.input_counts_by_pasal(v)
    assert counts == {unit_key(v, "Pasal 2"): 1, unit_key(v, "Pasal 3"): 1}
    assert coverage.unanswered_count(v.regulation) == 2
    make.response(a, "diterima", None, actor=world["drafter"])
    assert coverage.unanswered_count(v.regulation) == 1
    page = queries.inputs_by_organisation(world["org"], 1)
    assert page.total == 3 and page.items[0].id == c.id  # newest first
    assert [i.id for i in queries.inputs_for_unit(v.regulation, unit_key(v, "Pasal 3"))] == [b.id]
    assert [i.number for i in queries.regulation_inputs(v.regulation)] == [1, 2, 3]


def test_drafter_chooses_the_result_unit_by_its_label(client, login_as, world, make, db):
    v = world["version"]
    proposal = make.proposal(v, unit="Pasal 3", author=world["member"],
                             organisation=world["org"])
    login_as(world["drafter"])
    bad = client.post(f"/masukan/{proposal.id}/tanggapan", data={
        "disposition": "diterima_sebagian", "explanation": "Sebagian.",
        "result_version": v.id, "result_unit": "Pasal 99"})
    assert bad.status_code == 400 and "tidak ada pada versi 1" in bad.get_data(as_text=True)
    assert db.session.execute(sa.select(sa.func.count(Response.id))).scalar_one() == 0
    ok = client.post(f"/masukan/{proposal.id}/tanggapan", data={
        "disposition": "diterima_sebagian", "explanation": "Sebagian.",
        "result_version": v.id, "result_unit": "pasal  2 ayat (1)"})
    assert ok.status_code == 302
    response = db.session.execute(sa.select(Response)).scalar_one()
    assert response.result_unit_key == unit_key(v, "Pasal 2 ayat (1)")
    assert response.result_linked_automatically is False


def test_drafter_links_the_result_after_publication(client, login_as, world, make, db):
    v = world["version"]
    proposal = make.proposal(v, unit="Pasal 3", author=world["member"],
                             organisation=world["org"])
    response = make.response(proposal, "diterima", None, actor=world["drafter"])
    login_as(world["drafter"])
    page = client.get(f"/masukan/{proposal.id}", follow_redirects=True).get_data(as_text=True)
    assert "Tautkan rumusan hasil" in page
    assert client.post(f"/masukan/{proposal.id}/tanggapan", data={
        "result_version": v.id, "result_unit": "Pasal 3"}).status_code == 302
    db.session.refresh(response)
    assert response.result_unit_label == "Pasal 3" and response.published
    assert response.disposition == Disposition.ACCEPTED  # the answer itself is unchanged
    # A rejected answer has no result to link.
    other = make.comment(v, author=world["member"], organisation=world["org"])
    make.response(other, "ditolak", "Tidak.", actor=world["drafter"])
    assert client.post(f"/masukan/{other.id}/tanggapan", data={
        "result_version": v.id, "result_unit": "Pasal 3"}).status_code == 400
