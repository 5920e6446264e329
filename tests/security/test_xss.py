"""Stored and reflected XSS: every field that displays user text is filled with live markup,
then every page of the site is fetched as several roles and parsed: no script element, event
handler attribute or javascript: URL that carries the payload may come out alive.

The poison goes straight into the tables (names, organisation details, titles, comment bodies,
quotes, proposed wording, justifications, answers, moderation and report reasons, status and
extension reasons, notifications, mail) so that what is tested is the output side: escaping
and the one Markdown sanitiser. Reflected input (search queries, filters) goes in the URL.
"""
import re
import shutil

import lxml.etree
import lxml.html
import pytest
import sqlalchemy as sa

from consult.extensions import db
from tests.security.conftest import make_security_app
from tests.security.test_access_matrix import ARGS, QUERY, TABLE, _args_for, _rule
from tests.security.conftest import fill_rule

MARK = "xssprobe"


def payload(field):
    """Live markup in every form a sanitiser or a template might let through."""
    tag = f"{MARK}_{field}"
    return (f'<script>{tag}()</script><img src=x onerror="{tag}()">"><svg onload={tag}()>'
            f"'><b onmouseover={tag}()>b</b> [klik](javascript:{tag}()) "
            f'<a href="javascript:{tag}()">a</a> <iframe src="javascript:{tag}()"></iframe> '
            f"{tag}")


def live_markup(html):
    """The payload tags that survive as executable markup in an HTML document."""
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return set()
    found = set()
    pattern = re.compile(rf"{MARK}_\w+")
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in ("script", "iframe", "object", "embed") and pattern.search(
                (el.text or "") + " ".join(el.attrib.values())):
            found.update(pattern.findall((el.text or "") + " ".join(el.attrib.values())))
        for name, value in el.attrib.items():
            if name.lower().startswith("on") and pattern.search(value):
                found.update(pattern.findall(value))
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href", "data") \
                    and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:"):
                found.update(pattern.findall(value) or [f"{MARK}_javascript-url"])
    return found


def test_detector_finds_live_markup():
    """The detector itself: it must see each form of live markup and pass escaped text."""
    assert live_markup("<p><script>xssprobe_a()</script></p>") == {"xssprobe_a"}
    assert live_markup('<img src=x onerror="xssprobe_b()">') == {"xssprobe_b"}
    assert live_markup('<a href=" javascript:xssprobe_c()">x</a>') == {"xssprobe_c"}
    from markupsafe import escape
    assert live_markup(f"<p>{escape(payload('d'))}</p>") == set()


@pytest.fixture(scope="module")
def poisoned(world_file, tmp_path_factory):
    """A copy of the security world with every user-text field poisoned."""
    folder = tmp_path_factory.mktemp("xss")
    path = folder / "security.db"
    shutil.copyfile(world_file.template, path)
    app = make_security_app(str(folder))
    world = world_file.world
    with app.test_request_context():
        _poison(world)
        db.session.remove()
    poisoned_world = type(world)(app, world.users, world.values)
    yield poisoned_world
    with app.app_context():
        db.engine.dispose()


