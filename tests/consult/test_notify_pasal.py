"""Following a single Pasal: the control on the Pasal page and on /notifikasi (login, CSRF, a
real Pasal), and the fan-out that sends such a follower only the events about that Pasal, while
followers of the whole regulation get everything as before."""
import pytest
import sqlalchemy as sa

from consult.models import Follow, Notification, NotificationKind, Unit
from consult.notify import due, services
from consult.participation.services import create_input, publish_responses, save_response
from tests.consult.forms_helper import csrf_token, post
from tests.texts import CONTOH_V1, CONTOH_V2


def notes(db, user, kind=None):
    query = sa.select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return db.session.execute(query.order_by(Notification.id)).scalars().all()


def unit(db, version, path_label):
    return db.session.execute(sa.select(Unit).where(
        Unit.version_id == version.id, Unit.path_label == path_label)).scalar_one()


@pytest.fixture
def world(make, db):
    drafter = make.user(role="drafter")
    version = make.published_version(text=CONTOH_V1, actor=drafter)
    make.consultation(version, actor=drafter)
    return {"drafter": drafter, "version": version, "regulation": version.regulation,
            "pasal2": unit(db, version, "Pasal 2").key, "pasal3": unit(db, version, "Pasal 3").key}


def follow(db, user, world, key=None):
    services.follow(user, world["regulation"], key)
    db.session.commit()


def comment(make, world, author, path_label=None, body="Pasal ini perlu diperjelas."):
    key = unit(make, world["version"], path_label).key if path_label else None
    item = create_input(author, world["version"], category="keberatan", body=body, unit_key=key,
                        organisation=author.memberships[0].organisation)
    make.session.commit()
    return item


# --- the control ------------------------------------------------------------------------------

def test_a_member_follows_and_leaves_one_pasal_from_its_page(client, db, login_as, world):
    user = login_as("member")
    slug, key = world["regulation"].slug, world["pasal2"]
    page_url = f"/r/{slug}/v/1/pasal/2"
    page = client.get(page_url).get_data(as_text=True)
    assert "Ikuti pasal ini" in page and f'name="pasal" value="{key}"' in page

    response = post(client, f"/notifikasi/ikuti/{slug}", {"pasal": key, "next": page_url})
    assert response.status_code == 302 and response.headers["Location"].endswith(page_url)
    post(client, f"/notifikasi/ikuti/{slug}", {"pasal": key})  # twice is still one follow
    follows = db.session.execute(sa.select(Follow)).scalars().all()
    assert [(f.user_id, f.unit_key) for f in follows] == [(user.id, key)]
    page = client.get(page_url).get_data(as_text=True)
    assert "Pasal ini diikuti" in page and "Anda mengikuti Pasal 2" in page
    assert "Ikuti rancangan ini" in page  # the whole regulation is still not followed

    listing = client.get("/notifikasi").get_data(as_text=True)
    assert "Pasal yang Anda ikuti" in listing
    assert f'href="/r/{slug}/v/1/pasal/{key}">Pasal 2</a>' in listing

    post(client, f"/notifikasi/ikuti/{slug}")  # the whole regulation too: a second follow
    post(client, f"/notifikasi/berhenti/{slug}", {"pasal": key})
    assert [f.unit_key for f in db.session.execute(sa.select(Follow)).scalars()] == [None]
    assert "Ikuti pasal ini" in client.get(page_url).get_data(as_text=True)


def test_following_a_pasal_needs_login_csrf_and_a_pasal_of_the_latest_version(
        client, db, login_as, world):
    slug, key = world["regulation"].slug, world["pasal2"]
    page = client.get(f"/r/{slug}/v/1/pasal/2").get_data(as_text=True)
    assert 'name="pasal"' not in page and "Masuk untuk mengikuti" in page  # the header's
    response = client.post(f"/notifikasi/ikuti/{slug}",
                           data={"pasal": key, "csrf_token": csrf_token(client)})
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]
    login_as("member")
    assert client.post(f"/notifikasi/ikuti/{slug}", data={"pasal": key}).status_code == 400
    ayat = unit(db, world["version"], "Pasal 2 ayat (1)").key
    for wrong in ("tidak-ada", ayat):  # a key that is no Pasal of the latest version
        assert post(client, f"/notifikasi/ikuti/{slug}", {"pasal": wrong}).status_code == 404
    assert db.session.execute(sa.select(sa.func.count(Follow.id))).scalar_one() == 0


