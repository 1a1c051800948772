"""What an official classification sheet says, built once for every renderer.

The workbook (``excel.py``) and the PDF (``pdf.py``) both draw a :class:`Document`, so the two
can never disagree on a cell: the values are here, and so is the text each value prints as
(:func:`cell_text`).  Plain data, no Qt, no openpyxl.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..domain import times as T
from ..domain.classification import (
    Classification,
    classification_columns,
    classify,
    counting_stages,
)
from ..domain.errors import RallyDeskError, unknown_stage
from ..domain.model import Adjustment, EventData, Group
from ..domain.names import member_label, official_name
from ..domain.ranking import position_label, tied_positions
from .sheet_text import say, say_date, say_datetime, say_fact

#: What a sheet prints where a crew member's nationality is not known: "Andrew SHORT (—)".
NATIONALITY_MISSING = "—"

#: Column kinds: how a value is stored (ms for durations) and how it prints.
NUMBER, TEXT, CREW, TIME, PENALTY, GAP, CHANGE, AMOUNT = (
    "number",
    "text",
    "crew",
    "time",
    "penalty",
    "gap",
    "change",
    "amount",
)
DURATION_KINDS = frozenset({TIME, PENALTY, GAP, AMOUNT})
#: The key of the amendment's block (services.publication adds it to an amended version).
AMENDED = "amended"
#: Statuses that take an entry out of the rally and how the sheet groups them (docs/rules.md §3).
WITHDRAWN = ("RET", "DSQ")
EXPERIENCE = "EXP"
NO_RESULT = ("DNS", "DNF")


@dataclass(frozen=True)
class Column:
    key: str  # the contract's header word ("Pos", "Time", …); also the language key
    label: str  # in the sheet's language
    kind: str
    align: str = "left"  # left, center, right


@dataclass(frozen=True)
class BlockColumn:
    key: str
    label: str
    kind: str
    under: str  # the table column it stands under: both renderers share one grid
    align: str = "left"


@dataclass(frozen=True)
class Block:
    """A list below the table: not classified, withdrawals, EXP, time missing, penalties."""

    key: str
    title: str
    columns: tuple[BlockColumn, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    text: str | None = None  # a block that is one paragraph (time missing, "None")


@dataclass(frozen=True)
class Sheet:
    name: str  # the workbook's sheet name (docs/workbook.md: "S05 Cars overall")
    event: str
    title: str  # "Stock (T2) – Cars — Overall after stage 5"
    stage_line: (
        str  # "Stage 5 – Riyadh – Wadi Ad-Dawasir · Special 400 km · Thursday 8 January 2026"
    )
    status: str  # LIVE – NOT PUBLISHED / PROVISIONAL … / OFFICIAL …
    reference: str  # document reference: "S05-T2-OVR"
    digest: str  # the journal digest: ties a printed page to the data
    made: str  # when the sheet was made, in the event's time zone
    language: str
    style: str  # the event's time style (dakar, plain)
    precision_ms: int
    stage: int
    scope: str  # stage, overall
    category: str
    group: str | None
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    blocks: tuple[Block, ...]
    legend: tuple[str, ...]
    signatures: tuple[str, ...]
    cancelled: bool = False
    missing: tuple[int, ...] = ()  # numbers without a time (their own block, never a status)
    # (issue 24) defaults keep the documents published before them readable, as they printed
    shared: tuple[int, ...] = ()  # positions two or more crews share: printed "4="
    notices: tuple[str, ...] = ()  # page 1, under the title: crews without a time, protests
    # (issue 26) the stewards' interruption lines among the notices: what the sheet says of the
    # classification (``versions.content``), where the other notices only stamp a version
    decisions: tuple[str, ...] = ()
    counts: str = ""  # page 1: starters, classified, retired or disqualified, out of competition

    def footer_facts(self) -> tuple[str, ...]:
        """What the foot of every page says, in order."""
        return (
            say_fact("Reference", self.language, self.reference),
            say_fact("Data", self.language, self.digest),
            say_fact("Made", self.language, self.made),
        )

    def text(self, column: Column | BlockColumn, value: Any) -> str:
        if column.key == "Pos" and isinstance(column, Column) and self.shared:
            return position_label(value, frozenset(self.shared))
        return cell_text(column.kind, value, self.style, self.precision_ms)

    def amendment(self) -> Block | None:
        """The block saying what an amended version changed on this sheet: drawn on page 1."""
        return next((b for b in self.blocks if b.key == AMENDED), None)

    def lists(self) -> tuple[Block, ...]:
        """The blocks below the table (the amendment stands above it)."""
        return tuple(b for b in self.blocks if b.key != AMENDED)


@dataclass(frozen=True)
class Document:
    event: str
    sheets: tuple[Sheet, ...]
    warnings: tuple[str, ...] = field(default=())  # e.g. times missing on a stage (stderr)


# --------------------------------------------------------------------------- text of a value


def cell_text(kind: str, value: Any, style: str, precision_ms: int) -> str:
    """The text a value prints as; the workbook's number formats show the same."""
    if value is None:
        return ""
    if kind == TIME:
        return T.format_duration(value, style, precision_ms)
    if kind in (PENALTY, GAP):
        return "" if value == 0 else T.format_gap(value, style, precision_ms)
    if kind == AMOUNT:
        return T.format_adjustment(value, style, precision_ms)
    if kind == CHANGE:
        return "=" if value == 0 else f"{value:+d}"
    if kind == CREW:
        return "\n".join(value)
    return str(value)


