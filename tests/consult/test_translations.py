"""The English catalogue: complete, and every placeholder kept (a missing %(name)s would crash
or lose information at render time)."""
import re
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parents[2] / "consult/translations/en/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sd]")


def _messages():
    with PO.open("rb") as fh:
        return [m for m in read_po(fh) if m.id]


def _forms(value):
    return [value] if isinstance(value, str) else list(value)


def test_catalogue_has_messages():
    assert len(_messages()) > 100


def test_every_message_is_translated_with_its_placeholders():
    problems = []
    for message in _messages():
        ids, strings = _forms(message.id), _forms(message.string)
        if not all(s.strip() for s in strings) or "fuzzy" in message.flags:
            problems.append(("untranslated", ids[0]))
        elif set(PLACEHOLDER.findall(" ".join(ids))) != set(
                PLACEHOLDER.findall(" ".join(strings))):
            problems.append(("placeholders differ", ids[0]))
    assert problems == []
