"""Full-text search across regulations, published versions, units and inputs.

Design: one `search_document` table holds a row per public document
(consult/record/search_index.py writes it, in the same transaction as the content); SQLite
searches it through an FTS5 table kept in step by triggers, PostgreSQL through a GIN index on
to_tsvector('simple', ...).
"""
import re
from dataclasses import dataclass

import sqlalchemy as sa
from markupsafe import Markup, escape

from consult.extensions import db
from consult.models import Regulation, SearchDocument, SearchKind
from consult.models.search import PG_DOCUMENT

MARK_START, MARK_END = "\x02", "\x03"
_TERM = re.compile(r"\w+", re.UNICODE)
PER_PAGE = 20
MAX_TERMS = 12


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
