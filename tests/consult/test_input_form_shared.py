"""The comment and proposal forms as members first see them (issue 18): one page for every member
of a kind, kept while what it shows stays the same (a published version never changes), with
each member's own head filled in per request: their CSRF token, a one-time key of their own and
whom they speak for. A form sent back with errors is the member's alone."""
import re

import pytest
from flask import template_rendered

from consult.models import Input
from tests.clients import client_as
from tests.factories_participation import unit_key
from tests.texts import CONTOH_V1

pytestmark = pytest.mark.usefixtures("request_ctx")

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                  r'name="csrf_token" value="([^"]+)"')
KEY = re.compile(r'name="submission_key"[^>]*value="([^"]+)"')
INPUT_FORM = re.compile(r'<form method="post" class="card input-form.*?</form>', re.S)


@pytest.fixture
def world(make, db):
    version, drafter = make.open_regulation(text=CONTOH_V1)
    one = make.organisation(name="Media Satu")
    two = make.organisation(name="Media Dua")
    single = make.member(one, name="Anggota Tunggal")
    double = make.member(one, name="Anggota Ganda")
    make.membership(double, two)
    db.session.commit()
    regulation = version.regulation
    return {"version": version, "one": one, "two": two, "single": single, "double": double,
            "regulation": regulation, "key": unit_key(version, "Pasal 2 ayat (2)"),
            "comment": f"/r/{regulation.slug}/v/{version.number}/komentar",
            "proposal": f"/r/{regulation.slug}/v/{version.number}/usulan"}


@pytest.fixture
def renders(app):
    """The names of the whole-page templates rendered while the test runs."""
    seen = []

    def note(sender, template, context, **extra):
        seen.append(template.name)

    template_rendered.connect(note, app)
    yield seen
    template_rendered.disconnect(note, app)


def csrf_of(html):
    """The CSRF tokens inside the input form itself (the header's log-out form has one too)."""
    form = INPUT_FORM.search(html)
    assert form, "no input form on the page"
    return [a or b for a, b in CSRF.findall(form.group(0))]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_every_member_gets_the_shared_form_with_their_own_head(app, world, renders):
    url = f"{world['comment']}?unit={world['key']}"
    single, double = client_as(app, world["single"]), client_as(app, world["double"])
    first = get(single, url)
    second = get(single, url)
    other = get(double, url)
    assert renders.count("participation/comment_form.html") == 1  # rendered once, then kept
    for html in (first, second, other):
        assert "Komentar atas Pasal 2 ayat (2)" in html and "Kirim masukan" in html
        assert len(KEY.findall(html)) == 1 and len(csrf_of(html)) == 1
    # One organisation: said, and sent hidden. Two: a choice between them.
    assert 'type="hidden" name="organisation"' in first and "Atas nama: Media Satu" in first
    assert '<select' in other and "Media Dua" in other and "Media Dua" not in first
    assert "Anggota Tunggal" in first and "Anggota Tunggal" not in other  # the header's name
    # Each view of the form has its own one-time key; each browser its own CSRF token.
    keys = [KEY.search(html).group(1) for html in (first, second, other)]
    assert len(set(keys)) == 3
    assert csrf_of(first) == csrf_of(second) and not set(csrf_of(first)) & set(csrf_of(other))
    # The tokens are the ones each browser's session accepts: the posts go through.
    for client, html, org in ((single, second, world["one"]), (double, other, world["two"])):
        posted = client.post(url, data={
            "csrf_token": csrf_of(html)[0], "submission_key": KEY.search(html).group(1),
            "organisation": str(org.id), "category": "dukungan", "quote": "",
            "unit": world["key"], "body": "Masukan lewat formulir bersama."})
        assert posted.status_code == 302, posted.get_data(as_text=True)[-800:]


def test_the_kept_form_outlives_writes_and_follows_the_title(app, db, world, renders, no_csrf):
    url = f"{world['comment']}?unit={world['key']}"
    member = client_as(app, world["single"])
    get(member, url)
    posted = member.post(url, data={
        "organisation": str(world["one"].id), "category": "dukungan", "quote": "",
        "unit": world["key"], "body": "Masukan yang memperbarui halaman publik."})
    assert posted.status_code == 302  # a public write: a new page generation
    get(member, url)
    assert renders.count("participation/comment_form.html") == 1  # the form did not change
    world["regulation"].title = "Judul yang diubah penyusun"
    db.session.commit()
    assert "Judul yang diubah penyusun" in get(member, url)
    assert renders.count("participation/comment_form.html") == 2
    assert "Umum (rancangan secara keseluruhan)" in get(member, world["comment"])  # another unit
    assert renders.count("participation/comment_form.html") == 3


