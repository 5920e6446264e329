"""One stylesheet and at most one script per page, fingerprinted for long caching
(consult/assets.py)."""
import re
from pathlib import Path

import pytest

from consult import assets
from tests.texts import CONTOH_V1

ROOT = Path(__file__).resolve().parents[2]
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
SCRIPT = re.compile(r'<script[^>]*src="([^"]+)"')

pytestmark = pytest.mark.usefixtures("request_ctx")


@pytest.fixture
def pages(make):
    version, _drafter = make.open_regulation(text=CONTOH_V1)
    slug = version.regulation.slug
    return ["/", f"/r/{slug}", f"/r/{slug}/v/1/pasal/3", f"/r/{slug}/riwayat", "/masuk",
            f"/r/{slug}/v/1/komentar", f"/r/{slug}/v/1/usulan", f"/r/{slug}/compare/1/1"]


def test_every_page_loads_one_stylesheet_and_at_most_one_script(client, login_as, pages):
    checked = 0
    for who in ("anonymous", "member"):
        if who == "member":
            login_as("member")
        for url in pages:
            response = client.get(url)
            if response.status_code != 200:
                continue
            html = response.get_data(as_text=True)
            sheets, scripts = STYLESHEET.findall(html), SCRIPT.findall(html)
            assert len(sheets) == 1, (who, url, sheets)
            assert len(scripts) <= 1, (who, url, scripts)
            assert re.fullmatch(r"/aset/site\.[0-9a-f]{16}\.css", sheets[0])
            assert all(re.fullmatch(r"/aset/site\.[0-9a-f]{16}\.js", s) for s in scripts)
            checked += 1
    assert checked >= len(pages) + 3  # the forms need a member; a member is sent past /masuk


def test_the_bundles_hold_every_file_and_are_cached_for_a_year(app, client):
    with app.test_request_context():
        css_url, js_url = assets.asset_url("site.css"), assets.asset_url("site.js")
    css = client.get(css_url)
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    body = css.get_data(as_text=True)
    for name in assets.SCREEN_SHEETS:
        assert (ROOT / "static/css" / f"{name}.css").read_text(encoding="utf-8") in body
    printed = (ROOT / "static/css/print.css").read_text(encoding="utf-8")
    assert "@media print {\n" + printed in body  # print rules only when printing
    script = client.get(js_url)
    assert script.status_code == 200 and script.mimetype == "text/javascript"
    assert "immutable" in script.headers["Cache-Control"]
    for name in assets.SCRIPTS:
        assert (ROOT / "static/js" / f"{name}.js").read_text(encoding="utf-8") in \
            script.get_data(as_text=True)
    again = client.get(css_url, headers={"If-None-Match": css.headers["ETag"]})
    assert again.status_code == 304


def test_an_old_or_unknown_fingerprint_is_not_found(app, client):
    with app.test_request_context():
        url = assets.asset_url("site.css")
    digest = url.rsplit(".", 2)[1]
    assert client.get(url.replace(digest, "0" * 16)).status_code == 404
    assert client.get(f"/aset/lain.{digest}.css").status_code == 404


def test_a_changed_file_gets_a_new_address(tmp_path):
    for kind, names in (("css", assets.SCREEN_SHEETS + (assets.PRINT_SHEET,)),
                        ("js", assets.SCRIPTS)):
        (tmp_path / kind).mkdir()
        for name in names:
            (tmp_path / kind / f"{name}.{kind}").write_text(f"/* {name} */\n")
    before = assets.build_bundles(tmp_path)
    (tmp_path / "css" / "public.css").write_text(".pasal { color: black; }\n")
    after = assets.build_bundles(tmp_path)
    assert after["site.css"].digest != before["site.css"].digest
    assert after["site.js"].digest == before["site.js"].digest
