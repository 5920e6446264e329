"""Turn raw text (typed, or extracted from PDF/DOCX) into clean numbered lines for the parser.

Real texts carry page numbers, repeated footers, stamps, hyphenation, runs of spaces and OCR
damage.  Everything here is a *repair* that keeps the original line number, so the parser's
warnings still point at the line a drafter can find in the source.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass


@dataclass
class Line:
    no: int          # 1-based line number in the input
    text: str        # cleaned text, single-spaced, no Markdown decoration
    raw: str         # the line as it was (right-stripped), kept for Lampiran tables
    indent: int = 0  # leading spaces in the raw line (layout text only)
    inline: bool = False  # a segment split off the middle of a line at a structural marker
    page_break: bool = False  # first line after a form feed
    split: bool = False  # the line was cut into several pieces
    after_blank: bool = False  # preceded by a blank line, a page break or dropped page furniture


# Lone page numbers in the styles seen in real texts: "2", "-2-", "- 22 -", "_ 10_", "Hal. 3".
_PAGE_NUMBER = re.compile(r"^[\s\-_–—.]*(?:hal(?:aman)?\.?\s*)?\d{1,4}[\s\-_–—]*$", re.I)
_INLINE_PAGE_NUMBER = re.compile(r"(?<!\S)_\s?\d{1,4}\s?_(?!\S)")
_STAMPS = re.compile(
    r"^(salinan|salinan sesuai dengan aslinya|sesuai dengan aslinya|draft|draf|rancangan|"
    r"konsep|mengetahui sesuai dengan aslinya,?|scanned (?:with|by) \w+|"
    # the Cabinet Secretariat's serial printed at the foot of every page of a national act
    r"sk\s?no\.?\s?\d{5,7}\s?[a-z]?|"
    r"(?:https?://)?(?:www\.)?(?:jdih\.)?[a-z0-9.-]+\.(?:go\.id|id|com|org)(?:/\S*)?)$",
    re.I,
)
# A stamp either has no space (a URL) or starts with one of these (cheap test before _STAMPS).
_STAMP_STARTS = frozenset(("sali", "sesu", "draf", "ranc", "kons", "meng", "scan", "sk n", "sk.n",
                           "skno"))
_FRONT_MATTER = re.compile(r"^#\s+[a-z][a-z ]{1,24}:\s")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_QUOTE = re.compile(r"^\s*>\s?")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+(?=\S)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
# The catchword at a page foot written with an ellipsis: the next page's first words, a unit
# marker and a word or number ("Pasal 15 . . .", "BABIII ...", "(2) PPATK. . .", "e. pengelolaan
# . . ."), alone on its line or after the last sentence of the page ("... impor. Pasal 11…").
# A placeholder with no word ("(2) ...", "NOMOR ... TAHUN") is a draft's, not a catchword.
_ELLIPSIS = r"\s?(?:\u2026|\.\s?\.\s?\.)\s*$"
_CATCHWORD = re.compile(r"^(?:Pas\S{0,3}\s*\d{1,3}[A-Z]?|BAB\s?[IVXLC]+|\(\d{1,2}\)\s?\w[\w-]*|"
                        r"[a-z]\.\s\w+|\d{1,2}\.\s[\w-]+|Bagian|Paragraf)" + _ELLIPSIS)
_CATCHWORD_TAIL = re.compile(r"(?<=[.;:])\s+(?:Pasal\s+\d{1,3}[A-Z]?|BAB\s?[IVXLC]+)" + _ELLIPSIS)
_ONLY_PUNCT = re.compile(r"^[\W_]+$")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")

# OCR repairs.  They only touch tokens that cannot be legitimate words.
# No "T" here: whether "PasalT2" is Pasal 72 or Pasal 2 only the numbering can tell
# (headings.recognise_headings decides it).
_PASAL_OCR = re.compile(r"\bPasa[lIiJ1t]\s*([0-9OoIil|]*[0-9][0-9OoIil|]*)([A-Z]?)\b")
_DIGITISH = str.maketrans({"O": "0", "o": "0", "I": "1", "i": "1", "l": "1", "|": "1", "T": "7"})
_AYAT_OCR = re.compile(r"\(([0-9l]{1,2}[a-z]?)[1l](?=[\s,.;:]|$)")
_AYAT_L = re.compile(r"\(l([a-z]?)\)")
_YEAR_OCR = re.compile(r"(?<![\w.,/])([0-9][0-9OolI]{1,3})(?![\w])")
# A digit next to O, o, l or I.  Written with one leading class (same meaning as
# r"\d[OolI]|[OolI]\d") because the regex engine scans a leading class much faster.
_HAS_DIGIT_LETTER = re.compile(r"[\dOolI](?:(?<=\d)[OolI]|(?<=[OolI])\d)")
_BANG_I = re.compile(r"(?<![\w!])!(?=[a-z]{3})")
_BAGIAN_OCR = re.compile(r"\bBa[gq][il1r]an(?=\s+Ke[a-z])")
_HYPHEN_SPACE = re.compile(r"(?<=[A-Za-z])- (?=[A-Za-z])")


def _fix_number(m: re.Match) -> str:
    token = m.group(1)
    # "2O11", "2Ol9", "3O": a digit run with letters that only OCR puts there.
    if token.isdigit():
        return token
    return token.translate(_DIGITISH)


def repair_ocr(text: str) -> str:
    """Fix the OCR damage that breaks structure: "PasalT2", "Pasai 12", "(21", "(l)", "2O11", "^"."""
    # Each repair is guarded by a cheap substring test: most lines need none of them.
    if "^" in text:
        text = text.replace("^", "")
    if "Pasa" in text:
        text = _PASAL_OCR.sub(lambda m: f"Pasal {m.group(1).translate(_DIGITISH)}{m.group(2)}",
                              text)
    if "(" in text:
        text = _AYAT_L.sub(lambda m: f"(1{m.group(1)})", text)
        text = _AYAT_OCR.sub(lambda m: f"({m.group(1).replace('l', '1')})", text)
    if _HAS_DIGIT_LETTER.search(text):
        text = _YEAR_OCR.sub(_fix_number, text)
    if "!" in text:
        text = _BANG_I.sub("I", text)
    if "Ba" in text:
        text = _BAGIAN_OCR.sub("Bagian", text)
    return text


def strip_markdown(text: str) -> str:
    if text[:1] not in "#>-*+" and "**" not in text and "__" not in text and "\\" not in text:
        return text
    text = _MD_HEADING.sub("", text)
    text = _MD_QUOTE.sub("", text)
    if not _PAGE_NUMBER.match(text):
        text = _MD_BULLET.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    return text.rstrip("\\ ")


def normalise(text: str) -> str:
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
    if "  " in text or "\t" in text or not text.isascii():
        text = _SPACES.sub(" ", text)
    return text.strip()


# Short upper-case words at page edges that are structure, not a running head.
_KEEP_SHORT = frozenset(("MEMUTUSKAN:", "MEMUTUSKAN", "PENJELASAN", "LAMPIRAN"))


def _boilerplate(pages: list[list[str]]) -> set[str]:
    """Lines repeated at the edges of many pages: running headers, footers, e-signature notices.

    A footer repeated inside running text (127 times in one corpus file) is recognised because it
    sits at a page edge on most pages; a legal phrase that merely recurs does not.
    """
    if len(pages) < 3:
        pages = _pages_by_number(pages[0])
    if len(pages) < 3:
        # No page structure (typed text): only very long lines repeated many times qualify.
        # normalise never lengthens a line, so shorter raw lines cannot qualify.
        counts = Counter(normalise(l) for page in pages for l in page if len(l) >= 60)
        return {l for l, n in counts.items() if n >= 5 and len(l) >= 60}
    edge = Counter()
    for page in pages:
        for l in _edges(page):
            edge[l] += 1
    threshold = max(3, len(pages) // 3)
    return {l for l, n in edge.items() if n >= threshold and not _PAGE_NUMBER.match(l) and (
        len(l) >= 15 or l.isupper() and " " not in l and len(l) >= 8 and l not in _KEEP_SHORT)}


def _pages_by_number(lines: list[str]) -> list[list[str]]:
    """A text that lost its page breaks but kept its page numbers ("-3-", "- 11 -") between the
    pages: split it there, so that the running head repeated on each page can be found."""
    pages: list[list[str]] = [[]]
    for l in lines:
        if _PAGE_NUMBER.match(l) and "-" in l:
            pages.append([])
        pages[-1].append(l)
    return pages if len(pages) >= 4 else [lines]


def _edges(page: list[str], n: int = 4) -> set[str]:
    """The first and last n non-blank lines of a page, normalised (the rest is never looked at)."""
    head: list[str] = []
    for l in page:
        l = normalise(l)
        if l:
            head.append(l)
            if len(head) == n:
                break
    tail: list[str] = []
    for l in reversed(page):
        l = normalise(l)
        if l:
            tail.append(l)
            if len(tail) == n:
                break
    return set(head + tail)


def clean_lines(raw_text: str) -> list[Line]:
    """The cleaned, non-blank lines of a text, each with its original line number."""
    raw_text = raw_text.replace("\r\n", "\n").replace("\r", "\n")
    raw_lines = raw_text.split("\n")
    # Front matter ("# source: ...") at the very top is metadata, not regulation text.
    start = 0
    while start < len(raw_lines) and (_FRONT_MATTER.match(raw_lines[start])
                                      or not raw_lines[start].strip()):
        start += 1
    pages: list[list[str]] = [[]]
    for line in raw_lines[start:]:
        parts = line.split("\f")
        pages[-1].append(parts[0])
        for part in parts[1:]:
            pages.append([part])
    boiler = _boilerplate(pages)

    out: list[Line] = []
    page_break = False
    blank = True
    for idx in range(start, len(raw_lines)):
        raw = raw_lines[idx]
        if "\f" in raw:
            page_break = True
            raw = raw.replace("\f", "")
        raw = raw.rstrip()
        text = normalise(raw)
        if not text:
            blank = True
            continue
        if text in boiler or _PAGE_NUMBER.match(text) or (
                (" " not in text or text[:4].lower() in _STAMP_STARTS) and _STAMPS.match(text)):
            continue
        text = strip_markdown(text)
        if "_" in text:
            text = _INLINE_PAGE_NUMBER.sub(" ", text)
        text = normalise(repair_ocr(text))
        if "- " in text:
            text = _HYPHEN_SPACE.sub("-", text)
        if text[-1:] in ".\u2026" and ("\u2026" in text or ". ." in text or "..." in text):
            text = _CATCHWORD_TAIL.sub("", text)
            if _CATCHWORD.match(text):
                continue
        if not text or _ONLY_PUNCT.match(text):
            continue
        if "\t" in raw:
            raw_x = raw.expandtabs(4)
            indent = len(raw_x) - len(raw_x.lstrip())
        else:
            indent = len(raw) - len(raw.lstrip())
        out.append(Line(idx + 1, text, raw, indent, page_break=page_break, after_blank=blank))
        page_break = False
        blank = False
    return _drop_catchwords(out)


def _drop_catchwords(lines: list[Line]) -> list[Line]:
    """Drop the catchword at the foot of a page: the next page's first words ("Pasal 1"),
    printed once more so a reader knows how the next page begins."""
    drop = [i for i in range(len(lines) - 1)
            if lines[i + 1].page_break and len(lines[i].text) <= 30
            and lines[i + 1].text.startswith(lines[i].text)
            and (len(lines[i + 1].text) == len(lines[i].text)
                 or not lines[i + 1].text[len(lines[i].text)].isalnum())]
    if not drop:
        return lines
    for i in drop:
        lines[i + 1].after_blank = lines[i + 1].after_blank or lines[i].after_blank
    dropped = set(drop)
    return [l for i, l in enumerate(lines) if i not in dropped]


def join_text(parts: list[str]) -> str:
    """Join wrapped lines into one paragraph, undoing line-end hyphenation.

    Indonesian legal texts break lines inside reduplicated and compound words ("perundang-\\n
    undangan", "tanda-\\ntanda"), so the hyphen is kept and only the line break removed.
    """
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not out:
            out = part
        elif out.endswith("-") and part[:1].isalpha() and not out.endswith(" -"):
            out += part
        else:
            out += " " + part
    return out


def dedent_block(parts: list[str]) -> str:
    """Lines of a verbatim block (a Lampiran table) without their common indentation."""
    lines = [p.rstrip() for p in parts if p.strip()]
    if not lines:
        return ""
    cut = min(len(l) - len(l.lstrip()) for l in lines)
    return "\n".join(l[cut:] for l in lines)