# --------------------------------------------------------------------------- the plan

#: (stage, overall, category, group) of one sheet
Plan = list[tuple[int, bool, str, str | None]]


def sheet_plan(data: EventData, stage: int, all_stages: bool, category: str | None = None) -> Plan:
    """Every sheet in the order of docs/workbook.md, without empty or duplicate ones.

    ``all_stages``: the overall after every stage up to ``stage``, and ``stage``'s own stage
    classifications too (the export of ``stage`` with the earlier overalls before it).

    An overall with no counting stage (after a prologue that does not count) is left out, and so
    is a class or cup whose crews are exactly those of a sheet already planned (a category with a
    single class would print the same pages twice).
    """
    stages = [s.number for s in data.stages if s.number <= stage] if all_stages else [stage]
    plan: Plan = []
    for s in stages:
        for cat in data.categories():
            if category is not None and cat.code != category:
                continue
            has_overall = bool(counting_stages(data, s, cat.code))
            # --all-stages: the overall after every stage, and the last stage's sheets in full
            both = not all_stages or s == stage
            scopes = [o for o in ((False, True) if both else (True,)) if has_overall or not o]
            if not scopes:
                continue
            for group in [None, *(g.code for g in _subgroups(data, cat))]:
                for overall in scopes:
                    plan.append((s, overall, cat.code, group))
    return plan


def _subgroups(data: EventData, category: Group) -> list[Group]:
    """Classes and cups of ``category`` with entries, none with the same crews as another sheet."""
    in_cat = frozenset(
        e.number for e in data.entries if data.category_of_class(e.class_code) == category.code
    )
    seen = {in_cat}
    found = []
    candidates = [g for g in data.groups if g.kind == "class" and g.parent == category.code]
    candidates += [g for g in data.groups if g.kind == "cup" and g.parent in (None, category.code)]
    for g in candidates:
        if g.kind == "class":
            crews = frozenset(e.number for e in data.entries if e.class_code == g.code)
        else:
            crews = frozenset(
                e.number for e in data.entries if g.code in e.cups and e.number in in_cat
            )
        if crews and crews not in seen:
            seen.add(crews)
            found.append(g)
    return found


def sheet_name(
    data: EventData, stage: int, overall: bool, category: str, group: str | None, used: set[str]
) -> str:
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


# --------------------------------------------------------------------------- time zone


