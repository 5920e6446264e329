"""Minimal token diffs: a longest common subsequence computed with bit-parallel rows.

diff-match-patch's Myers diff runs in pure Python at O((n+m)·d) steps, and with a timeout it
switches on heuristics (half-match) that give up minimality.  Here each row of the LCS table is
one Python integer, updated with a handful of big-integer operations per token of the new text
(Allison-Dix / Hyyrö), so the table costs O(m) interpreter steps whatever the number of edits;
the alignment is then read back in O(m) steps as well.  The result is a minimal diff in tokens:
no other diff keeps more tokens unchanged.
"""
from __future__ import annotations

from typing import Hashable, Sequence

# Above this many table cells (bits), a caller should cut the texts into lines first: the rows
# kept for the read-back take n·m/8 bytes.
MAX_CELLS = 1 << 24

Op = tuple[int, int, int]  # (op, start, end): -1 deletes a[start:end], 1 inserts b[start:end],
                           # 0 keeps a[start:end] (b's equal range follows from the ops before)


def _rows(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[int]:
    """rows[j]: bit i is 0 exactly where LCS(a[:i+1], b[:j]) > LCS(a[:i], b[:j])."""
    masks: dict[Hashable, int] = {}
    for i, tok in enumerate(a):
        masks[tok] = masks.get(tok, 0) | (1 << i)
    full = (1 << len(a)) - 1
    row = full
    rows = [row]
    get = masks.get
    for tok in b:
        match = get(tok)
        if match:
            kept = row & match
            row = ((row + kept) | (row - kept)) & full
        rows.append(row)
    return rows


def lcs_length(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    if not a or not b:
        return 0
    masks: dict[Hashable, int] = {}
    for i, tok in enumerate(a):
        masks[tok] = masks.get(tok, 0) | (1 << i)
    full = (1 << len(a)) - 1
    row = full
    get = masks.get
    for tok in b:
        match = get(tok)
        if match:
            kept = row & match
            row = ((row + kept) | (row - kept)) & full
    return len(a) - row.bit_count()


def diff_tokens(a: Sequence[Hashable], b: Sequence[Hashable],
                limit: int | None = None) -> list[Op] | None:
    """Ops turning a into b with as few deleted + inserted tokens as possible.

    Within each change the deletion comes before the insertion; equal and changed runs alternate.
    None when the part between the common prefix and suffix has more than `limit` table cells.
    """
    n, m = len(a), len(b)
    pre = 0
    while pre < n and pre < m and a[pre] == b[pre]:
        pre += 1
    suf = 0
    while suf < n - pre and suf < m - pre and a[n - 1 - suf] == b[m - 1 - suf]:
        suf += 1
    if limit is not None and (n - suf - pre) * (m - suf - pre) > limit:
        return None
    ops: list[Op] = [(0, 0, pre)] if pre else []
    ops += _middle(a, b, pre, n - suf, pre, m - suf)
    if suf:
        ops.append((0, n - suf, n))
    return ops


def _middle(a, b, a0: int, a1: int, b0: int, b1: int) -> list[Op]:
    if a0 == a1 or b0 == b1:
        return ([(-1, a0, a1)] if a1 > a0 else []) + ([(1, b0, b1)] if b1 > b0 else [])
    aa, bb = a[a0:a1], b[b0:b1]
    rows = _rows(aa, bb)
    # Read the alignment back from the bottom-right corner, writing ops last first.  Equal tokens
    # at the corner are always part of some longest common subsequence, so they are matched
    # without looking at the rows (the common case, and a plain comparison).  Otherwise, at row
    # j and column i: if the LCS does not drop when b's token j-1 is left out, that token is
    # inserted; if it does, the token is matched with a's token at the highest column < i where
    # row j grows, and every a token between is deleted.  Both tests are popcounts on row
    # prefixes.  Between two matches there is thus at most one deleted and one inserted range.
    ops: list[Op] = []
    push = ops.append
    i, j = len(aa), len(bb)
    run_end = -1  # end of the equal run being extended downwards, -1 when none
    ins_end = -1  # end of the pending inserted range of bb, -1 when none
    while i and j:
        if aa[i - 1] == bb[j - 1]:
            if ins_end >= 0:
                push((1, b0 + j, b0 + ins_end))
                ins_end = -1
            if run_end < 0:
                run_end = i
            i -= 1
            j -= 1
            continue
        if run_end >= 0:
            push((0, a0 + i, a0 + run_end))
            run_end = -1
        mask = (1 << i) - 1
        row = rows[j] & mask
        if (rows[j - 1] & mask).bit_count() == row.bit_count():
            if ins_end < 0:
                ins_end = j
            j -= 1
            continue
        k = (~row & mask).bit_length() - 1
        if ins_end >= 0:
            push((1, b0 + j, b0 + ins_end))
            ins_end = -1
        push((-1, a0 + k + 1, a0 + i))
        run_end = k + 1
        i = k
        j -= 1
    if run_end >= 0:
        push((0, a0 + i, a0 + run_end))
    if j or ins_end >= 0:
        push((1, b0, b0 + (ins_end if ins_end >= 0 else j)))
    if i:
        push((-1, a0, a0 + i))
    ops.reverse()
    return ops
