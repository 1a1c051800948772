"""The classification workbook read back with openpyxl equals the engine, row by row."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rallydesk.cli import main
from rallydesk.domain.classification import classify
from rallydesk.generate import write_generated
from rallydesk.io.excel import CONTINUED, counted_adjustments, number_format, sheet_plan
from rallydesk.io.sheet_text import say
from rallydesk.services import Event

DAY_MS = 86_400_000


def ms(value) -> int:
    """A duration cell back to milliseconds: openpyxl reads [h]:mm:ss cells as timedelta."""
    if isinstance(value, timedelta):
        return round(value / timedelta(milliseconds=1))
    return round(value * DAY_MS)


def classifications(wb) -> list:
    """The classification sheets, without the continuation sheets that print their last pages."""
    return [ws for ws in wb.worksheets if not ws.title.endswith(CONTINUED)]


def header_row(ws) -> int:
    for row in ws.iter_rows(min_row=1, max_row=12):
        if row[0].value == "Pos":
            return row[0].row
    raise AssertionError(f"{ws.title}: no header row starting with 'Pos'")


LIST_TITLES = {
    say(k, lang)
    for lang in ("en", "fr", "en+fr")
    for k in (
        "Did not start or finish",
        "Without nominal time",
        "Withdrawn on stage",
        "Withdrawn overall",
        "Experience on stage",
        "Experience overall",
    )
}


def read_sheet(ws) -> tuple[list[str], list[dict], list[tuple]]:
    """Columns, classified rows (cells by column), and every entry listed below the table."""
    h = header_row(ws)
    cols = [c.value for c in ws[h] if c.value is not None]
    rows = []
    r = h + 1
    while isinstance(ws.cell(r, 1).value, int):
        rows.append({col: ws.cell(r, j + 1) for j, col in enumerate(cols)})
        r += 1
    # the lists below: each block is a title row, its header row, then one row per entry
    listed = []
    while r <= ws.max_row:
        if ws.cell(r, 1).value in LIST_TITLES:
            r += 2
            while isinstance(ws.cell(r, 2).value, int):
                listed.append((ws.cell(r, 2).value, ws.cell(r, 7).value, ws.cell(r, 9).value))
                r += 1
        r += 1
    return cols, rows, listed


def missing_text(ws) -> str:
    titles = {say("Time missing", lang) for lang in ("en", "fr", "en+fr")}
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, 1).value in titles:
            return ws.cell(r + 1, 2).value
    return ""


def assert_sheet_equals_engine(
    ws, event: Event, stage: int, overall: bool, category: str, group: str | None
):
    c = classify(event.data, stage, overall, group, category)
    cols, rows, listed = read_sheet(ws)
    expected_cols = [
        "Pos",
        "No",
        "Crew",
        "Team",
        "Vehicle",
        "Class",
        "Time",
        "N",
        "Penalty",
        "Gap",
        "Diff",
    ]
    if group is not None:
        expected_cols.append("Cat. pos")
    if overall:
        expected_cols.append("Change")
    assert cols == expected_cols, ws.title
    assert len(rows) == len(c.rows), ws.title
    style = event.data.settings.time_style
    for got, want in zip(rows, c.rows, strict=True):
        assert got["Pos"].value == want.position and got["No"].value == want.number
        assert ms(got["Time"].value) == want.time_ms
        assert got["Time"].number_format == number_format("time", c.precision_ms, style)
        assert "[h]" in got["Time"].number_format  # an elapsed duration, past 24 h too
        assert ms(got["Penalty"].value or 0) == want.penalty_ms
        assert ms(got["Gap"].value) == want.gap_ms and ms(got["Diff"].value) == want.diff_ms
        assert (got["N"].value == "N") == want.nominal
        if group is not None:
            assert got["Cat. pos"].value == want.category_position
        if overall:
            assert got["Change"].value == want.change
        entry = event.data.entry(want.number)
        assert got["Class"].value == entry.class_code
    # time missing is no status; a stage sheet lists that stage's withdrawals only (docs/rules.md §3)
    expected = [
        (n.number, n.status, n.stage)
        for n in c.not_classified
        if n.status != "NT" and (overall or n.stage == stage)
    ]
    assert sorted(listed) == sorted(expected), ws.title
    for n in c.not_classified:
        if n.status == "NT":
            assert f"{n.number} ({n.stage})" in missing_text(ws), ws.title


def check_workbook(path: Path, event: Event, stage: int) -> int:
    wb = load_workbook(path)
    plan = sheet_plan(event.data, stage, all_stages=False)
    sheets = classifications(wb)
    assert len(sheets) == len(plan)
    for ws, (s, overall, cat, group) in zip(sheets, plan, strict=True):
        assert len(ws.title) <= 31
        assert_sheet_equals_engine(ws, event, s, overall, cat, group)
    return len(plan)


def test_dakar_cars_stage_10(dakar_cars, tmp_path):
    out = dakar_cars.export_workbook(tmp_path / "s10.xlsx", stage=10)
    wb = load_workbook(out)
    assert [ws.title for ws in classifications(wb)] == [
        "S10 Cars",
        "S10 Cars overall",
        "S10 T1",
        "S10 T1 overall",
        "S10 T2",
        "S10 T2 overall",
    ]
    assert check_workbook(out, dakar_cars, 10) == 6


def test_generated_event_every_sheet(tmp_path):
    path = tmp_path / "gen.rallydesk"
    write_generated(path, 120, 6, seed=11)
    with Event.open(path, readonly=True) as ev:
        out = ev.export_workbook(tmp_path / "g.xlsx", stage=5)
        n = check_workbook(out, ev, 5)
    # 3 categories, 5 classes, 2 cups; Trucks has one class (T5): its sheets would repeat the category's
    assert n == 2 * (3 + 4 + 2)


def test_prologue_tenths_format(dakar_cars, tmp_path):
    out = dakar_cars.export_workbook(tmp_path / "s0.xlsx", stage=0)
    ws = load_workbook(out)["S00 Cars"]
    h = header_row(ws)
    # the Dakar time style; the tenth after the seconds' point, where a number format can put it
    assert ws.cell(h + 1, 7).number_format == (
        '[<0.04166666][m]"\' "ss.0"\'\'";[h]"h" mm"\' "ss.0"\'\'"'
    )
    assert ms(ws.cell(h + 1, 7).value) == 648_700  # Ekström 10' 48.7''


def test_print_setup(dakar_cars, tmp_path):
    ws = load_workbook(dakar_cars.export_workbook(tmp_path / "p.xlsx", stage=5))["S05 Cars overall"]
    h = header_row(ws)
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows.endswith(f"${h}")
    assert ws.freeze_panes == f"A{h + 1}"
    assert re.fullmatch(r"Page &P of \d+", ws.oddFooter.center.text)  # counted by us
    assert "J" in ws.oddFooter.right.text  # the data digest
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "LIVE – NOT PUBLISHED" in texts
    assert any("Overall after stage 5" in t for t in texts)
    assert any(t.startswith("Timekeeper") for t in texts) and any(
        t.startswith("Clerk of the course") for t in texts
    )


def test_penalties_section_lists_counted_adjustments(dakar_cars, tmp_path):
    ws = load_workbook(dakar_cars.export_workbook(tmp_path / "p.xlsx", stage=10))[
        "S10 Cars overall"
    ]
    c = classify(dakar_cars.data, 10, True, None, "CAR")
    expected = counted_adjustments(dakar_cars.data, c)
    # Sainz 1, 5, 9, 10; Ekström 1; Al-Attiyah 5, 10 (the others penalised are not classified)
    assert [(a.number, a.stage) for a in expected] == [
        (225, 1),
        (226, 1),
        (225, 5),
        (299, 5),
        (225, 9),
        (225, 10),
        (299, 10),
    ]
    start = next(
        r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("Penalties")
    )
    got = []
    r = start + 2
    while isinstance(ws.cell(r, 2).value, int):
        got.append(
            (ws.cell(r, 2).value, ws.cell(r, 7).value, ms(ws.cell(r, 9).value), ws.cell(r, 4).value)
        )
        r += 1
    assert got == [(a.number, a.stage, a.amount_ms, a.reason) for a in expected]


@pytest.mark.parametrize(
    "language,title",
    [
        ("fr", "Classement général après l'étape 5"),
        ("en+fr", "Overall after stage 5 / Classement général après l'étape 5"),
    ],
)
def test_french_and_bilingual(dakar_cars, tmp_path, language, title):
    dakar_cars.update_settings(language=language)
    ws = load_workbook(dakar_cars.export_workbook(tmp_path / "f.xlsx", stage=5))["S05 Cars overall"]
    h = header_row(ws)
    assert ws.cell(h, 1).value == "Pos"  # docs/workbook.md: the header row's first cell
    if language == "fr":
        assert ws.cell(h - 1, 1).value == "Clt" and ws.cell(h - 1, 7).value == "Temps"
    else:  # English first, as in the PDF: "Time / Temps" (issue 24, item 7)
        assert ws.cell(h, 7).number_format == '@" / Temps"'
        assert ws.cell(h - 1, 1).value != "Clt"
    texts = [c.value for row in ws.iter_rows(max_row=5) for c in row if isinstance(c.value, str)]
    assert any(title in t for t in texts)
    assert_sheet_equals_engine(ws, dakar_cars, 5, True, "CAR", None)


def test_all_stages_one_workbook(dakar_cars, tmp_path):
    out = dakar_cars.export_workbook(tmp_path / "all.xlsx", stage=13, all_stages=True)
    wb = load_workbook(out)
    assert "S13 Cars overall" in wb.sheetnames and "S01 T2 overall" in wb.sheetnames
    # the overall after every stage; the last stage's stage classifications too (issue 24, item 6)
    assert all(
        ws.title.endswith("overall") or ws.title.startswith("S13") for ws in classifications(wb)
    )
    assert "S13 Cars" in wb.sheetnames and "S12 Cars" not in wb.sheetnames
    assert_sheet_equals_engine(wb["S13 Cars"], dakar_cars, 13, False, "CAR", None)
    assert_sheet_equals_engine(wb["S07 T1 overall"], dakar_cars, 7, True, "CAR", "T1")


def test_cli_export(dakar_cars, tmp_path, capsys):
    path = dakar_cars.path
    dakar_cars.close()
    out = tmp_path / "cli.xlsx"
    assert main(["export", str(path), str(out)]) == 0  # default: the latest stage with results
    assert load_workbook(out).sheetnames[0] == "S13 Cars"
    assert main(["export", str(path), str(tmp_path / "missing" / "x.xlsx"), "--stage", "3"]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err
    assert main(["export", str(path), str(tmp_path / "x.xlsx"), "--stage", "77"]) == 1
    assert "stage 77 does not exist" in capsys.readouterr().err
    dakar_cars.store = type(dakar_cars.store).open(str(path))  # let the fixture close it


# --------------------------------------------------------------------------- print-perfect (issue 11)

from openpyxl.utils import get_column_letter  # noqa: E402

from rallydesk.domain.model import CrewMember, Entry  # noqa: E402
from rallydesk.io.excel import FAMILY  # noqa: E402


@pytest.fixture(scope="module")
def big_workbook(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    path = folder / "g.rallydesk"
    write_generated(path, 800, 14, seed=1)
    with Event.open(path, readonly=True) as ev:
        return load_workbook(ev.export_workbook(folder / "g.xlsx", stage=9)), ev.data


def _column_width(ws, cell) -> float:
    """The width a cell's text has: its column's, or its merged range's."""
    for rng in ws.merged_cells.ranges:
        if cell.coordinate in rng:
            return sum(
                ws.column_dimensions[get_column_letter(c)].width
                for c in range(rng.min_col, rng.max_col + 1)
            )
    return ws.column_dimensions[get_column_letter(cell.column)].width


