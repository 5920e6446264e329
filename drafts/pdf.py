"""Text out of a PDF: `pdftotext -layout` (poppler) when installed, pypdf otherwise.

pdftotext keeps the layout the parser's cleaning was tuned on (form feeds between pages, centred
headings); pypdf is the pure-Python fallback so the engine works without system packages.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile

from .model import Document, UnreadableDocumentError


class NoTextLayerError(UnreadableDocumentError):
    """A PDF with no text to extract: a scan, to be read with OCR (drafts.ocr)."""

MAX_PDF_BYTES = 80 * 1024 * 1024
TIMEOUT_SECONDS = 60


def _check(data: bytes) -> None:
    if len(data) > MAX_PDF_BYTES:
        raise UnreadableDocumentError("Berkas PDF terlalu besar.")
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise UnreadableDocumentError("Berkas bukan PDF yang sah.")


def pdftotext_available() -> bool:
    return shutil.which("pdftotext") is not None


def text_with_pdftotext(data: bytes) -> str:
    _check(data)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in.pdf")
        with open(src, "wb") as fh:
            fh.write(data)
        try:
            proc = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", src, "-"],
                                  capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as exc:
            raise UnreadableDocumentError("PDF terlalu lama diproses.") from exc
    if proc.returncode != 0:
        raise UnreadableDocumentError("PDF rusak atau terkunci dan tidak dapat dibaca.")
    return proc.stdout.decode("utf-8", "replace")


def text_with_pypdf(data: bytes) -> str:
    _check(data)
    try:
        from pypdf import PdfReader
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocumentError("PDF terkunci kata sandi.")
        pages = []
        for page in reader.pages:
            try:
                pages.append(page.extract_text(extraction_mode="layout"))
            except Exception:  # layout mode chokes on some fonts; plain mode rarely does
                pages.append(page.extract_text() or "")
    except UnreadableDocumentError:
        raise
    except Exception as exc:  # pypdf raises a zoo of errors on damaged files
        raise UnreadableDocumentError("PDF rusak dan tidak dapat dibaca.") from exc
    return "\f".join(pages)


def pdf_text(data: bytes, prefer_pdftotext: bool = True) -> str:
    """Extracted text with form feeds between pages; raises if the PDF holds no text at all."""
    if prefer_pdftotext and pdftotext_available():
        text = text_with_pdftotext(data)
    else:
        text = text_with_pypdf(data)
    if len(text.replace("\f", "").strip()) < 20:
        raise NoTextLayerError("PDF tidak memuat teks (mungkin hasil pindaian); "
                               "unggah versi .docx atau PDF hasil ekspor.")
    return text


def parse_pdf(data: bytes, prefer_pdftotext: bool = True) -> Document:
    from .parse import parse_text
    return parse_text(pdf_text(data, prefer_pdftotext))
