"""Issue 19 in a real browser, at 1280 and 360 px, with and without JavaScript: the confirmation
is in sight after sending, typed text survives a session that ended meanwhile, errors are in
sight with the limit said and nothing cut, and a proposal's preview compares ayat first."""
import pytest
import sqlalchemy as sa

from tests.e2e.conftest import click_and_wait, demo_account

REGULATION = "pengelolaan-media-komunikasi-publik"


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def js(request):
    return request.param


def _member(journey, name, js):
    j = journey(f"{name}-{'js' if js else 'nojs'}", java_script_enabled=js)
    account = demo_account("smsi_member")
    j.login(account.email, account.password)
    return j


def _unit_key(live, path_label):
    from consult.extensions import db
    from consult.models import Regulation, Unit, Version

    def read():
        reg = db.session.execute(sa.select(Regulation).where(Regulation.slug == REGULATION)
                                 ).scalar_one()
        version = db.session.execute(sa.select(Version).where(
            Version.regulation_id == reg.id, Version.number == 2)).scalar_one()
        return db.session.execute(sa.select(Unit.key).where(
            Unit.version_id == version.id, Unit.path_label == path_label)).scalar_one()
    return live.query(read)


def _in_view(page, selector):
    """The element's top edge lies within the first screen as it is scrolled now."""
    box = page.evaluate("""(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, height: window.innerHeight}; }""", selector)
    return -2 <= box["top"] < box["height"], box  # (sub-pixel scrolling)


def _comment_form(j):
    key = _unit_key(j.live, "Pasal 5 ayat (2)")
    j.goto(f"/r/{REGULATION}/v/2/komentar?unit={key}")


def test_the_confirmation_is_in_sight_after_sending(journey, width, js):
    j = _member(journey, "confirm", js)
    _comment_form(j)
    page = j.page
    page.get_by_label("Pertanyaan").check()
    page.get_by_label("Masukan", exact=True).fill(f"Apakah ayat ini berlaku juga untuk kecamatan? {width}")
    click_and_wait(page, page.get_by_role("button", name="Kirim masukan"))
    j.shot("sent")
    seen, box = _in_view(page, ".flashes")
    assert seen, box
    assert "tersimpan" in page.locator(".flashes").inner_text()
    if js:
        assert page.evaluate("() => document.activeElement.classList.contains('flashes')")
    assert not j.console_errors, j.console_errors


def test_typed_text_survives_a_logout_in_another_tab(journey, width, js):
    j = _member(journey, "session-lost", js)
    _comment_form(j)
    page = j.page
    text = f"Teks panjang yang ditulis dengan susah payah, lebar {width}.\nBaris kedua."
    page.get_by_label("Keberatan").check()
    page.get_by_label("Masukan", exact=True).fill(text)
    other = j.context.new_page()  # the same person logs out in another tab
    other.goto(j.live("/"))
    with other.expect_navigation():
        other.locator("form[action$='/keluar'] button").click()
    other.close()
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim masukan").click()
    j.shot("text given back")
    assert "Anda sudah keluar" in page.inner_text("main")
    assert page.locator("main textarea").first.input_value() == text
    login = page.get_by_role("link", name="Masuk lagi")
    assert "/komentar" in login.get_attribute("href")
    click_and_wait(page, login)
    account = demo_account("smsi_member")
    page.fill("input[name=email]", account.email)
    page.fill("input[name=password]", account.password)
    click_and_wait(page, page.locator("main form button[type=submit]"))
    assert "/komentar" in page.url  # back on the form
    if js:  # the text is put back into the form by itself
        assert page.get_by_label("Masukan", exact=True).input_value() == text


def test_errors_are_in_sight_and_long_text_is_not_cut(journey, width, js):
    j = _member(journey, "errors", js)
    _comment_form(j)
    page = j.page
    click_and_wait(page, page.get_by_role("button", name="Kirim masukan"))
    j.shot("empty sent")
    seen, box = _in_view(page, ".error-summary")
    assert seen, box
    summary = page.locator(".error-summary").inner_text()
    assert "Pilih kategori masukan." in summary and "Isi masukan wajib diisi." in summary
    if js:
        assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")

    long_text = "Kata " * 4001  # 20,005 characters, pasted at once
    page.get_by_label("Usulan").check()
    box_ = page.get_by_label("Masukan", exact=True)
    box_.fill(long_text)
    assert len(box_.input_value()) == len(long_text)  # nothing cut by the browser
    counter = page.locator("#body-count")
    if js:
        assert "20.005 dari 20.000 karakter" in counter.inner_text()
        assert "over" in counter.get_attribute("class")
    else:
        assert "Paling banyak 20.000 karakter." in counter.inner_text()
    click_and_wait(page, page.get_by_role("button", name="Kirim masukan"))
    j.shot("too long sent")
    seen, box = _in_view(page, ".error-summary")
    assert seen, box
    assert "paling banyak 20.000 karakter" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Masukan", exact=True).input_value() == long_text.strip()
    assert not j.console_errors, j.console_errors


def test_the_preview_adds_an_ayat_whole(journey, width, js):
    j = _member(journey, "structure", js)
    key = _unit_key(j.live, "Pasal 5")
    j.goto(f"/r/{REGULATION}/v/2/usulan?unit={key}")
    page = j.page
    box = page.get_by_label("Rumusan yang diusulkan")
    wording = box.input_value()
    assert "agenda publikasi tahunan" in wording
    new_ayat = "(4) Agenda publikasi diumumkan kepada Perusahaan Pers."
    box.fill(wording.replace("saluran publikasi.", "saluran.").rstrip() + "\n" + new_ayat)
    if js:  # the live preview, from the same server-side renderer
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-diff-target] ins')]"
            ".some(e => e.textContent.includes('(4)'))")
    else:
        page.get_by_label("Alasan").fill("Agenda diumumkan agar media dapat menyiapkan diri.")
        click_and_wait(page, page.get_by_role("button", name="Pratinjau"))
    j.shot("preview")
    inserted = page.locator(".diff-preview ins").all_inner_texts()
    deleted = page.locator(".diff-preview del").all_inner_texts()
    # The new ayat is one insertion; the word taken out of ayat (3) is a deletion there, not a
    # word of ayat (3) lined up with the new ayat (4).
    assert any(new_ayat in t for t in inserted), inserted
    assert [t.strip() for t in deleted] == ["publikasi"], deleted