def test_no_text_is_cut(big_workbook, dakar_cars, tmp_path):
    dakar_cars.update_settings(language="fr")
    small = load_workbook(dakar_cars.export_workbook(tmp_path / "fr.xlsx", stage=10))
    for wb in (big_workbook[0], small):
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if not isinstance(cell.value, str) or cell.alignment.wrap_text:
                        continue
                    if ws.row_dimensions[cell.row].hidden:
                        continue
                    longest = max(len(line) for line in cell.value.split("\n"))
                    assert longest <= _column_width(ws, cell), (
                        ws.title,
                        cell.coordinate,
                        cell.value,
                    )


def test_crews_on_two_lines_and_wrapped_rows_are_tall_enough(dakar_cars, tmp_path):
    ws = load_workbook(dakar_cars.export_workbook(tmp_path / "c.xlsx", stage=10))["S10 Cars"]
    h = header_row(ws)
    crew = ws.cell(h + 1, 3)
    assert crew.value.count("\n") == 1 and crew.alignment.wrap_text  # driver / co-driver
    assert ws.row_dimensions[h + 1].height >= 2 * 12


def test_text_is_never_a_formula(dakar_cars, tmp_path):
    dakar_cars.put_entry(
        Entry(777, "T1", (CrewMember("driver", '=HYPERLINK("x")', "FRA"),), "=1+1", "@SUM(A1)")
    )
    dakar_cars.record_time(stage=10, number=777, elapsed="3:00:00")
    dakar_cars.add_adjustment(stage=10, number=777, amount="+1'", reason="=cmd|' /c calc'!A0")
    wb = load_workbook(dakar_cars.export_workbook(tmp_path / "f.xlsx", stage=10))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    texts = {c.value for row in wb["S10 Cars"].iter_rows() for c in row}
    assert "=1+1" in texts and "=cmd|' /c calc'!A0" in texts


