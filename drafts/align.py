"""Identity of units across versions: align two Documents and carry stable keys forward.

Comments and proposals hang on `Unit.key`, so a Pasal must keep its key when a new Pasal 3
shifts it to Pasal 4, when it moves to another BAB, or when a few words change.  Matching is done
per family of units (the act's Pasal, quoted Pasal, groupings, preamble items) and then
recursively inside matched pairs (ayat, huruf, angka), in passes of decreasing certainty: same
label and text; same text (renumbered or moved); same label in place with much the same wording;
the most similar remaining pair above a threshold, with a small bonus for an equal label; last, a
unit heavily rewritten in its own place (see _rewritten_pass).
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from typing import Callable

from .model import Document, Unit
from .render import anchor

THRESHOLD = 0.5
# Pass 5 (see _rewritten_pass): the least similarity to its predecessor, and the lead over the
# old units around it, for a rewritten unit to keep its identity.
REWRITTEN_FLOOR = 0.25
REWRITTEN_MARGIN = 0.1
_TOMBSTONE = re.compile(r"^\(?\s*dihapus\s*\.?\s*\)?\.?$", re.I)
_WORD = re.compile(r"\w+")
_PREFIX = {
    "judul": "j", "menimbang": "mb", "mengingat": "mg", "menetapkan": "mt", "bab": "b",
    "bagian": "bg", "paragraf": "pg", "pasal": "p", "ayat": "a", "huruf": "h", "angka": "n",
    "penutup": "pt", "penjelasan": "pj", "lampiran": "l",
}


def _content(unit: Unit) -> str:
    if unit.kind in ("bab", "bagian", "paragraf"):
        return unit.heading or ""
    return unit.full_text()


_OPENING_WORDS = 8  # "(1) PPID ditetapkan oleh Bupati ...": enough to tell which half it is


class _Item:
    __slots__ = ("unit", "text", "_words", "_pairs")

    def __init__(self, unit: Unit, text: str | None = None):
        self.unit = unit
        self.text = " ".join((_content(unit) if text is None else text).split())
        self._words: frozenset | None = None
        self._pairs: frozenset | None = None

    def features(self) -> tuple[frozenset, frozenset]:
        if self._words is None:
            words = _WORD.findall(self.text.lower())  # one lower() for the text, not per word
            self._words = frozenset(words)
            self._pairs = frozenset(zip(words, words[1:]))
        return self._words, self._pairs  # type: ignore[return-value]


def _dice(a: frozenset, b: frozenset) -> float:
    total = len(a) + len(b)
    return 2.0 * len(a & b) / total if total else 1.0


def similarity(a: _Item, b: _Item) -> float:
    """Half word-set Dice, half word-pair Dice: shared vocabulary alone (every Pasal says
    "sebagaimana dimaksud") scores low, the same sentence with a third of its words changed
    still scores well above the threshold."""
    if a.text == b.text:
        return 1.0
    wa, pa = a.features()
    wb, pb = b.features()
    if not pa and not pb:
        return _dice(wa, wb)
    return 0.5 * _dice(wa, wb) + 0.5 * _dice(pa, pb)


def match_sequence(old: list[Unit], new: list[Unit], threshold: float = THRESHOLD,
                   texts: dict[int, str] | None = None,
                   same: Callable[[Unit, Unit], bool] | None = None) -> list[tuple[Unit, Unit]]:
    """Pairs (old, new) of the same unit in two versions of one list.

    `texts` may map id(unit) to its comparison text when the caller has it already.  `same` may
    vouch for a pair with the same label at the expected position before the word-set
    similarity is computed: `compare` passes one that diffs the pair (the diff it needs anyway)
    and keeps the result, which spares the similarity of every edited Pasal.
    """
    texts = texts or {}
    olds = [_Item(u, texts.get(id(u))) for u in old]
    news = [_Item(u, texts.get(id(u))) for u in new]
    used_old: set[int] = set()
    pairs: dict[int, int] = {}

    # 1. Same label, same text.
    by_label = {(o.unit.label, o.text): i for i, o in reversed(list(enumerate(olds)))}
    for j, n in enumerate(news):
        i = by_label.get((n.unit.label, n.text))
        if i is not None and i not in used_old:
            pairs[j] = i
            used_old.add(i)
    # 1b. "Pasal 16 / Dihapus." continues old Pasal 16 whatever it said before: the slot stays.
    old_by_label = {o.unit.label: i for i, o in enumerate(olds) if i not in used_old}
    for j, n in enumerate(news):
        if j not in pairs and _TOMBSTONE.match(n.text):
            i = old_by_label.get(n.unit.label)
            if i is not None and i not in used_old:
                pairs[j] = i
                used_old.add(i)
    # 2. Same text under another number: renumbered or moved.  Short texts ("Dihapus.") are
    # too common to identify a unit on their own; they wait for pass 3 where position helps.
    by_text: dict[str, list[int]] = defaultdict(list)
    for i, o in enumerate(olds):
        if i not in used_old:
            by_text[o.text].append(i)
    for j, n in enumerate(news):
        if j in pairs or len(n.text) < 25:
            continue
        cands = [i for i in by_text.get(n.text, ()) if i not in used_old]
        if cands:
            i = min(cands, key=lambda i: abs(i - j))
            pairs[j] = i
            used_old.add(i)
    # 3. Same label and clearly the same wording (a Pasal edited in place): the common case,
    # settled with one comparison each before the wider search below.
    old_by_label = {o.unit.label: i for i, o in enumerate(olds) if i not in used_old}
    for j, n in enumerate(news):
        i = old_by_label.get(n.unit.label)
        if j not in pairs and i is not None and i not in used_old and \
                _expected(j, pairs, len(olds)) == i and (
                    same is not None and same(olds[i].unit, n.unit)
                    or similarity(olds[i], n) >= 0.6):
            pairs[j] = i
            used_old.add(i)
    # 4. Most similar remaining pairs, label equality as a tie-breaker.  Candidates are the old
    # unit with the same label and those near the expected position (judged from the pairs
    # already made), then a wider search for whatever is still unpaired.
    _similar_pass(olds, news, pairs, used_old, threshold, near=3)
    _similar_pass(olds, news, pairs, used_old, threshold, near=None)
    _rewritten_pass(olds, news, pairs, used_old)
    _keep_opening(olds, news, pairs)
    return [(olds[i].unit, news[j].unit) for j, i in sorted(pairs.items())]


def _opening(item: _Item) -> list[str]:
    return _WORD.findall(item.text.lower())[:_OPENING_WORDS]


def _keep_opening(olds: list[_Item], news: list[_Item], pairs: dict[int, int]) -> None:
    """6. A Pasal split in two keeps its identity in the half that keeps its opening words and
    first ayat: when the unpaired neighbour of a pair's new unit is made of the old unit's words
    and begins as the old unit began, while the paired one does not, the pair moves to it."""
    used = set(pairs.values())
    for j, i in list(pairs.items()):
        old_open, new_open = _opening(olds[i]), _opening(news[j])
        if old_open == new_open or len(old_open) < 3 or len(new_open) < 3:
            continue
        for k in (j - 1, j + 1):  # split: the other half of the new text begins as the old one
            if k not in pairs and 0 <= k < len(news) and _part_of(news[k], olds[i], old_open):
                del pairs[j]
                pairs[k] = i
                break
        else:
            for k in (i - 1, i + 1):  # merge: the old Pasal the merged text begins with
                if k not in used and 0 <= k < len(olds) and _part_of(olds[k], news[j], new_open):
                    used.discard(i)
                    used.add(k)
                    pairs[j] = k
                    break


def _part_of(part: _Item, whole: _Item, opening: list[str]) -> bool:
    """Whether part begins with `opening` and is made of whole's words."""
    if _opening(part) != opening:
        return False
    words = part.features()[0]
    return bool(words) and len(words & whole.features()[0]) >= 0.7 * len(words)


