"""The official classification workbook (CONTRACT.md, "The classification workbook").

Each sheet is a document that is posted, protested and appealed: a title block with the
publication status, the classification with real Excel durations, the not classified, every
adjustment counted, signature lines, and print settings for A4 landscape.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.classification import Classification, classify
from ..domain.errors import RallyDeskError
from ..domain.model import EventData, Group
from ..domain.names import crew_label
from ..paths import is_database, user_file_mode
from .sheet_text import say

DAY_MS = 86_400_000
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
SUBTITLE = Font(bold=True, size=11)
STATUS = Font(bold=True, size=11, color="C00000")
SMALL = Font(size=8, italic=True, color="555555")
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
BAND_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="808080")
HEADER_BORDER = Border(top=THIN, bottom=THIN)
FIRST_DATA_ROW_GAP = 1

Progress = Callable[[int, int], None]


def duration_format(precision_ms: int) -> str:
    return {1000: "[h]:mm:ss", 100: "[h]:mm:ss.0"}.get(precision_ms, "[h]:mm:ss.000")


def days(ms: int) -> float:
    """Milliseconds as an Excel duration (a number of days); round(days * 86_400_000) gives ms back."""
    return ms / DAY_MS


def sheet_plan(data: EventData, stage: int, all_stages: bool) -> list[tuple[int, bool, str, str | None]]:
    """(stage, overall, category, group) of every sheet, in the order CONTRACT.md gives."""
    stages = [s.number for s in data.stages if s.number <= stage] if all_stages else [stage]
    plan: list[tuple[int, bool, str, str | None]] = []
    for s in stages:
        for cat in data.categories():
            scopes = (True,) if all_stages else (False, True)
            for overall in scopes:
                plan.append((s, overall, cat.code, None))
            for g in _subgroups(data, cat):
                for overall in scopes:
                    plan.append((s, overall, cat.code, g.code))
    return plan


def _subgroups(data: EventData, category: Group) -> list[Group]:
    """Classes and cups of ``category`` that have entries in it."""
    in_cat = {e.number for e in data.entries if data.category_of_class(e.class_code) == category.code}
    found = []
    for g in data.groups:
        if g.kind == "class" and g.parent == category.code:
            if any(e.class_code == g.code for e in data.entries):
                found.append(g)
    for g in data.groups:
        if g.kind == "cup" and (g.parent in (None, category.code)):
            if any(g.code in e.cups and e.number in in_cat for e in data.entries):
                found.append(g)
    return found


def sheet_name(data: EventData, stage: int, overall: bool, category: str, group: str | None, used: set[str]) -> str:
    label = group if group is not None else data.group(category).name
    name = f"S{stage:02d} {label}" + (" overall" if overall else "")
    name = re.sub(r"[\[\]:*?/\\]", "-", name)[:31]
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def export_workbook(event: Any, out: Path, stage: int | None = None, all_stages: bool = False,
                    progress: Progress | None = None) -> Path:
    """Write the workbook for ``stage`` (default: the latest with results); all or nothing."""
    out = Path(out)
    data: EventData = event.data
    if stage is None:
        stage = event.latest_stage_with_results()
        if stage is None:
            raise RallyDeskError("no stage has results yet: nothing to export")
    try:
        data.stage(stage)
    except KeyError:
        known = ", ".join(str(s.number) for s in data.stages) or "none yet"
        raise RallyDeskError(f"stage {stage} does not exist (stages: {known})") from None
    if not data.categories():
        raise RallyDeskError("the event has no category yet: nothing to export")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise RallyDeskError(f"{out}: folder {folder} does not exist")
    if out.suffix.lower() != ".xlsx":
        raise RallyDeskError(f"{out}: the workbook's name must end in .xlsx")
    context = _Context(data, event.state_digest(), datetime.now(UTC))
    wb = Workbook()
    wb.remove(wb.active)
    plan = sheet_plan(data, stage, all_stages)
    used: set[str] = set()
    for i, (s, overall, cat, group) in enumerate(plan):
        c = classify(data, s, overall, group, cat)
        ws = wb.create_sheet(sheet_name(data, s, overall, cat, group, used))
        _write_sheet(ws, context, c)
        if progress is not None:
            progress(i + 1, len(plan))
    wb.properties.title = f"{data.settings.name} — classifications"
    wb.properties.creator = "RallyDesk"
    if is_database(out):
        raise RallyDeskError(f"{out}: is a database (an event file?), not a workbook; it is left as it is, "
                             "choose another name for the workbook")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".rallydesk-", suffix=".xlsx", dir=folder)
        os.close(fd)
        try:
            wb.save(tmp)
            os.chmod(tmp, user_file_mode())  # mkstemp makes it private; a workbook is for everyone
            os.replace(tmp, out)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        raise RallyDeskError(f"{out}: cannot write the workbook ({exc.strerror or exc})") from None
    logging.getLogger(__name__).info("exported %s: %d sheets, stage %s%s", out, len(plan), stage,
                                     " (all stages)" if all_stages else "")
    return out


class _Context:
    def __init__(self, data: EventData, digest: str, made: datetime) -> None:
        self.data = data
        self.digest = digest
        self.made = made
        self.language = data.settings.language
        self.style = data.settings.time_style

    def t(self, key: str) -> str:
        return say(key, self.language)


def _title_lines(ctx: _Context, c: Classification) -> tuple[str, str]:
    data = ctx.data
    st = data.stage(c.stage)
    stage_word = ctx.t("prologue") if st.kind == "prologue" else f"{ctx.t('stage')} {c.stage}"
    bits = [f"{stage_word} – {st.name}"]
    if st.special_km:
        bits.append(f"{ctx.t('special')} {st.special_km:g} km")
    if st.date:
        bits.append(st.date)
    group = data.group(c.group or c.category)
    who = group.name if c.group is None else f"{group.name} ({group.code})"
    if c.group is not None:
        who += f" – {data.group(c.category).name}"
    scope = f"{ctx.t('overall after stage')} {c.stage}" if c.scope == "overall" else ctx.t("stage classification")
    return "  ·  ".join(bits), f"{who} — {scope}"


def _columns(c: Classification) -> list[str]:
    cols = ["Pos", "No", "Crew", "Team", "Vehicle", "Class", "Time", "N", "Penalty", "Gap", "Diff"]
    if c.group is not None:
        cols.append("Cat. pos")
    if c.scope == "overall":
        cols.append("Change")
    return cols


WIDTHS = {"Pos": 6, "No": 8, "Crew": 30, "Team": 18, "Vehicle": 16, "Class": 7, "Time": 12, "N": 3,
          "Penalty": 10, "Gap": 11, "Diff": 11, "Cat. pos": 8, "Change": 8}
MAX_WIDTH = {"Crew": 62, "Team": 30, "Vehicle": 28}


def _write_sheet(ws: Worksheet, ctx: _Context, c: Classification) -> None:
    _fill_sheet(ws, ctx, c)
    _text_never_formula(ws)


def _text_never_formula(ws: Worksheet) -> None:
    """Every text is data: openpyxl stores any string starting with ``=`` as a formula, so a team
    called ``=HYPERLINK(…)`` would become a live link on the official sheet.  RallyDesk writes no
    formula at all, so every such cell is turned back into text."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def _fill_sheet(ws: Worksheet, ctx: _Context, c: Classification) -> None:
    data = ctx.data
    cols = _columns(c)
    ncols = len(cols)
    line1, line2 = _title_lines(ctx, c)
    ws.cell(1, 1, data.settings.name).font = TITLE
    ws.cell(2, 1, line1).font = SUBTITLE
    ws.cell(3, 1, line2).font = SUBTITLE
    made = ctx.made.strftime("%Y-%m-%d %H:%M UTC")
    ws.cell(4, 1, ctx.t("LIVE")).font = STATUS
    ws.cell(4, 6, f"{ctx.t('Made')} {made}  ·  {ctx.t('Data')} {ctx.digest}").font = SMALL
    row = 6
    if ctx.language != "en":
        # CONTRACT fixes the header row (first cell "Pos"); the French words stand just above it
        for j, key in enumerate(cols, start=1):
            cell = ws.cell(row, j, say(key, "fr"))
            cell.font = Font(italic=True, size=9)
            cell.alignment = Alignment(horizontal="center")
        row += 1
    header_row = row
    for j, key in enumerate(cols, start=1):
        cell = ws.cell(header_row, j, key)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")
    fmt = duration_format(c.precision_ms)
    widths = {k: max(WIDTHS[k], len(k) + 2) for k in cols}
    row = header_row + 1
    if c.cancelled:
        ws.cell(row, 1, ctx.t("cancelled")).font = BOLD
        row += 1
    for i, r in enumerate(c.rows):
        e = data.entry(r.number)
        values: dict[str, Any] = {
            "Pos": r.position, "No": r.number, "Crew": crew_label(e), "Team": e.team or "",
            "Vehicle": e.vehicle or "", "Class": e.class_code, "Time": days(r.time_ms),
            "N": "N" if r.nominal else None, "Penalty": days(r.penalty_ms) if r.penalty_ms else None,
            "Gap": days(r.gap_ms), "Diff": days(r.diff_ms), "Cat. pos": r.category_position,
            "Change": r.change,
        }
        for j, key in enumerate(cols, start=1):
            cell = ws.cell(row, j, values[key])
            if key in ("Time", "Penalty", "Gap", "Diff"):
                cell.number_format = fmt if key != "Penalty" else fmt + ";-" + fmt
            elif key == "Change":
                cell.number_format = '+0;-0;"="'
            if key in ("Crew", "Team", "Vehicle") and isinstance(values[key], str):
                widths[key] = min(MAX_WIDTH[key], max(widths[key], len(values[key]) + 1))
            if i % 2:
                cell.fill = BAND_FILL
        row += 1
    last_table_row = row - 1
    row += 1
    row = _not_classified(ws, ctx, c, row)
    row = _penalties(ws, ctx, c, row, fmt)
    row = _signatures(ws, ctx, row + 1)
    ws.cell(row + 1, 1, ctx.t("N means")).font = SMALL
    for j, key in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(j)].width = widths[key]
        if key in ("Pos", "No", "Class", "N", "Cat. pos", "Change"):
            for r_ in range(header_row + 1, last_table_row + 1):
                ws.cell(r_, j).alignment = Alignment(horizontal="center")
    _print_setup(ws, ctx, header_row, ncols)