def event_zone(timezone: str | None) -> tuple[tzinfo, str]:
    """The event's time zone and its name; without a setting, the computer's.

    A zone the event names but this computer's zone database lacks (an event made elsewhere, a
    Python without ``tzdata``) is refused: a sheet in the computer's zone instead would print
    every time of day wrong without a word."""
    if timezone:
        try:
            return ZoneInfo(timezone), timezone
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise RallyDeskError(
                f"the event's time zone {timezone!r} is not in this computer's zone database,"
                " so its times of day cannot be printed: install it (pip install tzdata; the"
                " installers include it) or choose the zone again in Set-up > Event"
            ) from None
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            link = os.readlink("/etc/localtime")
            name = link.split("zoneinfo/", 1)[1] if "zoneinfo/" in link else ""
        except OSError:
            name = ""
    if not name and Path("/etc/timezone").is_file():
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
    if name:
        try:
            return ZoneInfo(name), name
        except (ZoneInfoNotFoundError, ValueError):
            pass
    local = datetime.now().astimezone().tzinfo or UTC
    return local, datetime.now(local).strftime("UTC%z")


def _event_moment(text: str | None, timezone: str | None) -> datetime | None:
    """An ISO time in the event's zone (UTC when it names no offset, the event's local time
    when it has none at all: keyed so); None if unreadable."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    zone = event_zone(timezone)[0]
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def local_hhmm(text: str | None, timezone: str | None) -> str:
    """An ISO time as HH:MM in the event's zone; '' if unreadable."""
    moment = _event_moment(text, timezone)
    return moment.strftime("%H:%M") if moment is not None else ""


def stamp(moment: datetime, timezone: str | None) -> str:
    """A moment as the frame and the lists print it: "08/01/2026 18:42 +03" (the event's zone)."""
    local = moment.astimezone(event_zone(timezone)[0])
    return f"{local.strftime('%d/%m/%Y %H:%M')} {local.tzname() or local.strftime('%z')}"


def local_stamp(text: str | None, timezone: str | None) -> str:
    """An ISO time as :func:`stamp` prints it; '' if unreadable."""
    moment = _event_moment(text, timezone)
    return stamp(moment, timezone) if moment is not None else ""


def decision_text(reference: str, language: str) -> str:
    """ "decision 14", but "Stewards decision 21" as it is: the word is never said twice."""
    if re.search(r"d[ée]cision", reference, re.IGNORECASE):
        return reference
    return f"{say('decision', language)} {reference}"


def _when(moment: datetime, zone: tzinfo, zone_name: str, language: str) -> str:
    m = moment.astimezone(zone)
    return say_datetime(m.year, m.month, m.day, m.strftime("%H:%M"), zone_name, language)


def _date(text: str | None, language: str) -> str:
    if not text:
        return ""
    try:
        d = date.fromisoformat(text)
    except ValueError:
        return text
    return say_date(d.year, d.month, d.day, d.weekday(), language)


# --------------------------------------------------------------------------- building


def build_document(
    data: EventData,
    digest: str,
    stage: int,
    all_stages: bool = False,
    language: str | None = None,
    made: datetime | None = None,
    status: str | None = None,
    category: str | None = None,
) -> Document:
    """Every sheet of the export of ``stage``: the one content both renderers draw."""
    try:
        data.stage(stage)
    except KeyError:
        raise unknown_stage(stage, (s.number for s in data.stages)) from None
    if not data.categories():
        raise RallyDeskError("the event has no category yet: nothing to export")
    language = language or data.settings.language
    zone, zone_name = event_zone(data.settings.timezone)
    made_text = _when(made or datetime.now(UTC), zone, zone_name, language)
    builder = _Builder(data, digest, language, made_text, status or say("LIVE", language))
    used: set[str] = set()
    sheets = []
    warnings = []
    for s, overall, cat, group in sheet_plan(data, stage, all_stages, category):
        c = classify(data, s, overall, group, cat)
        sheet = builder.sheet(sheet_name(data, s, overall, cat, group, used), c)
        sheets.append(sheet)
        if sheet.missing and group is None and not overall:
            numbers = ", ".join(str(n) for n in sheet.missing)
            warnings.append(
                f"stage {s}, {data.group(cat).name}: {len(sheet.missing)} crew(s) without a time "
                f"({numbers})"
            )
    return Document(data.settings.name, tuple(sheets), tuple(warnings))


