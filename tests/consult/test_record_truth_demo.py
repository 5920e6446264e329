"""The demo's record says nothing untrue (issue 11): public numbers in public addresses, old
addresses keep their meaning, a Pasal shows the inputs made on its earlier versions, and a
withdrawal is not offered on an input already answered."""
import pytest
import sqlalchemy as sa

from consult.models import Input
from tests.consult.test_participation_demo import demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("request_ctx")


def _input(db, number):
    return db.session.execute(sa.select(Input).where(Input.number == number)).scalar_one()


def test_input_address_carries_the_public_number(demo, client, db):  # noqa: F811
    page = client.get(f"/r/{demo.slug}/masukan/14")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<title>Masukan No. 14 " in html
    assert client.get(f"/r/{demo.slug}/masukan/999").status_code == 404
    assert client.get("/r/tidak-ada/masukan/14").status_code == 404


def test_old_input_addresses_redirect_to_what_they_meant(demo, client, db):  # noqa: F811
    no16 = _input(db, 16)
    old = client.get(f"/masukan/{no16.id}")
    assert old.status_code == 301
    assert old.headers["Location"].endswith(f"/r/{demo.slug}/masukan/16")
    # An old address of a reply leads to that reply, at an address no input can have.
    reply = db.session.execute(sa.select(Input).where(Input.depth == 2)).scalar_one()
    old = client.get(f"/masukan/{reply.id}")
    assert old.status_code == 301
    location = old.headers["Location"]
    assert location.endswith(f"/r/{demo.slug}/masukan/{reply.root.number}/balasan/{reply.id}")
    html = client.get(location).get_data(as_text=True)
    assert f'id="balasan-{reply.id}"' in html and "Balasan pada masukan No." in html
    # A reply address under the wrong input is not an address of that reply.
    assert client.get(f"/r/{demo.slug}/masukan/2/balasan/{reply.id}").status_code == 404
    assert client.get(f"/masukan/{10 ** 6}").status_code == 404


def test_links_use_public_numbers(demo, client, db):  # noqa: F811
    no16, no8 = _input(db, 16), _input(db, 8)
    for url, item in ((f"/r/{demo.slug}/masukan", no16), (f"/r/{demo.slug}/dim", no16),
                      (f"/r/{demo.slug}/v/2/pasal/3", no16),
                      (f"/feeds/r/{demo.slug}.atom", no8),
                      (f"/feeds/organisasi/{no8.organisation.slug}.atom", no8)):
        html = client.get(url).get_data(as_text=True)
        assert f"/r/{demo.slug}/masukan/{item.number}" in html, url
        # Every input address on the page is a public one (none by internal id).
        assert html.count("/masukan/") == html.count(f"/r/{demo.slug}/masukan/"), url


def test_answer_mail_links_to_the_input(demo, db):  # noqa: F811
    from consult.models import OutboxMail
    from consult.notify.fanout import fan_out

    fan_out()  # the worker turns the demo's answer notices into mails
    mails = db.session.execute(sa.select(OutboxMail)).scalars().all()
    answered = [m for m in mails if "Masukan No. 8 Anda ditanggapi" in m.subject]
    assert answered and f"/r/{demo.slug}/masukan/8\n" in answered[0].body


def test_pasal_shows_inputs_of_earlier_versions(demo, client, db):  # noqa: F811
    html = client.get(f"/r/{demo.slug}/v/2/pasal/6").get_data(as_text=True)
    assert "Belum ada masukan untuk Pasal 6" not in html
    assert "Masukan pada versi sebelumnya" in html
    earlier = html.split("Masukan pada versi sebelumnya", 1)[1]
    assert "No. 8" in earlier and "Diterima sebagian" in earlier and "versi 1" in earlier
    api = client.get(f"/api/v1/regulations/{demo.slug}/versions/2/pasal/6").get_json()
    assert api["pasal"] == "Pasal 6" and api["inputs"] == []
    assert [(i["id"], i["version"]) for i in api["earlier_inputs"]] == [(8, 1)]
    assert api["earlier_inputs"][0]["disposition"]["status"] == "diterima_sebagian"
    # On the version it was made on, No. 8 is that version's own input.
    api = client.get(f"/api/v1/regulations/{demo.slug}/versions/1/pasal/6").get_json()
    assert [i["id"] for i in api["inputs"]] == [8] and api["earlier_inputs"] == []


def test_answered_input_offers_no_withdrawal(demo, client, login_as, db, no_csrf):  # noqa: F811
    no1 = _input(db, 1)
    login_as(no1.author)
    html = client.get(f"/r/{demo.slug}/masukan/1").get_data(as_text=True)
    own = html.split('id="masukan-1"', 1)[1].split('<ol class="replies">', 1)[0]
    assert "Ditolak" in own and ">Tarik<" not in own  # (a reply of theirs may be withdrawn)
    assert client.post(f"/masukan/{no1.id}/tarik").status_code == 403
