"""Hostile uploads (zip bombs, entity expansion, huge XML, lies about the file type) and
throttling of logins and inputs."""
import io
import os
import re
import time
import zipfile

import pytest
import sqlalchemy as sa

import drafts
from consult.extensions import db
from tests.security.conftest import make_security_app

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxml'
                 b'formats.org/package/2006/content-types"><Default Extension="xml" ContentType'
                 b'="application/xml"/><Override PartName="/word/document.xml" ContentType="app'
                 b'lication/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'
                 b'"/></Types>')
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with(document_xml_chunks):
    """A .docx whose word/document.xml is written from chunks (so it can be enormous)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        with zf.open("word/document.xml", "w") as f:
            for chunk in document_xml_chunks:
                f.write(chunk)
    return buf.getvalue()


def zip_bomb(megabytes=400):
    """~400 MB of XML that deflates to well under 1 MB."""
    def chunks():
        yield b'<?xml version="1.0"?><w:document ' + W + b"><w:body><w:p><w:r><w:t>"
        block = b"a" * (1024 * 1024)
        for _ in range(megabytes):
            yield block
        yield b"</w:t></w:r></w:p></w:body></w:document>"
    return docx_with(chunks())


def billion_laughs():
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)]
    xml = ('<?xml version="1.0"?><!DOCTYPE w:document [' + "".join(entities) + ']>'
           '<w:document ' + W.decode() + '><w:body><w:p><w:r><w:t>Pasal 1 &lol9;</w:t>'
           '</w:r></w:p></w:body></w:document>')
    return docx_with([xml.encode()])


def external_entity():
    xml = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<w:document ' + W.decode() + '><w:body><w:p><w:r><w:t>Pasal 1 &x;</w:t></w:r>'
           '</w:p></w:body></w:document>')
    return docx_with([xml.encode()])


def deep_nesting(depth=200_000):
    return docx_with([b'<?xml version="1.0"?><w:document ' + W + b"><w:body>"
                      + b"<w:p>" * depth + b"</w:p>" * depth + b"</w:body></w:document>"])


def many_entries(n=20_000):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("word/document.xml", b'<w:document ' + W + b"/>")
        for i in range(n):
            zf.writestr(f"word/media/x{i}.bin", b"")
    return buf.getvalue()


HOSTILE = {
    "zip-bomb": zip_bomb,
    "billion-laughs": billion_laughs,
    "external-entity": external_entity,
    "deep-nesting": deep_nesting,
    "many-entries": many_entries,
    "not-a-zip": lambda: b"PK\x03\x04 tidak benar-benar zip" + os.urandom(2000),
    "truncated": lambda: zip_bomb(2)[:5000],
}


def _max_rss_mb():
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module")
def hostile_files():
    return {name: make() for name, make in HOSTILE.items()}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_parse_docx_refuses_hostile_files_quickly(hostile_files, name):
    data = hostile_files[name]
    rss_before = _max_rss_mb()
    start = time.perf_counter()
    try:
        doc = drafts.parse_docx(data)
    except drafts.DraftsError as exc:
        assert exc.message and re.search(r"[a-z]", exc.message)  # a message for people
    else:
        text = " ".join(u.text for u in doc.iter_units())
        assert "root:" not in text, "an external entity was resolved"
        assert "lollol" not in text, "entities were expanded"
    assert time.perf_counter() - start < 10, "took too long"
    assert _max_rss_mb() - rss_before < 300, "memory grew by more than 300 MB"


@pytest.mark.parametrize("name", ["zip-bomb", "billion-laughs", "external-entity", "not-a-zip"])
def test_upload_route_answers_hostile_docx_with_a_message(world_file, hostile_files, name):
    """Through the drafter's upload form: a clear Indonesian message, no 500, nothing stored."""
    from consult.drafting import services as drafting
    from consult.models import Regulation, User, Version

    world_file.restore_if_dirty()
    world_file.dirty = True
    world = world_file.world
    with world.app.test_request_context():
        drafter = db.session.get(User, world.users["drafter"])
        reg = drafting.create_regulation(drafter, "Uji Unggah Berbahaya", "perbup", "Diskominfo",
                                         slug="uji-unggah")
        db.session.commit()
        db.session.remove()
    client = world.client("drafter")
    start = time.perf_counter()
    response = client.post("/penyusun/r/uji-unggah/draf/unggah", data={
        "file": (io.BytesIO(hostile_files[name]), "rancangan.docx")},
        content_type="multipart/form-data")
    assert time.perf_counter() - start < 15
    assert response.status_code in (400, 413, 422), response.status_code
    html = response.get_data(as_text=True)
    assert re.search(r'class="[^"]*(error|errors|flash-error)[^"]*"', html), \
        "the page explains what is wrong"
    with world.app.app_context():
        reg = db.session.execute(sa.select(Regulation).where(Regulation.slug == "uji-unggah")
                                 ).scalar_one()
        assert not db.session.execute(sa.select(Version).where(
            Version.regulation_id == reg.id)).first()
        db.session.remove()


# --- throttling ----------------------------------------------------------------------------

@pytest.fixture
def throttled(world_file):
    world_file.restore_if_dirty()
    world_file.dirty = True
    app = make_security_app(os.path.dirname(world_file.path), RATELIMIT_ENABLED=True,
                            INPUT_LIMIT="3 per 10 minutes")
    world = type(world_file.world)(app, world_file.world.users, world_file.world.values)
    yield world
    with app.app_context():
        db.engine.dispose()


def test_login_is_throttled_per_account(throttled):
    from config import Config

    assert Config.LOGIN_LIMIT_PER_ACCOUNT == "5 per 15 minutes"
    client = throttled.app.test_client()
    statuses = [client.post("/masuk", data={"email": "anggota@smsi.test",
                                            "password": "salah"}).status_code
                for _ in range(6)]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    # The correct password does not get through either while the account is locked...
    response = client.post("/masuk", data={"email": "anggota@smsi.test",
                                           "password": "anggota-demo-2026"})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk yang salah." in response.get_data(as_text=True)
    assert "Retry-After" in response.headers
    # ... but another account from the same address still may.
    other = throttled.app.test_client()
    response = other.post("/masuk", data={"email": "pengelola@smsi.test",
                                          "password": "smsi-demo-2026"})
    assert response.status_code == 302


def test_inputs_are_throttled_per_person(throttled):
    from config import Config

    assert Config.INPUT_LIMIT == "30 per 10 minutes"
    slug, number, key = (throttled.values[k] for k in ("slug", "number", "key"))
    client = throttled.client("member")
    url = f"/r/{slug}/v/{number}/komentar?unit={key}"
    statuses = []
    for i in range(4):
        response = client.post(url, data={"organisation": throttled.values["org_id"],
                                          "category": "dukungan", "body": f"Masukan ke-{i}"})
        statuses.append(response.status_code)
    assert statuses[:3] == [302] * 3, statuses
    assert statuses[3] == 429, statuses
    # Someone else is not affected.
    response = throttled.client("org_admin").post(url, data={
        "organisation": throttled.values["org_id"], "category": "dukungan", "body": "Lain"})
    assert response.status_code == 302
