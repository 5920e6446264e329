"""The matrix of inputs and answers (DIM): one row per input, with the columns of domain.md.

Rows come from a fixed number of queries whatever the number of inputs: the inputs with their
proposer and published answer, the organisations endorsing them, and the units whose texts the
rows show (whole versions for a download; for a page, the tree's skeleton then the subtrees it
needs). The downloads (dim_files.py) take every matching row; the page takes one page of them
(dim_query.PER_PAGE).
"""
import html
import re
from dataclasses import dataclass, field
from datetime import timezone

import nh3
import sqlalchemy as sa
from flask_babel import get_translations

from consult import clock
from consult.extensions import db
from consult.models import (
    WARGA_LABEL, Endorsement, Input, InputStatus, InputType, OfflineInput, Organisation,
    Response, Unit, User,
)
from consult.participation.unit_text import unit_name
from consult.record import dim_query, services
from consult.safe_html import markdown_to_html
from drafts.model import Unit as DocUnit

@dataclass
class Row:
    input_id: int
    number: int
    unit: str
    draft_text: str
    input_text: str
    reason: str
    proposer: str
    answer: str
    status: str
    status_key: str  # for styling: a Disposition value, "belum", "ditarik", "disembunyikan"
    result_text: str
    notes: str
    version_number: int
    answered: bool = False
    hidden: bool = False
    withdrawn: bool = False
    is_proposal: bool = False
    # Where the page links the two legal-text cells: (version number, unit anchor) or None.
    draft_link: tuple | None = None
    result_link: tuple | None = None
    extra: dict = field(default_factory=dict)

    def cells(self):
        return (self.number, self.unit, self.draft_text, self.input_text, self.reason,
                self.proposer, self.answer, self.status, self.result_text, self.notes)


# --- Markdown as plain text -------------------------------------------------------------------

# Text that Markdown would only wrap in paragraphs: no markup character anywhere, and no line
# that could open a list, a heading, a code block or a rule, or end in a hard break. Such text
# reads the same as plain() would give it, without running the Markdown parser (most inputs are
# written this way, and parsing 10,000 of them is most of the time of a large download).
_MARKUP_CHAR = re.compile(r"[^\w \n.,;:?!()'\"/%+=\-–—“”‘’]|_")
_MARKUP_LINE = re.compile(r"^(?:[ +=\-]|\d+[.)])| $", re.MULTILINE)


def plain(markdown_text):
    """Markdown as the reader sees it, without markup: for cells of a table or a spreadsheet."""
    if not markdown_text:
        return ""
    if _MARKUP_CHAR.search(markdown_text) is None and _MARKUP_LINE.search(markdown_text) is None:
        return re.sub(r"\n{3,}", "\n\n", markdown_text).strip()
    return plain_from_markdown(markdown_text)


