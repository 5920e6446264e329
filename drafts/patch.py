"""Proposals as patches: a proposed wording is kept against its base text and rebased onto newer
versions word by word, reporting clean, fuzz or conflict — a proposal is never dropped.

A patch is a list of hunks on whole words: the words a proposal removes, the words it puts in
their place, and up to three words of context on each side.  Onto a newer text a hunk applies
cleanly where its words and its whole context are found unchanged; with "fuzz" where its words and
the words touching them are unchanged but the wider context moved (a human should confirm); and a
change by the newer text inside the replaced words or right against them is a conflict, never a
guess: "ditetapkan oleh Bupati" proposed as "dengan Keputusan Bupati" clashes with a version that
says "melalui Bupati" or "oleh Sekretaris Daerah".
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .lcs import MAX_CELLS, diff_tokens

CLEAN, FUZZ, CONFLICT = "clean", "fuzz", "conflict"
_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")
_CONTEXT_WORDS = 3
_FORMAT = "timbang-word-patch-1"


@dataclass
class RebaseResult:
    status: str            # "clean" | "fuzz" | "conflict"
    text: str | None       # the proposal applied to the new text; None on conflict
    proposed_text: str = ""  # the proposal as written, always kept so nothing is lost
    patch: str = ""        # the serialized patch (make_proposal)

    @property
    def ok(self) -> bool:
        return self.status != CONFLICT


def _key(token: str) -> str:
    """Tokens compare with every whitespace run alike (a re-wrapped line is the same text)."""
    return " " if token.isspace() else token


def _is_word(token: str) -> bool:
    return not token.isspace() and (token[0].isalnum() or token[0] == "_")


def _context(tokens: list[str], start: int, step: int) -> list[str]:
    """Up to _CONTEXT_WORDS words (and what lies between them) from start outwards."""
    out: list[str] = []
    words = 0
    i = start
    while 0 <= i < len(tokens) and words < _CONTEXT_WORDS:
        out.append(tokens[i])
        words += _is_word(tokens[i])
        i += step
    return out[::-1] if step < 0 else out


def _hunks(base: list[str], proposed: list[str]) -> list[dict]:
    ops = diff_tokens(base, proposed, MAX_CELLS)
    if ops is None:  # too large to diff: the whole text is one hunk
        ops = [(-1, 0, len(base)), (1, 0, len(proposed))]
    raw: list[list] = []  # [start, end, inserted tokens] on base
    pos = 0
    in_change = False
    for op, i, j in ops:
        if op == 0:
            pos, in_change = j, False
            continue
        if not in_change:  # a deletion and the insertion after it are one hunk
            raw.append([pos, pos, []])
            in_change = True
        hunk = raw[-1]
        if op < 0:
            hunk[1] = j
            pos = j
        else:
            hunk[2] = hunk[2] + proposed[i:j]
    merged: list[list] = []
    for hunk in raw:  # changes separated by spaces only are one change to the reader
        if merged and all(t.isspace() for t in base[merged[-1][1]:hunk[0]]):
            gap = base[merged[-1][1]:hunk[0]]
            merged[-1] = [merged[-1][0], hunk[1], merged[-1][2] + gap + hunk[2]]
        else:
            merged.append(hunk)
    return [{"at": s, "remove": base[s:e], "insert": ins,
             "before": _context(base, s - 1, -1), "after": _context(base, e, 1)}
            for s, e, ins in merged]


def make_proposal(base_text: str, proposed_text: str) -> str:
    """The proposal as serialized patch text (word hunks with whole-word context)."""
    hunks = _hunks(_TOKEN.findall(base_text), _TOKEN.findall(proposed_text))
    return json.dumps({"format": _FORMAT, "hunks": hunks}, ensure_ascii=False)


def _matched(context: list[str], tokens: list[str], edge: int, step: int) -> int:
    """How many context tokens match the text going outwards from edge."""
    n = 0
    ordered = context[::-1] if step < 0 else context
    i = edge
    for token in ordered:
        if not 0 <= i < len(tokens) or _key(tokens[i]) != _key(token):
            break
        n += 1
        i += step
    return n


def _touching(context: list[str], matched: int, step: int) -> bool:
    """Whether the matched part reaches the nearest word (or the text's edge, when none)."""
    ordered = context[::-1] if step < 0 else context
    first_word = next((k for k, t in enumerate(ordered) if _is_word(t)), None)
    return matched == len(ordered) if first_word is None else matched > first_word


def _place(hunk: dict, tokens: list[str], expected: int) -> tuple[int, bool] | None:
    """Where the hunk applies in tokens, and whether its whole context matched there."""
    remove = [_key(t) for t in hunk["remove"]]
    keys = [_key(t) for t in tokens]
    size = len(remove)
    best = None
    for p in range(len(tokens) - size + 1):
        if size and (keys[p] != remove[0] or keys[p:p + size] != remove):
            continue
        before = _matched(hunk["before"], tokens, p - 1, -1)
        after = _matched(hunk["after"], tokens, p + size, 1)
        if not size and (not hunk["before"] and p or not hunk["after"] and p != len(tokens)):
            continue  # an insertion at the start (end) of the text stays there
        touching = _touching(hunk["before"], before, -1) and _touching(hunk["after"], after, 1)
        if not touching:
            continue
        exact = before == len(hunk["before"]) and after == len(hunk["after"])
        score = (exact, before + after, -abs(p - expected))
        if best is None or score > best[0]:
            best = (score, p, exact)
    return None if best is None else (best[1], best[2])


def _already_there(hunk: dict, tokens: list[str]) -> bool:
    wanted = [_key(t) for t in hunk["before"] + hunk["insert"] + hunk["after"]]
    keys = [_key(t) for t in tokens]
    return any(keys[p:p + len(wanted)] == wanted for p in range(len(keys) - len(wanted) + 1))


def apply_patch(patch_text: str, new_text: str) -> RebaseResult:
    """Apply a stored patch (from `make_proposal`) to a newer text."""
    hunks = json.loads(patch_text)["hunks"]
    tokens = _TOKEN.findall(new_text)
    status = CLEAN
    shift = 0
    end = 0  # hunks are placed in order, on the new text as it is (contexts are base words)
    places: list[tuple[int, dict]] = []
    for hunk in hunks:
        place = _place(hunk, tokens, hunk["at"] + shift)
        if place is None or place[0] < end:
            if _already_there(hunk, tokens):
                continue  # the new version already says what this hunk proposed
            return RebaseResult(CONFLICT, None, "", patch_text)
        p, exact = place
        places.append((p, hunk))
        shift = p - hunk["at"]
        end = p + len(hunk["remove"])
        if not exact:
            status = FUZZ
    for p, hunk in reversed(places):
        tokens[p:p + len(hunk["remove"])] = hunk["insert"]
    return RebaseResult(status, "".join(tokens), "", patch_text)


def rebase(base_text: str, proposed_text: str, new_text: str) -> RebaseResult:
    """Re-apply a proposal (proposed_text against base_text) to new_text.

    Onto an untouched unit (new_text == base_text) the result is exactly proposed_text.  When
    the new version already says what was proposed, that is clean too.
    """
    patch = make_proposal(base_text, proposed_text)
    if new_text == base_text:
        return RebaseResult(CLEAN, proposed_text, proposed_text, patch)
    if new_text == proposed_text:
        return RebaseResult(CLEAN, new_text, proposed_text, patch)
    result = apply_patch(patch, new_text)
    result.proposed_text = proposed_text
    return result