def _rewritten_pass(olds: list[_Item], news: list[_Item], pairs: dict[int, int],
                    used_old: set[int]) -> None:
    """5. A unit that kept its label and its place between its neighbours but lost much of its
    wording (a Pasal with a third of its words changed can fall below the threshold) is still
    the same unit when it is clearly closer to its predecessor than to the old units around it.
    A Pasal replaced by an unrelated one shares only the boilerplate that every Pasal has ("...
    sebagaimana dimaksud pada ayat (1) ..."), so it is about as close to the neighbours of its
    predecessor as to the predecessor itself, and stays a new unit with a new key."""
    old_by_label = {o.unit.label: i for i, o in enumerate(olds)
                    if i not in used_old and o.unit.label is not None}
    for j, n in enumerate(news):
        i = old_by_label.get(n.unit.label)
        if j in pairs or i is None or i in used_old or not _between(j, i, pairs, len(olds)):
            continue
        own = similarity(olds[i], n)
        around = max((similarity(olds[k], n) for k in (i - 2, i - 1, i + 1, i + 2)
                      if 0 <= k < len(olds)), default=0.0)
        if own >= REWRITTEN_FLOOR and own >= around + REWRITTEN_MARGIN:
            pairs[j] = i
            used_old.add(i)


def _between(j: int, i: int, pairs: dict[int, int], n_old: int) -> bool:
    """Whether old position i is where new item j belongs: the nearest pairs made on either
    side (if any) point to old positions before and after i, and the closer one points at i."""
    before = max((k for k in pairs if k < j), default=None)
    after = min((k for k in pairs if k > j), default=None)
    if before is not None and pairs[before] >= i or after is not None and pairs[after] <= i:
        return False
    return _expected(j, pairs, n_old) == i