def test_one_font_family(big_workbook):
    for ws in big_workbook[0].worksheets:
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {FAMILY}, ws.title
        for part in (
            ws.oddHeader.left,
            ws.oddHeader.center,
            ws.oddHeader.right,
            ws.oddFooter.left,
            ws.oddFooter.center,
            ws.oddFooter.right,
        ):
            assert not part.text or part.font.startswith(FAMILY)


def test_every_printed_page_says_what_it_is(big_workbook):
    """The title block (event, classification, stage line, status) is the rows every page
    repeats, so nothing is cut or overprinted in a page header; the footer counts the pages of
    the classification, its continuation sheet going on from the last page of results."""
    wb, data = big_workbook
    sheets = wb.worksheets
    for i, ws in enumerate(sheets):
        m = ws.page_margins
        assert m.bottom >= m.footer + 0.3  # the footer fully visible
        assert not (ws.oddHeader.left.text or ws.oddHeader.center.text or ws.oddHeader.right.text)
        titles = ws.print_title_rows
        assert titles.startswith("$1:$"), ws.title
        assert ws.cell(1, 1).value == data.settings.name
        assert "Stage 9" in ws.cell(2, 1).value or "stage 9" in ws.cell(2, 1).value
        assert ws.cell(3, 1).value.startswith("Stage 9 – ")
        status = ws.cell(4, 1)
        assert status.value == "LIVE – NOT PUBLISHED" and status.font.b and status.font.sz >= 14
        assert status.font.color is None or status.font.color.rgb in ("00000000", "FF000000")
        assert status.border.top.style == "medium"
        assert all(ws.cell(r, 1).alignment.wrap_text for r in (1, 2, 3))  # wrapped, never cut
        total = int(re.fullmatch(r"Page &P of (\d+)", ws.oddFooter.center.text).group(1))
        assert ws.page_setup.useFirstPageNumber
        pages = len(ws.row_breaks.brk) + 1
        if ws.title.endswith(CONTINUED):
            main = sheets[i - 1]
            assert ws.title.startswith(main.title[:20]) and not main.title.endswith(CONTINUED)
            assert ws.page_setup.firstPageNumber == len(main.row_breaks.brk) + 2
            assert ws.page_setup.firstPageNumber + pages - 1 == total
            end = int(titles.rsplit("$", 1)[1])  # the title block only: no result headings
            assert end <= 8 and all(ws.cell(r, 2).value != "No" for r in range(1, end + 1))
            assert not any(ws.cell(r, 1).value == "Pos" for r in range(1, ws.max_row + 1))
        else:
            assert titles.endswith(f"${header_row(ws)}")
            assert ws.page_setup.firstPageNumber == 1
            has_next = i + 1 < len(sheets) and sheets[i + 1].title.endswith(CONTINUED)
            assert (pages < total) == has_next, ws.title
            if has_next:  # the sheet prints its pages of results; the rest is continued
                assert ws.print_area
        assert "Asia/Riyadh" in ws.oddFooter.left.text  # the event's time zone, not UTC


