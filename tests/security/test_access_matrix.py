"""Every route in app.url_map × every role → the expected answer.

The table below is explicit, keyed by endpoint. `test_every_route_is_in_the_table` fails when a
route exists that the table does not cover (or the table names a route that is gone), so a new
route cannot escape the matrix.

Expectations per role:
  200, 302, ...  exactly that status
  LOGIN          a redirect to the login page (anonymous on a members-only page)
  DENY           refused: 403 or 404 (404 where the page hides that the thing exists)
  ACT            allowed to try: a POST with an empty form may be refused as invalid input
                 (200 with errors, 302 back with a flash, 400, 409, 422) but never 401/403/404,
                 never a login redirect, never a 5xx
  REDIRECT       a redirect that is not to the login page
Unsafe requests run on a restored copy of the world, so a POST that succeeds cannot change the
cases after it. CSRF is switched off here; tests/security/test_csrf.py checks it separately.
"""
from pathlib import Path

import pytest

from consult.assets import build_bundles
from tests.security.conftest import ROLES, UNSAFE, fill_rule, make_security_app

ROOT = Path(__file__).resolve().parents[2]

LOGIN, DENY, ACT, REDIRECT = "LOGIN", "DENY", "ACT", "REDIRECT"
EVERYONE = ROLES
SIGNED_IN = ROLES[1:]
PARTICIPANTS = ("member", "org_admin")
ORG_ADMINS = ("org_admin",)
DRAFTERS = ("drafter", "admin")
MODERATORS = ("moderator", "admin")
ADMINS = ("admin",)


def allow(roles, ok=200, anon=LOGIN, denied=DENY):
    """Who may: `roles` get `ok`; anonymous gets `anon` unless allowed; the rest `denied`."""
    out = {}
    for role in ROLES:
        if role in roles:
            out[role] = ok
        elif role == "anonymous":
            out[role] = anon
        else:
            out[role] = denied
    return out


PUBLIC = allow(EVERYONE)
PUBLIC_REDIRECT = allow(EVERYONE, ok=REDIRECT)
# Pages for guests only: a signed-in person is sent on.
GUESTS_ONLY = {role: (200 if role == "anonymous" else REDIRECT) for role in ROLES}
GUESTS_ONLY_POST = {role: (ACT if role == "anonymous" else REDIRECT) for role in ROLES}

