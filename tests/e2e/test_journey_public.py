"""The public's journey (no account), in a real browser at 1280 px and at 360 px: browse to the
regulation in consultation, read a Pasal, compare versions, download the matrix of inputs and
answers (DIM), and read the regulation's Atom feed."""
import csv
import io
import re
from pathlib import Path

import lxml.etree
import openpyxl

from tests.e2e.conftest import click_and_wait

REGULATION = "pengelolaan-media-komunikasi-publik"
ATOM = "{http://www.w3.org/2005/Atom}"


def test_public_journey(journey, width):
    j = journey("public")
    page = j.page

    # 1. Browse: home → the list of regulations → the regulation.
    j.goto("/")
    j.shot("home")
    click_and_wait(page, page.get_by_role("navigation", name="Navigasi utama")
                   .get_by_role("link", name="Regulasi"))
    j.shot("regulation index")
    link = page.locator(f"main a[href$='/r/{REGULATION}']").first
    title = link.inner_text().strip()
    click_and_wait(page, link)
    j.shot("regulation")
    assert title in page.inner_text("main")
    assert page.locator("a[href*='/pasal/']").count() >= 5
    if width == 360:
        j.no_horizontal_scroll()

    # 2. Read one Pasal with its inputs.
    click_and_wait(page, page.locator("main a[href*='/pasal/']").nth(2))
    j.shot("pasal")
    assert re.search(r"Pasal \d+", page.locator("main h1, main h2").first.inner_text())

    # 3. Compare versions: from the regulation page's link, then choose in the picker.
    j.goto(f"/r/{REGULATION}")
    click_and_wait(page, page.get_by_role("link", name=re.compile("Bandingkan dengan versi")))
    j.shot("compare")
    assert re.search(r"/compare/\d+/\d+", page.url)
    counts = {name: int(page.locator(f".summary-list .sum-{name} .n").inner_text())
              for name in ("added", "removed", "changed")}
    assert sum(counts.values()) > 0, "the demo's version 2 changes something"
    assert page.locator(".cmp-unit").count() >= sum(counts.values())
    page.get_by_role("link", name="Berdampingan").click()
    page.wait_for_load_state()
    j.shot("compare side by side")
    assert page.locator(".side-old").count() >= 1 and page.locator(".side-new").count() >= 1
    if width == 360:
        j.no_horizontal_scroll()

    # 4. The DIM: the page, then the spreadsheet and the CSV.
    j.goto(f"/r/{REGULATION}")
    click_and_wait(page, page.get_by_role("link", name=re.compile("DIM")).first)
    j.shot("dim")
    assert "/dim" in page.url
    rows_on_page = page.locator("main table tbody tr").count()
    assert rows_on_page > 0
    with page.expect_download() as info:
        page.locator("a[href$='dim.xlsx'], a[href*='dim.xlsx?']").first.click()
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()),
                                  read_only=True)
    xlsx_rows = [r for r in book.active.iter_rows(values_only=True) if any(r)]
    book.close()
    assert len(xlsx_rows) >= 2, xlsx_rows[:3]
    with page.expect_download() as info:
        page.locator("a[href$='dim.csv'], a[href*='dim.csv?']").first.click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) >= 2 and any("Tanggapan" in h or "tanggapan" in h for h in rows[0]), rows[0]
    j.shot("dim downloaded")

    # 5. The Atom feed announced on the page.
    feed_url = page.locator("link[rel=alternate][type='application/atom+xml']").first \
        .get_attribute("href")
    response = page.request.get(j.live(feed_url))
    assert response.status == 200
    assert "atom" in response.headers["content-type"]
    feed = lxml.etree.fromstring(response.body())
    entries = feed.findall(f"{ATOM}entry")
    assert entries, "the feed has entries"
    assert all(e.find(f"{ATOM}title") is not None and e.find(f"{ATOM}updated") is not None
               for e in entries)
    page.goto(j.live(feed_url))
    j.shot("feed")
    assert not j.console_errors, j.console_errors
