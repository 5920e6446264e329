"""Issue 19 in a real browser, at 1280 and 360 px, with and without JavaScript: a member follows a
single Pasal from its page and finds it on /notifikasi; a reply and a drafter's answer sent back
show what is wrong at the top of the first screen, with the typed text kept."""
import pytest

from tests.e2e.conftest import click_and_wait, demo_account
from tests.e2e.test_keyboard_drafter import unanswered

REGULATION = "pengelolaan-media-komunikasi-publik"


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def js(request):
    return request.param


def _as(journey, name, who, js):
    j = journey(f"{name}-{'js' if js else 'nojs'}", java_script_enabled=js)
    account = demo_account(who)
    j.login(account.email, account.password)
    return j


def _summary_in_sight(page):
    box = page.evaluate("""() => { const r = document.querySelector('.error-summary')
        .getBoundingClientRect(); return {top: r.top, height: window.innerHeight}; }""")
    return -2 <= box["top"] < box["height"], box


def test_a_member_follows_one_pasal_and_finds_it_in_the_list(journey, width, js):
    j = _as(journey, "follow-pasal", "smsi_member", js)
    page = j.page
    j.goto(f"/r/{REGULATION}/v/2/pasal/10")
    button = page.get_by_role("button", name="Ikuti pasal ini")
    click_and_wait(page, button)
    j.shot("pasal followed")
    assert "Anda mengikuti Pasal 10" in page.locator(".flashes").inner_text()
    assert page.get_by_role("button", name="Pasal ini diikuti").count() == 1
    j.goto("/notifikasi")
    j.shot("list of follows")
    follows = page.locator(".notify-follows")
    assert follows.get_by_role("link", name="Pasal 10").count() == 1
    click_and_wait(page, follows.get_by_role("button", name="Berhenti mengikuti Pasal 10"))
    assert "Anda berhenti mengikuti Pasal 10" in page.locator(".flashes").inner_text()
    assert follows.get_by_role("link", name="Pasal 10").count() == 0
    assert not j.console_errors, j.console_errors


def test_a_reply_sent_back_keeps_its_text_and_says_the_limit(journey, width, js):
    j = _as(journey, "reply-errors", "smsi_member", js)
    page = j.page
    j.goto(f"/r/{REGULATION}/masukan/1")
    long_text = "Data tambahan " * 1430  # 20,020 characters
    box = page.locator("form.reply-form textarea[name=body]")
    box.fill(long_text)
    assert len(box.input_value()) == len(long_text)  # nothing cut by the browser
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim balasan").click()
    j.shot("reply sent back")
    seen, where = _summary_in_sight(page)
    assert seen, where
    assert "Balasan terlalu panjang: paling banyak 20.000 karakter." in page.locator(
        ".error-summary").inner_text()
    assert page.locator("form.reply-form textarea[name=body]").input_value() == long_text.strip()
    if js:
        assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")


def test_an_answer_sent_back_lists_what_is_missing_at_the_top(journey, width, js):
    j = _as(journey, "answer-errors", "drafter", js)
    page = j.page
    j.goto(f"/r/{REGULATION}/masukan/{unanswered(j.live, newest=False)}")
    page.locator("#tanggapi").scroll_into_view_if_needed()
    page.get_by_label("Ditunda", exact=True).check()
    page.get_by_label("Penjelasan", exact=True).fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan tanggapan (belum terbit)").click()
    j.shot("answer sent back")
    seen, where = _summary_in_sight(page)
    assert seen, where
    summary = page.locator(".error-summary")
    assert "Penjelasan wajib diisi kecuali untuk status diterima." in summary.inner_text()
    summary.get_by_role("link").first.click()
    if js:  # the link puts the cursor in the field
        assert page.evaluate("() => document.activeElement.name") == "explanation"
    else:
        assert page.url.endswith("#explanation")
