"""Whole pages shared by the readers of a kind (consult/fragments.shared_page): the home page, a
regulation, one of its versions, a Pasal and a comparison are rendered once per page generation
for members (and once for moderators, once for visitors); each reader's own parts are filled in
per request, also inside the gzip body, whose fixed text is compressed once."""
import gzip
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consult import compress
from consult.extensions import db as _db
from consult.models import Notification, NotificationKind
from tests.texts import CONTOH_V1, CONTOH_V2
from tests.clients import client_as

pytestmark = pytest.mark.usefixtures("request_ctx")

GZIP = {"Accept-Encoding": "gzip, deflate"}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def world(make, db):
    from consult.drafting import services as drafting

    version, drafter = make.open_regulation(text=CONTOH_V1)
    org = make.organisation(name="Media Uji")
    alice, bob = make.member(org, name="Alice Anggota"), make.member(org, name="Bobi Anggota")
    item = make.comment(version, unit="Pasal 3", author=alice, organisation=org,
                        body="Masukan milik Alice.")
    regulation = version.regulation
    second = drafting.create_draft_version(drafter, regulation, source_text=CONTOH_V2)
    drafting.publish_version(drafter, second, "Versi 2")
    db.session.commit()
    slug = regulation.slug
    urls = ["/", f"/r/{slug}", f"/r/{slug}/v/1", f"/r/{slug}/v/1/pasal/3",
            f"/r/{slug}/compare/1/2"]
    return {"version": version, "drafter": drafter, "org": org, "alice": alice, "bob": bob,
            "item": item, "urls": urls, "pasal": f"/r/{slug}/v/1/pasal/3"}


def stored(app):
    store = app.extensions.get("timbang.fragments")
    return dict(store.entries) if store is not None else {}


def html_of(response):
    assert response.status_code == 200
    body = response.data
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode("utf-8")


def test_each_page_is_rendered_once_for_members_and_never_falls_back(app, world, caplog):
    alice, bob = client_as(app, world["alice"]), client_as(app, world["bob"])
    for url in world["urls"]:
        html_of(alice.get(url))
        before = set(stored(app))
        assert before, url
        html_of(bob.get(url))
        assert set(stored(app)) == before, url  # Bob's page came from the store
    assert "asked for the reader's own" not in caplog.text


def test_the_gzip_body_is_the_page_with_the_readers_own_parts(app, world, db):
    db.session.add(Notification(user_id=world["alice"].id, kind=NotificationKind.VERSION,
                                title="Versi baru", body=""))
    db.session.commit()
    alice, bob = client_as(app, world["alice"]), client_as(app, world["bob"])
    for url in world["urls"]:
        plain = html_of(alice.get(url))
        packed = alice.get(url, headers=GZIP)
        assert packed.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert html_of(packed) == plain, url  # the same page, byte for byte
        assert 'class="nav-count"' in plain and ">Alice Anggota</a>" in plain
        bobs = html_of(bob.get(url, headers=GZIP))
        assert 'class="nav-count"' not in bobs and ">Alice Anggota</a>" not in bobs, url
        assert ">Bobi Anggota</a>" in bobs
        assert not set(CSRF.findall(plain)) & set(CSRF.findall(bobs)), url
        assert CSRF.findall(bobs), url  # his own token, for his own forms


@pytest.mark.parametrize("growth", [0, 1000])  # always compressed whole; always in pieces
def test_both_ways_of_compressing_give_the_page(app, world, monkeypatch, growth):
    from consult import fragments

    monkeypatch.setattr(fragments, "PIECES_MAX_GROWTH", growth)
    alice = client_as(app, world["alice"])
    for url in world["urls"]:
        plain = html_of(alice.get(url))
        packed = alice.get(url, headers=GZIP)
        assert packed.headers["Content-Encoding"] == "gzip"
        assert html_of(packed) == plain, url
        meta = [entry[0] for entry in stored(app).values() if "cuts" in entry[0]]
        assert meta and all((m["gz"] is None) == (growth == 0) for m in meta)


def test_the_buttons_under_an_input_are_each_readers_own(app, world):
    edit = f"/masukan/{world['item'].id}/ubah"
    report = f"/masukan/{world['item'].id}/laporkan"
    alice = html_of(client_as(app, world["alice"]).get(world["pasal"], headers=GZIP))
    bob = html_of(client_as(app, world["bob"]).get(world["pasal"], headers=GZIP))
    assert edit in alice and report not in alice
    assert report in bob and edit not in bob
    visitor = html_of(app.test_client().get(world["pasal"], headers=GZIP))
    assert 'class="input-actions"' not in visitor and "Masukan milik Alice." in visitor


