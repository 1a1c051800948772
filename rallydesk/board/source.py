"""What the board shows, read from the event through the services: plain values for the pages.

Every classification (stage and overall, of every category, class and cup), its not-classified
list, its publication state, the penalties with their decisions and the published versions. The
values hold text already in the event's language and time style; ``pages.py`` only lays them
out (and escapes them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from ..domain import times as T
from ..domain.classification import Classification, classification_columns
from ..domain.errors import RallyDeskError
from ..domain.model import EventData
from ..domain.names import crew_label
from ..io.sheet_raid import rules_reason
from ..services import Event
from .words import word

#: Columns holding numbers or times (right-aligned; what a phone keeps when it drops columns)
NUMERIC = {"Pos", "No", "Time", "Penalty", "Gap", "Diff", "Cat. pos", "Change"}
#: Columns a phone drops first (CSS hides them under 600 px)
SECONDARY = {"Team", "Vehicle", "Class", "Penalty", "Diff", "Cat. pos", "Change"}


@dataclass(frozen=True)
class Unit:
    """One classification the board serves: stage, scope, category and group (= category for
    the category's own)."""

    stage: int
    overall: bool
    category: str
    group: str

    @property
    def page(self) -> str:
        scope = "overall" if self.overall else "stage"
        return f"s{self.stage}-{scope}-{quote(self.category, safe='')}-{quote(self.group, safe='')}.html"

    @property
    def group_arg(self) -> str | None:
        return None if self.group == self.category else self.group


@dataclass(frozen=True)
class Table:
    """A classification laid out: header keys, their words, and the rows' cells as text."""

    title: str
    status: str
    state: str  # live, provisional, official, amended
    columns: list[str]
    header: list[str]
    rows: list[list[str]]
    numbers: list[int]
    not_classified: list[tuple[str, str, str, str]] = field(default_factory=list)
    cancelled: bool = False


def units(data: EventData) -> list[Unit]:
    """Every classification, the latest stage first: for each stage, stage then overall, each
    category then its classes and the cups it has members in."""
    out: list[Unit] = []
    for st in sorted(data.stages, key=lambda s: -s.number):
        for overall in (False, True):
            for cat in data.categories():
                out.append(Unit(st.number, overall, cat.code, cat.code))
                for g in data.groups:
                    if g.kind == "class" and g.parent == cat.code:
                        out.append(Unit(st.number, overall, cat.code, g.code))
                classes = {g.code for g in data.groups if g.parent == cat.code} | {cat.code}
                cups = sorted(
                    {cup for e in data.entries if e.class_code in classes for cup in e.cups}
                )
                out += [Unit(st.number, overall, cat.code, cup) for cup in cups]
    return out


def group_name(data: EventData, code: str) -> str:
    try:
        return data.group(code).name
    except KeyError:
        return code


def title(data: EventData, unit: Unit, language: str) -> str:
    if unit.overall:
        scope = word("overall after stage", language, n=unit.stage)
    else:
        scope = word("stage classification", language, n=unit.stage)
        name = data.stage(unit.stage).name
        scope = f"{scope} – {name}" if name else scope
    group = group_name(data, unit.group)
    if unit.group != unit.category:
        group = f"{group_name(data, unit.category)} · {group}"
    return f"{group} — {scope}"


def state_line(event: Event, unit: Unit, language: str) -> tuple[str, str]:
    """(words, state): LIVE, or the unit's published version, with its time."""
    try:
        s = event.unit_state(unit.stage, unit.category)
    except (RallyDeskError, KeyError):
        return word("LIVE", language), "live"
    if s.state == "live" or s.version is None:
        return word("LIVE", language), "live"
    if s.outdated:
        status = word(s.state, language)
        return word("changed since", language, status=status, n=s.version), "live"
    key = s.state.upper()
    return word(key, language, n=s.version, at=s.published_at or ""), s.state


def table(event: Event, unit: Unit) -> Table:
    data = event.data
    language = data.settings.language
    style = data.settings.time_style
    c = event.classification(unit.stage, unit.overall, unit.group_arg, unit.category)
    status, state = state_line(event, unit, language)
    columns = classification_columns(c, team_and_vehicle=True)
    header = [word(k, language) for k in columns]
    return Table(
        title=title(data, unit, language),
        status=status,
        state=state,
        columns=columns,
        header=header,
        rows=[_cells(data, c, i, columns, style) for i in range(len(c.rows))],
        numbers=[r.number for r in c.rows],
        not_classified=[
            (
                str(n.number),
                crew_label(data.entry(n.number)),
                n.status,
                (f"{word('stage n', language, n=n.stage)}" if n.stage is not None else "")
                + (f" – {rules_reason(n.reason, language) or n.reason}" if n.reason else ""),
            )
            for n in c.not_classified
        ],
        cancelled=c.cancelled,
    )


def _cells(data: EventData, c: Classification, i: int, columns: list[str], style: str) -> list[str]:
    r = c.rows[i]
    p = c.precision_ms
    e = data.entry(r.number)
    value: dict[str, str] = {
        "Pos": str(r.position),
        "No": str(r.number),
        "Crew": crew_label(e),
        "Team": e.team or "",
        "Vehicle": e.vehicle or "",
        "Class": e.class_code,
        "Time": T.format_duration(r.time_ms, style, p) + (" N" if r.nominal else ""),
        "Penalty": T.format_adjustment(r.penalty_ms, style, p) if r.penalty_ms else "",
        "Gap": T.format_gap(r.gap_ms, style, p) if i else "",
        "Diff": T.format_gap(r.diff_ms, style, p) if i else "",
        "Cat. pos": str(r.category_position),
        "Change": "" if r.change is None else f"{r.change:+d}" if r.change else "=",
    }
    return [value[k] for k in columns]


def penalties(event: Event) -> list[list[str]]:
    """Every adjustment: stage, number, crew, amount, kind, applies to, reason, article,
    decision, decided (revoked ones say so)."""
    data = event.data
    language = data.settings.language
    style = data.settings.time_style
    out = []
    for a in sorted(event.adjustments(), key=lambda a: (a.stage, a.number, a.id)):
        try:
            crew = crew_label(data.entry(a.number))
        except KeyError:
            crew = ""
        reason = rules_reason(a.reason, language) or a.reason or ""
        if a.revoked_at:
            reason = f"{reason} ({word('revoked', language)} {a.revoked_at}"
            reason += f": {a.revoked_reason})" if a.revoked_reason else ")"
        out.append(
            [
                str(a.stage),
                str(a.number),
                crew,
                T.format_adjustment(a.amount_ms, style, 1000),
                word(a.kind, language),
                word(a.applies_to, language),
                reason,
                a.article or "",
                a.decision or "",
                a.decided_at or "",
            ]
        )
    return out


def publications(event: Event) -> list[dict[str, Any]]:
    """Every published version, newest first, with the name of its PDF on the board."""
    out = []
    for p in reversed(event.versions()):
        out.append(
            {
                "stage": p.stage,
                "category": p.category,
                "version": p.version,
                "status": p.status,
                "published_at": p.published_at,
                "official": p.official or "",
                "document_no": p.document_no,
                "reason": p.reason or "",
                "pdf": pdf_name(p.stage, p.category, p.version),
            }
        )
    return out


def pdf_name(stage: int, category: str, version: int) -> str:
    return f"pdf/s{stage}-{quote(category, safe='')}-v{version}.pdf"
