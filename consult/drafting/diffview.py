"""Diffs prepared for the drafter's templates: word diffs as (class, text) spans."""
from consult.compare import comparison as compare_versions
import drafts

_INSERT = {1, "1", "insert", "ins", "+", "added"}
_DELETE = {-1, "-1", "delete", "del", "-", "removed"}


def span_class(op):
    if op in _INSERT:
        return "ins"
    if op in _DELETE:
        return "del"
    return "eq"


def spans(ops):
    """[(op, text)] from drafts → [("ins"|"del"|"eq", text)] for templates."""
    return [(span_class(op), text) for op, text in (ops or [])]


def word_diff(old, new):
    return spans(drafts.word_diff(old or "", new or ""))


def comparison(old_version, new_version):
    """The comparison dict of consult.compare with span classes added to every unit."""
    data = compare_versions(old_version, new_version)
    for unit in data.get("units", []):
        unit["spans"] = spans(unit.get("ops"))
    return data
