"""An accepted proposal is checked against the next version (issue 11): the publish preview
warns, by input number, about every proposal answered "diterima" or "diterima sebagian" whose
wording the new text does not carry (or whose article did not change at all); after publication
the answer says honestly that the change is not reflected, until a drafter links the result or
records a public reason."""
import pytest
import sqlalchemy as sa

from consult.models import AuditEvent
from tests.texts import CONTOH_V1, CONTOH_V2

pytestmark = pytest.mark.usefixtures("request_ctx")

OLD = ("Hasil evaluasi diumumkan kepada masyarakat melalui laman resmi Pemerintah Daerah setiap "
       "tahun.")
NEW = ("Hasil evaluasi diumumkan kepada masyarakat melalui laman resmi Pemerintah Daerah setiap "
       "semester.")
assert OLD in CONTOH_V1


@pytest.fixture
def accepted(make, no_csrf):
    def build(disposition="diterima"):
        version, drafter = make.open_regulation(text=CONTOH_V1)
        item = make.proposal(version, unit="Pasal 3", proposed_text=NEW)
        make.response(item, disposition, "Diterima dengan penyesuaian.", actor=drafter)
        return version.regulation, item, drafter
    return build


def _preview(client, login_as, drafter, regulation, make, text):
    draft = make.draft_version(regulation, text, actor=drafter)
    login_as(drafter)
    html = client.get(f"/penyusun/r/{regulation.slug}/v/{draft.number}/pratinjau").get_data(
        as_text=True)
    return draft, html


def _publish(client, regulation, draft):
    response = client.post(f"/penyusun/r/{regulation.slug}/v/{draft.number}/terbitkan",
                           data={"changelog": "Versi kedua.", "revision": draft.revision})
    assert response.status_code == 302


def test_preview_warns_and_answer_says_not_reflected(accepted, client, login_as, make, db):
    regulation, item, drafter = accepted()
    draft, html = _preview(client, login_as, drafter, regulation, make, CONTOH_V1)
    assert "Usulan diterima yang belum tercermin" in html
    warned = html.split("Usulan diterima yang belum tercermin", 1)[1].split("</section>", 1)[0]
    assert f"No. {item.number}" in warned and "Pasal 3" in warned
    _publish(client, regulation, draft)
    page = client.get(f"/r/{regulation.slug}/masukan/{item.number}").get_data(as_text=True)
    assert "Rumusan hasil akan ditautkan saat versi berikutnya terbit" not in page
    assert "belum tercermin dalam versi 2" in page
    # The drafter records why, in public.
    response = client.post(f"/masukan/{item.id}/alasan-tidak-dimuat",
                           data={"reason": "Ditunda ke Perbup tentang evaluasi."})
    assert response.status_code == 302
    client.post("/keluar")
    page = client.get(f"/r/{regulation.slug}/masukan/{item.number}").get_data(as_text=True)
    assert "Ditunda ke Perbup tentang evaluasi." in page
    assert "belum tercermin dalam versi 2" not in page
    assert db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "response.unreflected_reason")).scalar_one()
    timeline = client.get(f"/r/{regulation.slug}/linimasa").get_data(as_text=True)
    assert f"Perubahan yang diterima atas masukan No. {item.number} tidak dimuat" in timeline


def test_a_reflected_proposal_gives_no_warning(accepted, client, login_as, make, db):
    regulation, item, drafter = accepted()
    draft, html = _preview(client, login_as, drafter, regulation, make,
                           CONTOH_V1.replace(OLD, NEW))
    assert "Usulan diterima yang belum tercermin" not in html
    _publish(client, regulation, draft)
    page = client.get(f"/r/{regulation.slug}/masukan/{item.number}").get_data(as_text=True)
    assert "Versi 2, Pasal 3" in page and "belum tercermin" not in page


def test_partly_accepted_warns_only_when_the_article_did_not_change(accepted, client,
                                                                    login_as, make):
    regulation, item, drafter = accepted("diterima_sebagian")
    _draft, html = _preview(client, login_as, drafter, regulation, make, CONTOH_V2)
    assert "Usulan diterima yang belum tercermin" not in html


def test_only_drafters_record_a_reason(accepted, client, login_as, make):
    regulation, item, drafter = accepted()
    login_as("member")
    assert client.post(f"/masukan/{item.id}/alasan-tidak-dimuat",
                       data={"reason": "Bukan hak saya."}).status_code == 403
