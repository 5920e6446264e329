"""Shared fragments (consult/fragments.py): parts of pages rendered once per page generation for
every reader, members included. What is a member's own (buttons, name, notification count, CSRF
token, answers only drafters may see) never reaches another reader through them."""
import re

import pytest

from consult.extensions import db as _db
from consult.models import Notification, NotificationKind
from consult.participation.services import create_reply
from tests.consult.public_fixtures import count_queries, page_queries
from tests.texts import CONTOH_V1
from tests.clients import client_as

pytestmark = pytest.mark.usefixtures("request_ctx")

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def world(make):
    version, drafter = make.open_regulation(text=CONTOH_V1)
    org = make.organisation(name="Media Uji")
    alice, bob = make.member(org, name="Alice Anggota"), make.member(org, name="Bobi Anggota")
    item = make.comment(version, unit="Pasal 3", author=alice, organisation=org,
                        body="Masukan milik Alice.")
    url = f"/r/{version.regulation.slug}/v/1/pasal/3"
    return {"version": version, "drafter": drafter, "org": org, "alice": alice, "bob": bob,
            "item": item, "url": url}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def stored_fragments(app):
    store = app.extensions.get("timbang.fragments")
    return len(store.entries) if store is not None else 0


def test_each_member_gets_their_own_buttons_on_a_shared_thread(app, client, login_as, world):
    edit = f"/masukan/{world['item'].id}/ubah"
    report = f"/masukan/{world['item'].id}/laporkan"
    login_as(world["alice"])
    own = page(client, world["url"])
    assert stored_fragments(app) > 0  # the thread is now shared
    assert edit in own and report not in own  # her own input: edit, not report
    login_as(world["bob"])
    other = page(client, world["url"])
    assert "Masukan milik Alice." in other
    assert edit not in other and report in other
    with client.session_transaction() as session:
        session.clear()
    anonymous = page(client, world["url"])
    assert "Masukan milik Alice." in anonymous
    assert 'class="input-actions"' not in anonymous and edit not in anonymous


def test_no_member_specific_content_reaches_another_reader(app, client, login_as, world, make,
                                                           db):
    db.session.add(Notification(user_id=world["alice"].id, kind=NotificationKind.VERSION,
                                title="Versi baru", body=""))
    db.session.commit()
    login_as(world["alice"])
    alice_page = page(client, world["url"])
    alice_tokens = set(CSRF.findall(alice_page))
    assert alice_tokens and 'class="nav-count"' in alice_page and "Alice Anggota" in alice_page
    bob = client_as(app, world["bob"])  # his own browser: his own session
    bob_page = page(bob, world["url"])
    assert not alice_tokens & set(CSRF.findall(bob_page))  # CSRF tokens are per session
    assert CSRF.findall(bob_page)  # Bob has his own
    assert 'class="nav-count"' not in bob_page  # Alice's notification count is hers
    assert 'nav-account' in bob_page and ">Alice Anggota</a>" not in bob_page
    anonymous_client = app.test_client()
    for _ in range(2):  # rendered, then from the page cache
        anonymous = page(anonymous_client, world["url"])
        assert not CSRF.findall(anonymous) and "nav-account" not in anonymous
        assert 'class="nav-count"' not in anonymous


def test_a_draft_answer_is_never_shared_with_members(app, client, login_as, world, make):
    make.response(world["item"], "ditolak", "Penjelasan rahasia.", published=False,
                  actor=world["drafter"])
    login_as(world["bob"])
    assert "Penjelasan rahasia." not in page(client, world["url"])  # fills the fragment
    login_as(world["drafter"])
    assert "Penjelasan rahasia." in page(client, world["url"])  # drafters: their own render
    login_as(world["alice"])
    assert "Penjelasan rahasia." not in page(client, world["url"])


def test_a_write_renews_the_shared_thread(app, client, login_as, world, make):
    login_as(world["alice"])
    assert "Masukan baru dari Bobi." not in page(client, world["url"])
    make.comment(world["version"], unit="Pasal 3", author=world["bob"], organisation=world["org"],
                 body="Masukan baru dari Bobi.")
    assert "Masukan baru dari Bobi." in page(client, world["url"])


def test_a_write_renews_the_counts_in_the_shared_text(app, client, login_as, world, make):
    slug = world["version"].regulation.slug
    login_as(world["bob"])
    badge = re.compile(r'href="[^"]*/pasal/3#masukan"><span class="count-badge">(\d+)</span>')
    assert badge.search(page(client, f"/r/{slug}")).group(1) == "1"
    make.comment(world["version"], unit="Pasal 3", author=world["bob"], organisation=world["org"],
                 body="Satu lagi.")
    assert badge.search(page(client, f"/r/{slug}")).group(1) == "2"