def group_label(g: Group) -> str:
    """ "Stock (T2)", but "Trucks (T5)" and "Ultimate (T1+)" keep the code their name has; "Cars"."""
    if g.kind == "category" or re.search(rf"(?<![A-Za-z0-9]){re.escape(g.code)}", g.name):
        return g.name
    return f"{g.name} ({g.code})"


#: How each column of a sheet is written and aligned (the columns themselves: the domain's list).
COLUMN_KINDS: dict[str, tuple[str, str]] = {
    "Pos": (NUMBER, "center"),
    "No": (NUMBER, "center"),
    "Crew": (CREW, "left"),
    "Team": (TEXT, "left"),
    "Vehicle": (TEXT, "left"),
    "Class": (TEXT, "center"),
    "Time": (TIME, "right"),
    "N": (TEXT, "center"),
    "Penalty": (PENALTY, "right"),
    "Gap": (GAP, "right"),
    "Diff": (GAP, "right"),
    "Cat. pos": (NUMBER, "center"),
    "Change": (CHANGE, "center"),
}


def table_columns(c: Classification, language: str) -> tuple[Column, ...]:
    """The table's columns: the contract's list, class and cup sheets add Cat. pos, overalls Change."""
    return tuple(
        Column(k, say(k, language), *COLUMN_KINDS[k])
        for k in classification_columns(c, nominal_mark=True)
    )


