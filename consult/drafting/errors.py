"""The errors of the drafting area: what a drafting action refuses, and why."""
from consult.errors import Conflict, TimbangError


class ScannedPdfError(Exception):
    """An uploaded PDF without a text layer: it is read with OCR in the background."""


class DraftingError(TimbangError):
    """Bad input for a drafting action; `message` is shown to the drafter as is."""


class ConflictError(DraftingError, Conflict):
    """A save based on a stale revision of a draft. Carries what is stored now."""

    def __init__(self, message, version, stored_text, submitted_text):
        super().__init__(message)
        self.version = version
        self.stored_text = stored_text
        self.submitted_text = submitted_text