def _poison(world):
    from consult import models as m
    from consult.drafting import services as drafting

    def each(model):
        return db.session.execute(sa.select(model)).scalars().all()

    for user in each(m.User):
        user.name = payload(f"user_name_{user.id}")
        user.office = payload("user_office") if user.office else None
    for org in each(m.Organisation):
        org.name = payload("org_name")
        org.legal_name = payload("org_legal_name")
        org.address = payload("org_address")
        org.contact = payload("org_contact")
        org.website = "https://media.example/" + payload("org_website")
        if org.status_reason is not None or org.status in ("rejected", "suspended"):
            org.status_reason = payload("org_status_reason")
    for reg in each(m.Regulation):
        reg.title = payload("regulation_title")
        reg.summary = payload("regulation_summary")
        reg.office = payload("regulation_office")
    for change in each(m.StatusChange):
        change.reason = payload("status_reason")
    for ext in each(m.PeriodExtension):
        ext.reason = payload("extension_reason")
    for item in each(m.Input):
        item.body = payload("input_body")
        if item.parent_id is None and item.unit_key:
            item.quote = payload("input_quote")
        if item.is_proposal:
            item.proposed_text = payload("proposal_text")
            item.justification = payload("proposal_justification")
            item.rebased_text = payload("proposal_rebased") if item.rebased_text else None
        if item.hidden_reason:
            item.hidden_reason = payload("hidden_reason")
    for response in each(m.Response):
        response.explanation = payload("response_explanation")
    for report in each(m.Report):
        report.reason = payload("report_reason")
    for action in each(m.ModerationAction):
        action.reason = payload("moderation_reason")
    for note in each(m.Notification):
        note.title = payload("notification_title")
        note.body = payload("notification_body")
    for mail in each(m.OutboxMail):
        mail.subject = payload("mail_subject")
        mail.body = payload("mail_body")
    for invitation in each(m.Invitation):
        invitation.email = f"x{invitation.id}@contoh.test"
    # A hidden input and a report, so that their reasons are on some page.
    item = db.session.get(m.Input, world.values["input_id"])
    other = db.session.execute(sa.select(m.Input).where(
        m.Input.id.not_in([item.id, world.values["proposal_id"]]),
        m.Input.regulation_id == item.regulation_id, m.Input.parent_id.is_(None))
    ).scalars().first()
    if other is None:  # a comment of our own to hide
        other = m.Input(number=99, type=m.InputType.COMMENT, regulation_id=item.regulation_id,
                        version_id=item.version_id, current_version_id=item.version_id,
                        category=m.InputCategory.QUESTION, body="x",
                        author_id=world.users["org_admin"], organisation_id=item.organisation_id)
        db.session.add(other)
    other.status = m.InputStatus.HIDDEN
    other.hidden_reason = payload("hidden_reason")
    db.session.add(m.Report(input_id=item.id, reporter_id=world.users["org_admin"],
                            reason=payload("report_reason")))
    db.session.commit()
    # The text of the regulation itself, and a version's summary of changes: through the
    # drafting services (published versions are immutable).
    reg = db.session.execute(sa.select(m.Regulation).where(m.Regulation.slug == "uji-akses")
                             ).scalar_one()
    draft = drafting.open_draft(reg)
    drafter = db.session.get(m.User, world.users["drafter"])
    text = draft.source_text.replace("Pasal 2\n", "Pasal 2\n" + payload("unit_text") + "\n", 1)
    drafting.replace_draft_text(drafter, draft, draft.revision, text)
    db.session.commit()


# Fields each role must have seen somewhere (as text) for the crawl to be meaningful.
EXPECTED_SEEN = {
    "anonymous": ("user_name", "org_name", "org_address", "org_contact", "org_website",
                  "regulation_title", "regulation_summary", "input_body", "input_quote",
                  "proposal_text", "proposal_justification", "response_explanation",
                  "hidden_reason", "reflected_q"),
    "member": ("notification_title",),
    "drafter": ("unit_text",),
    "moderator": ("report_reason",),
    "admin": ("mail_subject", "user_name", "org_legal_name"),
}
ROLES_TO_CRAWL = ("anonymous", "member", "org_admin", "drafter", "moderator", "admin")
REFLECTED = {
    "record.search_page": ["q"],
    "public.index": ["q", "status"],
    "orgs.directory": ["q", "jenis"],
    "admin.users": ["q", "role", "status"],
    "orgs.admin_queue": ["status"],
    "participation.regulation_inputs": ["q", "organisasi", "status", "kategori"],
    "moderation.queue": ["status"],
}


