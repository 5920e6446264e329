"""Timbang's legal-text engine: parse, align, diff, patch and render Indonesian regulations.

Pure Python on plain data: nothing here imports Flask, SQLAlchemy or the web application.
"""
from .align import align, assign_keys, match_sequence
from .amend import AmendmentOp, amendment_ops, apply_amendment, consolidate
from .diff import BrokenReference, Comparison, UnitDiff, broken_references, compare, word_diff
from .docx_io import docx_text, parse_docx, render_docx
from .files import parse_bytes, parse_file, upload_text
from .model import (Document, DraftsError, ParseWarning, Unit, UnreadableDocumentError,
                    UnsafeDocumentError, UnsupportedFormatError)
from .parse import parse_text
from .patch import RebaseResult, apply_patch, make_proposal, rebase
from .pdf import parse_pdf, pdf_text
from .render import anchor, label_path, render_html, render_markdown, unit_heading_text
from .words import structural_diff

Warning_ = ParseWarning  # the name used in the first API sketch

__all__ = [
    "AmendmentOp", "BrokenReference", "Comparison", "Document", "DraftsError", "ParseWarning",
    "RebaseResult", "Unit", "UnitDiff", "UnreadableDocumentError", "UnsafeDocumentError",
    "UnsupportedFormatError", "Warning_", "align", "amendment_ops", "anchor", "apply_amendment",
    "apply_patch", "assign_keys", "broken_references", "compare", "consolidate", "docx_text", "label_path",
    "make_proposal", "match_sequence", "parse_bytes", "upload_text", "parse_docx", "parse_file", "parse_pdf",
    "parse_text", "pdf_text", "rebase", "render_docx", "render_html", "render_markdown",
    "structural_diff", "unit_heading_text", "word_diff",
]
