"""Each reader's own parts of the participation pages (reader parts, consult/fragments.py): the
buttons under an input, the way to give input under a Pasal, and the head of an input form. The
same functions serve a page rendered for one reader and a page shared by many, filled for each
reader; they take plain values and ask the one set of rules (consult/permissions.py)."""
from datetime import datetime, timezone

from flask import g, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from consult import fragments, permissions
from consult.models import InputStatus
from consult.notify.links import input_path
from consult.participation import forms
from consult.participation.view_helpers import fill_orgs
from consult.participation.window import RegulationAsRendered, consultation_is_open


def action_values(item):
    """The plain values of `item` (an input) that its buttons depend on, besides the reader."""
    return {"id": item.id, "thread": input_path(item.root), "author": item.author_id,
            "status": item.status.value, "depth": item.depth,
            # Replies are never answered (services.save_response): no load for them.
            "answered": not item.is_reply and item.published_response is not None,
            "created": item.created_at.timestamp(), "regulation": item.regulation_id,
            "open": _open(item.regulation)}


def _open(regulation):
    """Whether the consultation is open, once per regulation for the whole page: every card
    of a page says the same (and a page rendered across a second's tick asks once)."""
    seen = g.setdefault("_open_for_buttons", {})
    if regulation.id not in seen:
        seen[regulation.id] = consultation_is_open(regulation)
    return seen[regulation.id]


class _InputAsRendered:
    """An input as the page saw it: what the permission predicates read."""

    def __init__(self, values):
        self.id = values["id"]
        self.author_id = values["author"]
        self.status = InputStatus(values["status"])
        self.depth = values["depth"]
        self.is_reply = values["depth"] > 0
        self.published_response = True if values["answered"] else None
        self.created_at = datetime.fromtimestamp(values["created"], timezone.utc)
        self.regulation = RegulationAsRendered(values["regulation"], values["open"])


class _Reader:
    """The logged-in reader as the rules read them, read once per request: the rules ask a
    dozen questions per card, and each read of the account's state is a few ORM lookups."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, user):
        self.id = user.id
        self.role = user.role
        self.is_active = user.is_active
        self.memberships = list(user.memberships)


def _reader():
    user = current_user._get_current_object()
    if not user.is_authenticated:
        return None
    if g.get("_reader_of") is not user:
        g._reader_of, g._reader = user, _Reader(user)
    return g._reader


def _labels():
    """The buttons' words, escaped, once per request (a page has dozens of cards)."""
    if "_action_labels" not in g:
        g._action_labels = {key: escape(text) for key, text in {
            "reply": _("Balas"), "edit": _("Ubah"), "withdraw": _("Tarik"),
            "confirm": _("Tarik masukan ini? Entri tetap tercatat dengan tanda ditarik."),
            "report": _("Laporkan"), "moderate": _("Moderasi"),
            "redact": _("Samarkan data pribadi"), "answer": _("Tanggapi"),
        }.items()}
    return g._action_labels


_ANY_ID = 2_147_483_647  # stands for the input's id in a URL built once per request


def _input_url(endpoint, ident):
    """url_for(endpoint, input_id=ident), the URL built once per request (a page has dozens of
    cards, and url_for is the dearest step of a button)."""
    patterns = g.setdefault("_input_urls", {})
    if endpoint not in patterns:
        patterns[endpoint] = url_for(endpoint, input_id=_ANY_ID).split(str(_ANY_ID))
    head, tail = patterns[endpoint]
    return f"{head}{ident}{tail}"


def _link(href, label):
    return f'<a class="button small" href="{escape(href)}">{label}</a>'


@fragments.reader_part("input_actions")
def input_actions(**values):
    """The buttons under an input for this reader: reply, edit, withdraw, report, moderate,
    redact, answer (each when the rules allow it)."""
    user = _reader()
    if user is None:
        return ""
    item = _InputAsRendered(values)
    words = _labels()
    ident = item.id
    buttons = []
    if permissions.can_reply(user, item):
        buttons.append(_link(f"{values['thread']}?balas={ident}#balas-{ident}", words["reply"]))
    if permissions.can_edit_input(user, item):
        buttons.append(_link(_input_url("participation.edit", ident), words["edit"]))
    if permissions.can_withdraw_input(user, item):
        action = escape(_input_url("participation.withdraw", ident))
        buttons.append(
            f'<form method="post" action="{action}" class="inline-form" '
            f'data-confirm="{words["confirm"]}">'
            f'<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">'
            f'<button type="submit" class="button small danger">{words["withdraw"]}</button>'
            '</form>')
    if permissions.can_report(user, item):
        buttons.append(_link(_input_url("moderation.report", ident), words["report"]))
    if permissions.can_moderate(user):
        buttons.append(_link(_input_url("moderation.input_moderate", ident),
                             words["moderate"]))
    if permissions.can_redact(user):
        buttons.append(_link(_input_url("moderation.redact", ident), words["redact"]))
    if permissions.can_answer(user) and not item.is_reply and not item.published_response:
        buttons.append(_link(f"{values['thread']}#tanggapi", words["answer"]))
    return Markup('<div class="input-actions">\n    ' + "\n    ".join(buttons)
                  + "\n  </div>")


@fragments.reader_part("give_input")
def give_input(slug, number, unit):
    """Under the newest version's Pasal while the consultation is open: the buttons to comment
    and propose wording, or how to take part."""
    return fragments.render_part(
        "participation/_give_input.html", slug=slug, number=number, unit=unit,
        can_participate=permissions.can_participate(current_user._get_current_object()))


@fragments.reader_part("input_form_head")
def input_form_head(chosen=None, errors=()):
    """The head of a comment or proposal form for this reader: the session's CSRF token, a
    one-time key of its own, and whom the input speaks for (a choice when the reader may speak
    for more than one; `chosen` and `errors` when a sent form comes back)."""
    form = forms.SpeakingFor(formdata=None)
    fill_orgs(form.organisation)
    if chosen is not None:
        form.organisation.data = chosen
    form.organisation.errors = list(errors)
    return fragments.render_part("participation/_input_form_head.html", form=form)
