"""Text of the PDFs RallyDesk draws, read quickly: one line per text run Qt wrote.

pypdf reads every page right but takes about 0.2 s for a page on which Qt places each glyph on
its own; a 185-page export would cost the suite 40 s.  This reader understands only what Qt
writes (BT … /Fn size Tf … <glyph> Tj … ET, ToUnicode maps with ranges) and the tests check it
against pypdf on the same pages.
"""

from __future__ import annotations

import re

import pypdf

_BLOCK = re.compile(rb"BT(.*?)ET", re.S)
_FONT = re.compile(rb"/(\w+) [\d.]+ Tf")
_GLYPH = re.compile(rb"<([0-9A-Fa-f]+)> Tj")
_RANGE_ARRAY = re.compile(r"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)> \[([^\]]*)\]")
_RANGE = re.compile(r"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>")
_CHAR = re.compile(r"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>")


def _unicode(hexes: str) -> str:
    return "".join(chr(int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4))


def _cmap(font) -> dict[int, str]:
    text = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    out: dict[int, str] = {}
    for section in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, _hi, values in _RANGE_ARRAY.findall(section):
            for i, v in enumerate(re.findall(r"<([0-9A-Fa-f]+)>", values)):
                out[int(lo, 16) + i] = _unicode(v)
        for lo, hi, first in _RANGE.findall(re.sub(r"\[[^\]]*\]", "", section)):
            for i in range(int(hi, 16) - int(lo, 16) + 1):
                out[int(lo, 16) + i] = chr(int(first, 16) + i)
    for section in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, v in _CHAR.findall(section):
            out[int(code, 16)] = _unicode(v)
    return out


def page_lines(reader: pypdf.PdfReader) -> list[list[str]]:
    """Every page's text runs, whitespace collapsed."""
    maps: dict[int, dict[int, str]] = {}
    pages = []
    for page in reader.pages:
        fonts = {}
        for name, ref in page["/Resources"]["/Font"].items():
            key = ref.idnum if hasattr(ref, "idnum") else id(ref)
            if key not in maps:
                maps[key] = _cmap(ref.get_object())
            fonts[name.lstrip("/").encode()] = maps[key]
        lines = []
        for block in _BLOCK.findall(page.get_contents().get_data()):
            font = _FONT.search(block)
            cmap = fonts[font.group(1)] if font else {}
            text = "".join(cmap.get(int(g, 16), "?") for g in _GLYPH.findall(block))
            text = " ".join(text.split())
            if text:
                lines.append(text)
        pages.append(lines)
    return pages
