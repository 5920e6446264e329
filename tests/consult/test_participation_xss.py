"""User text never renders live: comment bodies, justifications and quotes through the one
sanitiser (Markdown) or autoescape, on every page that shows inputs."""
import re
from html.parser import HTMLParser

import pytest

from consult.models import Input
from tests.texts import CONTOH_V1

pytestmark = pytest.mark.usefixtures("request_ctx")

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)></svg>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](  javascript:alert(1))",
    "![gambar](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "\"><script>alert(1)</script>",
    "<p style=\"background:url(javascript:alert(1))\" onclick=\"alert(1)\">x</p>",
    "[x](https://ok.example \"judul\" onmouseover=alert(1))",
    "<details open ontoggle=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_inert(html):
    parser = TagCollector()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("iframe", "svg", "object", "embed", "details"), tag
        if tag == "script":
            # only the site's own script: a static file or the one fingerprinted bundle
            src = attrs.get("src") or ""
            assert src.startswith("/static/") or re.fullmatch(r"/aset/site\.[0-9a-f]{16}\.js",
                                                               src), attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "formaction"):
                v = (value or "").strip().lower()
                assert not v.startswith(("javascript:", "data:", "vbscript:")), (tag, value)
        assert "style" not in attrs, tag


@pytest.fixture
def world(make):
    version, drafter = make.open_regulation(text=CONTOH_V1)
    org = make.organisation(name="Media Uji")
    return version, drafter, org, make.member(org)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_comment_body_is_never_live(payload, world, make, client):
    version, drafter, org, member = world
    item = make.comment(version, unit="Pasal 3", author=member, organisation=org, body=payload)
    make.response(item, "ditolak", payload, actor=drafter)  # the drafter's explanation too
    slug = version.regulation.slug
    for url in (f"/r/{slug}/masukan/{item.number}", f"/r/{slug}/masukan",
                    f"/r/{slug}/v/1/pasal/3"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.get_data(as_text=True))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_quote_and_proposal_are_never_live(payload, world, make, db, client):
    """A quote is checked against the unit text, so a hostile one can only come from stored
    data: write it directly and make sure it is escaped wherever it shows."""
    version, drafter, org, member = world
    item = make.proposal(version, unit="Pasal 3", author=member, organisation=org,
                         proposed_text="Rumusan baru " + payload, justification=payload)
    item.quote = payload
    db.session.commit()
    html = client.get(f"/masukan/{item.id}", follow_redirects=True).get_data(as_text=True)
    assert_inert(html)
    if "<" in payload:
        assert "&lt;" in html  # shown as text, not dropped silently


def test_quote_that_is_not_in_the_unit_is_refused(world, make):
    from consult.participation.services import ParticipationError

    version, drafter, org, member = world
    with pytest.raises(ParticipationError):
        make.comment(version, unit="Pasal 3", author=member, organisation=org,
                     quote="<script>alert(1)</script>")
    assert make.session.query(Input).count() == 0
