"""What a person sees when a form does not go through: the limit named, errors at the top, no
pre-chosen category, typed text given back when the session ended meanwhile, and a log-in page
that says how long a lock-out lasts (issue 19)."""
import re

import pytest
import sqlalchemy as sa

from consult.models import Input
from tests.consult.forms_helper import csrf_token_from, login
from tests.factories import PASSWORD
from tests.texts import CONTOH_V1

pytestmark = pytest.mark.usefixtures("request_ctx")


@pytest.fixture
def world(make):
    version, drafter = make.open_regulation(text=CONTOH_V1)
    org = make.organisation(name="SMSI Contoh")
    member = make.member(org)
    return {"version": version, "org": org, "member": member,
            "url": f"/r/{version.regulation.slug}/v/{version.number}/komentar"}


def _inputs(db):
    return db.session.execute(sa.select(sa.func.count(Input.id))).scalar_one()


def test_no_category_is_chosen_for_the_user(client, login_as, world):
    login_as(world["member"])
    html = client.get(world["url"]).get_data(as_text=True)
    radios = re.findall(r'<input[^>]*name="category"[^>]*>', html)
    assert len(radios) == 4 and not any("checked" in r for r in radios)


def test_the_limit_is_said_and_nothing_cuts_pasted_text(client, login_as, world):
    login_as(world["member"])
    html = client.get(world["url"]).get_data(as_text=True)
    body = re.search(r'<textarea[^>]*id="body"[^>]*>', html).group(0)
    assert "maxlength" not in body and 'data-limit="20000"' in body
    assert "Paling banyak 20.000 karakter." in html


def test_too_long_a_comment_names_the_limit_in_a_summary_at_the_top(client, login_as, world, db):
    login_as(world["member"])
    page = client.get(world["url"]).get_data(as_text=True)
    response = client.post(world["url"], data={
        "csrf_token": csrf_token_from(page), "organisation": world["org"].id,
        "category": "usulan", "body": "x" * 20001, "submit": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and _inputs(db) == 0
    summary = html.index('class="error-summary"')
    assert summary < html.index('<form method="post" class="card input-form"')
    assert "Isi masukan terlalu panjang: paling banyak 20.000 karakter." in html[summary:]
    assert 'href="#body"' in html[summary:]
    assert "Pilih kategori masukan." not in html  # the category was chosen


def test_an_empty_comment_without_category_lists_both_errors(client, login_as, world, db):
    login_as(world["member"])
    page = client.get(world["url"]).get_data(as_text=True)
    html = client.post(world["url"], data={
        "csrf_token": csrf_token_from(page), "organisation": world["org"].id, "body": "",
        "submit": "1"}).get_data(as_text=True)
    start = html.index('class="error-summary"')
    summary = html[start:html.index("</ul>", start)]
    assert "Pilih kategori masukan." in summary and "Isi masukan wajib diisi." in summary


def test_typed_text_comes_back_when_the_session_ended_meanwhile(client, login_as, world, db):
    login_as(world["member"])
    page = client.get(world["url"]).get_data(as_text=True)
    token = csrf_token_from(page)
    with client.session_transaction() as session:  # logged out in another tab
        session.clear()
    text = "Pasal ini perlu <b>menyebut</b> verifikasi Dewan Pers.\nBaris kedua."
    response = client.post(world["url"], data={
        "csrf_token": token, "organisation": world["org"].id, "category": "usulan",
        "body": text, "submit": "1"}, headers={"Referer": "http://localhost" + world["url"]})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and _inputs(db) == 0
    assert "Anda sudah keluar" in html
    assert "Pasal ini perlu &lt;b&gt;menyebut&lt;/b&gt; verifikasi Dewan Pers.\nBaris kedua." in html
    assert 'href="/masuk?next=' in html and "komentar" in html[html.index('href="/masuk?next='):]


def test_a_foreign_referer_is_not_offered_as_the_way_back(client, login_as, world):
    login_as(world["member"])
    with client.session_transaction() as session:
        session.clear()
    html = client.post(world["url"], data={"body": "Teks saya."},
                       headers={"Referer": "https://evil.example/x"}).get_data(as_text=True)
    assert "Teks saya." in html and "evil.example" not in html


def test_a_refused_form_without_typed_text_keeps_the_short_message(client):
    response = client.post("/masuk", data={"email": "a@b.test", "password": "x"})
    assert response.status_code == 400
    assert "kedaluwarsa" in response.get_data(as_text=True)


def test_the_lockout_page_says_how_long_and_keeps_the_form(app, client, make):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    from consult.extensions import limiter
    limiter.enabled = True
    try:
        limiter.reset()
        make.user(email="target@example.test")
        for _ in range(2):
            assert login(client, "target@example.test", "salah-salah").status_code == 200
        response = login(client, "target@example.test", PASSWORD)
    finally:
        limiter.enabled = False
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert re.search(r"sekitar 1[45] menit lagi, juga dengan kata sandi yang benar", html)
    assert 'href="/lupa-sandi"' in html or "Lupa kata sandi? Atur ulang sekarang" in html
    assert re.search(r'<input[^>]*name="password"', html)
    assert "target@example.test" not in html  # nothing about the account
    assert int(response.headers["Retry-After"]) > 13 * 60
