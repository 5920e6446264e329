"""Open a regulation from a file path, choosing the reader by extension."""
from __future__ import annotations

from pathlib import Path

from .docx_io import docx_text
from .model import Document, DraftsError, UnreadableDocumentError, UnsupportedFormatError
from .parse import parse_text
from .pdf import pdf_text

FORMATS = (".md", ".markdown", ".txt", ".docx", ".pdf")


def sniff(data: bytes) -> str:
    """What the first bytes say a file is: 'zip', 'pdf', 'binary' or 'text'."""
    head = data[:1024]
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if b"\x00" in head:
        return "binary"
    return "text"


def read_text_file(data: bytes) -> str:
    """Plain text as Indonesian offices save it: UTF-8 (with or without BOM) or Windows-1252."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocumentError("Teks berkas tidak dapat dibaca (pengodean tidak dikenal). "
                                  "Simpan sebagai UTF-8 lalu unggah lagi.")


def file_format(filename: str) -> str:
    """The extension that chooses the reader; UnsupportedFormatError for any other."""
    ext = Path(filename or "").suffix.lower()
    if ext not in FORMATS:
        raise UnsupportedFormatError("Jenis berkas tidak didukung. Unggah berkas .docx, .pdf, "
                                     ".md atau .txt.")
    return ext


def upload_text(data: bytes, filename: str) -> str:
    """The text of a file, by the one set of rules every way in uses (the command line's files,
    the web app's uploads): the extension chooses the reader, the first bytes must agree with
    it, plain text is decoded by read_text_file. A PDF without a text layer raises
    NoTextLayerError (the web app reads it with OCR)."""
    ext = file_format(filename)
    if not data:
        raise UnreadableDocumentError("Berkas kosong.")
    kind = sniff(data)
    if ext == ".docx":
        if kind != "zip":
            raise UnreadableDocumentError("Berkas ini bukan dokumen Word (.docx) yang sah. Simpan "
                                          "ulang dokumen sebagai .docx lalu unggah lagi.")
        return docx_text(data)
    if ext == ".pdf":
        if kind != "pdf":
            raise UnreadableDocumentError("Berkas ini bukan PDF yang sah.")
        return pdf_text(data)
    if kind != "text":
        raise UnreadableDocumentError("Berkas teks ini berisi data biner, bukan teks. Periksa "
                                      "jenis berkasnya.")
    return read_text_file(data)


def parse_bytes(data: bytes, filename: str) -> Document:
    """Parse an upload: the web app has bytes and the name the user gave the file."""
    return parse_text(upload_text(data, filename))


def parse_file(path: str | Path) -> Document:
    path = Path(path)
    if path.is_dir():
        raise DraftsError(f"Ini folder, bukan berkas: {path}")
    file_format(path.name)  # refused before reading, with the one message
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DraftsError(f"Berkas tidak ditemukan: {path}") from exc
    except (IsADirectoryError, PermissionError) as exc:
        raise DraftsError(f"Berkas tidak dapat dibaca: {path}") from exc
    return parse_bytes(data, path.name)
