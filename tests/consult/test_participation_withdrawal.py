"""Rules for withdrawal (issue 11): an input with a published answer cannot be withdrawn (its
answer is part of the record), in the service, the page and the route; a prepared, unpublished
answer changes nothing the author sees; a withdrawn input stays listed, labelled, with its answer
(on the page and in the API)."""
import pytest

from consult.participation import services
from consult.participation.services import ParticipationError
from tests.texts import CONTOH_V1

pytestmark = pytest.mark.usefixtures("request_ctx")


@pytest.fixture
def world(make, no_csrf):
    version, drafter = make.open_regulation(text=CONTOH_V1)
    org = make.organisation(name="SMSI Contoh")
    member = make.member(org)
    item = make.comment(version, author=member, organisation=org, body="Mohon diperjelas.")
    return {"version": version, "drafter": drafter, "member": member, "item": item,
            "url": f"/r/{version.regulation.slug}/masukan/{item.number}"}


def _page(client, world):
    return client.get(world["url"]).get_data(as_text=True)


def test_an_answered_input_cannot_be_withdrawn(world, make, client, login_as, db):
    item = world["item"]
    make.response(item, "ditolak", "Sudah diatur.")
    with pytest.raises(ParticipationError):
        services.withdraw_input(world["member"], item)
    db.session.rollback()
    login_as(world["member"])
    assert ">Tarik<" not in _page(client, world)
    assert client.post(f"/masukan/{item.id}/tarik").status_code == 403
    db.session.refresh(item)
    assert item.withdrawn_at is None


def test_a_prepared_answer_changes_nothing_the_author_sees(world, make, client, login_as, db):
    item = world["item"]
    login_as(world["member"])
    before = _page(client, world)
    make.response(item, "ditolak", "Draf jawaban rahasia.", published=False)
    after = _page(client, world)
    assert ">Tarik<" in before and ">Tarik<" in after
    assert "Draf jawaban rahasia." not in after
    assert client.post(f"/masukan/{item.id}/tarik").status_code == 302


def test_withdrawn_input_stays_listed_with_its_answer(world, make, client, login_as, db):
    item = world["item"]
    services.withdraw_input(world["member"], item)
    db.session.commit()
    make.response(item, "di_luar_lingkup", "Dicatat walau ditarik.")
    html = _page(client, world)
    assert ">ditarik<" in html and "Dicatat walau ditarik." in html
    slug = item.regulation.slug
    listed = client.get(f"/api/v1/regulations/{slug}/inputs").get_json()["inputs"]
    assert [(i["status"], i["disposition"]["status"]) for i in listed] == [
        ("withdrawn", "di_luar_lingkup")]
