"""Atom feeds: valid RFC 4287 structure, tag: ids, RFC 3339 times, absolute links."""
import re
from xml.etree import ElementTree as ET

import pytest

from tests.consult import record_world

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
URI = re.compile(r"^(tag:[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?:\S+|https?://\S+)$")


@pytest.fixture
def world(make):
    return record_world.build(make)


def _check_feed(response):
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        element = root.find(f"{A}{name}")
        assert element is not None and (element.text or "").strip(), name
    assert URI.match(root.find(f"{A}id").text)
    assert RFC3339.match(root.find(f"{A}updated").text)
    assert root.find(f"{A}author/{A}name").text
    self_link = root.find(f"{A}link[@rel='self']")
    assert self_link is not None and self_link.get("href").startswith("http")
    ids = set()
    for entry in root.findall(f"{A}entry"):
        entry_id = entry.find(f"{A}id").text
        assert URI.match(entry_id), entry_id
        assert entry_id not in ids
        ids.add(entry_id)
        assert entry.find(f"{A}title").text.strip()
        assert RFC3339.match(entry.find(f"{A}updated").text)
        link = entry.find(f"{A}link")
        assert link is not None and link.get("href").startswith("http")
    return root


def test_regulations_feed(client, world, make):
    make.draft_version()  # an unpublished regulation never appears
    root = _check_feed(client.get("/feeds/regulations.atom"))
    entries = root.findall(f"{A}entry")
    assert [e.find(f"{A}title").text for e in entries] == [world.regulation.title]
    assert entries[0].find(f"{A}link").get("href").endswith(f"/r/{world.regulation.slug}")


def test_regulation_feed_has_versions_status_and_answers(client, world):
    root = _check_feed(client.get(f"/feeds/r/{world.regulation.slug}.atom"))
    titles = [e.find(f"{A}title").text for e in root.findall(f"{A}entry")]
    assert "Versi 1 diterbitkan" in titles and "Versi 2 diterbitkan" in titles
    assert any(t.startswith("Status: Konsultasi publik") for t in titles)
    answers = [t for t in titles if t.startswith("Tanggapan atas masukan")]
    assert len(answers) == 5
    summaries = " ".join(e.findtext(f"{A}summary") or "" for e in root.findall(f"{A}entry"))
    assert world.v2.sha256 in summaries


def test_organisation_feed(client, world):
    root = _check_feed(client.get("/feeds/organisasi/contoh-pos.atom"))
    entries = root.findall(f"{A}entry")
    text = " ".join((e.findtext(f"{A}title") or "") + (e.findtext(f"{A}summary") or "")
                    for e in entries)
    assert "Apakah media cetak mingguan termasuk?" in text
    assert "Disembunyikan oleh moderator" in text and "0812" not in text
    assert "Definisi daerah" not in text  # another organisation's input


def test_empty_feed_is_still_valid(client):
    root = _check_feed(client.get("/feeds/regulations.atom"))
    assert root.findall(f"{A}entry") == []


def test_feeds_of_unknown_things_are_404(client, make):
    assert client.get("/feeds/r/tidak-ada.atom").status_code == 404
    assert client.get("/feeds/organisasi/tidak-ada.atom").status_code == 404
    from consult.models import OrgStatus
    pending = make.organisation(status=OrgStatus.PENDING, slug="menunggu")
    assert client.get(f"/feeds/organisasi/{pending.slug}.atom").status_code == 404


def test_record_pages_advertise_the_feed(client, world):
    html = client.get(f"/r/{world.regulation.slug}/linimasa").get_data(as_text=True)
    assert 'rel="alternate" type="application/atom+xml"' in html


@pytest.mark.parametrize("path", ["/r/{slug}", "/r/{slug}/v/1", "/r/{slug}/v/1/pasal/1",
                                  "/feeds/regulations.atom", "/feeds/r/{slug}.atom",
                                  "/feeds/organisasi/{org}.atom"])
def test_absolute_links_never_come_from_the_host_header(app, client, world, path):
    """Issue 12: rel=canonical and the feeds' links were built from the request's Host."""
    app.config["PUBLIC_BASE_URL"] = "https://timbang.paserkab.example"
    url = path.format(slug=world.regulation.slug, org=world.orgs["smsi"].slug)
    page = client.get(url, headers={"Host": "evil.example"})
    assert page.status_code == 200, url
    text = page.get_data(as_text=True)
    assert "evil.example" not in text
    assert "https://timbang.paserkab.example/" in text
