"""Word-level diffs of two texts, as (op, text) ops for templates and the comparison.

Tokens are words, single punctuation marks and whitespace runs (every character belongs to one
token); the diff itself is the minimal token diff of drafts.lcs.
"""
from __future__ import annotations

import re
from collections import Counter

from .lcs import MAX_CELLS, diff_tokens

_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")


def word_diff(a: str, b: str, readable: bool = True) -> list[tuple[int, str]]:
    """Word-level diff: ops [(op, text)] with op -1 (deleted), 0 (kept), 1 (inserted).

    Words, punctuation marks and whitespace runs are separate tokens, and the diff is minimal in
    tokens (see drafts.lcs): a word appended before a full stop is one insertion, and nothing
    that stayed is shown as deleted and inserted again.  Very long texts (a Lampiran table) are
    first diffed line by line and only the changed lines word by word, which bounds memory.

    `readable` then joins changes separated only by a space: "[-30 hari sejak-][+pada
    tanggal+]" rather than "[-30-][+pada+] [-hari-][+tanggal+]".  That is the one place where
    diff-match-patch's semantic cleanup helps a word diff; its wider rule (dropping any short
    equality between longer edits) would show kept words as rewritten.  Each join costs the
    space twice in the diff's size.

    Ops rebuild both texts: "".join(t for op, t in ops if op <= 0) == a, and op >= 0 gives b.
    """
    if a == b:
        return [(0, a)] if a else []
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    token_ops = diff_tokens(ta, tb, MAX_CELLS)
    if token_ops is None:
        ops = _merge(_by_lines(a, b))
    else:
        ops = [(op, "".join((tb if op == 1 else ta)[i:j])) for op, i, j in token_ops]
    return _join_changes(ops) if readable else ops


