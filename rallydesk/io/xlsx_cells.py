"""The cells of the workbook's sheets, written as SpreadsheetML text (docs/workbook.md, Speed).

openpyxl writes every part of the workbook (styles, sheet set-up, print titles and areas,
page breaks, properties) except the sheets' cells: its write-only mode builds an XML element
and a cell object for each of the 350,000 cells of an ``--all-stages`` export, four times the
5 s the export has. Here each row is a string joined from the cells' strings, in the form
openpyxl's write-only mode writes them (the same ``<c>`` elements: inline strings, numbers as
``%.16g``, an empty styled cell as ``<c r s t/>``), and put in place of the empty ``<sheetData>``
openpyxl wrote. Reading stays openpyxl's (the tests read the workbook with it).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]  # openpyxl has no type hints
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]  # openpyxl has no type hints
from openpyxl.utils.exceptions import IllegalCharacterError  # type: ignore[import-untyped]  # openpyxl has no type hints

EMPTY = "<sheetData></sheetData>"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


#: What a cell holds (durations as days).
Value = int | float | str | None


@dataclass
class Row:
    """One worksheet row before it is written: its height and cells (column, value, style: the
    writer's own, turned into an index by the ``style_id`` it gives)."""

    height: float
    cells: list[tuple[int, Value, Any]] = field(default_factory=list)
    merges: list[tuple[int, int]] = field(default_factory=list)
    hidden: bool = False


class Texts:
    """A text as a cell's ``<is>`` element, escaped once however often it is written."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}

    def inline(self, text: str) -> str:
        xml = self.known.get(text)
        if xml is None:
            if ILLEGAL_CHARACTERS_RE.search(text):
                raise IllegalCharacterError(f"{text!r} cannot be used in worksheets.")
            escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            space = ' xml:space="preserve"' if text.strip() != text else ""
            xml = self.known[text] = f"<is><t{space}>{escaped}</t></is>"
        return xml


def sheet_xml(
    rows: Sequence[Row], ncols: int, style_id: Callable[[object], int], texts: Texts
) -> str:
    """``<sheetData>`` with every row, then ``<mergeCells>`` when a row merges cells."""
    letters = [""] + [get_column_letter(j) for j in range(1, ncols + 1)]
    out: list[str] = ["<sheetData>"]
    merges: list[str] = []
    known: dict[int, int] = {}
    add = out.append
    for i, row in enumerate(rows, start=1):
        r = str(i)
        if row.hidden:
            add(f'<row r="{r}" hidden="1">')
        else:
            add(f'<row r="{r}" ht="{row.height:g}" customHeight="1">')
        # a column given twice keeps its last cell, in column order (as a row of cells did)
        cells = {col: (value, style) for col, value, style in row.cells}
        for col in sorted(cells):
            value, style = cells[col]
            s = known.get(id(style))  # the rows keep their styles alive: an id is theirs
            if s is None:
                s = known[id(style)] = style_id(style)
            head = f'<c r="{letters[col]}{r}" s="{s}"'
            if value is None:
                add(head + ' t="n"/>')
            elif isinstance(value, str):
                add(
                    f'{head} t="inlineStr">{texts.inline(value)}</c>'
                    if value
                    else head + ' t="inlineStr"/>'
                )
            else:
                add(f'{head} t="n"><v>{value:.16g}</v></c>')
        add("</row>")
        for first, last in row.merges:
            merges.append(f'<mergeCell ref="{letters[first]}{r}:{letters[last]}{r}"/>')
    add("</sheetData>")
    if merges:
        add(f'<mergeCells count="{len(merges)}">')
        out.extend(merges)
        add("</mergeCells>")
    return "".join(out)


def put_cells(workbook: bytes, cells: dict[str, str]) -> bytes:
    """The workbook openpyxl wrote, each named sheet's empty ``<sheetData>`` replaced by its
    cells (sheet name → :func:`sheet_xml`)."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    paths = _sheet_paths(source.read("xl/_rels/workbook.xml.rels"), source.read("xl/workbook.xml"))
    by_path = {paths[name]: xml for name, xml in cells.items()}
    buffer = io.BytesIO()
    # level 1: the sheets' text is most of the time of a level-6 zip, for a few % of size
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            data = source.read(info)
            xml = by_path.get(info.filename)
            if xml is not None:
                text = data.decode("utf-8")
                if text.count(EMPTY) != 1:
                    raise ValueError(f"{info.filename}: no empty sheetData to fill")
                data = text.replace(EMPTY, xml).encode("utf-8")
            out.writestr(info.filename, data)
    return buffer.getvalue()


def _sheet_paths(relationships: bytes, workbook: bytes) -> dict[str, str]:
    """Sheet name → its part in the zip, as workbook.xml and its relationships say."""
    rels = ElementTree.fromstring(relationships)
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG}Relationship")}
    book = ElementTree.fromstring(workbook)
    paths = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets[sheet.get(f"{_REL}id")]
        paths[sheet.get("name", "")] = re.sub(
            r"^/", "", target if target.startswith("/") else "xl/" + target
        )
    return paths