def _similar_pass(olds: list[_Item], news: list[_Item], pairs: dict[int, int],
                  used_old: set[int], threshold: float, near: int | None) -> None:
    rest_new = [j for j in range(len(news)) if j not in pairs]
    rest_old = [i for i in range(len(olds)) if i not in used_old]
    if not rest_new or not rest_old:
        return
    free = set(rest_old)
    old_label: dict[str | None, list[int]] = defaultdict(list)
    for i in rest_old:
        old_label[olds[i].unit.label].append(i)
    if near is None and len(rest_new) * len(rest_old) > 6000:
        near = 15
    scored = []
    for j in rest_new:
        n = news[j]
        if near is None:
            cands = rest_old
        else:
            at = _expected(j, pairs, len(olds))
            cands = {i for i in range(at - near, at + near + 1) if i in free}
            cands.update(old_label.get(n.unit.label, ()))
        for i in cands:
            o = olds[i]
            score = similarity(o, n)
            if o.unit.label == n.unit.label:
                score += 0.05
            if score >= threshold:
                scored.append((score, -abs(i - j), i, j))
    scored.sort(reverse=True)
    for _, _, i, j in scored:
        if j in pairs or i in used_old:
            continue
        pairs[j] = i
        used_old.add(i)


def _expected(j: int, pairs: dict[int, int], n_old: int) -> int:
    """Where new item j would sit in the old list, judging from its nearest matched neighbour."""
    for d in range(1, 50):
        if j - d in pairs:
            return pairs[j - d] + d
        if j + d in pairs:
            return pairs[j + d] - d
    return min(j, n_old - 1)


