"""The cells written as text (io/xlsx_cells.py) read back with openpyxl as openpyxl wrote them."""

import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import IllegalCharacterError

from rallydesk.io.xlsx_cells import Row, Texts, put_cells, sheet_xml

BOLD = Font(bold=True)


def _workbook(rows: list[Row]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("S01 Cars")
    other = wb.create_sheet("O'Brien & co")  # a name to quote, a sheet left as openpyxl wrote it
    other.append(["kept"])
    ids: dict[int, int] = {}

    def style_id(style: object) -> int:
        if id(style) not in ids:
            cell = WriteOnlyCell(ws, None)
            cell.font = style
            ids[id(style)] = wb._cell_styles.add(cell._style)
        return ids[id(style)]

    xml = sheet_xml(rows, 3, style_id, Texts())
    buffer = io.BytesIO()
    wb.save(buffer)
    return put_cells(buffer.getvalue(), {"S01 Cars": xml})


def test_values_types_styles_heights_and_merges_read_back():
    rows = [
        Row(20.0, [(1, "Event & <Rally>", BOLD)], merges=[(1, 3)]),
        Row(13.0, [(3, 0.5, BOLD), (1, 4, BOLD), (2, "=1+1", BOLD)]),  # any order of columns
        Row(13.0, [(1, "  two\nlines ", BOLD), (2, None, BOLD), (3, "", BOLD)]),
        Row(0.0, [(1, "hidden", BOLD)], hidden=True),
    ]
    wb = load_workbook(io.BytesIO(_workbook(rows)))
    ws = wb["S01 Cars"]
    assert ws["A1"].value == "Event & <Rally>" and ws["A1"].font.b
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:C1"]
    assert (ws["A2"].value, ws["B2"].value, ws["C2"].value) == (4, "=1+1", 0.5)
    assert ws["B2"].data_type == "s"  # a text is never a formula
    assert ws["A3"].value == "  two\nlines "  # spaces kept
    assert ws["B3"].value is None and ws["B3"].font.b  # an empty cell keeps its style
    assert ws.row_dimensions[1].height == 20 and ws.row_dimensions[4].hidden
    assert wb["O'Brien & co"]["A1"].value == "kept"


def test_a_character_a_worksheet_cannot_hold_is_refused_as_openpyxl_refuses_it():
    with pytest.raises(IllegalCharacterError):
        sheet_xml([Row(13.0, [(1, "bell\x07", BOLD)])], 1, lambda s: 0, Texts())
