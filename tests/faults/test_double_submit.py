"""A form that creates something, sent twice (a double click, Back and submit again, or two
copies at the same instant), stores one thing and answers both with the first result."""
import re
import threading

import sqlalchemy as sa

from consult.models import Input, Regulation, SubmissionKey
from tests.consult.forms_helper import csrf_token_from
from tests.clients import client_as

KEY = re.compile(r'name="(?:\w+-)?submission_key"[^>]*value="([^"]+)"'
                 r'|value="([^"]+)"[^>]*name="(?:\w+-)?submission_key"')


def _form(client, url):
    html = client.get(url).get_data(as_text=True)
    match = KEY.search(html)
    assert match, f"no submission key on {url}"
    return {"csrf_token": csrf_token_from(html), "submission_key": match.group(1) or match.group(2)}


def _comment_url(version):
    return f"/r/{version.regulation.slug}/v/{version.number}/komentar"


def _inputs(db):
    return db.session.execute(sa.select(Input)).scalars().all()


def test_a_comment_sent_twice_is_stored_once(client, db, make, login_as):
    version, _ = make.open_regulation()
    member = login_as(make.member())
    form = _form(client, _comment_url(version))
    data = {**form, "organisation": str(member.memberships[0].organisation_id),
            "category": "dukungan", "body": "Satu masukan, dikirim dua kali."}
    first = client.post(_comment_url(version), data=data)
    second = client.post(_comment_url(version), data=data)  # Back, then submit again
    assert first.status_code in (302, 303) and second.status_code == 303
    assert second.location == first.location
    assert len(_inputs(db)) == 1


def test_a_refused_form_keeps_its_key_usable(client, db, make, login_as):
    version, _ = make.open_regulation()
    member = login_as(make.member())
    form = _form(client, _comment_url(version))
    data = {**form, "organisation": str(member.memberships[0].organisation_id),
            "category": "dukungan", "body": ""}
    assert client.post(_comment_url(version), data=data).status_code == 200  # body missing
    assert db.session.execute(sa.select(SubmissionKey)).scalars().all() == []
    response = client.post(_comment_url(version), data={**data, "body": "Sekarang lengkap."})
    assert response.status_code in (302, 303) and len(_inputs(db)) == 1


def test_another_persons_key_is_refused(client, db, make, login_as):
    version, _ = make.open_regulation()
    first = login_as(make.member())
    form = _form(client, _comment_url(version))
    org = str(first.memberships[0].organisation_id)
    data = {**form, "organisation": org, "category": "dukungan", "body": "Masukan pertama."}
    assert client.post(_comment_url(version), data=data).status_code in (302, 303)
    other = make.member(organisation=first.memberships[0].organisation)
    login_as(other)
    again = client.post(_comment_url(version), data={**data, **_form(client, _comment_url(
        version)), "submission_key": form["submission_key"]})
    assert again.status_code == 400 and len(_inputs(db)) == 1


def test_a_new_regulation_sent_twice_is_created_once(client, db, login_as):
    login_as("drafter")
    data = {**_form(client, "/penyusun/regulasi/baru"), "title": "Tata Kelola Data Desa",
            "kind": "perbup", "office": "Dinas Komunikasi dan Informatika"}
    first = client.post("/penyusun/regulasi/baru", data=data)
    second = client.post("/penyusun/regulasi/baru", data=data)
    assert first.status_code in (302, 303) and second.location == first.location
    assert db.session.execute(sa.select(sa.func.count()).select_from(Regulation)).scalar() == 1


def test_two_copies_at_the_same_instant_store_one_input(threaded_app, tmake):
    version, _ = tmake.open_regulation()
    member = tmake.member()
    url = _comment_url(version)
    client = client_as(threaded_app, member)
    data = {**_form(client, url), "organisation": str(member.memberships[0].organisation_id),
            "category": "dukungan", "body": "Dua salinan sekaligus."}
    cookie = client.get_cookie("session").value
    barrier = threading.Barrier(2)
    answers = []

    def send():
        copy = threaded_app.test_client()
        copy.set_cookie("session", cookie)
        barrier.wait(timeout=10)
        answers.append(copy.post(url, data=data))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    from consult.extensions import db

    assert len(answers) == 2 and all(a.status_code in (302, 303) for a in answers)
    assert answers[0].location == answers[1].location  # both see the one stored input
    assert db.session.execute(sa.select(sa.func.count()).select_from(Input)).scalar() == 1


def test_every_creating_form_carries_a_key(client, db, make, login_as):
    """The pages of every form whose view is decorated with `once` render the key."""
    version, drafter = make.open_regulation()
    item = make.comment(version, author=make.member())
    slug, n = version.regulation.slug, version.number
    member = make.member()
    org_admin = make.org_admin()
    pages = {
        None: ["/daftar"],
        member: [f"/r/{slug}/v/{n}/komentar", f"/r/{slug}/v/{n}/usulan?unit={item.unit_key}",
                 f"/masukan/{item.id}/laporkan", "/organisasi/daftar",
                 f"/r/{slug}/masukan/{item.number}"],
        org_admin: [f"/organisasi/{org_admin.memberships[0].organisation.slug}/kelola"],
        drafter: ["/penyusun/regulasi/baru", f"/penyusun/r/{slug}/draf/baru",
                  f"/penyusun/r/{slug}/konsultasi/buka", f"/penyusun/r/{slug}/masukan-luring"],
    }
    for user, urls in pages.items():
        if user is not None:
            login_as(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert KEY.search(response.get_data(as_text=True)), f"no key on {url}"


def test_a_letter_recorded_twice_is_stored_once(client, db, make, login_as):
    """A drafter recording an offline input who clicks twice (or goes Back and sends again)
    records one input, and both answers lead to it."""
    from consult import clock

    version, drafter = make.open_regulation()
    login_as(drafter)
    url = f"/penyusun/r/{version.regulation.slug}/masukan-luring"
    data = {**_form(client, url), "sender_name": "Ibu Sari", "organisation": "",
            "name_public": "auto", "channel": "surat", "pasal": "2", "category": "keberatan",
            "received_on": clock.to_local(clock.now()).date().isoformat(),
            "body": "Surat warga tentang Pasal 2."}
    first = client.post(url, data=data, content_type="multipart/form-data")
    second = client.post(url, data=data, content_type="multipart/form-data")
    assert first.status_code in (302, 303) and second.status_code == 303
    assert second.location == first.location
    assert len(_inputs(db)) == 1