def test_a_form_sent_back_keeps_what_the_member_chose_and_wrote(app, db, world, no_csrf):
    url = f"{world['comment']}?unit={world['key']}"
    member = client_as(app, world["double"])
    get(member, url)
    back = member.post(url, data={"organisation": str(world["two"].id), "category": "dukungan",
                                  "quote": "", "unit": world["key"], "body": ""})
    assert back.status_code == 200
    html = back.get_data(as_text=True)
    assert "Isi masukan wajib diisi." in html
    assert re.search(rf'<option selected value="{world["two"].id}">Media Dua</option>|'
                     rf'<option value="{world["two"].id}" selected>Media Dua</option>', html)
    assert re.search(r'<input checked[^>]*value="dukungan"', html)
    refused = member.post(url, data={"organisation": "999999", "category": "dukungan",
                                     "quote": "", "unit": world["key"], "body": "Isi."})
    assert refused.status_code == 200
    assert 'aria-invalid="true"' in refused.get_data(as_text=True)  # on the choice itself
    assert db.session.query(Input).count() == 0


def test_the_proposal_form_starts_from_the_current_wording(app, world, renders, no_csrf):
    url = f"{world['proposal']}?unit={world['key']}"
    single, double = client_as(app, world["single"]), client_as(app, world["double"])
    first, other = get(single, url), get(double, url)
    assert renders.count("participation/proposal_form.html") == 1
    text = re.search(r'<textarea[^>]*name="proposed_text"[^>]*>(.*?)</textarea>', first, re.S)
    assert text and text.group(1).strip()  # the unit's current text, ready to change
    assert "Media Dua" in other and "Media Dua" not in first
    preview = single.post(url, data={"organisation": str(world["one"].id), "preview": "1",
                                     "unit": world["key"], "proposed_text": "Rumusan baru.",
                                     "justification": ""})
    assert preview.status_code == 200
    shown = preview.get_data(as_text=True)
    assert "<ins" in shown and "Rumusan baru" in shown.split("data-diff-target", 1)[1]
    assert renders.count("participation/proposal_form.html") == 2  # the member's own
    again = get(double, url)  # the shared page again: nobody's preview in it
    assert "Rumusan baru" not in again and "<ins" not in again
    assert renders.count("participation/proposal_form.html") == 2


def test_a_visitor_and_a_drafter_never_get_the_members_form(app, client, world, make):
    url = f"{world['comment']}?unit={world['key']}"
    visitor = client.get(url)
    assert visitor.status_code in (302, 303) and "/masuk" in visitor.location
    drafter = client_as(app, make.user(role="drafter"))
    assert drafter.get(url).status_code == 403


def test_a_made_up_address_is_rendered_for_the_reader_and_never_kept(app, world, renders):
    url = f"{world['comment']}?unit={world['key']}"
    member = client_as(app, world["single"])
    made_up = [f"{url}&x=1", f"{url}&", f"{url}&&", f"{url}&unit={world['key']}",
               f"{world['comment']}?unit=",
               f"{world['comment']}?unit=" + "".join(f"%{ord(c):02X}" for c in world["key"])]
    for address in made_up:
        html = get(member, address)
        assert "Komentar atas" in html and len(KEY.findall(html)) == 1, address
    assert renders.count("participation/comment_form.html") == len(made_up)  # none kept
    store = app.extensions.get("timbang.fragments")
    assert store is None or not store.entries
    get(member, url)
    get(member, url)
    get(member, world["comment"])  # a general comment: its own address, kept too
    get(member, world["comment"])
    assert renders.count("participation/comment_form.html") == len(made_up) + 2
    assert len(app.extensions["timbang.fragments"].entries) == 2


def test_an_error_about_the_only_choice_is_shown_where_the_summary_leads(app, db, world,
                                                                        no_csrf):
    url = f"{world['comment']}?unit={world['key']}"
    member = client_as(app, world["single"])
    back = member.post(url, data={"organisation": "999999", "category": "dukungan", "quote": "",
                                  "unit": world["key"], "body": "Isi."})
    assert back.status_code == 200
    html = back.get_data(as_text=True)
    link = re.search(r'<div class="error-summary".*?<a href="#([\w-]+)">', html, re.S)
    assert link and link.group(1) == "organisation"
    target = re.search(r'<p class="meta" id="organisation">Atas nama: Media Satu</p>\s*'
                       r'<p class="error-text">([^<]+)</p>', html)
    assert target, html[html.find('class="card input-form'):][:1500]
    assert db.session.query(Input).count() == 0
