"""The text of a published version for the reading pages: Unit rows linked into a tree of
nodes (one query), and the rendered HTML of that text cached per version.

A published version never changes, so its rendered text (table of contents and articles) is
kept in a small per-process cache; only the per-Pasal input counts change between requests and
they are filled into placeholders on the way out.
"""
from html import unescape
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from consult import unit_rows
from consult.extensions import db
from consult.models import Unit
from consult.public.memo import remember
from drafts.model import child_marker

HEADING_PREFIX = {"bab": "BAB", "bagian": "Bagian", "paragraf": "Paragraf", "pasal": "Pasal"}
CONTAINER_HEADINGS = {"menimbang": _l("Menimbang"), "mengingat": _l("Mengingat"),
                      "menetapkan": _l("Menetapkan"), "penjelasan": _l("Penjelasan")}


@dataclass(eq=False)
class Node:
    """One unit ready for a template: its rows' fields plus the marker and its children."""
    id: int
    parent_id: int | None
    position: int
    depth: int
    key: str
    kind: str
    label: str | None
    heading: str | None
    text: str
    path_label: str
    anchor: str
    pasal_key: str | None
    children: list = field(default_factory=list)
    marker: str = ""
    title: str = ""
    ref: str = ""  # what the Pasal page URL carries: the label if unique, else the key
    url: str = ""  # the Pasal page
    count: int = 0  # inputs on this Pasal (from the participation area)
    parent: "Node | None" = None
    own_pasal: bool = False  # a Pasal of the act itself, not one quoted in an amendment
    in_pasal: bool = False  # inside a Pasal (its ayat, or a unit quoted by an amendment)
    pembukaan: bool = False  # a judul followed by Menimbang: print the opening formula after it

    @property
    def is_heading(self):
        return self.kind in ("bab", "bagian", "paragraf")

    @property
    def ancestors(self):
        out = []
        node = self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return list(reversed(out))


@dataclass
class VersionText:
    roots: list
    nodes: list  # document order
    pasals: list  # the act's own Pasal (quoted Pasal inside an amendment excluded)
    toc: list  # [{"node": bab-or-None, "pasals": [...]}]

    def by_ref(self, ref):
        for node in self.pasals:
            if node.ref == ref:
                return node
        for node in self.nodes:
            if node.key == ref:
                return node
        return None


# A text with more Pasal than this is read BAB by BAB (the page of a 300-Pasal regulation would
# otherwise be over 600 KB); the whole text stays one click away (?bab=semua) and for printing.
SPLIT_PASALS = 60
WHOLE = "semua"


def babs(text):
    """The BAB of a text in order, or [] when it is read whole (short, or without BAB)."""
    if len(text.pasals) <= SPLIT_PASALS or any(g["node"] is None for g in text.toc):
        return []  # (a Pasal before the first BAB would be on no BAB's page)
    return [group["node"] for group in text.toc]


def bab_choice(text, asked):
    """(BAB number shown, 1-based, or None for the whole text; the BAB nodes)."""
    found = babs(text)
    if not found or asked == WHOLE:
        return None, found
    try:
        number = int(asked)
    except (TypeError, ValueError):
        number = 1
    return min(max(number, 1), len(found)), found


def around_babs(text, found):
    """(units before the first BAB, units after the last): the title and considerations are
    read with the first BAB, the closing, elucidation and attachments with the last."""
    roots = text.roots
    if not found or found[0] not in roots or found[-1] not in roots:
        return [], []
    return roots[:roots.index(found[0])], roots[roots.index(found[-1]) + 1:]


def version_text(version, counts=None, pasal_url=None):
    """All units of a version in one query, linked into a tree for the templates.
    `pasal_url(ref)` gives each Pasal the address of its page."""
    text = build_tree(unit_rows.plain_rows(version), counts or {})
    if pasal_url is not None:
        for node in text.pasals:
            node.url = pasal_url(node.ref)
    return text


def _link(rows, counts, known=None):
    """Nodes for `rows` (document order), linked to each other and to `known` nodes by
    parent_id, with markers, titles and counts. Returns (new nodes, those without a parent)."""
    nodes = []
    by_id = dict(known or {})
    roots = []
    seen_anchors = {}
    for row in rows:
        node = Node(*row)
        # Real acts repeat numbers (two "BAB VII"): ids stay unique, as in drafts.render_html.
        anchor = node.anchor or f"unit-{node.position}"
        n = seen_anchors.get(anchor, 0) + 1
        seen_anchors[anchor] = n
        node.anchor = anchor if n == 1 else f"{anchor}-{n}"
        nodes.append(node)
        by_id[node.id] = node
    for node in nodes:
        parent = by_id.get(node.parent_id)
        node.parent = parent
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    for node in nodes:  # parents come before their children in document order
        parent = node.parent
        if parent is not None:
            node.in_pasal = parent.in_pasal or parent.kind == "pasal"
            node.marker = child_marker(node, parent, tuple(node.ancestors[:-1]))
        prefix = HEADING_PREFIX.get(node.kind)
        if prefix and node.label:
            node.title = f"{prefix} {node.label}"
        elif node.kind in CONTAINER_HEADINGS and parent is None:
            node.title = str(node.heading or CONTAINER_HEADINGS[node.kind])
        elif node.kind == "lampiran":
            node.title = f"LAMPIRAN {node.label}" if node.label else "LAMPIRAN"
        if node.kind == "judul":
            node.text = judul_lines(node.text)
        if node.kind == "pasal":
            node.count = counts.get(node.key, 0)
            node.own_pasal = not node.in_pasal
    return nodes, roots


