"""Open a regulation from a file path, choosing the reader by extension."""
from __future__ import annotations

from pathlib import Path

from .model import Document, DraftsError, UnreadableDocumentError, UnsupportedFormatError

FORMATS = (".md", ".markdown", ".txt", ".docx", ".pdf")


def read_text_file(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def parse_bytes(data: bytes, filename: str) -> Document:
    """Parse an upload: the web app has bytes and the name the user gave the file."""
    from .docx_io import parse_docx
    from .parse import parse_text
    from .pdf import parse_pdf

    ext = Path(filename).suffix.lower()
    if ext == ".docx":
        return parse_docx(data)
    if ext == ".pdf":
        return parse_pdf(data)
    if ext in (".md", ".markdown", ".txt"):
        if b"\x00" in data[:4096]:
            raise UnreadableDocumentError("Berkas teks ini tampaknya berkas biner.")
        return parse_text(read_text_file(data))
    raise UnsupportedFormatError(f"Format berkas tidak didukung: {ext or '(tanpa ekstensi)'}; "
                                 f"gunakan .md, .txt, .docx atau .pdf.")


def parse_file(path: str | Path) -> Document:
    path = Path(path)
    if path.is_dir():
        raise DraftsError(f"Ini folder, bukan berkas: {path}")
    if path.suffix.lower() not in FORMATS:
        raise UnsupportedFormatError(f"Format berkas tidak didukung: {path.suffix or path.name}; "
                                     f"gunakan .md, .txt, .docx atau .pdf.")
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DraftsError(f"Berkas tidak ditemukan: {path}") from exc
    except (IsADirectoryError, PermissionError) as exc:
        raise DraftsError(f"Berkas tidak dapat dibaca: {path}") from exc
    return parse_bytes(data, path.name)