def test_an_older_version_offers_no_pasal_follow(client, db, login_as, make, world):
    make.published_version(world["regulation"], text=CONTOH_V2, actor=world["drafter"])
    login_as("member")
    page = client.get(f"/r/{world['regulation'].slug}/v/1/pasal/2").get_data(
        as_text=True)
    assert "Ikuti pasal ini" not in page


def test_one_person_cannot_follow_the_whole_regulation_twice(db, make, world):
    user = make.user()
    follow(db, user, world)
    db.session.add(Follow(user_id=user.id, regulation_id=world["regulation"].id))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


# --- the fan-out ------------------------------------------------------------------------------

def test_the_digest_of_a_pasal_follower_holds_only_inputs_on_that_pasal(db, make, world,
                                                                         request_ctx):
    whole, one = make.user(), make.user()
    follow(db, whole, world)
    follow(db, one, world, world["pasal2"])
    author = make.member()
    comment(make, world, author, "Pasal 2 ayat (2) huruf a", "Perencanaan perlu melibatkan pers.")
    comment(make, world, author, "Pasal 3", "Evaluasi setiap tahun terlalu jarang.")
    comment(make, world, author, None, "Rancangan ini baik.")
    due.send_due()
    db.session.commit()
    [mine] = notes(db, one, NotificationKind.DIGEST)
    assert mine.title.startswith("1 masukan baru") and "Pasal 2 ayat (2) huruf a" in mine.body
    [everything] = notes(db, whole, NotificationKind.DIGEST)
    assert everything.title.startswith("3 masukan baru")


def test_a_new_version_reaches_a_pasal_follower_only_when_it_changes_that_pasal(db, make, world):
    whole, on2, on3 = make.user(), make.user(), make.user()
    follow(db, whole, world)
    follow(db, on2, world, world["pasal2"])
    follow(db, on3, world, world["pasal3"])
    make.published_version(world["regulation"], actor=world["drafter"],
                           text=CONTOH_V1.replace("setiap tahun.", "setiap semester."))
    assert len(notes(db, whole, NotificationKind.VERSION)) == 1
    assert len(notes(db, on3, NotificationKind.VERSION)) == 1
    assert notes(db, on2) == []


def test_a_pasal_follow_survives_renumbering(client, db, login_as, make, world):
    """Version 2 of CONTOH inserts a new Pasal 2: the followed Pasal 2 becomes Pasal 3, keeps its
    key, and the follower is told of the version and sees the new number in their list."""
    user = login_as("member")
    follow(db, user, world, world["pasal2"])
    v2 = make.published_version(world["regulation"], text=CONTOH_V2, actor=world["drafter"])
    assert unit(db, v2, "Pasal 3").key == world["pasal2"]
    assert len(notes(db, user, NotificationKind.VERSION)) == 1
    listing = client.get("/notifikasi").get_data(as_text=True)
    assert f'/v/2/pasal/{world["pasal2"]}">Pasal 3</a>' in listing


def test_an_answer_reaches_the_followers_of_its_pasal(db, make, world, request_ctx):
    whole, on2, on3 = make.user(), make.user(), make.user()
    for user, key in ((whole, None), (on2, world["pasal2"]), (on3, world["pasal3"])):
        follow(db, user, world, key)
    author = make.member()
    item = comment(make, world, author, "Pasal 2 ayat (1)")
    response = save_response(world["drafter"], item, "ditolak", "Sudah diatur pada ayat (2).")
    db.session.commit()
    assert notes(db, on2) == []  # prepared privately: not yet
    publish_responses(world["drafter"], world["regulation"], [response])
    db.session.commit()
    [note] = notes(db, on2, NotificationKind.PASAL_ANSWER)
    assert "Pasal 2 ayat (1)" in note.title and "Ditolak" in note.title
    assert "Sudah diatur" in note.body and note.email_pending
    assert notes(db, on3) == [] and notes(db, whole) == []  # as before for the whole regulation
    assert len(notes(db, author, NotificationKind.ANSWER)) == 1


def test_events_about_no_pasal_reach_only_followers_of_the_whole_regulation(db, make,
                                                                            request_ctx):
    drafter = make.user(role="drafter")
    version = make.published_version(text=CONTOH_V1, actor=drafter)
    whole, one = make.user(), make.user()
    w = {"regulation": version.regulation}
    follow(db, whole, w)
    follow(db, one, w, unit(db, version, "Pasal 2").key)
    make.consultation(version, actor=drafter)
    assert len(notes(db, whole, NotificationKind.OPENED)) == 1
    assert notes(db, one) == []
