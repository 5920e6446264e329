"""Compare two versions: word-level diffs per aligned unit, a version summary, broken references.

Diffing each aligned unit on its own (instead of the whole text at once) is what makes the result
both readable (a renumbered Pasal is one line saying so, not a cascade of edits) and fast (300
small diffs instead of one diff over half a megabyte).  Ops are plain (op, text) tuples for
templates; diff_prettyHtml is never used because its inline styles break a strict CSP.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .align import _WORD, _align_children, family_of, match_sequence
from .labels import pasal_references
from .model import Document, Unit
from .words import structural_diff, word_diff

_TOMBSTONE = re.compile(r"^\(?\s*dihapus\s*\.?\s*\)?\.?$", re.I)
# A same-label pair at its expected place whose diff keeps this share of the characters is the
# same unit without further evidence (an unrelated Pasal keeps about a quarter: spaces, "dan").
SAME_WORDING = 0.65
STATUSES = ("added", "removed", "changed", "moved", "renumbered", "unchanged")
# Families listed in a comparison, in the order a reader meets them.
_LISTED = ("judul", "menimbang-item", "mengingat-item", "menetapkan", "bab", "bagian",
           "paragraf", "pasal", "bab-quoted", "bagian-quoted", "paragraf-quoted",
           "pasal-quoted", "penutup", "penjelasan-item", "lampiran")


def ops_size(ops: list[tuple[int, str]]) -> int:
    """Characters inserted or deleted: how big a diff is for a reader."""
    return sum(len(t) for op, t in ops if op)


@dataclass
class UnitDiff:
    status: str
    kind: str
    old_label: str | None
    new_label: str | None
    old_key: str | None
    new_key: str | None
    ops: list[tuple[int, str]]
    moved: bool = False
    renumbered: bool = False
    note: str | None = None
    # A Pasal split off an old one, or an old Pasal merged into a new one (see _splits_and_merges):
    # the label of the other Pasal, old and new version respectively.
    split_from: str | None = None
    merged_into: str | None = None
    _pair: tuple[Unit, Unit] | None = field(default=None, repr=False, compare=False)
    _children: list[UnitDiff] | None = field(default=None, repr=False, compare=False)

    @property
    def children(self) -> list[UnitDiff]:
        """Ayat/huruf/angka diffs of a changed Pasal, computed on first use (a page that lists
        300 Pasal only expands the few the reader opens)."""
        if self._children is None:
            self._children = _child_diffs(*self._pair) if self._pair else []
        return self._children

    def to_dict(self) -> dict:
        out = {"status": self.status, "kind": self.kind, "old_label": self.old_label,
               "new_label": self.new_label, "ops": [[op, t] for op, t in self.ops]}
        if self.split_from:  # only present when it applies: the base contract is unchanged
            out["split_from"] = self.split_from
        if self.merged_into:
            out["merged_into"] = self.merged_into
        return out


@dataclass
class BrokenReference:
    """A reference in the new version that still names a Pasal that was renumbered or deleted."""
    pasal_label: str       # the Pasal (new version) holding the reference
    pasal_key: str
    target: str            # the label it names
    status: str            # "renumbered", "removed" or "missing"
    now: str | None        # the target's label in the new version when renumbered
    message: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Comparison:
    summary: dict[str, int]
    units: list[UnitDiff]
    broken_references: list[BrokenReference] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Exactly the JSON contract of `python -m drafts diff --json`."""
        return {"summary": dict(self.summary), "units": [u.to_dict() for u in self.units]}


def _is_tombstone(unit: Unit, texts: dict[int, str] | None = None) -> bool:
    return bool(_TOMBSTONE.match(_text(unit, texts).strip()))


def _grouping_chain(ancestors: tuple[Unit, ...]) -> tuple[Unit, ...]:
    return tuple(a for a in ancestors if a.kind in ("bab", "bagian", "paragraf"))


def _lis_members(seq: list[int]) -> set[int]:
    """Indices (into seq) of one longest increasing subsequence: the units that kept their order."""
    import bisect
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, v in enumerate(seq):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tails_idx.append(i)
        else:
            tails[k] = v
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k else -1
    out = set()
    i = tails_idx[-1] if tails_idx else -1
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