def test_a_shared_render_never_takes_the_readers_own(app, client, login_as, world, caplog):
    """Inside a shared render the reader is a stand-in that knows only the kind of reader:
    the reader's id, CSRF token or flashed messages stop the sharing; the part is then rendered
    for this reader alone and never stored."""
    from flask import render_template_string
    from flask_login import current_user

    from consult import fragments

    probes = {"csrf": lambda: render_template_string("<i>{{ csrf_token() }}</i>"),
              "flash": lambda: render_template_string("{{ get_flashed_messages() }}"),
              "id": lambda: f"<i>{current_user.id}</i>",
              "name": lambda: render_template_string("{{ current_user.name }}")}
    login_as(world["alice"])
    with app.test_request_context():
        from flask_login import login_user

        login_user(world["alice"])
        for name, render in probes.items():
            html = fragments.shared((name,), render)
            assert html and str(world["alice"].id) in html if name == "id" else html
            assert stored_fragments(app) == 0, name
        assert "asked for the reader's own" in caplog.text
        assert fragments.shared(("kind",), lambda: render_template_string(
            "{{ current_user.is_authenticated }} {{ current_user.is_moderator }}")) \
            == "True False"
        assert stored_fragments(app) == 1


def test_a_members_page_is_shared_with_the_readers_own_parts_filled_in(
        app, client, login_as, world, make, db):
    """The whole Pasal page is rendered once for the members; each gets their own buttons,
    follow state, name, CSRF token and messages; a moderator's page is a page of its own."""
    from consult.notify import services as notify

    moderator = make.user(role="moderator", name="Mira Moderator")
    login_as(world["alice"])
    alice_page = page(client, world["url"])
    pages = stored_fragments(app)
    key = re.search(r'name="pasal" value="([^"]+)"', alice_page).group(1)
    notify.follow(world["bob"], world["version"].regulation, key)  # not public: same page
    db.session.commit()
    login_as(world["bob"])
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Pesan untuk Bobi.")]
    bob_page = page(client, world["url"])
    assert stored_fragments(app) == pages  # served from the shared page
    assert "Pesan untuk Bobi." in bob_page and "Pesan untuk Bobi." not in alice_page
    assert "Pasal ini diikuti" in bob_page and "Pasal ini diikuti" not in alice_page
    assert "Ikuti pasal ini" in alice_page
    assert ">Bobi Anggota</a>" in bob_page and ">Alice Anggota</a>" not in bob_page
    assert "Beri komentar" in bob_page and "Beri komentar" in alice_page
    login_as(moderator)
    moderator_page = page(client, world["url"])
    assert stored_fragments(app) > pages  # a page for moderators
    moderate = f"/moderasi/masukan/{world['item'].id}"
    assert moderate in moderator_page and moderate not in bob_page
    assert "Beri komentar" not in moderator_page  # not a member of a verified organisation
    login_as(world["alice"])
    assert moderate not in page(client, world["url"])


def test_user_text_cannot_forge_a_marker(app, client, login_as, world, make):
    from consult import fragments

    with app.test_request_context():
        from flask import g

        g._shared_depth = 1
        real = str(fragments.part("flashes"))
    forged = real.replace(fragments._NONCE, "0" * len(fragments._NONCE))  # a guessed secret
    for body in (forged, real):
        make.comment(world["version"], unit="Pasal 3", author=world["bob"],
                     organisation=world["org"], body=body)
    login_as(world["alice"])
    html = page(client, world["url"])
    assert forged not in html and real not in html  # escaped or stripped, never a comment


def _grow(world, make, db, n):
    for i in range(n):
        item = make.comment(world["version"], unit="Pasal 3", author=make.member(world["org"]),
                            body=f"Masukan {i}.")
        make.response(item, "ditolak", "Alasan.", actor=world["drafter"])
        reply = create_reply(world["drafter"], item, "Balasan.")
        create_reply(world["alice"], reply, "Balasan kedua.", organisation=world["org"])
        make.proposal(world["version"], unit="Pasal 3", author=world["bob"],
                      organisation=world["org"])
    db.session.commit()


def _member_queries(app, client, url):
    """Queries of a member's request for the page, the shared fragment rendered before."""
    assert client.get(url).status_code == 200
    with app.app_context(), count_queries(_db) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_member_pasal_page_queries_do_not_grow_with_inputs(app, client, login_as, world, make,
                                                           db):
    login_as(world["alice"])
    _grow(world, make, db, 1)
    rendered, shared = page_queries(client, db, world["url"]), _member_queries(app, client,
                                                                               world["url"])
    _grow(world, make, db, 6)
    # Not more (on PostgreSQL one lazy load can be spared by what the session already holds).
    assert page_queries(client, db, world["url"]) <= rendered
    assert _member_queries(app, client, world["url"]) <= shared
    assert 1 < shared < rendered  # the shared thread spares the member most of the queries


def test_member_pages_queries_do_not_grow_with_versions(app, client, login_as, world, make, db):
    from consult.drafting import services as drafting
    from tests.texts import CONTOH_V2

    slug = world["version"].regulation.slug
    login_as(world["alice"])

    def counts():
        # Version 1 is never the newest, so its Pasal page offers no form in either state.
        urls = (f"/r/{slug}", f"/r/{slug}/v/1/pasal/3", f"/r/{slug}/compare/1/2", "/")
        return [page_queries(client, db, url) for url in urls]

    def publish(n):
        version = drafting.create_draft_version(world["drafter"], world["version"].regulation,
                                                source_text=CONTOH_V2 + "\n" * n)
        drafting.publish_version(world["drafter"], version, f"Versi {n}")
        db.session.commit()
        return version.number

    publish(2)
    few = counts()
    for n in range(3, 6):
        publish(n)
    assert [a <= b for a, b in zip(counts(), few)] == [True] * 4
