"""The harness itself: the live server answers and a demo account can log in and out."""
from tests.e2e.conftest import demo_account


def test_home_and_login(journey):
    j = journey("smoke")
    j.goto("/")
    j.shot("home")
    assert j.page.locator("h1").count() >= 1
    j.no_horizontal_scroll()
    account = demo_account("drafter")
    j.login(account.email, account.password)
    j.shot("logged-in")
    j.logout()
    j.shot("logged-out")
    assert j.page.locator("form[action$='/keluar']").count() == 0
    assert not j.console_errors, j.console_errors