def compare(old: Document, new: Document) -> Comparison:
    """Diff two versions unit by unit; the summary counts Pasal.

    A unit whose text changed is "changed" even if it was also renumbered or moved (its flags
    `renumbered`/`moved` and both labels say so); an unchanged text is "moved" when it sits under
    another BAB/Bagian or out of order, "renumbered" when only its number changed.  A Pasal
    emptied to "Dihapus." keeps its slot and key and is reported as "removed".
    """
    fo, anc_old, order_old = _index(old)
    fn, anc_new, order_new = _index(new)
    # Each unit's comparison text is built once and shared by alignment, diffs and references.
    texts: dict[int, str] = {}
    for fam in (fo, fn):
        for units in fam.values():
            for u in units:
                texts[id(u)] = _text(u)
    # Diffs made while aligning (see `same`) are kept for the report: each pair is diffed once.
    diffs: dict[tuple[int, int], list[tuple[int, str]]] = {}

    def same(o: Unit, n: Unit) -> bool:
        a, b = texts[id(o)], texts[id(n)]
        ops = diffs[(id(o), id(n))] = word_diff(a, b)
        kept = sum(len(t) for op, t in ops if op == 0)
        return 2 * kept >= SAME_WORDING * (len(a) + len(b))

    group_map: dict[int, Unit] = {}
    group_pairs: dict[str, list[tuple[Unit, Unit]]] = {}
    for fam in ("bab", "bagian", "paragraf"):
        group_pairs[fam] = match_sequence(fo.get(fam, []), fn.get(fam, []), texts=texts)
        for o, n in group_pairs[fam]:
            group_map[id(n)] = o
    entries: list[tuple[float, UnitDiff]] = []
    pasal_pairs: dict[int, Unit] = {}
    for fam in _LISTED:
        olds, news = fo.get(fam, []), fn.get(fam, [])
        if not olds and not news:
            continue
        pairs = group_pairs.get(fam) or match_sequence(
            olds, news, 0.3 if fam in ("judul", "menetapkan", "penutup") else 0.5, texts=texts,
            same=same)
        matched_old = {id(o) for o, _ in pairs}
        matched_new = {id(n): o for o, n in pairs}
        if fam.startswith("pasal"):
            pasal_pairs.update(matched_new)
        in_order = _lis_members([order_old[id(o)] for o, n in
                                 sorted(pairs, key=lambda p: order_new[id(p[1])])])
        ranked = {id(n): k for k, (o, n) in
                  enumerate(sorted(pairs, key=lambda p: order_new[id(p[1])]))}
        for o, n in pairs:
            moved = ranked[id(n)] not in in_order or _moved(o, n, anc_old, anc_new, group_map)
            entries.append((order_new[id(n)], _pair_diff(o, n, moved, texts, diffs)))
        last_pos = -1.0
        new_pos_of_old = {id(o): order_new[id(n)] for o, n in pairs}
        removed: list[tuple[Unit, UnitDiff]] = []
        for o in olds:
            if id(o) in matched_old:
                last_pos = new_pos_of_old[id(o)]
                continue
            removed.append((o, UnitDiff("removed", o.kind, o.label, None, o.key, None,
                                        [(-1, texts[id(o)])] if texts[id(o)] else [])))
            entries.append((last_pos + 0.5, removed[-1][1]))
        added: list[tuple[Unit, UnitDiff]] = []
        for n in news:
            if id(n) not in matched_new:
                added.append((n, UnitDiff("added", n.kind, None, n.label, None, n.key,
                                          [(1, texts[id(n)])] if texts[id(n)] else [])))
                entries.append((order_new[id(n)], added[-1][1]))
        if fam.startswith("pasal"):
            _splits_and_merges(pairs, added, removed, texts)
    entries.sort(key=lambda e: e[0])
    units = [d for _, d in entries]
    summary = {s: 0 for s in STATUSES}
    for d in units:
        if d.kind == "pasal":
            summary[d.status] += 1
    return Comparison(summary, units, broken_references(old, new, pasal_pairs, texts))


