"""Full-text search across regulations, published versions, units and inputs.

Design: one `search_document` table holds a row per public document; SQLite searches it through
an FTS5 table kept in step by triggers, PostgreSQL through a GIN index on
to_tsvector('simple', ...). Rows are (re)written by `index_*` functions, which run automatically
when a session commits changes to a Regulation, a Version (once published), an Input or a
Response (see `install_sync`): no other area has to remember to call them, and the index is
updated in the same transaction as the content, so it cannot drift. `reindex_all()`
(`flask --app wsgi record reindex`) rebuilds everything from the tables.

Only public content is indexed: regulations with a published version, published versions and
their units, and inputs that are not hidden (a hidden input's row is removed; its body must not
be findable). Prepared but unpublished answers are not indexed.
"""
import logging
import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from markupsafe import Markup, escape
from sqlalchemy import event
from sqlalchemy.orm import Session

from consult.extensions import db
from consult.models import (
    Input, InputStatus, Organisation, Regulation, Response, SearchDocument, SearchKind, Unit,
    Version, VersionState,
)
from consult.models.search import PG_DOCUMENT, search_index_ddl

log = logging.getLogger(__name__)

MARK_START, MARK_END = "\x02", "\x03"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TERM = re.compile(r"\w+", re.UNICODE)
PER_PAGE = 20
MAX_TERMS = 12
CHUNK = 500  # ids per IN list and rows per INSERT


def _clean(text):
    """Strip control characters (our snippet markers among them) from indexed text."""
    return _CONTROL.sub(" ", text or "")


# --- building documents -------------------------------------------------------------------------

def _has_published_version(regulation_id):
    return db.session.execute(
        sa.select(Version.id).where(Version.regulation_id == regulation_id,
                                    Version.state == VersionState.PUBLISHED).limit(1)
    ).first() is not None


def _delete(kind, ref_ids):
    ref_ids = list(ref_ids)
    for start in range(0, len(ref_ids), CHUNK):
        # No session synchronisation: the ORM's default scans every object in the session once
        # per statement (quadratic in a bulk import); no SearchDocument is loaded as an object.
        db.session.execute(sa.delete(SearchDocument)
                           .where(SearchDocument.kind == kind,
                                  SearchDocument.ref_id.in_(ref_ids[start:start + CHUNK]))
                           .execution_options(synchronize_session=False))


def _write(rows):
    """Replace the rows for these (kind, ref_id) pairs."""
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row["ref_id"])
    for kind, ids in by_kind.items():
        _delete(kind, ids)
    for start in range(0, len(rows), CHUNK):
        db.session.execute(sa.insert(SearchDocument), rows[start:start + CHUNK])


def _regulation_row(regulation):
    parts = [regulation.summary or "", regulation.office or "", str(regulation.kind).upper()]
    if regulation.number:
        parts.append(f"Nomor {regulation.number} Tahun {regulation.year or ''}")
    return dict(kind=SearchKind.REGULATION, ref_id=regulation.id, regulation_id=regulation.id,
                version_number=None, anchor=None, label=str(regulation.kind).upper(),
                title=_clean(regulation.title), body=_clean("\n".join(p for p in parts if p)),
                at=regulation.created_at)


def index_regulation(regulation):
    """The regulation's own row (title, summary), if it is public."""
    if _has_published_version(regulation.id):
        _write([_regulation_row(regulation)])
    else:
        _delete(SearchKind.REGULATION, [regulation.id])


def index_version(version):
    """A published version and all its units. Drafts are never indexed."""
    if version.state != VersionState.PUBLISHED:
        return
    regulation = version.regulation
    rows = [dict(kind=SearchKind.VERSION, ref_id=version.id, regulation_id=regulation.id,
                 version_number=version.number, anchor=None, label=f"Versi {version.number}",
                 title=_clean(f"{regulation.title} — versi {version.number}"),
                 body=_clean(version.changelog), at=version.published_at)]
    units = db.session.execute(
        sa.select(Unit.id, Unit.path_label, Unit.heading, Unit.text, Unit.anchor, Unit.kind,
                  Unit.label)
        .where(Unit.version_id == version.id).order_by(Unit.position)
    ).all()
    for unit in units:
        if not (unit.text or unit.heading):
            continue
        label = unit.path_label or unit.label or unit.kind
        title = label + (f" — {unit.heading}" if unit.heading else "")
        rows.append(dict(kind=SearchKind.UNIT, ref_id=unit.id, regulation_id=regulation.id,
                         version_number=version.number, anchor=unit.anchor or None,
                         label=label[:300], title=_clean(title), body=_clean(unit.text),
                         at=version.published_at))
    _write(rows)
    index_regulation(regulation)