# -- whole documents ---------------------------------------------------------------------------
def family_of(unit: Unit, ancestors: tuple[Unit, ...]) -> str | None:
    """The family a unit is aligned within, or None for rincian (aligned inside their parent)."""
    k = unit.kind
    if k == "pasal":
        return "pasal-quoted" if any(a.kind == "pasal" for a in ancestors) else "pasal"
    if k in ("bab", "bagian", "paragraf"):
        return k + ("-quoted" if any(a.kind == "pasal" for a in ancestors) else "")
    if k in ("judul", "menetapkan", "penutup", "lampiran"):
        return k
    if k in ("menimbang", "mengingat", "penjelasan"):
        return k + ("-item" if ancestors else "")
    return None


def _families(doc: Document) -> dict[str, list[Unit]]:
    """Lists of units that are aligned with each other (top-level families, document order)."""
    fam: dict[str, list[Unit]] = defaultdict(list)
    for unit, ancestors in doc.walk():
        name = family_of(unit, ancestors)
        if name:
            fam[name].append(unit)
    return fam


def align(old: Document, new: Document) -> dict[int, Unit]:
    """Map id(new unit) -> the old unit it continues, for every unit that has a predecessor."""
    mapping: dict[int, Unit] = {}
    fo, fn = _families(old), _families(new)
    for family, new_units in fn.items():
        old_units = fo.get(family, [])
        if not old_units:
            continue
        threshold = 0.3 if family in ("judul", "menetapkan", "penutup") else THRESHOLD
        for o, n in match_sequence(old_units, new_units, threshold):
            mapping[id(n)] = o
            if family not in ("menimbang", "mengingat", "penjelasan"):
                _align_children(o, n, mapping)
    return mapping


def _align_children(old: Unit, new: Unit, mapping: dict[int, Unit]) -> None:
    groups_old: dict[str, list[Unit]] = defaultdict(list)
    groups_new: dict[str, list[Unit]] = defaultdict(list)
    for c in old.children:
        if c.kind in ("ayat", "huruf", "angka"):
            groups_old[c.kind].append(c)
    for c in new.children:
        if c.kind in ("ayat", "huruf", "angka"):
            groups_new[c.kind].append(c)
    for kind, kids in groups_new.items():
        if kind not in groups_old:
            continue
        if len(kids) == len(groups_old[kind]) == 1:
            pairs = [(groups_old[kind][0], kids[0])]
        else:
            pairs = match_sequence(groups_old[kind], kids, 0.4)
        for o, n in pairs:
            mapping[id(n)] = o
            _align_children(o, n, mapping)


def position_key(unit: Unit, path: str, used: set[str]) -> str:
    prefix = _PREFIX.get(unit.kind, "u")
    salt = ""
    while True:
        digest = hashlib.blake2s((path + salt).encode(), digest_size=4).hexdigest()[:6]
        key = f"{prefix}-{digest}"
        if key not in used:
            return key
        salt += "#"


def assign_keys(doc: Document, previous: Document | None = None) -> Document:
    """Give every unit of doc a stable key, carried over from previous where units align.

    Without previous, keys derive from each unit's position (its anchor path), so parsing the
    same text twice yields the same keys.  Mutates and returns doc.
    """
    mapping = align(previous, doc) if previous is not None else {}
    used: set[str] = set()
    fresh: list[tuple[Unit, str]] = []
    seen_paths: Counter = Counter()
    for unit, ancestors in doc.walk():
        path = anchor(unit, ancestors)
        seen_paths[path] += 1
        if seen_paths[path] > 1:
            path = f"{path}~{seen_paths[path]}"
        old = mapping.get(id(unit))
        if old is not None and old.key and old.key not in used:
            unit.key = old.key
            used.add(old.key)
        else:
            fresh.append((unit, path))
    # A fresh unit must never inherit the key of an unrelated unit of the previous version
    # (old Pasal 3 deleted, a different new Pasal 3 written): its comments would follow.
    if previous is not None:
        used |= {u.key for u in previous.iter_units() if u.key}
    for unit, path in fresh:
        unit.key = position_key(unit, path, used)
        used.add(unit.key)
    return doc
