"""Everything works without JavaScript (design.md): in Chromium with scripts switched off, at
1280 px and at 360 px, a reader compares two versions with the picker and switches views and
language; a member logs in, comments on a Pasal, previews a proposal's word diff (rendered by
the server) and submits it; a drafter saves an answer and publishes it."""
import re

from tests.e2e.conftest import (
    answer_and_publish, click_and_wait, demo_account, give_comment, propose_wording,
)
from tests.e2e.test_journey_media import REGULATION, latest_version


def test_reading_and_comparing_without_javascript(journey, width):
    j = journey("nojs-public", java_script_enabled=False)
    page = j.page
    j.goto(f"/r/{REGULATION}/compare/1/2")
    page.get_by_text("Bandingkan versi lain").click()  # the pickers unfold without a script
    page.select_option("select#from", "2")
    page.select_option("select#to", "1")
    click_and_wait(page, page.get_by_role("button", name="Bandingkan"))
    j.shot("compare chosen with the picker")
    assert re.search(r"/compare/2/1", page.url)
    assert page.locator(".cmp-unit").count() >= 1
    click_and_wait(page, page.get_by_role("link", name="Berdampingan"))
    assert page.locator(".side-old").count() >= 1
    click_and_wait(page, page.get_by_role("link", name="English"))
    j.shot("english")
    assert page.locator("html").get_attribute("lang") == "en"
    if width == 360:
        j.no_horizontal_scroll()
    assert not j.console_errors, j.console_errors


def test_giving_and_answering_input_without_javascript(journey, width):
    member = journey("nojs-member", java_script_enabled=False)
    account = demo_account("smsi_member")
    member.login(account.email, account.password)
    page = member.page
    number = latest_version(member.live)

    member.goto(f"/r/{REGULATION}/v/{number}/pasal/3")
    comment_url = give_comment(member, "Keberatan",
                               f"Tanpa JavaScript pun komentar ini terkirim ({width}).")
    member.goto(f"/r/{REGULATION}/v/{number}/pasal/5")
    propose_wording(member, " secara berkala tanpa skrip", "Diuji tanpa JavaScript.")

    drafter = journey("nojs-drafter", java_script_enabled=False)
    account = demo_account("drafter")
    drafter.login(account.email, account.password)
    answer_and_publish(drafter, comment_url, REGULATION, "Ditolak",
                       "Ketentuan ini tetap; diuji tanpa skrip.")

    page.goto(comment_url)
    member.shot("answer seen")
    text = page.inner_text("main")
    assert "Ditolak" in text and "diuji tanpa skrip" in text
    if width == 360:
        member.no_horizontal_scroll()
    for j in (member, drafter):
        assert not j.console_errors, (j.name, j.console_errors)