# A split or a merge is reported when at least this share of the words of the added (removed)
# Pasal is words the matched pair lost (gained), and the Pasal has at least _SPLIT_MIN_WORDS.
SPLIT_SHARE = 0.7
_SPLIT_MIN_WORDS = 4
# Splits and merges are looked for among at most this many (unmatched x changed) pairs: a
# rewrite so wide that it is larger is not a split of a few Pasal.
_SPLIT_MAX_CHECKS = 5000


def _words(text: str) -> Counter:
    return Counter(w.lower() for w in _WORD.findall(text))


def _splits_and_merges(pairs, added, removed, texts) -> None:
    """Mark an added Pasal whose words came out of a changed pair (the old Pasal was split) with
    `split_from`, and a removed Pasal whose words went into a changed pair (it was merged) with
    `merged_into`. `added` and `removed` are (unit, diff) pairs."""
    changed = [(o, n) for o, n in pairs if texts[id(o)] != texts[id(n)]]
    if not changed or not (added or removed):
        return
    if (len(added) + len(removed)) * len(changed) > _SPLIT_MAX_CHECKS:
        return
    words = {id(u): _words(texts[id(u)]) for pair in changed for u in pair}
    lost = [(o, words[id(o)] - words[id(n)]) for o, n in changed]
    gained = [(n, words[id(n)] - words[id(o)]) for o, n in changed]
    for unit, diff in added:
        origin = _best_source(_words(texts[id(unit)]), lost)
        if origin is not None:
            diff.split_from = origin.label
    for unit, diff in removed:
        target = _best_source(_words(texts[id(unit)]), gained)
        if target is not None:
            diff.merged_into = target.label


def _best_source(words: Counter, candidates) -> Unit | None:
    total = sum(words.values())
    if total < _SPLIT_MIN_WORDS:
        return None
    best, best_share = None, SPLIT_SHARE
    for unit, pool in candidates:
        share = sum((words & pool).values()) / total
        if share >= best_share:
            best, best_share = unit, share
    return best


def _index(doc: Document) -> tuple[dict[str, list[Unit]], dict[int, tuple[Unit, ...]],
                                   dict[int, int]]:
    """Families (as align._families), ancestors and document order of every unit: one walk."""
    fam: dict[str, list[Unit]] = defaultdict(list)
    anc: dict[int, tuple[Unit, ...]] = {}
    order: dict[int, int] = {}
    for pos, (unit, ancestors) in enumerate(doc.walk()):
        anc[id(unit)] = ancestors
        order[id(unit)] = pos
        name = family_of(unit, ancestors)
        if name:
            fam[name].append(unit)
    return fam, anc, order


def _text(unit: Unit, texts: dict[int, str] | None = None) -> str:
    """The text a unit is compared on (headings for groupings), from the cache when given."""
    if texts is not None:
        cached = texts.get(id(unit))
        if cached is not None:
            return cached
    if unit.kind in ("bab", "bagian", "paragraf"):
        return unit.heading or ""
    return unit.full_text()


def _moved(o: Unit, n: Unit, anc_old: dict, anc_new: dict, group_map: dict) -> bool:
    if o.kind not in ("pasal",):
        return False
    go = _grouping_chain(anc_old.get(id(o), ()))
    gn = _grouping_chain(anc_new.get(id(n), ()))
    if not go and not gn:
        return False
    inner_new = gn[-1] if gn else None
    inner_old = go[-1] if go else None
    if inner_new is None or inner_old is None:
        return inner_new is not inner_old
    return group_map.get(id(inner_new)) is not inner_old


def _pair_diff(o: Unit, n: Unit, moved: bool, texts: dict[int, str],
               diffs: dict[tuple[int, int], list[tuple[int, str]]]) -> UnitDiff:
    a, b = texts[id(o)], texts[id(n)]
    renumbered = o.label != n.label
    if a == b:
        status = "moved" if moved else "renumbered" if renumbered else "unchanged"
        return UnitDiff(status, n.kind, o.label, n.label, o.key, n.key, [(0, a)] if a else [],
                        moved=moved, renumbered=renumbered)
    tomb = n.kind == "pasal" and _is_tombstone(n, texts) and not _is_tombstone(o, texts)
    return UnitDiff("removed" if tomb else "changed", n.kind, o.label, n.label, o.key, n.key,
                    structural_diff(a, b, flat=diffs.get((id(o), id(n)))), moved=moved,
                    renumbered=renumbered,
                    note="dihapus (slot dipertahankan)" if tomb else None,
                    _pair=(o, n) if n.kind == "pasal" and not tomb else None)