def plain_from_markdown(markdown_text):
    """plain() the long way: rendered by the one Markdown renderer, then stripped of tags."""
    if not markdown_text:
        return ""
    rendered = str(markdown_to_html(markdown_text))
    rendered = re.sub(r"</(p|li|blockquote|h3|h4|pre)>", "\n", rendered)
    rendered = re.sub(r"<li>", "• ", rendered)
    rendered = re.sub(r"<br ?/?>", "\n", rendered)
    text = html.unescape(nh3.clean(rendered, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- the pieces a row is made of ----------------------------------------------------------------

class _Catalog:
    """gettext for one build, each message looked up once: Flask-Babel finds the catalogue again
    on every call, which was a sixth of the time of a 5,000-row download. Used under the name
    `_` so that message extraction finds the calls."""

    def __init__(self):
        self._translations = get_translations()
        self._seen = {}

    def __call__(self, message, **variables):
        text = self._seen.get(message)
        if text is None:
            text = self._seen[message] = self._translations.ugettext(message)
        return text % variables if variables else text


class _Dates:
    """clock.format_date once per local day (Babel's formatter is slow and inputs share days)."""

    def __init__(self):
        self._seen = {}
        self._zone = clock.regency_zone()

    def __call__(self, moment):
        if moment is None:
            return ""
        if moment.tzinfo is None:  # as clock.to_local: stored times are UTC
            moment = moment.replace(tzinfo=timezone.utc)
        day = moment.astimezone(self._zone).date()
        text = self._seen.get(day)
        if text is None:
            text = self._seen[day] = clock.format_date(moment)
        return text


class _VersionTexts:
    """Full texts of units by key: whole versions for a download (one query), only the subtrees
    of the units asked for (`wanted`, a set of (version id, key)) for a page (two queries, the
    second without the texts it does not need). Each text is assembled from its subtree the
    first time it is asked for."""

    def __init__(self, version_ids, wanted=None):
        self._units = {}  # (version_id, key) -> (node, path_label, anchor)
        self._texts = {}
        if not version_ids or wanted == set():
            return
        columns = (Unit.id, Unit.version_id, Unit.parent_id, Unit.kind, Unit.label,
                   Unit.heading, Unit.text, Unit.key, Unit.path_label, Unit.anchor)
        versions = Unit.version_id.in_(sorted(version_ids))
        if wanted is None:
            stmt = sa.select(*columns).where(versions)
        else:  # the tree's skeleton first (no text), then the rows of the wanted subtrees
            children, ids = {}, []
            for unit_id, version_id, parent_id, key in db.session.execute(
                    sa.select(Unit.id, Unit.version_id, Unit.parent_id, Unit.key).where(versions)):
                children.setdefault(parent_id, []).append(unit_id)
                if (version_id, key) in wanted:
                    ids.append(unit_id)
            subtrees = set()
            while ids:
                unit_id = ids.pop()
                if unit_id not in subtrees:
                    subtrees.add(unit_id)
                    ids.extend(children.get(unit_id, ()))
            stmt = sa.select(*columns).where(Unit.id.in_(sorted(subtrees)))
        nodes = {}
        for row in db.session.execute(stmt.order_by(Unit.version_id, Unit.position)):
            node = DocUnit(kind=row.kind, label=row.label, heading=row.heading,
                           text=row.text or "", key=row.key)
            nodes[row.id] = node
            self._units[(row.version_id, row.key)] = (node, row.path_label, row.anchor)
            if row.parent_id in nodes:
                nodes[row.parent_id].children.append(node)

    def get(self, version_id, key):
        """(full text, label, anchor) of the unit with this key in that version, or None."""
        if version_id is None or not key:
            return None
        found = self._texts.get((version_id, key))
        if found is None:
            unit = self._units.get((version_id, key))
            if unit is None:
                return None
            node, label, anchor = unit
            found = self._texts[(version_id, key)] = (node.full_text(), label, anchor)
        return found


_INPUT_COLUMNS = (
    Input.id, Input.number, Input.type, Input.version_id, Input.unit_key, Input.unit_label,
    Input.quote, Input.category, Input.body, Input.base_text, Input.proposed_text,
    Input.justification, Input.rebase_status, Input.rebased_text, Input.status, Input.hidden_reason,
    Input.withdrawn_at, Input.unit_deleted, Input.channel, Input.created_at,
    # An input received offline names its sender as the drafter chose to publish it (a name
    # or "Warga"), never the drafter who recorded it (Input.public_author says the same).
    sa.case((OfflineInput.input_id.is_(None), Organisation.name),
            else_=sa.func.coalesce(Organisation.name, sa.case(
                (OfflineInput.name_public, OfflineInput.sender_organisation)))
            ).label("organisation_name"),
    sa.case((OfflineInput.input_id.is_(None), User.name),
            (OfflineInput.name_public, OfflineInput.sender_name),
            else_=sa.literal(WARGA_LABEL)).label("author_name"),
    Response.id.label("response_id"), Response.disposition, Response.explanation,
    Response.published_at, Response.result_version_id, Response.result_unit_key,
    Response.result_unit_label,
)


def _inputs(regulation, filters, limit=None, offset=0):
    stmt = (dim_query.inputs_statement(regulation, filters)
            .with_only_columns(*_INPUT_COLUMNS, maintain_column_froms=False)
            .outerjoin(Organisation, Organisation.id == Input.organisation_id)
            .outerjoin(User, User.id == Input.author_id)
            .outerjoin(OfflineInput, OfflineInput.input_id == Input.id))
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return db.session.execute(stmt).all()


def _endorsers(regulation, filters, ids, everything):
    """{input id: sorted organisation names}; by the filter's own subquery for a whole download
    (no list of thousands of ids in the SQL), by id for a page."""
    if not ids:
        return {}
    wanted = dim_query.inputs_statement(regulation, filters).order_by(None) if everything \
        else ids
    stmt = (sa.select(Endorsement.input_id, Organisation.name)
            .join(Organisation, Organisation.id == Endorsement.organisation_id)
            .where(Endorsement.input_id.in_(wanted)))
    names = {}
    for input_id, name in db.session.execute(stmt):
        if name:
            names.setdefault(input_id, set()).add(name)
    return {input_id: sorted(found) for input_id, found in names.items()}


def build_rows(regulation, versions, version=None, filters=None, page=None):
    """DIM rows for the whole regulation, or for inputs made on one version; narrowed by
    `filters` (dim_query.Filters) and cut to one `page` of dim_query.PER_PAGE rows when given."""
    if filters is None:
        filters = dim_query.Filters(version_id=version.id if version else None)
    if page is None:
        items = _inputs(regulation, filters)
    else:
        per_page = dim_query.PER_PAGE
        items = _inputs(regulation, filters, per_page, (page - 1) * per_page)
    numbers = {v.id: v.number for v in versions}
    following = {v.id: w for v, w in zip(versions, versions[1:])}
    wanted = set()  # (version id, unit key) of every text the rows show
    for item in items:
        if item.unit_key:
            wanted.add((item.version_id, item.unit_key))
            if item.version_id in following:
                wanted.add((following[item.version_id].id, item.unit_key))
        if item.response_id is not None and item.result_version_id and item.result_unit_key:
            wanted.add((item.result_version_id, item.result_unit_key))
    texts = _VersionTexts({version_id for version_id, _key in wanted},
                          wanted if page is not None else None)
    endorsers = _endorsers(regulation, filters, [i.id for i in items], page is None)
    _ = _Catalog()
    labels = {
        "disposition": {str(k): str(v) for k, v in services.DISPOSITION_LABELS.items()},
        "category": {k: str(v) for k, v in services.CATEGORY_LABELS.items()},
        "channel": {k: str(v) for k, v in services.CHANNEL_LABELS.items()},
    }
    dates = _Dates()
    return [_row(item, numbers, following, texts, endorsers, labels, dates, _)
            for item in items]


def _row(item, numbers, following, texts, endorsers, labels, dates, _):
    """One row from one input's columns (see _INPUT_COLUMNS)."""
    answered = item.response_id is not None
    version_number = numbers.get(item.version_id, 0)
    hidden = item.status == InputStatus.HIDDEN
    withdrawn = item.status == InputStatus.WITHDRAWN or item.withdrawn_at is not None
    proposal = item.type == InputType.PROPOSAL

    draft_link = None
    if proposal and item.base_text:
        draft = item.base_text
    else:
        found = texts.get(item.version_id, item.unit_key)
        draft = found[0] if found else ("" if item.unit_key else _("(rancangan secara umum)"))
    if item.unit_key:
        found = texts.get(item.version_id, item.unit_key)
        if found:
            draft_link = (version_number, found[2])

    if hidden:
        text = _("Disembunyikan oleh moderator: %(reason)s", reason=item.hidden_reason or "")
        reason = ""
    else:
        pieces = []
        if item.quote:
            pieces.append(_("Kutipan: “%(q)s”", q=item.quote))
        if proposal:
            pieces.append(_("Usulan rumusan:") + "\n" + (item.proposed_text or ""))
            if item.body:
                pieces.append(plain(item.body))
        else:
            pieces.append(plain(item.body))
        text = "\n\n".join(pieces)
        reason = plain(item.justification) if proposal else ""

    if answered:
        answer = plain(item.explanation)
        status_key = str(item.disposition)
        status = labels["disposition"].get(status_key, status_key)
    elif hidden:
        answer, status, status_key = "", _("disembunyikan"), "disembunyikan"
    elif withdrawn:
        answer, status, status_key = "", _("ditarik"), "ditarik"
    else:
        answer, status, status_key = "", _("belum dijawab"), "belum"

    result, result_link = "", None
    notes = []
    if answered and item.result_version_id and item.result_unit_key:
        found = texts.get(item.result_version_id, item.result_unit_key)
        result_number = numbers.get(item.result_version_id)
        if found:
            result = found[0]
            result_link = (result_number, found[2]) if result_number else None
        notes.append(_("Perubahan pada %(unit)s versi %(n)s",
                       unit=item.result_unit_label or (found[1] if found else "?"),
                       n=result_number or "?"))
    elif item.unit_key and item.version_id in following:
        nxt = following[item.version_id]
        found = texts.get(nxt.id, item.unit_key)
        if found:
            result, result_link = found[0], (nxt.number, found[2])
        else:
            result = _("(unit ini dihapus pada versi %(n)s)", n=nxt.number)
    if item.category:
        category = str(item.category)
        notes.append(_("Kategori: %(c)s", c=labels["category"].get(category, category)))
    if withdrawn and item.withdrawn_at:
        notes.append(_("Ditarik pengusul pada %(d)s", d=dates(item.withdrawn_at)))
    if endorsers.get(item.id):
        notes.append(_("Didukung oleh %(names)s", names=", ".join(endorsers[item.id])))
    if item.rebase_status and str(item.rebase_status) == "conflict":
        notes.append(_("Usulan bertabrakan dengan teks versi berikutnya"))
    elif item.rebased_text and item.rebased_text != item.proposed_text:
        notes.append(_("Usulan diterapkan pada teks versi berikutnya%(fuzz)s: %(text)s",
                       fuzz=_(" (konteks berubah, perlu dikonfirmasi)")
                       if str(item.rebase_status) == "fuzz" else "",
                       text=item.rebased_text))
    if item.unit_deleted:
        notes.append(_("Unit yang dikomentari dihapus pada versi berikutnya"))
    if answered and item.published_at:
        notes.append(_("Dijawab %(d)s", d=dates(item.published_at)))

    proposer = ", ".join(p for p in (item.organisation_name, item.author_name) if p)
    channel = str(item.channel)
    proposer += f"; {dates(item.created_at)}; {labels['channel'].get(channel, channel)}"
    return Row(
        input_id=item.id, number=item.number,
        unit=unit_name(item.unit_label, _), draft_text=draft,
        input_text=text, reason=reason, proposer=proposer, answer=answer, status=status,
        status_key=status_key, result_text=result, notes="; ".join(notes),
        version_number=version_number, answered=answered, hidden=hidden, withdrawn=withdrawn,
        is_proposal=proposal, draft_link=draft_link, result_link=result_link)


def filename(regulation, version, ext):
    scope = f"v{version.number}" if version else "semua-versi"
    return f"dim-{regulation.slug}-{scope}.{ext}"