class _Builder:
    def __init__(self, data: EventData, digest: str, language: str, made: str, status: str) -> None:
        self.data = data
        self.digest = digest
        self.language = language
        self.made = made
        self.status = status
        self._crews: dict[int, tuple[str, ...]] = {}
        self._started: dict[tuple[int, str], set[int]] = {}

    def t(self, key: str, **values: object) -> str:
        return say(key, self.language, **values)

    def crew(self, number: int) -> tuple[str, ...]:
        """Driver and co-driver (and navigator) one per line, as official sheets print them."""
        crew = self._crews.get(number)
        if crew is None:
            crew = tuple(
                member_label(m)
                if m.nationality
                else f"{official_name(m.name)} ({NATIONALITY_MISSING})"
                for m in self.data.entry(number).crew
            )
            self._crews[number] = crew
        return crew

    def starters(self, c: Classification) -> int:
        """Crews of the sheet that took a start: on the stage (stage sheets), or on any stage up
        to it (overall); one without a time yet only if classified (by its passages, §8)."""
        stages = {c.stage} if c.scope == "stage" else {s.number for s in self.data.stages}
        key = (c.stage if c.scope == "stage" else -1 - c.stage, c.category)
        started = self._started.get(key)
        if started is None:
            started = {
                t.number
                for t in self.data.times
                if t.status != "DNS"
                and t.stage in stages
                and t.stage <= c.stage
                and (t.status != "OK" or t.elapsed_ms is not None)
            }
            self._started[key] = started
        return len((started | {r.number for r in c.rows}) & set(_members(self.data, c)))

    def titles(self, c: Classification) -> tuple[str, str]:
        data = self.data
        st = data.stage(c.stage)
        stage_word = self.t("prologue") if st.kind == "prologue" else self.t("stage n", n=c.stage)
        bits = [f"{stage_word} – {st.name}"]
        if st.special_km:
            bits.append(self.t("special", km=f"{st.special_km:g}"))
        if st.date:
            bits.append(_date(st.date, self.language))
        who = group_label(data.group(c.group or c.category))
        if c.group is not None:
            who += f" – {data.group(c.category).name}"
        prologue = st.kind == "prologue"
        if c.scope == "overall":
            scope = self.t("overall after stage", n=c.stage)
        else:
            scope = (
                self.t("prologue classification")
                if prologue
                else self.t("stage classification", n=c.stage)
            )
        return f"{who} — {scope}", "  ·  ".join(bits)

    def sheet(self, name: str, c: Classification) -> Sheet:
        data = self.data
        title, stage_line = self.titles(c)
        columns = table_columns(c, self.language)
        rows = []
        for r in c.rows:
            e = data.entry(r.number)
            values: dict[str, Any] = {
                "Pos": r.position,
                "No": r.number,
                "Crew": self.crew(r.number),
                "Team": e.team or "",
                "Vehicle": e.vehicle or "",
                "Class": e.class_code,
                "Time": r.time_ms,
                "N": "N" if r.nominal else None,
                "Penalty": r.penalty_ms or None,
                "Gap": r.gap_ms,
                "Diff": r.diff_ms,
                "Cat. pos": r.category_position,
                "Change": r.change,
            }
            rows.append(tuple(values[col.key] for col in columns))
        from .sheet_raid import interruption_block, interruption_notices  # it builds Blocks

        blocks, missing, statuses = self.lists(c)
        raid = interruption_block(data, c, self.language, self.crew)
        blocks += [raid, self.penalties(c)] if raid is not None else [self.penalties(c)]
        legend = [self.t("legend N")] if any(r.nominal for r in c.rows) else []
        legend += [
            self.t(f"legend {s}") for s in ("DNS", "DNF", "RET", "DSQ", "EXP") if s in statuses
        ]
        if c.scope == "overall":
            legend.append(self.t("legend Change"))
        ref = f"S{c.stage:02d}-{c.group or c.category}-{'OVR' if c.scope == 'overall' else 'STG'}"
        notices = []
        if missing:
            notices.append(self.unaccounted(len(missing)))
        decisions = interruption_notices(data, c, self.language)
        notices += decisions
        by_key = {b.key: b for b in blocks}
        counts = self.t(
            "counts",
            starters=self.starters(c),
            classified=len(c.rows),
            withdrawn=len(by_key["withdrawn"].rows) if "withdrawn" in by_key else 0,
            experience=len(by_key["experience"].rows) if "experience" in by_key else 0,
        )
        return Sheet(
            name=name,
            event=data.settings.name,
            title=title,
            stage_line=stage_line,
            status=self.status,
            reference=ref,
            digest=self.digest,
            made=self.made,
            language=self.language,
            style=data.settings.time_style,
            precision_ms=c.precision_ms,
            stage=c.stage,
            scope=c.scope,
            category=c.category,
            group=c.group,
            columns=columns,
            rows=tuple(rows),
            blocks=tuple(blocks),
            legend=tuple(legend),
            signatures=(self.t("Timekeeper"), self.t("Clerk of the course")),
            cancelled=c.cancelled,
            missing=missing,
            shared=tuple(sorted(tied_positions(c.rows))),
            notices=tuple(notices),
            decisions=tuple(decisions),
            counts="" if c.cancelled else counts,
        )

    def unaccounted(self, count: int) -> str:
        """ "PROVISIONAL v1 — 26 crew(s) without a time": the status said once per language."""
        parts = self.status.split(" / ")
        if self.language == "en+fr" and len(parts) == 2:
            return " / ".join(
                say("unaccounted", lang, status=part.split(" · ")[0], count=count)
                for lang, part in zip(("en", "fr"), parts, strict=True)
            )
        return self.t("unaccounted", status=self.status.split(" · ")[0], count=count)

    def decision(self, a: Adjustment) -> str:
        """ "14, 08/01/2026 18:42 +03": the decision's reference and time with its date and zone
        (the event's), when one was given."""
        if not a.decision:
            return ""
        return f"{a.decision}, {local_stamp(a.decided_at, self.data.settings.timezone)}".rstrip(
            ", "
        )

    def _columns(self, spec: list[tuple[str, str, str, str]]) -> tuple[BlockColumn, ...]:
        return tuple(
            BlockColumn(k, self.t(k), kind, under, align) for k, kind, under, align in spec
        )

    def lists(self, c: Classification) -> tuple[list[Block], tuple[int, ...], set[str]]:
        """The not classified, each kind in its own block; a stage sheet lists that stage's only."""
        data = self.data
        from .sheet_raid import rules_reason  # the rules' reasons in the sheet's language

        no_result, withdrawn, experience, missing = [], [], [], []
        for n in c.not_classified:
            if n.status == "NT":  # no time keyed: not a sporting status
                missing.append((n.number, n.stage))
                continue
            if c.scope == "stage" and n.stage != c.stage:
                continue  # out on an earlier stage: on that stage's sheet
            reason = n.reason
            if reason == "no nominal time":
                reason = self.t("no nominal time")
            reason = rules_reason(reason, self.language) or reason
            row = (n.number, self.crew(n.number), reason or "", n.status, n.stage)
            if n.status in WITHDRAWN:
                withdrawn.append(row)
            elif n.status == EXPERIENCE:
                experience.append(row)
            else:
                no_result.append(row)
        if c.scope == "stage" and not c.cancelled:
            listed = {r.number for r in c.rows} | {n.number for n in c.not_classified}
            for number in _members(data, c):
                if number not in listed:
                    missing.append((number, c.stage))
        status_cols = [
            ("No", NUMBER, "No", "center"),
            ("Crew", CREW, "Crew", "left"),
            ("Reason", TEXT, "Team", "left"),
            ("Status", TEXT, "Time", "center"),
            ("stage", NUMBER, "Penalty", "center"),
        ]
        blocks: list[Block] = []
        if missing:
            missing.sort(key=lambda m: m[0])
            if c.scope == "stage":
                text = self.t(
                    "missing stage",
                    count=len(missing),
                    numbers=", ".join(str(m[0]) for m in missing),
                )
            else:
                text = self.t(
                    "missing overall",
                    count=len(missing),
                    numbers=", ".join(f"{m[0]} ({m[1]})" for m in missing),
                )
            blocks.append(Block("missing", self.t("Time missing"), text=text))
        statuses: set[str] = set()
        stage_scope = c.scope == "stage"
        for key, title, rows in (
            (
                "no-result",
                "Did not start or finish" if stage_scope else "Without nominal time",
                no_result,
            ),
            ("withdrawn", "Withdrawn on stage" if stage_scope else "Withdrawn overall", withdrawn),
            (
                "experience",
                "Experience on stage" if stage_scope else "Experience overall",
                experience,
            ),
        ):
            if rows or key == "withdrawn":
                statuses.update(r[3] for r in rows)
                blocks.append(
                    Block(
                        key,
                        self.t(title),
                        self._columns(status_cols),
                        tuple(rows),
                        None if rows else self.t("none"),
                    )
                )
        return blocks, tuple(m[0] for m in missing), statuses

    def penalties(self, c: Classification) -> Block:
        adjustments = counted_adjustments(self.data, c)
        cols = self._columns(
            [
                ("No", NUMBER, "No", "center"),
                ("Crew", CREW, "Crew", "left"),
                ("Reason", TEXT, "Team", "left"),
                ("Decision", TEXT, "Vehicle", "left"),
                ("Article", TEXT, "Class", "center"),
                ("stage", NUMBER, "Time", "center"),
                ("Amount", AMOUNT, "Penalty", "right"),
                ("Kind", TEXT, "Diff", "left"),
            ]
        )
        from .sheet_raid import rules_reason

        rows = tuple(
            (
                a.number,
                self.crew(a.number),
                rules_reason(a.reason, self.language) or a.reason or "",
                self.decision(a),
                a.article or "",
                a.stage,
                a.amount_ms,
                self.t(a.kind) + (f" ({self.t('overall')})" if a.applies_to == "overall" else ""),
            )
            for a in adjustments
        )
        return Block("penalties", self.t("Penalties"), cols, rows, None if rows else self.t("none"))