def _child_diffs(o: Unit, n: Unit) -> list[UnitDiff]:
    """Ayat-level diffs inside a changed Pasal (what a reader expands)."""
    mapping: dict[int, Unit] = {}
    _align_children(o, n, mapping)
    out = []
    matched = {id(v) for v in mapping.values()}
    for c in n.children:
        if c.kind not in ("ayat", "huruf", "angka"):
            continue
        prev = mapping.get(id(c))
        if prev is None:
            out.append(UnitDiff("added", c.kind, None, c.label, None, c.key, [(1, c.full_text())]))
        else:
            a, b = prev.full_text(), c.full_text()
            status = "unchanged" if a == b else "changed"
            if status == "unchanged" and prev.label != c.label:
                status = "renumbered"
            out.append(UnitDiff(status, c.kind, prev.label, c.label, prev.key, c.key,
                                [(0, a)] if a == b else word_diff(a, b),
                                renumbered=prev.label != c.label))
    for c in o.children:
        if c.kind in ("ayat", "huruf", "angka") and id(c) not in matched:
            out.append(UnitDiff("removed", c.kind, c.label, None, c.key, None,
                                [(-1, c.full_text())]))
    return out


def broken_references(old: Document, new: Document, pairs: dict[int, Unit] | None = None,
                      texts: dict[int, str] | None = None) -> list[BrokenReference]:
    """References left pointing at the old number of a renumbered Pasal, or at a deleted one.

    References are checked by identity: a number cited in the new version is right when the
    Pasal it names now is the very Pasal (aligned across versions) that the citing Pasal pointed
    to before, so a reference the drafter updated ("Pasal 7" -> "Pasal 8") is not reported. It is
    stale when the same number was cited before and the Pasal it then named has moved or gone.
    """
    if new.is_amendment():
        return []  # Pasal I cites the amended act, whose Pasal are not in this document
    if pairs is None:
        pairs = {id(n): o for o, n in match_sequence(old.pasals(), new.pasals())}
    old_pasals = {p.label: p for p in old.pasals()}
    new_pasals = new.pasals()
    new_by_id = {id(n): n for n in new_pasals}
    new_of_old = {id(o): new_by_id[n_id] for n_id, o in pairs.items() if n_id in new_by_id}
    new_labels = {p.label for p in new_pasals}
    out: list[BrokenReference] = []
    new_by_label = {p.label: p for p in new_pasals}
    for n in new_pasals:
        o = pairs.get(id(n))
        old_refs = set(pasal_references(_text(o, texts))) if o is not None else set()
        pointed = {id(old_pasals[r]) for r in old_refs if r in old_pasals}
        refs = list(dict.fromkeys(pasal_references(_text(n, texts))))
        updated = set(refs) != old_refs  # the drafter touched the numbers this Pasal cites
        for ref in refs:
            target_old = old_pasals.get(ref)
            now = new_by_label.get(ref)
            if updated and now is not None and id(pairs.get(id(now))) in pointed:
                continue  # it names the same Pasal as before, under its new number
            if ref in old_refs and target_old is not None:
                target_new = new_of_old.get(id(target_old))
                if target_new is None or _is_tombstone(target_new, texts):
                    out.append(BrokenReference(n.label, n.key, ref, "removed", None,
                                               f"Pasal {n.label} merujuk ke Pasal {ref} yang "
                                               f"telah dihapus"))
                elif target_new.label != ref:
                    out.append(BrokenReference(n.label, n.key, ref, "renumbered",
                                               target_new.label,
                                               f"Pasal {n.label} merujuk ke Pasal {ref}, padahal "
                                               f"Pasal tersebut kini menjadi Pasal "
                                               f"{target_new.label}"))
            elif ref not in new_labels:
                out.append(BrokenReference(n.label, n.key, ref, "missing", None,
                                           f"Pasal {n.label} merujuk ke Pasal {ref} yang tidak ada"))
    return out
