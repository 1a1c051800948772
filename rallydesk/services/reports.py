"""Reports: classifications, the official sheets (workbook, PDF, printer), the crew card and
the journal as the desk and the command line read them."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import collector
from ..domain import times as T
from ..domain.classification import Classification, LiveOverall, classify
from ..domain.classification import live_overall as desk_overall
from ..domain.errors import RallyDeskError, UnknownReference
from ..domain.names import crew_label
from ..io.excel import document_for, write_workbook
from ..io.sheet_model import Document
from ..paths import is_database
from ..store import anchors
from ..store.errors import StoreUnavailable
from . import files, second
from .context import EventContext
from .results import CardStage, CrewCard, JournalRow

log = logging.getLogger(__name__)


def crew_card(ctx: EventContext, number: int) -> CrewCard:
    """One crew over the event: per stage its time, position, penalties and status, and the
    overall position after each stage (the card's small chart)."""
    data = ctx.data
    try:
        e = data.entry(number)
    except KeyError:
        raise UnknownReference(f"race number {number} is not entered in this event") from None
    category = data.category_of_class(e.class_code)
    style = data.settings.time_style
    stages: list[CardStage] = []
    for st in data.stages:
        t = data.time_of(st.number, number)
        row: dict[str, Any] = {
            "stage": st.number,
            "name": st.name,
            "status": t.status if t else "",
            "reason": (t.reason or "") if t else "",
            "time": "",
            "position": None,
            "penalty": "",
            "overall_position": None,
            "overall_time": "",
        }
        stage_c = classification(ctx, st.number, False, None, category)
        mine = next((r for r in stage_c.rows if r.number == number), None)
        if mine is not None:
            row.update(
                time=T.format_duration(mine.time_ms, style, stage_c.precision_ms),
                position=mine.position,
                penalty=T.format_gap(mine.penalty_ms, style, stage_c.precision_ms)
                if mine.penalty_ms
                else "",
            )
        elif t is not None and t.elapsed_ms is not None:
            row["time"] = T.format_duration(t.elapsed_ms, style, st.precision_ms)
        overall = classification(ctx, st.number, True, None, category)
        mine = next((r for r in overall.rows if r.number == number), None)
        if mine is not None:
            row.update(
                overall_position=mine.position,
                overall_time=T.format_duration(mine.time_ms, style, overall.precision_ms),
            )
        stages.append(CardStage(**row))
    adjustments = [a.describe() for a in data.adjustments if a.number == number]
    return CrewCard(
        number,
        crew_label(e),
        e.class_code,
        e.team or "",
        e.vehicle or "",
        category,
        stages,
        adjustments,
        journal(ctx, number=number),
    )


def classification(
    ctx: EventContext,
    stage: int,
    overall: bool = False,
    group: str | None = None,
    category: str | None = None,
) -> Classification:
    """(A classification made cold makes hundreds of thousands of objects at 10,000 × 30: the
    collector paused meanwhile, −15 %; one already made is only looked up.)"""
    data = ctx.data
    with collector.paused():
        return classify(data, stage, overall, group, category)


def live_overall(
    ctx: EventContext, stage: int, group: str | None = None, category: str | None = None
) -> tuple[Classification, LiveOverall]:
    """The rules' overall after ``stage`` and the desk's live view of it, where crews not yet
    keyed on the stage keep their previous place as pending (never printed or published)."""
    current = classification(ctx, stage, True, group, category)
    earlier = [n for n in current.counting_stages if n < stage]
    previous = (
        classification(ctx, earlier[-1], True, group, category)
        if earlier and stage in current.counting_stages
        else None
    )
    return current, desk_overall(current, previous)


def standings(
    ctx: EventContext,
    stage: int,
    overall: bool = False,
    group: str | None = None,
    category: str | None = None,
) -> list[dict[str, Any]]:
    """Rows as dicts, exactly as ``standings --format json`` prints them (the caller's own copies:
    the classification keeps and shares its JSON rows)."""
    rows = classification(ctx, stage, overall, group, category).to_json()["rows"]
    return [dict(r) for r in rows]


def export(
    ctx: EventContext,
    out: str | Path,
    stage: int | None = None,
    all_stages: bool = False,
    language: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Path, list[str]]:
    """Write the classification sheets as a workbook (.xlsx) or a PDF (.pdf), by the name.

    Never replaces a database (an event file given as the output by mistake). Afterwards the
    journal head the sheets print is anchored (``anchors.py``). Returns the path written and
    what the sheets warn about (a stage with times still missing).
    """
    out = sheet_target(out)
    with collector.paused():  # the classifications and the document too, not only the drawing
        document = sheets(ctx, stage, all_stages, language, out)
        written = write_document(document, out, progress)
        count, warnings = len(document.sheets), list(document.warnings)
        del document  # freed by its counts while paused: no collector pass walks it afterwards
    anchor(ctx, "export")
    log.info("exported %s (%d sheets)", written, count)
    return written, warnings


def sheet_target(out: str | Path) -> Path:
    """Where a document is to be written, refused before anything is drawn: a name ending in
    .xlsx or .pdf, never a database (an event file given as the output by mistake)."""
    out = Path(out)
    if out.suffix.lower() not in (".xlsx", ".pdf"):
        raise RallyDeskError(f"{out}: name the file .xlsx (workbook) or .pdf")
    if is_database(out):
        raise RallyDeskError(
            f"{out}: is a database (an event file?), not a sheet; it is left as it is, "
            "choose another name"
        )
    return out


def write_document(
    document: Document, out: Path, progress: Callable[[int, int], None] | None = None
) -> Path:
    """The document as a workbook or a PDF, by the name's extension."""
    if out.suffix.lower() == ".pdf":
        from ..io.pdf import write_pdf  # Qt, loaded only to draw a PDF

        return write_pdf(document, out, progress)
    return write_workbook(document, out, progress)


def sheets(
    ctx: EventContext,
    stage: int | None = None,
    all_stages: bool = False,
    language: str | None = None,
    out: Path | None = None,
) -> Document:
    """The document of the classification sheets (what the workbook, the PDF and a printer show)."""
    data = ctx.data
    verified = frozenset(s.number for s in data.stages if second.verified(ctx, s.number))
    where = out if out is not None else ctx.location.folder / ctx.location.name
    return document_for(data, state_digest(ctx), where, stage, all_stages, language, verified)


def paint_sheets(document: Document, device: Any) -> None:
    """Draw the sheets on a Qt paint device (a printer, from the print preview)."""
    from ..io.pdf import paint  # Qt, loaded only to draw

    paint(document, device)


def export_workbook(
    ctx: EventContext,
    out: str | Path,
    stage: int | None = None,
    all_stages: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """The workbook only (scripts of the first version call this)."""
    if Path(out).suffix.lower() != ".xlsx":
        raise RallyDeskError(f"{out}: the workbook's name must end in .xlsx")
    return export(ctx, out, stage, all_stages, progress=progress)[0]


def anchor(ctx: EventContext, why: str) -> list[str]:
    """Write the journal's head to the anchor logs (the user's, and the backup folder's)."""
    folder = files.backup_settings(ctx)[0]
    return anchors.record(
        ctx.store.event_uid(),
        ctx.path,
        ctx.store.state_digest(),
        why,
        folders=[Path(folder)] if folder and Path(folder).is_dir() else [],
    )


def state_digest(ctx: EventContext) -> str:
    """Short text printed on sheets so a printed page can be matched to the file's state."""
    count, last = ctx.store.state_digest()
    return f"J{count}-{last[:10]}"


def journal(
    ctx: EventContext,
    stage: int | None = None,
    number: int | None = None,
    official: str | None = None,
    desk: str | None = None,
    kind: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[JournalRow]:
    """The journal, filtered: stage and number (the real columns of schema 5, else read back out of
    the target of older rows), acting official, desk, kind of change ("time", "adjustment.add"…),
    and time (ISO prefixes compared as text: "2026-01-08T18")."""
    try:
        rows = ctx.store.journal_history()
    except StoreUnavailable:  # the journal is the server's: none to show while it is away
        if not ctx.on_server:
            raise
        rows = []
    if stage is not None:
        pattern = re.compile(rf"\bstage {stage}\b")
        rows = [
            r
            for r in rows
            if r.get("stage") == stage or (r.get("stage") is None and pattern.search(r["target"]))
        ]
    if number is not None:
        rows = [
            r
            for r in rows
            if r.get("number") == number
            or (r.get("number") is None and r["target"].endswith(f"#{number}"))
        ]
    if official:
        rows = [r for r in rows if (r.get("official") or "").casefold() == official.casefold()]
    if desk:
        rows = [r for r in rows if (r.get("desk") or "").casefold() == desk.casefold()]
    if kind:
        rows = [r for r in rows if r["action"] == kind or r["action"].startswith(kind + ".")]
    if since:
        rows = [r for r in rows if r["at"] >= since]
    if until:
        rows = [r for r in rows if r["at"][: len(until)] <= until]
    return [JournalRow.from_row(r) for r in rows]
