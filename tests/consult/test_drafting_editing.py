"""Editing a draft unit by unit, and the optimistic lock that keeps two drafters from
overwriting each other."""
import pytest

from consult.drafting import editing, services
from consult.models import Version
from consult.unit_rows import load_document, pasal_units
from tests.consult.forms_helper import post


pytestmark = pytest.mark.usefixtures("request_ctx")


@pytest.fixture
def drafter(make):
    return make.user(role="drafter")


@pytest.fixture
def draft(make, drafter):
    return make.draft_version(actor=drafter)


def pasal(version, label):
    return next(u for u in pasal_units(version) if u.label == label)


def test_edit_pasal_text_reparses_ayat_and_keeps_keys(db, draft, drafter):
    p2 = pasal(draft, "2")
    other_keys = {u.label: u.key for u in pasal_units(draft)}
    body = ("(1) Pengelolaan dilaksanakan oleh Dinas.\n"
            "(2) Pengelolaan sebagaimana dimaksud pada ayat (1) meliputi:\n"
            "a. perencanaan;\nb. pelaksanaan; dan\nc. evaluasi.\n"
            "(3) Ayat baru tentang pelaporan.")
    editing.edit_unit(drafter, draft, draft.revision, p2.key, body)
    db.session.commit()
    assert draft.revision == 2
    doc = load_document(draft)
    edited = doc.find("pasal", "2")
    assert [c.label for c in edited.children] == ["1", "2", "3"]
    assert edited.children[0].text == "Pengelolaan dilaksanakan oleh Dinas."
    assert {u.label: u.key for u in pasal_units(draft)} == other_keys


def test_edit_other_unit_text(db, draft, drafter):
    doc = load_document(draft)
    judul = next(u for u in doc.iter_units() if u.kind == "judul")
    editing.edit_unit(drafter, draft, 1, judul.key, "PERATURAN BUPATI CONTOH TENTANG UJI")
    assert load_document(draft).units[0].text == "PERATURAN BUPATI CONTOH TENTANG UJI"


def test_empty_pasal_text_is_refused(db, draft, drafter):
    with pytest.raises(services.DraftingError):
        editing.edit_unit(drafter, draft, 1, pasal(draft, "1").key, "  ")


def test_add_pasal_after_renumbers_the_rest(db, draft, drafter):
    before = {u.label: u.key for u in pasal_units(draft)}
    editing.add_pasal_after(drafter, draft, 1, before["1"], "Pasal sisipan tentang uji.")
    labels = {u.label: u.key for u in pasal_units(draft)}
    assert sorted(labels, key=int) == ["1", "2", "3", "4"]
    assert labels["3"] == before["2"] and labels["4"] == before["3"]
    assert labels["2"] not in before.values()
    assert load_document(draft).find("pasal", "2").text == "Pasal sisipan tentang uji."


def test_add_pasal_at_the_front(db, draft, drafter):
    editing.add_pasal_after(drafter, draft, 1, "", "Pasal paling awal.")
    assert load_document(draft).find("pasal", "1").text == "Pasal paling awal."


def test_delete_pasal_and_ayat(db, draft, drafter):
    before = {u.label: u.key for u in pasal_units(draft)}
    editing.delete_unit(drafter, draft, 1, before["2"])
    after = {u.label: u.key for u in pasal_units(draft)}
    assert after == {"1": before["1"], "2": before["3"]}
    doc = load_document(draft)
    assert doc.find("pasal", "1").children  # angka of Pasal 1 still there
    ayat = next(u for u in doc.iter_units() if u.kind == "angka" and u.label == "1")
    editing.delete_unit(drafter, draft, 2, ayat.key)
    doc = load_document(draft)
    assert [c.label for c in doc.find("pasal", "1").children] == ["1"]  # renumbered


def test_last_pasal_cannot_be_deleted(db, make, drafter):
    draft = make.draft_version(text="Pasal 1\nSatu-satunya.", actor=drafter)
    with pytest.raises(services.DraftingError):
        editing.delete_unit(drafter, draft, 1, pasal(draft, "1").key)


def test_move_pasal(db, draft, drafter):
    before = {u.label: u.key for u in pasal_units(draft)}
    editing.move_pasal(drafter, draft, 1, before["3"], before["1"])
    after = {u.label: u.key for u in pasal_units(draft)}
    assert (after["2"], after["3"]) == (before["3"], before["2"])
    editing.move_pasal(drafter, draft, 2, before["1"], before["2"])  # across a BAB
    assert [u.key for u in pasal_units(draft)] == [before["3"], before["2"], before["1"]]


def test_published_version_cannot_be_edited(db, make, drafter):
    published = make.published_version(actor=drafter)
    with pytest.raises(services.DraftingError):
        editing.edit_unit(drafter, published, published.revision,
                          pasal(published, "1").key, "Teks lain.")


# --- the optimistic lock ----------------------------------------------------------------------