def _input_row(item, version_number, organisation_name, parent_number, answer):
    """The row of an input; its anchor is its public address under /r/<slug>/ (see hit_url)."""
    if item.parent_id is None:
        title = f"Masukan No. {item.number} — {item.unit_label}"
    else:
        title = f"Balasan pada masukan No. {parent_number} — {item.unit_label}"
    if organisation_name:
        title += f" ({organisation_name})"
    parts = [item.body, item.quote, item.proposed_text, item.justification]
    if answer:
        parts.append(answer)
    address = (f"masukan/{item.number}" if item.parent_id is None
               else f"masukan/{parent_number}/balasan/{item.id}")
    return dict(kind=SearchKind.INPUT, ref_id=item.id, regulation_id=item.regulation_id,
                version_number=version_number, anchor=address,
                label=(item.unit_label or "")[:300], title=_clean(title),
                body=_clean("\n\n".join(p for p in parts if p)), at=item.created_at)


def _lookup(key, value, ids, *where):
    """{key: value} for these ids, read in chunks (one query per CHUNK ids)."""
    ids, found = sorted(ids), {}
    for start in range(0, len(ids), CHUNK):
        found.update(db.session.execute(
            sa.select(key, value).where(key.in_(ids[start:start + CHUNK]), *where)).all())
    return found


def index_inputs(items):
    """Inputs (comments, proposals, replies) with their published answers, in a few queries
    whatever their number (a bulk import indexes thousands at its commit); hidden ones, and
    those of a regulation with nothing published, are removed from the index."""
    items = list(items)
    if not items:
        return
    public = {regulation_id for regulation_id in {i.regulation_id for i in items}
              if _has_published_version(regulation_id)}
    shown = [i for i in items if i.status != InputStatus.HIDDEN and i.regulation_id in public]
    _delete(SearchKind.INPUT, [i.id for i in items if i.regulation_id not in public
                               or i.status == InputStatus.HIDDEN])
    if not shown:
        return
    versions = _lookup(Version.id, Version.number, {i.version_id for i in shown})
    organisations = _lookup(Organisation.id, Organisation.name,
                            {i.organisation_id for i in shown if i.organisation_id})
    answers = _lookup(Response.input_id, Response.explanation, {i.id for i in shown},
                      Response.published)
    _write([_input_row(item, versions.get(item.version_id),
                       organisations.get(item.organisation_id),
                       item.root.number if item.parent_id else None, answers.get(item.id))
            for item in shown])


def reindex_regulation(regulation):
    """Rebuild every row of one regulation from the tables."""
    db.session.execute(sa.delete(SearchDocument)
                       .where(SearchDocument.regulation_id == regulation.id))
    if not _has_published_version(regulation.id):
        return
    for version in db.session.execute(
            sa.select(Version).where(Version.regulation_id == regulation.id,
                                     Version.state == VersionState.PUBLISHED)).scalars():
        index_version(version)
    index_inputs(db.session.execute(
        sa.select(Input).where(Input.regulation_id == regulation.id)).scalars())


def reindex_all():
    """Rebuild the whole index (and, on SQLite, the FTS table's own structures)."""
    ensure_index()
    db.session.execute(sa.delete(SearchDocument))
    count = 0
    for regulation in db.session.execute(sa.select(Regulation)).scalars():
        reindex_regulation(regulation)
        count += 1
    if db.engine.dialect.name == "sqlite":
        db.session.execute(sa.text("INSERT INTO search_fts(search_fts) VALUES ('rebuild')"))
    return count


def ensure_index():
    """Create the FTS table / index if a database was made without them."""
    for statement in search_index_ddl(db.engine.dialect.name):
        db.session.execute(sa.text(statement))