TABLE = {
    # --- main ------------------------------------------------------------------------------
    "main.home": {"GET": PUBLIC},
    "main.set_language": {"GET": PUBLIC_REDIRECT},
    "main.healthz": {"GET": PUBLIC},
    "main.privacy": {"GET": PUBLIC},
    "main.accessibility": {"GET": PUBLIC},
    "main.readyz": {"GET": PUBLIC},
    "assets.bundle": {"GET": PUBLIC},  # the one stylesheet and script (consult/assets.py)
    # --- accounts --------------------------------------------------------------------------
    "auth.login": {"GET": GUESTS_ONLY, "POST": GUESTS_ONLY_POST},
    "auth.logout": {"POST": allow(SIGNED_IN, ok=REDIRECT)},
    "auth.register": {"GET": GUESTS_ONLY, "POST": GUESTS_ONLY_POST},
    "auth.profile": {"GET": allow(SIGNED_IN), "POST": allow(SIGNED_IN, ok=ACT)},
    "auth.change_password": {"GET": allow(SIGNED_IN), "POST": allow(SIGNED_IN, ok=ACT)},
    "auth.forgot_password": {"GET": PUBLIC, "POST": allow(EVERYONE, ok=ACT)},
    "auth.registration_sent": {"GET": PUBLIC},
    # Like a reset link: an unknown confirmation token is refused whoever holds it.
    "auth.confirm_registration": {"GET": allow((), anon=400, denied=400),
                                  "POST": allow((), anon=400, denied=400)},
    "auth.my_data": {"GET": allow(SIGNED_IN)},
    "auth.my_data_json": {"GET": allow(SIGNED_IN)},
    "auth.delete_account": {"GET": allow(SIGNED_IN), "POST": allow(SIGNED_IN, ok=ACT)},
    # An unknown token is refused (400, "tautan tidak berlaku") whoever holds it.
    "auth.reset_password": {"GET": allow((), anon=400, denied=400),
                            "POST": allow((), anon=400, denied=400)},
    # --- site administration ---------------------------------------------------------------
    "admin.index": {"GET": allow(ADMINS)},
    "admin.users": {"GET": allow(ADMINS)},
    "admin.user": {"GET": allow(ADMINS)},
    "admin.set_role": {"POST": allow(ADMINS, ok=ACT)},
    "admin.deactivate": {"POST": allow(ADMINS, ok=ACT)},
    "admin.activate": {"POST": allow(ADMINS, ok=ACT)},
    "admin.outbox": {"GET": allow(ADMINS)},
    "admin.outbox_mail": {"GET": allow(ADMINS)},
    "admin.settings": {"GET": allow(ADMINS)},
    # --- drafting (the number is draft version 3; consultation is open on version 2) --------
    "drafting.index": {"GET": allow(DRAFTERS)},
    "drafting.regulation_new": {"GET": allow(DRAFTERS), "POST": allow(DRAFTERS, ok=ACT)},
    "drafting.regulation_edit": {"GET": allow(DRAFTERS), "POST": allow(DRAFTERS, ok=ACT)},
    "drafting.regulation": {"GET": allow(DRAFTERS)},
    "drafting.draft_new": {"GET": allow(DRAFTERS)},
    "drafting.draft_paste": {"POST": allow(DRAFTERS, ok=ACT)},
    "drafting.draft_upload": {"POST": allow(DRAFTERS, ok=ACT)},
    "drafting.draft_from_version": {"POST": allow(DRAFTERS, ok=ACT)},
    "drafting.preview": {"GET": allow(DRAFTERS)},
    "drafting.draft_from_amendment": {"POST": allow(DRAFTERS, ok=ACT)},
    "drafting.import_review": {"GET": allow(DRAFTERS)},
    "drafting.import_review_line": {"POST": allow(DRAFTERS, ok=ACT)},
    "drafting.import_job": {"GET": allow(DRAFTERS)},
    "drafting.publish": {"POST": allow(DRAFTERS, ok=ACT)},
    "drafting.discard": {"POST": allow(DRAFTERS, ok=ACT)},
    "drafting.consultation_open": {"GET": allow(DRAFTERS), "POST": allow(DRAFTERS, ok=ACT)},
    "drafting.consultation_extend": {"GET": allow(DRAFTERS), "POST": allow(DRAFTERS, ok=ACT)},
    "drafting.consultation_close": {"POST": allow(DRAFTERS, ok=ACT)},
    "drafting.status": {"GET": allow(DRAFTERS), "POST": allow(DRAFTERS, ok=ACT)},
    "drafting.version": {"GET": allow(DRAFTERS)},
    "drafting.version_text": {"GET": allow(DRAFTERS), "POST": allow(DRAFTERS, ok=ACT)},
    "drafting.unit_edit": {"GET": allow(DRAFTERS), "POST": allow(DRAFTERS, ok=ACT)},
    "drafting.pasal_add": {"GET": allow(DRAFTERS), "POST": allow(DRAFTERS, ok=ACT)},
    "drafting.unit_delete": {"POST": allow(DRAFTERS, ok=ACT)},
    "drafting.unit_move": {"POST": allow(DRAFTERS, ok=ACT)},
    "drafting.enactment": {"GET": allow(DRAFTERS), "POST": allow(DRAFTERS, ok=ACT)},
    # --- public record ---------------------------------------------------------------------
    "public.index": {"GET": PUBLIC},
    "public.regulation": {"GET": PUBLIC},
    "public.version": {"GET": PUBLIC},
    "public.pasal": {"GET": PUBLIC},
    "public.download_docx": {"GET": PUBLIC},
    "public.download_markdown": {"GET": PUBLIC},
    "public.compare_form": {"GET": PUBLIC_REDIRECT},  # to the latest two versions
    "public.compare": {"GET": PUBLIC},
    "public.history": {"GET": PUBLIC},
    # --- open JSON API (read-only) -----------------------------------------------------------
    "api.openapi_document": {"GET": PUBLIC},
    "api.regulations": {"GET": PUBLIC},
    "api.regulation": {"GET": PUBLIC},
    "api.version": {"GET": PUBLIC},
    "api.regulation_inputs": {"GET": PUBLIC},
    "api.pasal": {"GET": PUBLIC},
    "api.compare": {"GET": PUBLIC},
    # --- participation (input_id: the member's own comment; proposal: Radio Suara Tana's) ---
    "participation.regulation_inputs": {"GET": PUBLIC},
    "participation.input_detail": {"GET": PUBLIC},
    "participation.reply_detail": {"GET": PUBLIC},
    "participation.input_legacy": {"GET": PUBLIC_REDIRECT},  # old addresses (internal ids)
    "participation.comment_new": {"GET": allow(PARTICIPANTS), "POST": allow(PARTICIPANTS, ok=ACT)},
    "participation.proposal_new": {"GET": allow(PARTICIPANTS),
                                   "POST": allow(PARTICIPANTS, ok=ACT)},
    "participation.proposal_preview": {"POST": allow(PARTICIPANTS, ok=ACT)},
    # Drafters reply at any time; participants while the consultation is open.
    "participation.reply": {"POST": allow(PARTICIPANTS + DRAFTERS, ok=ACT)},
    "participation.edit": {"GET": allow(("member",)), "POST": allow(("member",), ok=ACT)},
    "participation.withdraw": {"POST": allow(("member",), ok=ACT)},
    "participation.endorse": {"POST": allow(PARTICIPANTS, ok=ACT)},
    "participation.answer": {"POST": allow(DRAFTERS, ok=ACT)},
    "participation.unreflected_reason": {"POST": allow(DRAFTERS, ok=ACT)},
    "participation.responses_batch": {"GET": allow(DRAFTERS)},
    "participation.responses_publish": {"POST": allow(DRAFTERS, ok=ACT)},
    # --- offline inputs, groups, workbook, triage (issue 16) ------------------------------
    "offline.record": {"GET": allow(DRAFTERS), "POST": allow(DRAFTERS, ok=ACT)},
    "offline.upload": {"POST": allow(DRAFTERS, ok=ACT)},
    "offline.groups_page": {"GET": allow(DRAFTERS)},
    "offline.group_change": {"POST": allow(DRAFTERS, ok=ACT)},
    "offline.answers_workbook": {"GET": allow(DRAFTERS), "POST": allow(DRAFTERS, ok=ACT)},
    "offline.triage_list": {"GET": allow(DRAFTERS)},
    # The world's inputs have no attachment and form no group: 404 for everyone.
    "offline.attachment": {"GET": allow((), anon=DENY)},
    "offline.public_group": {"GET": allow((), anon=DENY)},
    # --- organisations ---------------------------------------------------------------------
    "orgs.directory": {"GET": PUBLIC},
    "orgs.profile": {"GET": PUBLIC},
    "orgs.register": {"GET": allow(SIGNED_IN), "POST": allow(SIGNED_IN, ok=ACT)},
    "orgs.edit": {"GET": allow(ORG_ADMINS + ADMINS), "POST": allow(ORG_ADMINS + ADMINS, ok=ACT)},
    "orgs.manage": {"GET": allow(ORG_ADMINS + ADMINS)},
    "orgs.invite": {"POST": allow(ORG_ADMINS + ADMINS, ok=ACT)},
    "orgs.revoke_invitation": {"POST": allow(ORG_ADMINS + ADMINS, ok=ACT)},
    "orgs.remove_member": {"POST": allow(ORG_ADMINS + ADMINS, ok=ACT)},
    "orgs.change_role": {"POST": allow(ORG_ADMINS + ADMINS, ok=ACT)},
    "orgs.leave": {"POST": allow(PARTICIPANTS, ok=ACT)},
    # An unknown invitation token is refused whoever asks.
    "orgs.accept_invitation": {"GET": allow((), anon=DENY), "POST": allow((), anon=DENY)},
    "orgs.admin_queue": {"GET": allow(ADMINS)},
    "orgs.decide": {"POST": allow(ADMINS, ok=ACT)},
    # --- moderation (the member cannot report their own comment) -----------------------------
    "moderation.report": {"GET": allow(("unverified", "org_admin", "drafter", "moderator",
                                        "admin")),
                          "POST": allow(("unverified", "org_admin", "drafter", "moderator",
                                         "admin"), ok=ACT)},
    "moderation.queue": {"GET": allow(MODERATORS)},
    "moderation.input_moderate": {"GET": allow(MODERATORS), "POST": allow(MODERATORS, ok=ACT)},
    "moderation.redact": {"GET": allow(DRAFTERS), "POST": allow(DRAFTERS, ok=ACT)},
    # --- notifications (the notification belongs to the member) -----------------------------
    "notify.index": {"GET": allow(SIGNED_IN)},
    "notify.mark_read": {"POST": allow(("member",), ok=ACT)},
    "notify.mark_all_read": {"POST": allow(SIGNED_IN, ok=ACT)},
    "notify.follow": {"POST": allow(SIGNED_IN, ok=ACT)},
    "notify.unfollow": {"POST": allow(SIGNED_IN, ok=ACT)},
    "notify.settings": {"GET": allow(SIGNED_IN), "POST": allow(SIGNED_IN, ok=ACT)},
    # --- the public record: timeline, DIM, statistics, feeds, search, audit, exports ---------
    "record.timeline_page": {"GET": PUBLIC},
    "record.timeline_event": {"GET": PUBLIC},
    "record.search_page": {"GET": PUBLIC},
    "record.audit_page": {"GET": PUBLIC},
    "record.dim_page": {"GET": PUBLIC},
    "record.dim_download": {"GET": PUBLIC},
    "record.stats_page": {"GET": PUBLIC},
    "record.regulations_feed": {"GET": PUBLIC},
    "record.regulation_feed": {"GET": PUBLIC},
    "record.organisation_feed": {"GET": PUBLIC},
    "record.export_zip": {"GET": PUBLIC},
    "record.api_export_zip": {"GET": PUBLIC},
    # --- the laporan, the handoff package, Akoma Ntoso (no report made yet: 202; the
    #     regulation is not promulgated: no package) -------------------------------------------
    "report.laporan_page": {"GET": PUBLIC},
    "report.laporan_file": {"GET": allow(EVERYONE, ok=202)},
    "report.period_pdf": {"GET": allow(EVERYONE, ok=202)},
    "report.package_zip": {"GET": allow(EVERYONE, ok=404)},
    "report.version_akn": {"GET": PUBLIC},
    "report.api_version_akn": {"GET": PUBLIC},
}