def test_no_sheet_duplicates_another_and_no_doubled_codes(big_workbook):
    wb, _ = big_workbook
    seen = {}
    for ws in classifications(wb):
        h = header_row(ws)
        overall = ws.cell(h, 13).value == "Change" or ws.cell(h, 12).value == "Change"
        numbers = []
        r = h + 1
        while isinstance(ws.cell(r, 1).value, int):
            numbers.append(ws.cell(r, 2).value)
            r += 1
        key = (overall, tuple(numbers))
        assert key not in seen, f"{ws.title} repeats {seen.get(key)}"
        seen[key] = ws.title
        title = ws.cell(2, 1).value
        assert "(T5) (T5)" not in title and "(T1+) (T1)" not in title
    assert "S09 T5" not in wb.sheetnames  # Trucks has one class: its sheets are the category's


def test_all_stages_has_no_overall_before_anything_counts(dakar_cars, tmp_path):
    wb = load_workbook(dakar_cars.export_workbook(tmp_path / "all.xlsx", stage=13, all_stages=True))
    assert not [n for n in wb.sheetnames if n.startswith("S00")]  # the prologue does not count
    assert wb.sheetnames[0] == "S01 Cars overall"


def test_gaps_carry_a_plus_and_the_time_style(dakar_cars, tmp_path):
    ws = load_workbook(dakar_cars.export_workbook(tmp_path / "g.xlsx", stage=10))[
        "S10 Cars overall"
    ]
    h = header_row(ws)
    gap = ws.cell(h + 2, 10)
    assert gap.number_format.startswith('"+ "[hh]"h "') and gap.number_format.endswith(';""')
    dakar_cars.update_settings(time_style="plain")
    ws = load_workbook(dakar_cars.export_workbook(tmp_path / "p.xlsx", stage=10))[
        "S10 Cars overall"
    ]
    assert ws.cell(h + 1, 7).number_format == "[h]:mm:ss"
    assert ws.cell(h + 2, 10).number_format.startswith('"+"[h]:mm:ss')