# --- keeping the index in step --------------------------------------------------------------------

_PENDING = "search_pending"


def _collect(session, flush_context):
    pending = session.info.setdefault(_PENDING, set())
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Input):
            pending.add(("input", obj.id))
        elif isinstance(obj, Response):
            pending.add(("input", obj.input_id))
        elif isinstance(obj, Version):
            if obj.state == VersionState.PUBLISHED:
                pending.add(("version", obj.id))
        elif isinstance(obj, Regulation):
            pending.add(("regulation", obj.id))


def _apply(session):
    if not session.info.get(_PENDING) and not (session.new or session.dirty):
        return
    session.flush()
    pending = session.info.pop(_PENDING, set())
    if not pending:
        return
    try:
        with session.no_autoflush:
            for kind, model, index in (("regulation", Regulation, index_regulation),
                                       ("version", Version, index_version)):
                for ident in sorted(i for k, i in pending if k == kind):
                    obj = session.get(model, ident)
                    if obj is not None:
                        index(obj)
            # Inputs in one pass: a bulk import commits thousands at once.
            inputs = [session.get(Input, i) for k, i in sorted(pending) if k == "input"]
            index_inputs([item for item in inputs if item is not None])
    except sa.exc.DBAPIError:
        # The database refused a statement or went away: the transaction cannot commit (on
        # PostgreSQL it is aborted), so the request fails as a whole (503 when the database is
        # down) rather than going on to a commit that fails less clearly.
        raise
    except Exception:
        # A fault of the index itself (building a row): the change is kept, the index is
        # repaired later.
        if current_app.testing or current_app.config["SEARCH_INDEX_STRICT"]:
            raise
        log.exception("search index not updated; run `flask --app wsgi record reindex`")


def _forget(session, *args):
    session.info.pop(_PENDING, None)


def install_sync():
    """Attach the listeners once (called when the record blueprint is imported)."""
    if not event.contains(Session, "after_flush", _collect):
        event.listen(Session, "after_flush", _collect)
        event.listen(Session, "before_commit", _apply)
        event.listen(Session, "after_rollback", _forget)


# --- querying ---------------------------------------------------------------------------------

@dataclass
class Query:
    terms: list  # plain words (prefix-matched)
    phrases: list  # lists of words that must appear in order
    excluded: list  # words that must not appear

    @property
    def empty(self):
        return not (self.terms or self.phrases)


def parse_query(text):
    """Words (all must match, as prefixes), "a phrase", and -excluded words. Everything else is
    ignored, so no user input can reach the database as query syntax."""
    text = (text or "")[:300]
    phrases, terms, excluded = [], [], []
    for match in re.finditer(r'(-?)"([^"]*)"|(-?)(\S+)', text):
        if match.group(2) is not None:
            words = [w.lower() for w in _TERM.findall(match.group(2))]
            if not words:
                continue
            if match.group(1):
                excluded.extend(words)
            elif len(words) == 1:
                terms.append(words[0])
            else:
                phrases.append(words)
        else:
            words = [w.lower() for w in _TERM.findall(match.group(4))]
            (excluded if match.group(3) else terms).extend(words)
    return Query(terms[:MAX_TERMS], phrases[:4], excluded[:MAX_TERMS])


def _fts5_expression(query):
    quote = lambda w: '"' + w.replace('"', '""') + '"'  # noqa: E731
    parts = [quote(t) + "*" for t in query.terms]
    parts += [quote(" ".join(p)) for p in query.phrases]
    expression = " AND ".join(parts)
    for word in query.excluded:
        expression += " NOT " + quote(word)
    return expression


def _tsquery_expression(query):
    """A to_tsquery() string built only from \\w+ words, so it is always well formed."""
    quote = lambda w: "'" + w.replace("'", "''").replace("\\", "") + "'"  # noqa: E731
    parts = [quote(t) + ":*" for t in query.terms]
    parts += ["(" + " <-> ".join(quote(w) for w in p) + ")" for p in query.phrases]
    parts += ["!" + quote(w) for w in query.excluded]
    return " & ".join(parts)


