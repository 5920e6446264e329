"""The drafter's journey with the keyboard alone, at 1280 and 360 px: the skip link first, log in,
workspace → the regulation → its answers → an unanswered input; an answer sent without its
explanation puts the focus on the list of errors, whose link puts the cursor in the field; the
saved answer and the publication put the focus on the confirmation. Every Tab stop shows where
the focus is (tab_to checks it)."""
import re

import sqlalchemy as sa

from tests.e2e.conftest import demo_account
from tests.e2e.test_accessibility import tab_to

REGULATION = "pengelolaan-media-komunikasi-publik"


def unanswered(live, newest=True):
    """The number of an open input of the demo regulation that has no answer at all yet (the
    newest such input, else the oldest)."""
    from consult.extensions import db
    from consult.models import Input, InputStatus, Regulation, Response

    def read():
        return db.session.execute(
            sa.select(Input.number).join(Regulation, Input.regulation_id == Regulation.id)
            .where(Regulation.slug == REGULATION, Input.parent_id.is_(None),
                   Input.status == InputStatus.OPEN,
                   ~Input.id.in_(sa.select(Response.input_id)))
            .order_by(Input.number.desc() if newest else Input.number).limit(1)).scalar_one()
    return live.query(read)


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _focus_has(page, css_class):
    return page.evaluate("(c) => document.activeElement.classList.contains(c)", css_class)


def test_answering_with_the_keyboard_alone(journey):
    j = journey("keyboard-drafter")
    page = j.page
    account = demo_account("drafter")
    number = unanswered(j.live)
    j.goto("/")
    assert tab_to(page, lambda e: True)["href"] == "#main", "the first Tab stop is the skip link"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main", "the skip link skips"
    tab_to(page, lambda e: e["href"].startswith("/masuk"), label="Masuk")
    _enter(page)
    tab_to(page, lambda e: e["name"] == "email", label="email")
    page.keyboard.type(account.email)
    tab_to(page, lambda e: e["name"] == "password", label="password")
    page.keyboard.type(account.password)
    _enter(page)
    assert page.locator("form[action$='/keluar']").count() == 1, "logged in by keyboard"

    # Workspace → the regulation → its answers → the input, by Tab and Enter.
    tab_to(page, lambda e: e["href"] == "/penyusun/", label="Ruang penyusun")
    _enter(page)
    j.shot("workspace")
    tab_to(page, lambda e: e["href"] == f"/penyusun/r/{REGULATION}", label="the regulation")
    _enter(page)
    j.shot("regulation workspace")
    tab_to(page, lambda e: e["href"] == f"/penyusun/r/{REGULATION}/tanggapan",
           label="Tanggapi masukan")
    _enter(page)
    j.shot("answers page")
    tab_to(page, lambda e: e["href"] == f"/r/{REGULATION}/masukan/{number}#tanggapi",
           label=f"input No. {number}")
    _enter(page)

    # Choose "Ditolak" with the arrow keys, leave the explanation out, send.
    tab_to(page, lambda e: e["name"] == "disposition", label="the status")
    for _ in range(8):
        if page.locator("input[name=disposition][value=ditolak]").is_checked():
            break
        page.keyboard.press("ArrowDown")
    assert page.locator("input[name=disposition][value=ditolak]").is_checked()
    tab_to(page, lambda e: e["tag"] == "button" and "Simpan tanggapan" in e["text"],
           label="Simpan tanggapan")
    _enter(page)
    j.shot("answer sent back")
    assert _focus_has(page, "error-summary"), "the focus is on the list of errors"
    assert "Penjelasan wajib diisi" in page.locator(".error-summary").inner_text()
    tab_to(page, lambda e: e["href"] == "#explanation", label="the error's link")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.name") == "explanation"
    page.keyboard.type("Kewajiban ini sudah diatur pada Pasal 10 ayat (1) huruf b.")
    tab_to(page, lambda e: e["tag"] == "button" and "Simpan tanggapan" in e["text"],
           label="Simpan tanggapan")
    _enter(page)
    j.shot("answer saved")
    assert _focus_has(page, "flashes"), "the focus is on the confirmation"
    assert f"Tanggapan atas No. {number} disimpan" in page.locator(".flashes").inner_text()

    # Publish the prepared answers: the list, the confirmation step, the message.
    tab_to(page, lambda e: e["href"] == f"/penyusun/r/{REGULATION}/tanggapan",
           label="Halaman penerbitan tanggapan")
    _enter(page)
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Terbitkan tanggapan terpilih",
           label="Terbitkan tanggapan terpilih")
    _enter(page)
    j.shot("publication to confirm")
    tab_to(page, lambda e: e["tag"] == "button" and e["text"].startswith("Ya, terbitkan"),
           label="Ya, terbitkan")
    _enter(page)
    j.shot("answers published")
    assert _focus_has(page, "flashes")
    assert re.search(r"\d+ tanggapan diterbitkan", page.locator(".flashes").inner_text())
    # The one answer sent back came with status 400 (the browser logs it); nothing else failed.
    unexpected = [e for e in j.console_errors if "status of 400" not in e
                  or "/masukan/" not in e or "/tanggapan" not in e]
    assert not unexpected, j.console_errors
