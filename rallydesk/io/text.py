"""Classifications as terminal tables and CSV (``rallydesk standings``)."""

from __future__ import annotations

import csv
import io

from ..domain import times as T
from ..domain.classification import Classification, classification_columns
from ..domain.model import EventData
from ..domain.names import crew_label


def title(data: EventData, c: Classification) -> str:
    stage = data.stage(c.stage)
    group = c.group or c.category
    try:
        group_name = data.group(group).name
    except KeyError:
        group_name = group
    scope = (
        f"overall after stage {c.stage}"
        if c.scope == "overall"
        else f"stage {c.stage} {stage.name}"
    )
    return f"{data.settings.name} — {group_name} — {scope}"


def _cells(data: EventData, c: Classification, style: str) -> tuple[list[str], list[list[str]]]:
    p = c.precision_ms
    header = classification_columns(c, team_and_vehicle=False)
    rows = []
    for i, r in enumerate(c.rows):
        e = data.entry(r.number)
        cells = [
            str(r.position),
            str(r.number),
            crew_label(e),
            e.class_code,
            T.format_duration(r.time_ms, style, p) + (" N" if r.nominal else ""),
            T.format_adjustment(r.penalty_ms, style, p) if r.penalty_ms else "",
            T.format_gap(r.gap_ms, style, p) if i else "",
            T.format_gap(r.diff_ms, style, p) if i else "",
        ]
        if c.group is not None:
            cells.append(str(r.category_position))
        if c.scope == "overall":
            cells.append("" if r.change is None else f"{r.change:+d}" if r.change else "=")
        rows.append(cells)
    return header, rows


def classification_table(data: EventData, c: Classification) -> str:
    style = data.settings.time_style
    out = [title(data, c)]
    if c.cancelled:
        out.append(f"Stage {c.stage} is cancelled for {c.category}.")
        return "\n".join(out) + "\n"
    header, rows = _cells(data, c, style)
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)
    ]
    right = {"Pos", "No", "Time", "Penalty", "Gap", "Diff", "Cat. pos", "Change"}

    def line(cells: list[str]) -> str:
        return "  ".join(
            (c.rjust(w) if h in right else c.ljust(w))
            for c, w, h in zip(cells, widths, header, strict=True)
        ).rstrip()

    out.append(line(header))
    out.extend(line(r) for r in rows)
    if not rows:
        out.append("(no classified entries)")
    if c.not_classified:
        out.append("")
        out.append("Not classified:")
        for n in c.not_classified:
            e = data.entry(n.number)
            where = f"stage {n.stage}" if n.stage is not None else ""
            out.append(
                f"  {n.number:>4}  {n.status:<3}  {where:<9} {crew_label(e)}"
                + (f" — {n.reason}" if n.reason else "")
            )
    return "\n".join(out) + "\n"


#: Columns whose text comes from people (entries, imports): neutralised in CSV output.
TEXT_COLUMNS = frozenset({"Crew", "Class", "Team", "Vehicle", "Reason"})
#: What a spreadsheet program reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text that a spreadsheet opening the CSV must show, never run: ``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def classification_csv(data: EventData, c: Classification) -> str:
    header, rows = _cells(data, c, data.settings.time_style)
    text_cols = [i for i, h in enumerate(header) if h in TEXT_COLUMNS]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header + ["time_ms", "penalty_ms", "gap_ms", "diff_ms"])
    for r, cells in zip(c.rows, rows, strict=True):
        cells = [neutralise(v) if i in text_cols else v for i, v in enumerate(cells)]
        w.writerow(cells + [r.time_ms, r.penalty_ms, r.gap_ms, r.diff_ms])
    return buf.getvalue()