@dataclass
class Hit:
    kind: str
    ref_id: int
    regulation_slug: str
    regulation_title: str
    version_number: int | None
    anchor: str | None
    label: str
    title: Markup
    snippet: Markup


@dataclass
class Results:
    hits: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def prev_num(self):
        return self.page - 1

    @property
    def next_num(self):
        return self.page + 1


def highlight(marked):
    """Escape everything, then turn our private markers into <mark>: user text can never
    inject markup, whatever it contains."""
    text = str(escape(marked or ""))
    text = text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    # A snippet cut between markers would leave one open.
    if text.count("<mark>") != text.count("</mark>"):
        text = text.replace("<mark>", "").replace("</mark>", "")
    return Markup(text)


def search(text, *, kind=None, regulation_id=None, page=1, per_page=PER_PAGE):
    """Search the index. `kind` is a SearchKind value or None; returns Results."""
    query = parse_query(text)
    page = max(1, page)
    if query.empty:
        return Results([], 0, page, per_page)
    filters = []
    if kind:
        filters.append(SearchDocument.kind == SearchKind(kind))
    if regulation_id:
        filters.append(SearchDocument.regulation_id == regulation_id)
    if db.engine.dialect.name == "sqlite":
        return _search_sqlite(query, filters, page, per_page)
    return _search_postgresql(query, filters, page, per_page)


_COLUMNS = (SearchDocument.kind, SearchDocument.ref_id, SearchDocument.version_number,
            SearchDocument.anchor, SearchDocument.label, Regulation.slug,
            Regulation.title.label("regulation_title"))


def _search_sqlite(query, filters, page, per_page):
    fts = sa.table("search_fts", sa.column("rowid"))
    match = sa.text("search_fts MATCH :q").bindparams(q=_fts5_expression(query))
    base = (sa.select(*_COLUMNS)
            .join_from(SearchDocument, fts, fts.c.rowid == SearchDocument.id)
            .join(Regulation, Regulation.id == SearchDocument.regulation_id)
            .where(match, *filters))
    total = db.session.execute(
        base.with_only_columns(sa.func.count()).order_by(None)).scalar_one()
    rows = db.session.execute(
        base.add_columns(
            sa.literal_column(f"highlight(search_fts, 0, '{MARK_START}', '{MARK_END}')")
            .label("title_marked"),
            sa.literal_column(f"snippet(search_fts, 1, '{MARK_START}', '{MARK_END}', '…', 28)")
            .label("snippet_marked"))
        .order_by(sa.literal_column("bm25(search_fts, 4.0, 1.0)"), SearchDocument.id)
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Results([_hit(r) for r in rows], total, page, per_page)


def _search_postgresql(query, filters, page, per_page):
    tsquery = sa.func.to_tsquery(sa.literal_column("'simple'"), _tsquery_expression(query))
    # Qualified columns (the join makes "title" ambiguous); same expression as the index.
    document = sa.literal_column(PG_DOCUMENT.replace("(title", "(search_document.title")
                                 .replace("(body", "(search_document.body"))
    base = (sa.select(*_COLUMNS)
            .join(Regulation, Regulation.id == SearchDocument.regulation_id)
            .where(document.op("@@")(tsquery), *filters))
    total = db.session.execute(
        base.with_only_columns(sa.func.count()).order_by(None)).scalar_one()
    options = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=40, MinWords=15, "
               f"MaxFragments=2, FragmentDelimiter=\" … \"")
    title_options = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
    rows = db.session.execute(
        base.add_columns(
            sa.func.ts_headline("simple", SearchDocument.title, tsquery, title_options)
            .label("title_marked"),
            sa.func.ts_headline("simple", SearchDocument.body, tsquery, options)
            .label("snippet_marked"))
        .order_by(sa.func.ts_rank_cd(document, tsquery).desc(), SearchDocument.id)
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Results([_hit(r) for r in rows], total, page, per_page)


def _hit(row):
    return Hit(kind=str(row.kind), ref_id=row.ref_id, regulation_slug=row.slug,
               regulation_title=row.regulation_title, version_number=row.version_number,
               anchor=row.anchor, label=row.label, title=highlight(row.title_marked),
               snippet=highlight(row.snippet_marked))
