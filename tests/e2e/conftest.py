"""Browser journeys: a live Timbang on a free port with demo data, driven by real Chromium.

The server runs in a thread of the test process (werkzeug, threaded) on a temporary SQLite file,
so tests can also look into the database through `live.app`. Every step of a journey is
photographed to test-output/e2e/<journey>/<width>/NN-step.png (git-ignored).
"""
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from tests.local_services import free_port, postgres_test_url, scratch_postgres_database

CHROMIUM = os.environ.get("TIMBANG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "e2e"
NODE_DIR = Path(__file__).resolve().parent / "node_modules"
WIDTHS = (1280, 360)
HEIGHTS = {1280: 900, 360: 740}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


class LiveServer:
    def __init__(self, app, url):
        self.app = app
        self.url = url

    def __call__(self, path="/"):
        return self.url + path

    def query(self, fn):
        """Run fn() inside the app context (to read what the journey left in the database)."""
        from consult.extensions import db

        with self.app.app_context():
            try:
                return fn()
            finally:
                db.session.remove()


@pytest.fixture(scope="session")
def e2e_database(tmp_path_factory):
    """A database for the live server: on the PostgreSQL pass a scratch database of its own on
    the test server (so the journeys also run on PostgreSQL), otherwise a SQLite file."""
    if not postgres_test_url():
        yield f"sqlite:///{tmp_path_factory.mktemp('e2e-db') / 'e2e.db'}"
        return
    with scratch_postgres_database("e2e") as url:
        yield url


@pytest.fixture(scope="session")
def live(e2e_database):
    from werkzeug.serving import make_server

    from tests.devserver import build_app

    previous = os.environ.get("TIMBANG_DEVSERVER_DATABASE_URL")
    os.environ["TIMBANG_DEVSERVER_DATABASE_URL"] = e2e_database
    try:
        app = build_app()
    finally:
        if previous is None:
            os.environ.pop("TIMBANG_DEVSERVER_DATABASE_URL", None)
        else:
            os.environ["TIMBANG_DEVSERVER_DATABASE_URL"] = previous
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            from consult.extensions import db
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def width(request):
    return request.param


class Journey:
    """A browser context at one width, with a numbered screenshot after every step."""

    def __init__(self, browser, live, name, width, **context_options):
        self.live = live
        self.name = name
        self.width = width
        self.context = browser.new_context(
            viewport={"width": width, "height": HEIGHTS.get(width, 800)},
            locale="id-ID", accept_downloads=True, **context_options)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.console_errors = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        self.page.on("response", self._on_response)
        self.folder = OUTPUT / name / str(width)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.step_no = 0

    def _on_response(self, response):
        # Subresources (styles, scripts, images) that fail are bugs; documents are checked by
        # the journeys themselves.
        if response.status >= 400 and response.request.resource_type != "document":
            self.console_errors.append(f"{response.status} {response.url}")

    def _on_console(self, msg):
        if msg.type == "error":
            where = (msg.location or {}).get("url", "")
            if where.endswith("/favicon.ico"):
                return  # asked by the browser itself for documents without an icon (feeds)
            self.console_errors.append(f"{msg.text} [{where} on {self.page.url}]")

    def goto(self, path, expect_status=200):
        response = self.page.goto(self.live(path))
        assert response is not None
        assert response.status == expect_status, f"{path}: {response.status}"
        return response

    def shot(self, step):
        self.step_no += 1
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        self.page.screenshot(path=str(self.folder / f"{self.step_no:02d}-{slug}.png"),
                             full_page=True)

    def login(self, email, password):
        log_in(self.page, self.live, email, password)

    def logout(self):
        with self.page.expect_navigation():
            self.page.locator("form[action$='/keluar'] button").first.click()

    def no_horizontal_scroll(self):
        """At phone width nothing may force sideways scrolling of the page, and the header's
        links may not hide in a strip that scrolls by itself."""
        overflow = self.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"page is {overflow}px wider than the {self.width}px viewport"
        nav = self.page.evaluate("() => { const n = document.querySelector('.site-nav');"
                                 " return n ? n.scrollWidth - n.clientWidth : 0; }")
        assert nav <= 0, f"the navigation scrolls sideways by {nav}px"

    def close(self):
        self.context.close()


@pytest.fixture
def journey(browser, live, width, request):
    """journey("drafter") -> Journey; screenshots go to test-output/e2e/drafter/<width>/."""
    opened = []

    def _start(name, **options):
        j = Journey(browser, live, name, width, **options)
        opened.append(j)
        return j

    yield _start
    for j in opened:
        j.close()


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def _on_behalf_of(page, organisation):
    if organisation and page.get_by_label("Atas nama").count():
        page.get_by_label("Atas nama").select_option(label=organisation)


def give_comment(j, category, text, organisation=None):
    """From a Pasal page: open its comment form, write, send; returns the input's address."""
    page = j.page
    click_and_wait(page, page.get_by_role("link", name="Beri komentar").first)
    _on_behalf_of(page, organisation)
    page.get_by_label(category).check()
    page.get_by_label("Masukan", exact=True).fill(text)
    j.shot("comment form")
    click_and_wait(page, page.get_by_role("button", name="Kirim masukan"))
    j.shot("comment sent")
    assert text in page.inner_text("main")
    return page.url.split("#")[0]


def propose_wording(j, addition, reason, organisation=None):
    """From a Pasal page: propose its wording with `addition` at the end, check the preview's
    word diff (rendered by the server) shows it inserted, send."""
    page = j.page
    click_and_wait(page, page.get_by_role("link", name="Usulkan rumusan").first)
    _on_behalf_of(page, organisation)
    box = page.get_by_label("Rumusan yang diusulkan")
    box.fill(box.input_value().rstrip() + addition)
    page.get_by_label(re.compile("^Alasan")).fill(reason)
    click_and_wait(page, page.get_by_role("button", name="Pratinjau"))
    j.shot("proposal preview")
    assert addition.strip(" .") in " ".join(page.locator("ins").all_inner_texts())
    assert addition.strip() in box.input_value()  # the wording survives the preview
    click_and_wait(page, page.get_by_role("button", name="Kirim usulan"))
    j.shot("proposal sent")
    assert reason in page.inner_text("main")


def answer_and_publish(j, input_url, regulation, disposition, explanation):
    """A drafter answers an input privately, then publishes the prepared answers."""
    page = j.page
    page.goto(input_url)
    page.locator("#tanggapi").scroll_into_view_if_needed()
    page.get_by_label(disposition, exact=True).check()
    page.get_by_label(re.compile("^Penjelasan")).fill(explanation)
    j.shot("answer form")
    click_and_wait(page, page.get_by_role("button", name="Simpan tanggapan (belum terbit)"))
    j.goto(f"/penyusun/r/{regulation}/tanggapan")
    j.shot("answers ready")
    click_and_wait(page, page.get_by_role("button", name="Terbitkan tanggapan terpilih"))
    j.shot("answers to confirm")
    click_and_wait(page, page.get_by_role("button", name=re.compile("^Ya, terbitkan")))
    j.shot("answers published")


def log_in(page, live, email, password):
    """Through the real form; afterwards every page carries the log-out form."""
    page.goto(live("/masuk"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("form[action$='/keluar']").count() == 1, "login failed"


def demo_account(key):
    from consult.demo import DEMO_ACCOUNTS

    for account in DEMO_ACCOUNTS:
        if account.key == key:
            return account
    raise KeyError(key)


@pytest.fixture(scope="session")
def axe_script():
    """axe-core from npm, installed once into tests/e2e/node_modules (git-ignored)."""
    path = NODE_DIR / "axe-core" / "axe.min.js"
    if not path.exists():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install axe-core for the accessibility tests"
        subprocess.run([npm, "install", "--prefix", str(NODE_DIR.parent), "--no-audit",
                        "--no-fund", "--no-save", "--silent", "axe-core@4"],
                       check=True, timeout=300)
    assert path.exists(), "axe-core did not install"
    return path
