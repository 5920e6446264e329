"""Accessibility: axe-core on every main page (no serious or critical violation), at 1280 px and
at 360 px, and the commenting journey done with the keyboard alone.

axe-core comes from npm (installed by the session fixture into tests/e2e/node_modules). The
site's CSP allows no injected script, so the axe contexts bypass CSP; nothing else does.
"""
import re

import pytest
import sqlalchemy as sa

from tests.e2e.conftest import HEIGHTS, OUTPUT, demo_account, log_in

REGULATION = "pengelolaan-media-komunikasi-publik"
BLOCKING = ("serious", "critical")


def _world(live):
    """Real paths for the pages to check, read from the demo data."""
    from consult.extensions import db
    from consult.models import Input, Regulation, Unit, Version, VersionState

    def read():
        reg = db.session.execute(sa.select(Regulation).where(Regulation.slug == REGULATION)
                                 ).scalar_one()
        versions = db.session.execute(
            sa.select(Version).where(Version.regulation_id == reg.id,
                                     Version.state == VersionState.PUBLISHED)
            .order_by(Version.number)).scalars().all()
        last = versions[-1]
        pasal = db.session.execute(
            sa.select(Unit).where(Unit.version_id == last.id, Unit.kind == "pasal")
            .order_by(Unit.position).offset(1)).scalars().first()
        item = db.session.execute(sa.select(Input).where(Input.regulation_id == reg.id,
                                                         Input.parent_id.is_(None))
                                  .order_by(Input.id)).scalars().first()
        return {"first": versions[0].number, "last": last.number, "pasal": pasal.label,
                "pasal_key": pasal.key, "input": item.id}
    return live.query(read)


def public_pages(w):
    r = f"/r/{REGULATION}"
    return {
        "home": "/",
        "login": "/masuk",
        "register": "/daftar",
        "regulation index": "/r/",
        "regulation": r,
        "unit (Pasal)": f"{r}/v/{w['last']}/pasal/{w['pasal']}",
        "compare": f"{r}/compare/{w['first']}/{w['last']}",
        "compare side by side": f"{r}/compare/{w['first']}/{w['last']}?view=side",
        "history": f"{r}/riwayat",
        "inputs": f"{r}/masukan",
        "input": f"/masukan/{w['input']}",
        "DIM": f"{r}/dim",
        "statistics": f"{r}/statistik",
        "timeline": f"{r}/linimasa",
        "search": "/cari?q=media",
        "audit": "/audit",
        "organisations": "/organisasi",
        "organisation": "/organisasi/smsi-paser",
    }


def member_pages(w):
    r = f"/r/{REGULATION}/v/{w['last']}"
    return {
        "comment form": f"{r}/komentar?unit={w['pasal_key']}",
        "proposal form": f"{r}/usulan?unit={w['pasal_key']}",
        "notifications": "/notifikasi",
        "account": "/akun",
        "organisation registration": "/organisasi/daftar",
        "organisation management": "/organisasi/smsi-paser/kelola",
    }


def drafter_pages(w):
    p = f"/penyusun/r/{REGULATION}"
    return {
        "workspace": "/penyusun/",
        "new regulation": "/penyusun/regulasi/baru",
        "regulation (workspace)": p,
        "version (workspace)": f"{p}/v/{w['last']}",
        "preview": f"{p}/v/{w['last']}/pratinjau",
        "new draft": f"{p}/draf/baru",
        "open consultation": f"{p}/konsultasi/buka",
        "status": f"{p}/status",
        "answers": f"{p}/tanggapan",
    }


def admin_pages(w):
    return {"admin": "/admin/", "users": "/admin/pengguna", "organisation queue":
            "/admin/organisasi", "moderation": "/moderasi"}


def _axe(page, axe_path):
    page.add_script_tag(path=str(axe_path))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in BLOCKING]


def _check_pages(browser, live, axe_script, width, pages, account_key=None):
    context = browser.new_context(viewport={"width": width, "height": HEIGHTS[width]},
                                  bypass_csp=True, locale="id-ID")
    folder = OUTPUT / "axe" / str(width)
    folder.mkdir(parents=True, exist_ok=True)
    problems = {}
    try:
        page = context.new_page()
        if account_key:
            account = demo_account(account_key)
            log_in(page, live, account.email, account.password)
        for name, path in pages.items():
            response = page.goto(live(path))
            assert response.status == 200, f"{name} {path}: {response.status}"
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower())
            page.screenshot(path=str(folder / f"{slug}.png"), full_page=False)
            found = _axe(page, axe_script)
            if found:
                problems[f"{name} ({path})"] = found
    finally:
        context.close()
    return problems


def phone_pages(w):
    """At 360 px, the pages people read and comment on from a phone."""
    pages = public_pages(w)
    return {k: pages[k] for k in ("home", "regulation", "unit (Pasal)", "compare", "input",
                                  "DIM", "organisation")}