def test_stale_revision_is_refused_and_nothing_changes(db, draft, drafter):
    key = pasal(draft, "3").key
    editing.edit_unit(drafter, draft, 1, key, "Mulai berlaku 30 hari sejak diundangkan.")
    db.session.commit()
    with pytest.raises(services.ConflictError) as conflict:
        editing.edit_unit(drafter, draft, 1, key, "Mulai berlaku sejak ditetapkan.")
    db.session.rollback()
    assert conflict.value.stored_text == "Mulai berlaku 30 hari sejak diundangkan."
    assert conflict.value.submitted_text == "Mulai berlaku sejak ditetapkan."
    assert load_document(draft).find("pasal", "3").text == \
        "Mulai berlaku 30 hari sejak diundangkan."
    assert draft.revision == 2


def test_two_drafters_through_the_web(client, login_as, db, make):
    """Both open the same Pasal at revision 1; the first save wins, the second gets the
    conflict page with a word diff, and the stored text is the first drafter's."""
    first = login_as("drafter")
    draft = make.draft_version(actor=first)
    key = pasal(draft, "3").key
    url = f"/penyusun/r/{draft.regulation.slug}/v/{draft.number}/unit/{key}"
    form = client.get(url).get_data(as_text=True)
    assert 'name="revision" type="hidden" value="1"' in form or 'value="1"' in form
    ok = post(client, url, data={"revision": "1",
                                 "text": "Peraturan Bupati ini mulai berlaku 30 hari sejak "
                                         "diundangkan."})
    assert ok.status_code == 302
    login_as("drafter")  # a second drafter with the same stale form
    refused = post(client, url, data={"revision": "1",
                                      "text": "Peraturan Bupati ini mulai berlaku pada "
                                              "tanggal ditetapkan."})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "Konflik penyuntingan" in page
    assert "<del>" in page and "<ins>" in page
    assert "30 hari sejak" in page and "ditetapkan" in page
    assert 'value="2"' in page  # the form now carries the current revision
    db.session.expire_all()
    version = db.session.get(Version, draft.id)
    assert load_document(version).find("pasal", "3").text == \
        "Peraturan Bupati ini mulai berlaku 30 hari sejak diundangkan."
    assert version.revision == 2


def test_whole_text_edit_with_stale_revision(client, login_as, db, make):
    drafter = login_as("drafter")
    draft = make.draft_version(actor=drafter)
    url = f"/penyusun/r/{draft.regulation.slug}/v/{draft.number}/teks"
    text = draft.source_text.replace("evaluasi", "pelaporan")
    assert post(client, url, data={"revision": "1", "source_text": text}).status_code == 302
    refused = post(client, url, data={"revision": "1",
                                      "source_text": draft.source_text + "\nPasal 4\nBaru."})
    assert refused.status_code == 409
    assert "Konflik penyuntingan" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert "pelaporan" in db.session.get(Version, draft.id).source_text


def test_stale_delete_is_refused(client, login_as, db, make):
    drafter = login_as("drafter")
    draft = make.draft_version(actor=drafter)
    base = f"/penyusun/r/{draft.regulation.slug}/v/{draft.number}"
    key1, key2 = pasal(draft, "1").key, pasal(draft, "2").key
    assert post(client, f"{base}/unit/{key1}/hapus", data={"revision": "1"}).status_code == 302
    response = post(client, f"{base}/unit/{key2}/hapus", data={"revision": "1"},
                    follow_redirects=True)
    assert "sudah diubah orang lain" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(pasal_units(draft)) == 2


def test_adding_a_pasal_through_the_web(client, login_as, db, make):
    """Saved: the new Pasal is in place. A stale form: 409 with the difference, nothing added.
    An empty text: 422 with the message under the field, nothing added."""
    drafter = login_as("drafter")
    draft = make.draft_version(actor=drafter)
    url = f"/penyusun/r/{draft.regulation.slug}/v/{draft.number}/tambah-pasal"
    first = pasal(draft, "1").key
    before = len(pasal_units(draft))
    saved = post(client, url, data={"revision": "1", "after": first, "heading": "",
                                    "text": "Ketentuan yang disisipkan."})
    assert saved.status_code == 302
    db.session.expire_all()
    assert pasal(draft, "2").text == "Ketentuan yang disisipkan."

    stale = post(client, url, data={"revision": "1", "after": first, "heading": "",
                                    "text": "Ketentuan dari formulir lama."})
    assert stale.status_code == 409
    assert "Konflik penyuntingan" in stale.get_data(as_text=True)
    assert 'value="2"' in stale.get_data(as_text=True)

    refused = post(client, url, data={"revision": "2", "after": first, "heading": "",
                                      "text": " \n "})
    assert refused.status_code == 422
    assert 'class="error-text"' in refused.get_data(as_text=True)
    db.session.expire_all()
    assert len(pasal_units(draft)) == before + 1
    assert "formulir lama" not in db.session.get(Version, draft.id).source_text
