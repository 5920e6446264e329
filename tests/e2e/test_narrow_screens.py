"""The header and the pages people read fit a 360 px phone: the page never scrolls sideways
(document.documentElement.scrollWidth <= 360) and every link of the header is on the screen,
none clipped inside a strip that scrolls by itself (where "Daftar" used to hide), logged out and
logged in as a drafter and as a member. At 1280 px the header keeps its single row of links.
Keyboard focus stays visible in the header, and the skip link comes first."""
import pytest

from tests.e2e.conftest import HEIGHTS, OUTPUT, demo_account, log_in
from tests.e2e.test_accessibility import REGULATION, _world

# Where the header's links and buttons are, and whether each one can be seen and hit.
HEADER_GEOMETRY = """() => {
  const width = document.documentElement.clientWidth;
  const nav = document.querySelector('.site-nav');
  const items = [...document.querySelectorAll('.site-header a, .site-header button')]
    .filter(el => !el.classList.contains('skip-link'))
    .map(el => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return {text: el.innerText.trim(), left: r.left, right: r.right, top: r.top,
              visible: r.width > 0 && r.height > 0 && !!hit && (hit === el || el.contains(hit))};
    });
  return {scrollWidth: document.documentElement.scrollWidth, width,
          navOverflow: nav.scrollWidth - nav.clientWidth, items};
}"""


def _pages(w):
    r = f"/r/{REGULATION}"
    return {"home": "/", "regulation": r, "Pasal": f"{r}/v/{w['last']}/pasal/{w['pasal']}",
            "compare": f"{r}/compare/{w['first']}/{w['last']}", "DIM": f"{r}/dim"}


def _open(browser, live, width, who):
    context = browser.new_context(viewport={"width": width, "height": HEIGHTS[width]},
                                  locale="id-ID")
    page = context.new_page()
    if who:
        account = demo_account(who)
        log_in(page, live, account.email, account.password)
    return context, page


WHO = [None, "drafter", "smsi_member"]
WHO_IDS = ["logged-out", "drafter", "member"]


@pytest.mark.parametrize("who", WHO, ids=WHO_IDS)
def test_pages_fit_a_360px_screen(browser, live, who):
    context, page = _open(browser, live, 360, who)
    folder = OUTPUT / "narrow" / (who or "logged-out")
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    try:
        for name, path in _pages(_world(live)).items():
            response = page.goto(live(path))
            assert response.status == 200, f"{name} {path}: {response.status}"
            page.screenshot(path=str(folder / f"{name.lower()}.png"))
            geometry = page.evaluate(HEADER_GEOMETRY)
            if geometry["scrollWidth"] > 360:
                problems.append(f"{name}: the page is {geometry['scrollWidth']}px wide")
            if geometry["navOverflow"] > 0:
                problems.append(f"{name}: the navigation scrolls sideways by "
                                f"{geometry['navOverflow']}px")
            for item in geometry["items"]:
                if item["left"] < 0 or item["right"] > geometry["width"] or not item["visible"]:
                    problems.append(f"{name}: header link {item['text']!r} is off-screen or "
                                    f"hidden ({item['left']:.0f}-{item['right']:.0f}px)")
        texts = [i["text"] for i in page.evaluate(HEADER_GEOMETRY)["items"]]
        expected = ["Daftar", "Masuk"] if who is None else ["Keluar"]
        if who == "drafter":
            expected.append("Ruang penyusun")
        for text in expected:
            assert any(t.startswith(text) for t in texts), f"{text} not in the header: {texts}"
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("who", WHO, ids=WHO_IDS)
def test_the_header_keeps_one_row_of_links_at_1280px(browser, live, who):
    context, page = _open(browser, live, 1280, who)
    try:
        page.goto(live("/"))
        geometry = page.evaluate(HEADER_GEOMETRY)
        nav_rows = {round(i["top"]) for i in geometry["items"]
                    if i["text"] not in ("English", "Timbang") and i["top"] > 50}
        assert len(nav_rows) == 1, geometry["items"]
        assert geometry["scrollWidth"] <= 1280
    finally:
        context.close()


@pytest.mark.parametrize("who", [None, "drafter"], ids=["logged-out", "drafter"])
def test_keyboard_focus_in_the_header_at_360px(browser, live, who):
    """The skip link is the first stop; every header link then shows its focus outline."""
    context, page = _open(browser, live, 360, who)
    try:
        page.goto(live("/"))
        page.keyboard.press("Tab")
        first = page.evaluate("() => document.activeElement.className")
        assert "skip-link" in first
        links = page.locator(".site-header a, .site-header button").count()
        for _ in range(links):
            page.keyboard.press("Tab")
            focus = page.evaluate("""() => { const e = document.activeElement;
                const s = getComputedStyle(e); const r = e.getBoundingClientRect();
                return {text: e.innerText.trim(), inHeader: !!e.closest('.site-header'),
                        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                        right: r.right}; }""")
            if not focus["inHeader"]:
                break
            assert focus["outline"], f"no visible focus on {focus['text']!r}"
            assert focus["right"] <= 360, f"{focus['text']!r} is focused off-screen"
    finally:
        context.close()