def _section_header(ws: Worksheet, row: int, title: str, heads: list[tuple[int, str]]) -> int:
    ws.cell(row, 1, title).font = SUBTITLE
    row += 1
    for col, text in heads:
        cell = ws.cell(row, col, text)
        cell.font = BOLD
        cell.fill = HEADER_FILL
    return row + 1


CENTER = Alignment(horizontal="center")


def _not_classified(ws: Worksheet, ctx: _Context, c: Classification, row: int) -> int:
    """No, crew and reason under the table's own columns; status and stage where times stand."""
    t = ctx.t
    row = _section_header(ws, row, t("Not classified"),
                          [(2, t("No")), (3, t("Crew")), (4, t("Reason")), (7, t("Status")), (9, t("stage"))])
    if not c.not_classified:
        ws.cell(row, 3, t("none"))
        return row + 2
    for n in c.not_classified:
        e = ctx.data.entry(n.number)
        ws.cell(row, 2, n.number).alignment = CENTER
        ws.cell(row, 3, crew_label(e))
        ws.cell(row, 4, n.reason or "")
        ws.cell(row, 7, n.status).alignment = CENTER
        ws.cell(row, 9, n.stage).alignment = CENTER
        row += 1
    return row + 1


def counted_adjustments(data: EventData, c: Classification) -> list:
    """Every adjustment that went into the times of this sheet, for its penalties section."""
    ranked = {r.number for r in c.rows}
    if c.scope == "stage":
        keep = [a for a in data.adjustments if a.number in ranked and a.stage == c.stage and a.applies_to == "stage"]
    else:
        counting = set(c.counting_stages)
        keep = [
            a for a in data.adjustments
            if a.number in ranked and a.stage <= c.stage
            and (a.applies_to == "overall" or a.stage in counting)
        ]
    return sorted(keep, key=lambda a: (a.stage, a.number, a.id))