@pytest.mark.parametrize("who,pages,width", [
    (None, public_pages, 1280), ("smsi_admin", member_pages, 1280),
    ("drafter", drafter_pages, 1280), ("admin", admin_pages, 1280),
    (None, phone_pages, 360), ("smsi_admin", lambda w: {k: v for k, v in member_pages(w).items()
                                                        if k == "comment form"}, 360),
], ids=["public-1280", "member-1280", "drafter-1280", "admin-1280", "public-360",
        "member-360"])
def test_no_serious_axe_violations(browser, live, axe_script, who, pages, width):
    problems = _check_pages(browser, live, axe_script, width, pages(_world(live)), who)
    assert not problems, "\n".join(
        f"{page}: " + "; ".join(f"{v['impact']} {v['id']} ({v['help']}) at {v['nodes']}"
                                for v in found)
        for page, found in problems.items())


# --- the keyboard alone ------------------------------------------------------------------

def _focused(page):
    return page.evaluate("""() => { const e = document.activeElement; if (!e) return {};
        const s = getComputedStyle(e);
        return {tag: e.tagName.toLowerCase(), name: e.getAttribute('name') || '',
                type: e.getAttribute('type') || '', href: e.getAttribute('href') || '',
                text: (e.innerText || e.value || '').trim().slice(0, 80),
                outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                shadow: s.boxShadow !== 'none'}; }""")


def tab_to(page, matches, limit=250, label=""):
    """Press Tab until the focused element matches; every stop must show where focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        el = _focused(page)
        if el.get("tag") in ("a", "button", "input", "textarea", "select"):
            assert el["outline"] or el["shadow"], f"no visible focus on {el}"
        if matches(el):
            return el
    raise AssertionError(f"Tab never reached {label or matches}")


def test_commenting_with_the_keyboard_alone(journey):
    j = journey("keyboard")
    page = j.page
    account = demo_account("smsi_member")
    w = _world(j.live)
    j.goto("/")
    first = tab_to(page, lambda e: True)
    assert first["href"] == "#main", "the first Tab stop is the skip link"
    tab_to(page, lambda e: e["href"].startswith("/masuk"), label="Masuk")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, lambda e: e["name"] == "email", label="email")
    page.keyboard.type(account.email)
    tab_to(page, lambda e: e["name"] == "password", label="password")
    page.keyboard.type(account.password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("form[action$='/keluar']").count() == 1, "logged in by keyboard"
    j.shot("logged in")

    # Home → the regulation → a Pasal → "Beri komentar", all by Tab and Enter.
    tab_to(page, lambda e: e["href"].rstrip("/").endswith(f"/r/{REGULATION}"),
           label="the regulation")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    j.shot("regulation")
    tab_to(page, lambda e: e["href"].endswith(f"/pasal/{w['pasal']}"), label="the Pasal")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    j.shot("pasal")
    tab_to(page, lambda e: "/komentar" in e["href"], label="Beri komentar")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    j.shot("comment form")

    # The form: no category is chosen for the user; choose one with Space, type the comment,
    # send with Enter.
    text = "Masukan yang diketik hanya dengan papan ketik, tanpa tetikus."
    tab_to(page, lambda e: e["name"] == "category", label="the category")
    page.keyboard.press("Space")
    assert page.locator("input[name=category]:checked").count() == 1
    tab_to(page, lambda e: e["name"] == "body", label="the comment box")
    page.keyboard.type(text)
    j.shot("comment typed")
    tab_to(page, lambda e: e["tag"] == "button" and e["name"] == "submit", label="Kirim")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    j.shot("comment sent")
    # The focus is on the confirmation, so the next Tab continues from there.
    assert page.evaluate("() => document.activeElement.classList.contains('flashes')")
    assert "tersimpan" in page.inner_text("main")
    assert text in page.inner_text("main")
    assert not j.console_errors, j.console_errors


def test_reading_and_comparing_with_the_keyboard_alone(journey):
    """The public journey by Tab and Enter: the regulation, its comparison with the previous
    version (other versions unfold from a summary), side by side, then the accessibility
    statement from the footer."""
    j = journey("keyboard-public")
    page = j.page
    j.goto("/")
    assert tab_to(page, lambda e: True)["href"] == "#main"
    tab_to(page, lambda e: e["href"].rstrip("/").endswith(f"/r/{REGULATION}"),
           label="the regulation")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, lambda e: "/compare/" in e["href"], label="Bandingkan dengan versi")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    j.shot("compare")
    tab_to(page, lambda e: e["tag"] == "summary", label="Bandingkan versi lain")
    page.keyboard.press("Enter")
    assert page.locator("details.compare-picker-box[open]").count() == 1
    tab_to(page, lambda e: e["text"] == "Berdampingan", label="Berdampingan")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".side-old").count() >= 1
    j.shot("side by side")
    tab_to(page, lambda e: e["href"] == "/aksesibilitas", label="Pernyataan aksesibilitas",
           limit=600)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Pernyataan aksesibilitas" in page.inner_text("h1")
    j.shot("accessibility statement")
    assert not j.console_errors, j.console_errors
