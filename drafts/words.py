"""Word-level diffs of two texts, as (op, text) ops for templates and the comparison.

Tokens are words, single punctuation marks and whitespace runs (every character belongs to one
token); the diff itself is the minimal token diff of drafts.lcs.
"""
from __future__ import annotations

import re

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