# Arguments that must point at something specific (a sacrificial membership, a bad token).
ARGS = {
    "assets.bundle": {"stem": "site", "ext": "css",
                      "digest": build_bundles(ROOT / "static")["site.css"].digest},
    "auth.reset_password": {"token": "token-yang-tidak-ada"},
    "auth.confirm_registration": {"token": "token-yang-tidak-ada"},
    "orgs.accept_invitation": {"token": "token-yang-tidak-ada"},
    "main.set_language": {"lang": "en"},
    "orgs.decide": {"org_id": ("value", "pending_org_id")},
    "record.organisation_feed": {"slug": "smsi-paser"},
    "record.dim_download": {"ext": "csv"},
    "report.laporan_file": {"ext": "pdf"},
    "report.period_pdf": {"number": 1},
    "participation.endorse": {"input_id": ("value", "proposal_id")},
    "offline.group_change": {"action": "pisah"},
    "participation.input_legacy": {"input_id": ("value", "reply_id")},
}
# Query strings some pages need to be meaningful ({name}: a world value).
QUERY = {
    "api.compare": "?from={a}&to={b}",
    "participation.comment_new": "?unit={key}",
    "participation.proposal_new": "?unit={key}",
    "record.search_page": "?q=media",
}


def _url_map_endpoints():
    import tempfile

    app = make_security_app(tempfile.mkdtemp(prefix="timbang-urlmap-"))
    found = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        found.setdefault(rule.endpoint, set()).update(methods)
    return found


