"""Accessibility basics of the layout and the account/admin pages: language attribute, skip
link, one h1, every form control labelled, images with alt text."""
import re
from html.parser import HTMLParser

import pytest



class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.controls, self.labels_for, self.images, self.h1 = [], set(), [], 0
        self.html_lang = None
        self._label_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.labels_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            if a.get("type") not in ("hidden", "submit", "button"):
                self.controls.append((a, self._label_depth > 0))
        elif tag == "img":
            self.images.append(a)
        elif tag == "h1":
            self.h1 += 1

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth -= 1


def _check(html):
    page = _Page()
    page.feed(html)
    assert page.html_lang in ("id", "en")
    assert 'class="skip-link" href="#main"' in html and 'id="main"' in html
    assert page.h1 == 1, "exactly one h1"
    for attrs, wrapped in page.controls:
        labelled = wrapped or attrs.get("id") in page.labels_for or attrs.get("aria-label")
        assert labelled, f"unlabelled control {attrs}"
    for img in page.images:
        assert "alt" in img, f"image without alt {img}"
    # Every described-by points to an element that exists.
    for ref in re.findall(r'aria-describedby="([^"]+)"', html):
        assert f'id="{ref}"' in html


@pytest.mark.parametrize("path", ["/", "/masuk", "/daftar", "/lupa-kata-sandi", "/tidak-ada"])
def test_public_pages(client, path):
    _check(client.get(path).get_data(as_text=True))


@pytest.mark.parametrize("path", ["/akun", "/akun/kata-sandi"])
def test_account_pages(client, login_as, make, path):
    login_as(make.member())
    _check(client.get(path).get_data(as_text=True))


@pytest.mark.parametrize("path", ["/admin/", "/admin/pengguna", "/admin/surel",
                                  "/admin/pengaturan", "/admin/pengguna/{id}"])
def test_admin_pages(client, login_as, make, path):
    login_as("admin")
    other = make.user()
    _check(client.get(path.format(id=other.id)).get_data(as_text=True))


def test_form_errors_are_tied_to_their_fields(client):
    from tests.consult.forms_helper import submit

    html = submit(client, "/daftar", {"name": "", "email": "x", "password": "a",
                                      "confirm": "b"}).get_data(as_text=True)
    assert html.count('aria-invalid="true"') >= 3
    _check(html)