def _urls(world):
    """Every GET page in the access table, with the poisoned world's arguments."""
    for endpoint in sorted(TABLE):
        if "GET" not in TABLE[endpoint]:
            continue
        rule = _rule(world.app, endpoint)
        url = fill_rule(world, rule, _args_for(world, endpoint))
        query = QUERY.get(endpoint, "").format(**world.values_by_name())
        yield endpoint, url + query
        for param in REFLECTED.get(endpoint, ()):
            sep = "&" if "?" in url + query else "?"
            yield endpoint, f"{url}{query}{sep}{param}=" + _quote(payload(f"reflected_{param}"))
    yield "participation.input_detail", f"/r/uji-akses/masukan/{world.values['proposal_number']}"
    # The draft with the poisoned text, seen by the drafters.
    yield "drafting.preview", f"/penyusun/r/uji-akses/v/{world.values[('drafting', 'number')]}" \
                              "/pratinjau"


def _quote(text):
    from urllib.parse import quote

    return quote(text, safe="")


@pytest.mark.parametrize("role", ROLES_TO_CRAWL)
def test_no_live_markup_on_any_page(poisoned, role):
    client = poisoned.client(role)
    leaks, seen_payload, pages = {}, set(), 0
    for endpoint, url in _urls(poisoned):
        response = client.get(url)
        assert response.status_code < 500, f"{role} {url}: {response.status_code}"
        if response.mimetype != "text/html" or response.status_code != 200:
            continue
        pages += 1
        html = response.get_data(as_text=True)
        seen_payload.update(re.findall(rf"{MARK}_\w+", html))
        found = live_markup(html)
        if found:
            leaks[url] = sorted(found)
    assert pages > 20
    assert not leaks, f"live markup for {role}: {leaks}"
    # The poison really reached the pages: otherwise this test proves nothing.
    for field in EXPECTED_SEEN.get(role, ()):
        assert any(s.startswith(f"{MARK}_{field}") for s in seen_payload), \
            f"{field} was shown nowhere to {role}: {sorted(seen_payload)}"


def test_feeds_and_json_carry_user_text_inertly(poisoned):
    """Atom feeds are well-formed XML whose text is escaped (no element smuggled in); JSON is
    served as JSON."""
    client = poisoned.client("anonymous")
    for endpoint in ("record.regulations_feed", "record.regulation_feed",
                     "record.organisation_feed"):
        rule = _rule(poisoned.app, endpoint)
        response = client.get(fill_rule(poisoned, rule, _args_for(poisoned, endpoint)))
        assert response.status_code == 200
        tree = lxml.etree.fromstring(response.data)
        tags = {lxml.etree.QName(el).localname for el in tree.iter()
                if isinstance(el.tag, str)}
        assert not tags & {"script", "img", "svg", "iframe"}, (endpoint, tags)
    for endpoint in ("api.regulation", "api.regulation_inputs"):
        rule = _rule(poisoned.app, endpoint)
        response = client.get(fill_rule(poisoned, rule, _args_for(poisoned, endpoint)))
        assert response.status_code == 200
        assert response.mimetype == "application/json"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("website", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
])
def test_organisation_website_cannot_be_a_script_url(world_file, website):
    """The one user field that becomes a link target: refused at the form, never stored."""
    from consult.models import Organisation

    world_file.restore_if_dirty()
    world_file.dirty = True
    world = world_file.world
    client = world.client("unverified")
    response = client.post("/organisasi/daftar", data={
        "name": "Media Skrip", "kind": "daring", "website": website,
        "contact": "redaksi@skrip.test", "address": "Jl. Uji", "legal_name": "PT Skrip",
        "legal_number": "AHU-1"})
    assert response.status_code < 500
    with world.app.app_context():
        stored = db.session.execute(sa.select(Organisation.website).where(
            Organisation.name == "Media Skrip")).scalars().all()
        db.session.remove()
    assert all(not (w or "").strip().lower().startswith(("javascript", "data", "vbscript"))
               for w in stored), stored