def _members(data: EventData, c: Classification) -> list[int]:
    """Crews of the sheet's group (the whole category when it has none), by number."""
    cat = c.category
    out = []
    for e in data.entries:
        if data.category_of_class(e.class_code) != cat:
            continue
        if c.group is None or e.class_code == c.group or c.group in e.cups:
            out.append(e.number)
    return sorted(out)


def counted_adjustments(data: EventData, c: Classification) -> list[Adjustment]:
    """Every adjustment that went into the times of this sheet, for its penalties section."""
    ranked = {r.number for r in c.rows}
    if c.scope == "stage":
        keep = [
            a
            for a in data.adjustments
            if a.number in ranked and a.stage == c.stage and a.applies_to == "stage"
        ]
    else:
        counting = set(c.counting_stages)
        keep = [
            a
            for a in data.adjustments
            if a.number in ranked
            and a.stage <= c.stage
            and (a.applies_to == "overall" or a.stage in counting)
        ]
    return sorted(keep, key=lambda a: (a.stage, a.number, a.id))


# --------------------------------------------------------------------------- the start list


def start_list_document(
    data: EventData,
    digest: str,
    stage: int,
    starts: dict[int, int],
    language: str | None = None,
    made: datetime | None = None,
) -> Document:
    """The stage's start list as one sheet: order, number, crew, class, team, vehicle, start time."""
    try:
        st = data.stage(stage)
    except KeyError:
        raise RallyDeskError(f"stage {stage} does not exist") from None
    if not starts:
        raise RallyDeskError(
            f"stage {stage} has no start list yet: import one (kind starts) or generate it"
        )
    language = language or data.settings.language
    zone, zone_name = event_zone(data.settings.timezone)
    made_text = _when(made or datetime.now(UTC), zone, zone_name, language)
    builder = _Builder(data, digest, language, made_text, say("LIVE", language))
    spec = [
        ("Order", NUMBER, "right"),
        ("No", NUMBER, "right"),
        ("Crew", CREW, "left"),
        ("Class", TEXT, "left"),
        ("Team", TEXT, "left"),
        ("Vehicle", TEXT, "left"),
        ("Start", TEXT, "right"),
    ]
    # the start stands where a sheet's time stands (the renderers place the signatures by it)
    columns = tuple(
        Column("Time" if k == "Start" else k, say(k, language), kind, align)
        for k, kind, align in spec
    )
    rows = []
    for i, (number, ms) in enumerate(
        sorted(starts.items(), key=lambda kv: (kv[1], kv[0])), start=1
    ):
        try:
            e = data.entry(number)
        except KeyError:
            continue
        rows.append(
            (
                i,
                number,
                builder.crew(number),
                e.class_code,
                e.team or "",
                e.vehicle or "",
                T.format_time_of_day(ms, st.precision_ms),
            )
        )
    bits = [
        (say("prologue", language) if st.kind == "prologue" else say("stage n", language, n=stage))
        + f" – {st.name}"
    ]
    if st.special_km:
        bits.append(say("special", language, km=f"{st.special_km:g}"))
    if st.date:
        bits.append(_date(st.date, language))
    category = data.categories()[0].code if data.categories() else ""
    sheet = Sheet(
        name=f"S{stage:02d} start list"[:31],
        event=data.settings.name,
        title=say("start list", language, n=stage),
        stage_line="  ·  ".join(bits),
        status=say("LIVE", language),
        reference=f"S{stage:02d}-START",
        digest=digest,
        made=made_text,
        language=language,
        style=data.settings.time_style,
        precision_ms=st.precision_ms,
        stage=stage,
        scope="stage",
        category=category,
        group=None,
        columns=columns,
        rows=tuple(rows),
        blocks=(),
        legend=(),
        signatures=(say("Timekeeper", language), say("Clerk of the course", language)),
    )
    return Document(data.settings.name, (sheet,), ())
