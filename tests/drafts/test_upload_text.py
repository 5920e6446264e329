"""One set of rules for reading a file (issue 13): the engine's upload_text decides type, the
agreement of the first bytes with the extension, and the decoding, for the command line
(parse_file) and the web app (consult.drafting.services.parse_upload) alike."""
import pytest

import drafts
from drafts.files import sniff
from drafts.model import UnreadableDocumentError, UnsupportedFormatError

REFUSED = [
    ("rancangan.exe", b"MZ\x90\x00", UnsupportedFormatError, "Jenis berkas tidak didukung"),
    ("rancangan.txt", b"", UnreadableDocumentError, "Berkas kosong"),
    ("rancangan.docx", b"Pasal 1\nIni sebenarnya teks.", UnreadableDocumentError,
     "bukan dokumen Word (.docx) yang sah"),
    ("rancangan.pdf", b"<html>bukan pdf</html>", UnreadableDocumentError, "bukan PDF yang sah"),
    ("rancangan.txt", b"\x00\x01\x02binary\x00", UnreadableDocumentError, "data biner"),
    ("rancangan.md", "Pasal 1\n".encode() + b"\x81\x8d", UnreadableDocumentError,
     "pengodean tidak dikenal"),
]


@pytest.mark.parametrize("name, data, error, message", REFUSED)
def test_the_engine_refuses_a_file_once_with_one_message(name, data, error, message):
    with pytest.raises(error) as refused:
        drafts.upload_text(data, name)
    assert message in refused.value.message


@pytest.mark.parametrize("name, data, error, message", REFUSED)
def test_the_command_line_refuses_the_same_files(tmp_path, name, data, error, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(drafts.DraftsError):
        drafts.parse_file(path)


@pytest.mark.parametrize("data, encoding", [("Pasal 1\nMedia daring\n", "utf-8-sig"),
                                            ("Pasal 1\nMedia “daring”\n", "cp1252"),
                                            ("Pasal 1\nMedia daring\n", "utf-8")])
def test_text_is_read_as_offices_save_it(data, encoding):
    assert drafts.upload_text(data.encode(encoding), "rancangan.txt") == data


def test_the_first_bytes_say_what_a_file_is():
    assert sniff(b"PK\x03\x04rest") == "zip"
    assert sniff(b"  %PDF-1.7") == "pdf"
    assert sniff(b"ab\x00cd") == "binary"
    assert sniff("Pasal 1".encode()) == "text"


def test_parse_bytes_is_parse_text_of_the_upload_text():
    data = "Pasal 1\nKetentuan umum.\n\nPasal 2\nRuang lingkup.\n".encode()
    assert drafts.parse_bytes(data, "r.md").to_dict() == drafts.parse_text(
        drafts.upload_text(data, "r.md")).to_dict()
