"""The drafter's journey, in a real browser at 1280 px and at 360 px.

Import a real Perbup (the Banyuwangi corpus file), publish it, open the consultation; a media
member comments on a Pasal; the drafter answers and publishes the answer, edits one Pasal in a new
draft and publishes version 2 (the public compare page shows exactly that change), then closes
the consultation.
"""
import re
from datetime import timedelta

from consult import clock
from tests.e2e.conftest import answer_and_publish, click_and_wait, demo_account
from tests.texts import CORPUS

SOURCE = CORPUS / "perbup_banyuwangi_2012_19.txt"
EDITED_PASAL = "3"
NEW_WORDS = "secara terbuka dan dapat diperiksa publik"


def local_input(live, dt):
    """What a datetime-local field takes: the time in the regency's zone."""
    with live.app.app_context():
        return clock.to_local(dt).strftime("%Y-%m-%dT%H:%M")


def test_drafter_journey(journey, width):
    j = journey("drafter")
    page = j.page
    title = f"Pengelolaan Arsip Daerah uji {width}"
    drafter = demo_account("drafter")
    j.login(drafter.email, drafter.password)
    j.shot("logged in")

    # 1. A new regulation in the workspace.
    j.goto("/penyusun/")
    j.shot("workspace")
    click_and_wait(page, page.get_by_role("link", name=re.compile("Regulasi baru")).first)
    page.get_by_label("Judul (tentang ...)").fill(title)
    page.get_by_label("Perangkat daerah pemrakarsa").fill("Dinas Perpustakaan dan Kearsipan")
    j.shot("new regulation form")
    click_and_wait(page, page.locator("main form button[type=submit]").first)
    # Created: the workspace goes straight on to the first draft.
    match = re.search(r"/penyusun/r/([^/]+)/draf/baru$", page.url)
    assert match, page.url
    slug = match.group(1)
    assert title in page.inner_text("main")
    j.shot("regulation created")

    # 2. Import the draft from a file.
    page.locator("input[type=file]").set_input_files(str(SOURCE))
    j.shot("upload chosen")
    click_and_wait(page, page.get_by_role("button", name="Unggah dan baca"))
    j.shot("draft imported")
    assert "Draf versi 1" in page.content() or "Pratinjau" in page.content()

    # 3. Preview and publish version 1.
    j.goto(f"/penyusun/r/{slug}/v/1/pratinjau")
    assert page.locator(".structure li.s-pasal").count() >= 10
    j.shot("preview v1")
    page.get_by_label("Ringkasan perubahan").fill("Rancangan awal untuk konsultasi publik.")
    # The real Perbup has two "BAB VII": a reading warning the drafter acknowledges.
    page.get_by_label("Saya sudah memeriksa setiap peringatan pembacaan").check()
    click_and_wait(page, page.get_by_role("button", name="Terbitkan"))
    j.shot("v1 published")
    assert page.locator(".version-list li").count() == 1

    # 4. Open the consultation: from an hour ago to two weeks ahead.
    click_and_wait(page, page.get_by_role("link", name="Buka masa konsultasi"))
    now = clock.now()
    page.get_by_label("Dibuka").fill(local_input(j.live, now))  # opens now
    page.get_by_label("Ditutup").fill(local_input(j.live, now + timedelta(days=14)))
    j.shot("open consultation form")
    click_and_wait(page, page.get_by_role("button", name="Buka konsultasi"))
    j.shot("consultation open")
    assert page.get_by_role("button", name="Tutup sekarang").count() == 1

    # 5. A media member comments on Pasal 3 (in a browser of their own).
    member = j.context.browser.new_context(viewport=page.viewport_size, locale="id-ID")
    try:
        mpage = member.new_page()
        mpage.goto(j.live("/masuk"))
        account = demo_account("smsi_member")
        mpage.fill("input[name=email]", account.email)
        mpage.fill("input[name=password]", account.password)
        with mpage.expect_navigation():
            mpage.locator("main form button[type=submit]").click()
        mpage.goto(j.live(f"/r/{slug}/v/1/pasal/{EDITED_PASAL}"))
        with mpage.expect_navigation():
            mpage.get_by_role("link", name="Beri komentar").first.click()
        mpage.get_by_label("Keberatan").check()
        mpage.get_by_label("Masukan", exact=True).fill(
            "Mohon ditegaskan bahwa pengelolaan arsip dilakukan secara terbuka.")
        with mpage.expect_navigation():
            mpage.get_by_role("button", name="Kirim masukan").click()
        assert "tersimpan" in mpage.content()
        input_url = mpage.url.split("#")[0]
        mpage.screenshot(path=str(j.folder / f"{j.step_no + 1:02d}-member-commented.png"),
                         full_page=True)
        j.step_no += 1
    finally:
        member.close()

    # 6. The drafter answers the input and publishes the answer.
    answer_and_publish(j, input_url, slug, "Diterima sebagian",
                       "Ditampung: Pasal 3 menyebut keterbukaan pada versi berikutnya.")
    page.goto(input_url)
    assert "Diterima sebagian" in page.inner_text("main")

    # 7. Version 2: a new draft from version 1 with one Pasal edited.
    j.goto(f"/penyusun/r/{slug}")
    click_and_wait(page, page.get_by_role("link", name="Draf baru"))
    click_and_wait(page, page.get_by_role("button", name="Salin dan sunting"))
    j.shot("draft 2")
    edit = page.get_by_role("link", name=re.compile(rf"^Ubah\s+Pasal {EDITED_PASAL}$"))
    click_and_wait(page, edit.first)
    box = page.get_by_label("Isi", exact=True)
    old_text = box.input_value()
    assert old_text.strip(), "the Pasal has text to edit"
    new_text = old_text.rstrip().rstrip(".") + " " + NEW_WORDS + "."
    box.fill(new_text)
    j.shot("pasal edited")
    click_and_wait(page, page.get_by_role("button", name="Simpan"))
    j.goto(f"/penyusun/r/{slug}/v/2/pratinjau")
    j.shot("preview v2")
    summary = page.locator(".diff-summary").inner_text()
    assert "1 diubah" in summary and "0 ditambah" in summary and "0 dihapus" in summary
    page.get_by_label("Ringkasan perubahan").fill(f"Pasal {EDITED_PASAL} menyebut keterbukaan.")
    page.get_by_label("Saya sudah memeriksa setiap peringatan pembacaan").check()
    click_and_wait(page, page.get_by_role("button", name="Terbitkan"))
    j.shot("v2 published")

    # 8. The public compare page shows exactly that change.
    j.goto(f"/r/{slug}/compare/1/2")
    j.shot("public compare")
    counts = {name: int(page.locator(f".summary-list .sum-{name} .n").inner_text())
              for name in ("added", "removed", "changed", "moved", "renumbered")}
    assert counts == {"added": 0, "removed": 0, "changed": 1, "moved": 0, "renumbered": 0}, \
        counts
    changed = page.locator(".cmp-unit.cmp-changed")
    assert changed.count() == 1, f"{changed.count()} changed units shown"
    assert changed.first.locator(".cmp-title").inner_text().strip() == f"Pasal {EDITED_PASAL}"
    # Read the redline both ways: without the insertions it is version 1's Pasal, without the
    # deletions it is exactly what the drafter typed.
    sides = changed.first.locator(".cmp-text").evaluate("""el => {
        const side = drop => { const c = el.cloneNode(true);
            c.querySelectorAll(drop).forEach(n => n.remove()); return c.textContent; };
        return [side("ins"), side("del")]; }""")
    squash = lambda t: re.sub(r"\s+", "", t)
    assert squash(sides[0]).endswith(squash(old_text)[-200:]), sides[0][-300:]
    assert squash(sides[1]).endswith(squash(new_text)[-200:]), sides[1][-300:]
    if width == 360:
        j.no_horizontal_scroll()

    # 9. Close the consultation.
    j.goto(f"/penyusun/r/{slug}")
    click_and_wait(page, page.get_by_role("button", name="Tutup sekarang"))
    j.shot("consultation closed")
    assert page.get_by_role("button", name="Tutup sekarang").count() == 0
    j.goto(f"/r/{slug}")
    j.shot("public page after closing")
    assert not j.console_errors, j.console_errors