URL_MAP = _url_map_endpoints()


def test_every_route_is_in_the_table():
    missing = sorted(f"{e} {sorted(m - set(TABLE.get(e, {})))}" for e, m in URL_MAP.items()
                     if m - set(TABLE.get(e, {})))
    stale = sorted(f"{e} {sorted(set(t) - URL_MAP.get(e, set()))}" for e, t in TABLE.items()
                   if set(t) - URL_MAP.get(e, set()))
    assert not missing, f"routes missing from the access table: {missing}"
    assert not stale, f"table entries for routes that no longer exist: {stale}"


CASES = [(endpoint, method, role) for endpoint in sorted(TABLE)
         for method in sorted(TABLE[endpoint]) if method in URL_MAP.get(endpoint, ())
         for role in ROLES]


def _rule(app, endpoint):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == endpoint:
            return rule
    raise LookupError(endpoint)


def _args_for(world, endpoint):
    args = {}
    for name, value in ARGS.get(endpoint, {}).items():
        if isinstance(value, tuple) and value[0] == "value":
            value = world.values[value[1]]
        args[name] = value
    return args


def check(expected, response, role, what):
    status = response.status_code
    location = response.headers.get("Location", "")
    to_login = status in (301, 302, 303) and location.split("?")[0].endswith("/masuk")
    assert status < 500, f"{what}: server error {status}"
    if expected == LOGIN:
        assert to_login, f"{what}: expected a redirect to login, got {status} {location}"
    elif expected == DENY:
        ok = status in (403, 404) or (role == "anonymous" and to_login)
        assert ok, f"{what}: expected refusal, got {status} {location}"
    elif expected == ACT:
        assert status not in (401, 403, 404, 405) and not to_login, \
            f"{what}: expected the action to be allowed, got {status} {location}"
    elif expected == REDIRECT:
        assert status in (301, 302, 303) and not to_login, \
            f"{what}: expected a redirect (not to login), got {status} {location}"
    else:
        assert status == expected, f"{what}: expected {expected}, got {status} {location}"


@pytest.mark.parametrize("endpoint,method,role", CASES)
def test_access(world_file, endpoint, method, role):
    world = world_file.world
    world_file.restore_if_dirty()
    url = fill_rule(world, _rule(world.app, endpoint), _args_for(world, endpoint))
    url += QUERY.get(endpoint, "").format(**world.values_by_name())
    client = world.client(role)
    if method in UNSAFE:
        world_file.dirty = True
    response = client.open(url, method=method, data={})
    check(TABLE[endpoint][method][role], response, role, f"{role} {method} {url}")