def _join_changes(ops: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Merge change groups separated by a kept run of spaces (not a line break)."""
    out: list[tuple[int, str]] = []
    deleted = inserted = ""
    pending = False
    last = len(ops) - 1
    for k, (op, text) in enumerate(ops):
        if op:
            if op < 0:
                deleted += text
            else:
                inserted += text
            pending = True
            continue
        if pending and k < last and ops[k + 1][0] and text.isspace() and "\n" not in text:
            deleted += text
            inserted += text
            continue
        if pending:
            out += [(-1, deleted)] if deleted else []
            out += [(1, inserted)] if inserted else []
            deleted = inserted = ""
            pending = False
        out.append((op, text))
    out += [(-1, deleted)] if deleted else []
    out += [(1, inserted)] if inserted else []
    return out


def _by_lines(a: str, b: str) -> list[tuple[int, str]]:
    la, lb = a.splitlines(keepends=True), b.splitlines(keepends=True)
    ops = diff_tokens(la, lb, MAX_CELLS)
    if ops is None:
        return [(-1, a), (1, b)]
    out: list[tuple[int, str]] = []
    deleted = ""
    for op, i, j in ops:
        if op == -1:
            deleted = "".join(la[i:j])
        elif op == 1:
            inserted = "".join(lb[i:j])
            out.extend(_block(deleted, inserted) if deleted else [(1, inserted)])
            deleted = ""
        else:
            if deleted:
                out.append((-1, deleted))
                deleted = ""
            out.append((0, "".join(la[i:j])))
    if deleted:
        out.append((-1, deleted))
    return out


def _merge(ops: list[tuple[int, str]]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for op, text in ops:
        if not text:
            continue
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out


def _block(a: str, b: str) -> list[tuple[int, str]]:
    """Word diff of a changed block of lines, or the block replaced whole when even that is too
    large: no second round of line splitting, which could not cut the block any finer."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    ops = diff_tokens(ta, tb, MAX_CELLS)
    if ops is None:
        return [(-1, a), (1, b)]
    return [(op, "".join((tb if op == 1 else ta)[i:j])) for op, i, j in ops]


# Share of an ayat's words that makes a changed ayat the same one, reworded.
SAME_PIECE = 0.5
# A line that opens an ayat "(2)", a huruf "b." or an angka "3.": where a Pasal's structure is.
_MARKER = re.compile(r"(?m)^[ \t]*(\(\d+[a-z]?\)|[a-z]\.(?=\s)|\d+[a-z]?\.(?=\s))")


def _blocks(text: str) -> list[tuple[str, str]]:
    """(marker, chunk) pieces of a text, cut at each line that opens an ayat, huruf or angka;
    the text before the first marker is a piece with marker ""; the chunks rebuild the text."""
    starts = [m.start() for m in _MARKER.finditer(text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    ends = starts[1:] + [len(text)]
    out = []
    for s, e in zip(starts, ends):
        m = _MARKER.match(text, s)
        out.append((m.group(1) if m else "", text[s:e]))
    return [(mark, chunk) for mark, chunk in out if chunk]


def _body(chunk: str) -> str:
    return " ".join(_MARKER.sub("", chunk, count=1).split())


def structural_diff(a: str, b: str,
                    flat: list[tuple[int, str]] | None = None) -> list[tuple[int, str]]:
    """Word diff that compares structure first: the ayat/huruf/angka of both texts are paired
    (same wording, even renumbered; else the same marker), and words are compared only inside
    a pair.  An added "(4) ..." is then one insertion instead of words lined up across ayat
    (a "publikasi." at the end of ayat (3) shown as new).  Texts without markers get the plain
    word diff (`flat`, when the caller already has it).  Same op contract as word_diff."""
    A, B = _blocks(a), _blocks(b)
    if len(A) < 2 and len(B) < 2:
        return flat if flat is not None else word_diff(a, b)
    out: list[tuple[int, str]] = []
    by_body = diff_tokens([_body(c) for _, c in A], [_body(c) for _, c in B])
    pending: list[tuple[str, str]] = []
    for op, i, j in by_body or [(-1, 0, len(A)), (1, 0, len(B))]:
        if op == -1:
            pending = A[i:j]
        elif op == 1:
            out += _pair_gap(pending, B[i:j])
            pending = []
        else:
            out += _pair_gap(pending, [])
            pending = []
            k = _b_index(by_body, i)
            for (_, ca), (_, cb) in zip(A[i:j], B[k:k + j - i]):
                out += word_diff(ca, cb)
    out += _pair_gap(pending, [])
    return _merge(out)


def _b_index(ops, a_start: int) -> int:
    """Where in b the kept run starting at a[a_start] begins (diff_tokens gives a's range)."""
    b_pos = 0
    for op, i, j in ops:
        if op == 0 and i == a_start:
            return b_pos
        if op >= 0:
            b_pos += j - i
    raise ValueError(a_start)


def _similar(x: str, y: str) -> float:
    wx, wy = Counter(_body(x).lower().split()), Counter(_body(y).lower().split())
    return sum((wx & wy).values()) / max(sum(wx.values()), sum(wy.values()), 1)


def _pair_gap(old: list[tuple[str, str]], new: list[tuple[str, str]]):
    """Changed pieces, in order: each old piece is paired with the first following new piece
    that keeps most of its words (a reworded, perhaps renumbered ayat) or, failing that, has its
    marker; paired pieces are diffed word by word, the others deleted or inserted whole."""
    out: list[tuple[int, str]] = []
    k = 0
    for mark, chunk in old:
        rest = range(k, len(new))
        match = next((m for m in rest if _similar(chunk, new[m][1]) >= SAME_PIECE), None)
        if match is None:
            match = next((m for m in rest if new[m][0] == mark and mark), None)
        if match is None:
            out.append((-1, chunk))
            continue
        out += [(1, c) for _, c in new[k:match]]
        out += word_diff(chunk, new[match][1])
        k = match + 1
    out += [(1, c) for _, c in new[k:]]
    return out