def _penalties(ws: Worksheet, ctx: _Context, c: Classification, row: int, fmt: str) -> int:
    t = ctx.t
    heads = [(2, t("No")), (3, t("Crew")), (4, t("Reason")), (5, t("Article")), (7, t("stage")),
             (9, t("Amount")), (11, t("Kind"))]
    row = _section_header(ws, row, t("Penalties"), heads)
    adjustments = counted_adjustments(ctx.data, c)
    if not adjustments:
        ws.cell(row, 3, t("none"))
        return row + 2
    for a in adjustments:
        ws.cell(row, 2, a.number).alignment = CENTER
        ws.cell(row, 3, crew_label(ctx.data.entry(a.number)))
        ws.cell(row, 4, a.reason or "")
        ws.cell(row, 7, a.stage).alignment = CENTER
        cell = ws.cell(row, 9, days(a.amount_ms))
        cell.number_format = '"+"' + fmt + ';"-"' + fmt
        kind = t(a.kind) + (f" ({t('overall')})" if a.applies_to == "overall" else "")
        ws.cell(row, 11, kind)
        ws.cell(row, 5, a.article or "")
        row += 1
    return row + 1


def _signatures(ws: Worksheet, ctx: _Context, row: int) -> int:
    t = ctx.t
    ws.cell(row, 2, f"{t('Timekeeper')}:").font = BOLD
    ws.cell(row, 7, f"{t('Clerk of the course')}:").font = BOLD
    row += 2
    for col in (2, 7):
        ws.cell(row, col, "______________________________")
    ws.cell(row + 1, 2, t("Signature")).font = SMALL
    ws.cell(row + 1, 7, t("Signature")).font = SMALL
    return row + 2


def _print_setup(ws: Worksheet, ctx: _Context, header_row: int, ncols: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    first_title = 6
    ws.print_title_rows = f"{first_title}:{header_row}"
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = 0.5
    ws.page_margins.bottom = 0.6
    name = ctx.data.settings.name.replace("&", "&&")
    ws.oddHeader.left.text = name
    ws.oddHeader.left.size = 8
    ws.oddHeader.right.text = ctx.t("LIVE")
    ws.oddHeader.right.size = 8
    made = ctx.made.strftime("%Y-%m-%d %H:%M UTC")
    ws.oddFooter.left.text = f"RallyDesk · {ctx.t('Made')} {made}"
    ws.oddFooter.left.size = 8
    ws.oddFooter.center.text = ctx.t("Page")
    ws.oddFooter.center.size = 8
    ws.oddFooter.right.text = f"{ctx.t('Data')} {ctx.digest}"
    ws.oddFooter.right.size = 8
    ws.sheet_view.zoomScale = 90


__all__ = ["export_workbook", "sheet_plan", "duration_format", "counted_adjustments"]