def test_drafters_pages_are_their_own(app, world, make):
    make.response(world["item"], "ditolak", "Penjelasan rahasia.", published=False,
                  actor=world["drafter"])
    bob = client_as(app, world["bob"])
    assert "Penjelasan rahasia." not in html_of(bob.get(world["pasal"]))
    drafter = client_as(app, world["drafter"])
    pages = set(stored(app))
    assert "Penjelasan rahasia." in html_of(drafter.get(world["pasal"]))
    assert not {key for key in set(stored(app)) - pages
                if b"Penjelasan rahasia." in stored(app)[key][1]}  # no shared page holds it
    assert "Penjelasan rahasia." not in html_of(bob.get(world["pasal"]))


def test_a_write_renews_every_shared_page(app, world, make):
    alice = client_as(app, world["alice"])
    assert "Masukan baru dari Bobi." not in html_of(alice.get(world["pasal"], headers=GZIP))
    make.comment(world["version"], unit="Pasal 3", author=world["bob"], organisation=world["org"],
                 body="Masukan baru dari Bobi.")
    assert "Masukan baru dari Bobi." in html_of(alice.get(world["pasal"], headers=GZIP))


def test_a_flashed_message_reaches_its_reader_only(app, world):
    bob = client_as(app, world["bob"])
    with bob.session_transaction() as session:
        session["_flashes"] = [("success", "Pesan untuk Bobi.")]
    assert "Pesan untuk Bobi." in html_of(bob.get(world["pasal"], headers=GZIP))
    assert "Pesan untuk Bobi." not in html_of(bob.get(world["pasal"], headers=GZIP))  # once
    alice = client_as(app, world["alice"])
    assert "Pesan untuk Bobi." not in html_of(alice.get(world["pasal"], headers=GZIP))


def test_visitors_still_get_the_page_cache(app, world):
    visitor = app.test_client()
    first = visitor.get(world["pasal"], headers=GZIP)
    again = visitor.get(world["pasal"], headers=GZIP)
    assert again.headers.get("X-Cache") == "HIT"
    assert html_of(first) == html_of(again)
    assert "nav-account" not in html_of(again) and not CSRF.findall(html_of(again))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.binary(max_size=3000), st.booleans()), max_size=8))
def test_gzip_pieces_join_into_one_stream(pieces):
    body = compress.gzip_pieces([(data, compress.deflate_piece(data) if fixed else None)
                                 for data, fixed in pieces])
    assert gzip.decompress(body) == b"".join(data for data, _fixed in pieces)


def test_query_counts_of_a_shared_page_do_not_depend_on_the_data(app, world, make, db):
    from tests.consult.public_fixtures import count_queries

    alice = client_as(app, world["alice"])

    def queries(url):
        alice.get(url, headers=GZIP)
        with app.app_context(), count_queries(_db) as statements:
            assert alice.get(url, headers=GZIP).status_code == 200
        return len(statements)

    few = [queries(url) for url in world["urls"]]
    for i in range(5):
        make.comment(world["version"], unit="Pasal 3", author=make.member(world["org"]),
                     body=f"Masukan {i}.")
    db.session.commit()
    assert [queries(url) for url in world["urls"]] == few


def test_every_card_of_a_page_reads_the_consultation_once(app, world, make, db, monkeypatch):
    """The buttons' values ask once per page whether the consultation is open, even when the
    clock ticks past a second while the cards are rendered (it used to ask again then, one
    query more on a long page, now and then)."""
    from datetime import timedelta

    from consult import clock
    from consult.participation.reader_parts import action_values
    from tests.consult.public_fixtures import count_queries

    items = [world["item"]] + [
        make.comment(world["version"], unit="Pasal 3", author=world["bob"],
                     organisation=world["org"], body=f"Masukan {i}.") for i in range(3)]
    db.session.commit()
    start = clock.now()
    with app.test_request_context():
        for item in items:  # what a page has loaded before its cards' buttons
            assert item.root.number and item.regulation.slug and item.created_at
            assert item.published_response is None
        first = action_values(items[0])
        for i, item in enumerate(items[1:], start=1):
            monkeypatch.setattr(clock, "now", lambda i=i: start + timedelta(seconds=2 * i))
            with count_queries(_db) as statements:
                values = action_values(item)
            assert values["open"] == first["open"] and not statements
