"""Text of a scanned PDF read with OCR: each page rasterised (poppler's pdftoppm) and read by
Tesseract with its Indonesian model, one page at a time, with the confidence of each page kept.

It takes minutes for a long act, so the web application runs it in its background worker; the
engine itself stays pure (plain data in, plain data out, system tools through subprocess).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from typing import Callable

from .model import ParseWarning, UnreadableDocumentError
from .pdf import _check

PAGE_TIMEOUT_SECONDS = 180
WEAK_CONFIDENCE = 70  # mean word confidence (0-100) under which a page is marked weak
_PAGES = re.compile(rb"^Pages:\s+(\d+)", re.M)


@dataclass
class OcrPage:
    number: int        # 1-based
    text: str
    confidence: float  # mean confidence of the words Tesseract read, 0-100


def ocr_missing() -> str | None:
    """None when OCR can run here, else what is missing, as a message for the drafter."""
    missing = [tool for tool in ("tesseract", "pdftoppm", "pdfinfo") if not shutil.which(tool)]
    if missing:
        return ("OCR tidak tersedia di server ini (tidak ditemukan: " + ", ".join(missing)
                + "); pasang paket tesseract-ocr, tesseract-ocr-ind dan poppler-utils, atau "
                  "unggah versi .docx atau PDF berteks.")
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                           timeout=30, check=False).stdout.split()
    if "ind" not in langs:
        return ("OCR tidak tersedia di server ini: model bahasa Indonesia Tesseract belum "
                "terpasang (paket tesseract-ocr-ind).")
    return None


def page_count(data: bytes) -> int:
    _check(data)
    proc = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, timeout=60,
                          check=False)
    m = _PAGES.search(proc.stdout)
    if proc.returncode != 0 or m is None:
        raise UnreadableDocumentError("PDF rusak atau terkunci dan tidak dapat dibaca.")
    return int(m.group(1))


def _confidence(tsv: str) -> float:
    """Mean confidence of the words in Tesseract's TSV output (level 5 rows)."""
    values = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) == 12 and cols[0] == "5" and cols[11].strip():
            try:
                conf = float(cols[10])
            except ValueError:
                continue
            if conf >= 0:
                values.append(conf)
    return round(sum(values) / len(values), 1) if values else 0.0


def ocr_page(data: bytes, number: int) -> OcrPage:
    """Read one page (1-based) of a PDF."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in.pdf")
        with open(src, "wb") as fh:
            fh.write(data)
        base = os.path.join(tmp, "page")
        try:
            subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-f", str(number),
                            "-l", str(number), "-singlefile", src, base],
                           capture_output=True, timeout=PAGE_TIMEOUT_SECONDS, check=True)
            subprocess.run(["tesseract", base + ".png", base, "-l", "ind", "--psm", "6",
                            "txt", "tsv"], capture_output=True,
                           timeout=PAGE_TIMEOUT_SECONDS, check=True)
        except (subprocess.TimeoutExpired, subprocess.CalledProcessError) as exc:
            raise UnreadableDocumentError(f"Halaman {number} tidak dapat dibaca dengan OCR.") \
                from exc
        with open(base + ".txt", encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        with open(base + ".tsv", encoding="utf-8", errors="replace") as fh:
            confidence = _confidence(fh.read())
    return OcrPage(number, text.rstrip("\f\n"), confidence)


def ocr_pdf(data: bytes, on_page: Callable[[OcrPage, int], None] | None = None) -> list[OcrPage]:
    """Every page read with OCR, in order; on_page(page, total) after each one (progress)."""
    problem = ocr_missing()
    if problem:
        raise UnreadableDocumentError(problem)
    total = page_count(data)
    pages = []
    for number in range(1, total + 1):
        page = ocr_page(data, number)
        pages.append(page)
        if on_page is not None:
            on_page(page, total)
    return pages


def ocr_text(pages: list[OcrPage]) -> tuple[str, list[ParseWarning]]:
    """The pages as one text (form feeds between pages, as pdftotext gives) and a warning on
    the first line of every weak page."""
    text = "\n\f".join(p.text for p in pages)
    warnings = []
    line = 1
    for page in pages:
        if page.confidence < WEAK_CONFIDENCE:
            warnings.append(ParseWarning(line, f"Halaman {page.number} hasil OCR lemah "
                                               f"(keyakinan {page.confidence:.0f}%): periksa "
                                               f"teksnya dengan teliti"))
        line += page.text.count("\n") + 1
    return text, warnings
