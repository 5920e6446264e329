"""Proposals as patches: a proposed wording is kept against its base text and rebased onto newer
versions with diff-match-patch, reporting clean, fuzz or conflict — a proposal is never dropped.
"""
from __future__ import annotations

from dataclasses import dataclass

from diff_match_patch import diff_match_patch

CLEAN, FUZZ, CONFLICT = "clean", "fuzz", "conflict"


@dataclass
class RebaseResult:
    status: str            # "clean" | "fuzz" | "conflict"
    text: str | None       # the proposal applied to the new text; None on conflict
    proposed_text: str = ""  # the proposal as written, always kept so nothing is lost
    patch: str = ""        # the serialized patch (patch_toText)

    @property
    def ok(self) -> bool:
        return self.status != CONFLICT


def _dmp() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 2.0
    return dmp


def make_proposal(base_text: str, proposed_text: str) -> str:
    """The proposal as serialized patch text (diff-match-patch patch_toText)."""
    dmp = _dmp()
    diffs = dmp.diff_main(base_text, proposed_text)
    dmp.diff_cleanupSemantic(diffs)
    return dmp.patch_toText(dmp.patch_make(base_text, diffs))


def apply_patch(patch_text: str, new_text: str) -> RebaseResult:
    """Apply a stored patch (from `make_proposal`) to a newer text."""
    dmp = _dmp()
    patches = dmp.patch_fromText(patch_text)
    if not patches:
        return RebaseResult(CLEAN, new_text, new_text, patch_text)
    result, applied = dmp.patch_apply(patches, new_text)
    if not all(applied):
        return RebaseResult(CONFLICT, None, "", patch_text)
    # Every patch's context found verbatim means nobody touched the words around the change;
    # otherwise the match was approximate and a human should look ("fuzz").
    exact = all(_before(p) in new_text for p in patches)
    return RebaseResult(CLEAN if exact else FUZZ, result, "", patch_text)


def _before(patch) -> str:
    return "".join(text for op, text in patch.diffs if op <= 0)


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
