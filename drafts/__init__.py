"""Timbang's legal-text engine: parse, align, diff, patch and render Indonesian regulations.

Pure Python on plain data: nothing here imports Flask, SQLAlchemy or the web application.
"""
from .model import (Document, DraftsError, ParseWarning, Unit, UnreadableDocumentError,
                    UnsafeDocumentError, UnsupportedFormatError)
from .parse import parse_text
from .align import assign_keys, align
from .render import anchor, label_path, render_html, render_markdown, unit_heading_text

Warning_ = ParseWarning

__all__ = [
    "Document", "DraftsError", "ParseWarning", "Unit", "UnreadableDocumentError",
    "UnsafeDocumentError", "UnsupportedFormatError", "Warning_", "align", "anchor",
    "assign_keys", "label_path", "parse_text", "render_html", "render_markdown",
    "unit_heading_text",
]
from .diff import BrokenReference, Comparison, UnitDiff, compare, word_diff  # noqa: E402
from .patch import RebaseResult, make_proposal, rebase  # noqa: E402

__all__ += ["BrokenReference", "Comparison", "UnitDiff", "compare", "word_diff",
            "RebaseResult", "make_proposal", "rebase"]