def test_french_sheet_is_french(dakar_cars, tmp_path):
    dakar_cars.update_settings(language="fr", timezone="Europe/Paris")
    ws = load_workbook(dakar_cars.export_workbook(tmp_path / "fr.xlsx", stage=10))["S10 Cars"]
    h = header_row(ws)
    assert ws.row_dimensions[h].hidden and ws.cell(h - 1, 3).value == "Équipage"
    printed = [
        c.value
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and not ws.row_dimensions[c.row].hidden
    ]
    for english in (
        "Stage",
        "Crew",
        "Not classified",
        "Penalties",
        "Timekeeper",
        "LIVE",
        "None",
        "Made",
        "Ref.",
        "Legend",
        "Time missing",
        "Retired",
    ):
        assert not any(english in t for t in printed), english
    assert any("Classement de l'étape 10" in t for t in printed)
    assert any("Europe/Paris" in t for t in printed)
    assert re.fullmatch(r"Page &P sur \d+", ws.oddFooter.center.text)


def test_unknown_time_zone_is_refused(dakar_cars):
    from rallydesk.domain.errors import RallyDeskError

    with pytest.raises(RallyDeskError, match="IANA"):
        dakar_cars.update_settings(timezone="Mars/Olympus")


def test_page_breaks_keep_blocks_together(big_workbook):
    """The page model's breaks: the signatures share a page with result or list rows, no
    heading ends a page, and a list continued on a new page names its list again."""
    wb, _ = big_workbook
    titles = {
        say(k, "en")
        for k in (
            "Time missing",
            "Did not start or finish",
            "Without nominal time",
            "Withdrawn on stage",
            "Withdrawn overall",
            "Penalties",
            "Legend",
        )
    }
    for ws in wb.worksheets:
        breaks = sorted(b.id for b in ws.row_breaks.brk)
        continued = ws.title.endswith(CONTINUED)
        first = 5 if continued else header_row(ws)
        end = ws.max_row
        if not continued and ws.print_area:
            end = int(re.search(r"(\d+)$", ws.print_area).group(1))
        assert continued or breaks, ws.title  # hundreds of rows: the pages are ours
        bounds = [first, *breaks, end]
        for b in breaks:
            assert ws.cell(b, 1).value not in titles, (ws.title, b)
            assert ws.cell(b + 1, 1).value != "Legend"
            if continued and isinstance(ws.cell(b + 1, 2).value, int):
                raise AssertionError(f"{ws.title}: a list row opens page at {b + 1}")
        signed = [r for r in range(first, end + 1) if ws.cell(r, 2).value == "Timekeeper:"]
        if not signed:
            continue  # printed by the continuation sheet
        page = next(i for i in range(len(bounds) - 1) if bounds[i] < signed[0] <= bounds[i + 1])
        rows_on_page = [
            r
            for r in range(bounds[page] + 1, signed[0])
            if isinstance(ws.cell(r, 1).value, int) or isinstance(ws.cell(r, 2).value, int)
        ]
        assert rows_on_page, f"{ws.title}: signatures alone on their page"


def test_body_prints_at_8_pt_or_more(big_workbook, dakar_cars, tmp_path):
    """Fitted to one A4 landscape page wide, Excel scales by printable width / sheet width."""
    dakar_cars.update_settings(language="en+fr")
    bilingual = load_workbook(dakar_cars.export_workbook(tmp_path / "b.xlsx", stage=10))
    for wb in (big_workbook[0], bilingual):
        for ws in classifications(wb):
            h = header_row(ws)
            ncols = sum(1 for c in ws[h] if c.value is not None)
            pixels = sum(
                int(ws.column_dimensions[get_column_letter(j)].width * 7 + 5)
                for j in range(1, ncols + 1)
            )
            printable = (297 / 25.4 - ws.page_margins.left - ws.page_margins.right) * 96
            scale = min(100, int(100 * printable / pixels)) / 100
            assert ws.cell(h + 1, 2).font.sz * scale >= 8, (ws.title, scale)