def build_tree(rows, counts):
    nodes, roots = _link(rows, counts)
    pasals = []
    pasal_labels = {}
    for node in nodes:
        if node.own_pasal:
            pasals.append(node)
            pasal_labels[node.label] = pasal_labels.get(node.label, 0) + 1
    for node in nodes:
        if node.kind == "pasal":
            unique = node.own_pasal and node.label and pasal_labels.get(node.label) == 1
            node.ref = node.label if unique else node.key
    if any(root.kind == "menimbang" for root in roots):
        for root in roots:
            if root.kind == "judul":
                root.pembukaan = True
    toc = []
    current = None
    for node in nodes:
        if node.kind == "bab" and not node.in_pasal:
            current = {"node": node, "pasals": []}
            toc.append(current)
        elif node.own_pasal:
            if current is None:
                current = {"node": None, "pasals": []}
                toc.append(current)
            current["pasals"].append(node)
    return VersionText(roots=roots, nodes=nodes, pasals=pasals, toc=toc)


_OUTLINE_KINDS = ("bab", "bagian", "paragraf", "pasal")


def pasal_text(version, ref, counts=None, pasal_url=None):
    """(outline, node) for one Pasal's page without loading the whole text: the outline holds
    the groupings and Pasal (breadcrumb, previous and next), `node` the requested unit with all
    its descendants. (None, None) if there is no such unit."""
    counts = counts or {}
    base = sa.select(*unit_rows.PLAIN_COLUMNS).where(Unit.version_id == version.id)
    outline = build_tree(db.session.execute(
        base.where(Unit.kind.in_(_OUTLINE_KINDS)).order_by(Unit.position)).all(), counts)
    if pasal_url is not None:
        for pasal in outline.pasals:
            pasal.url = pasal_url(pasal.ref)
    node = outline.by_ref(ref)
    if node is None:  # a unit outside any Pasal (a Menimbang item ...): read the whole text
        whole = version_text(version, counts, pasal_url)
        return whole, whole.by_ref(ref)
    end = db.session.execute(
        sa.select(sa.func.min(Unit.position)).where(
            Unit.version_id == version.id, Unit.position > node.position,
            Unit.depth <= node.depth)
    ).scalar()
    inside = base.where(Unit.position > node.position)
    if end is not None:
        inside = inside.where(Unit.position < end)
    node.children = []  # the outline only knew the nested headings; take every descendant
    _link(db.session.execute(inside.order_by(Unit.position)).all(), counts, {node.id: node})
    return outline, node


_JUDUL_BREAKS = (
    (re.compile(r"\s+(NOMOR\s)"), "\n\\1"),
    (re.compile(r"\s+TENTANG\s+"), "\nTENTANG\n"),
)


def judul_lines(text):
    """'PERATURAN BUPATI X NOMOR 1 TAHUN 2026 TENTANG Y' laid out on the lines of a real Perbup."""
    if "\n" in (text or ""):
        return text
    for pattern, replacement in _JUDUL_BREAKS:
        text = pattern.sub(replacement, text, count=1)
    return text


# --- the rendered text, cached per published version ------------------------------------------

# Input counts change between requests; the cached HTML carries these markers instead. Private-use
# characters never occur in legal text, and rendered text is escaped, so they cannot be forged.
_OPEN, _CLOSE = "\ue000", "\ue001"
_COUNT_MARK = re.compile(_OPEN + r"([CT]):([^" + _CLOSE + r"]*)" + _CLOSE)


def count_mark(kind, key):
    """'C' for the count under a Pasal, 'T' for the one in the table of contents."""
    return Markup(f"{_OPEN}{kind}:{escape(key)}{_CLOSE}")


def fill_counts(html, counts, word_one, word_many):
    """Put the current input counts into a rendered text (see count_mark)."""
    word_one, word_many = escape(word_one), escape(word_many)

    def replace(match):
        kind, key = match.group(1), unescape(match.group(2))
        n = int(counts.get(key, 0))
        if kind == "T":
            return f'<span class="toc-count">{n}</span>' if n else ""
        zero = "" if n else " zero"
        return f'<span class="count-badge{zero}">{n}</span> {word_one if n == 1 else word_many}'

    return Markup(_COUNT_MARK.sub(replace, str(html)))


def cached_fragment(key, render):
    """The HTML rendered by `render()` for `key` (which must name the version's SHA-256)."""
    return remember("text", key, render)
