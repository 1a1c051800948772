"""Import stages, groups, entries, times and adjustments from CSV or XLSX (docs/command-line.md).

Every row of every file is checked against a snapshot of the event (:func:`plan_import`), with
the domain's own rules (``domain/keyed.py``), before anything is written; nothing here writes.
The services write the plan's changes, all the files of one import in one transaction, so one
bad row anywhere leaves the event exactly as it was.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..domain import keyed
from ..domain import times as T
from ..domain.errors import LIST_LIMIT, BadField, RallyDeskError, listed, quoted
from ..domain.keyed import refuse_duplicate, require
from ..domain.model import (
    GROUP_KINDS,
    STAGE_KINDS,
    Adjustment,
    CrewMember,
    Entry,
    EventData,
    Group,
    NominalRule,
    Stage,
    StageTime,
    StartTime,
)
from ..domain.waypoints import Passage, Waypoint
from .raid_imports import CHECKERS as RAID_CHECKERS
from .raid_imports import KINDS as RAID_KINDS
from .raid_imports import detect as detect_raid
from .raid_imports import with_raid_change
from .tables import EXTRA, UNREADABLE, RawTable, read_table

KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (required columns, optional columns)
    "groups": (("code", "name"), ("parent", "kind")),
    "stages": (
        ("stage", "name"),
        (
            "date",
            "kind",
            "special_km",
            "liaison_km",
            "counts",
            "precision",
            "cancelled_for",
            "nominal",
            "max_time",
            "fixed_penalty",
        ),
    ),
    "entries": (
        ("number", "class"),
        (
            "driver",
            "driver_nat",
            "codriver",
            "codriver_nat",
            "navigator",
            "navigator_nat",
            "team",
            "vehicle",
            "cups",
        ),
    ),
    "times": (("stage", "number"), ("start", "finish", "elapsed", "status", "nominal", "reason")),
    "adjustments": (
        ("stage", "number", "amount"),
        ("kind", "applies_to", "reason", "article", "decision", "decided_at"),
    ),
    "starts": (("stage", "number", "start"), ()),
    **RAID_KINDS,
}
ORDER = (
    "groups",
    "stages",
    "entries",
    "waypoints",
    "starts",
    "times",
    "passages",
    "adjustments",
)
MAX_ERRORS_SHOWN = 200


class ImportRejected(RallyDeskError):
    """An import refused; ``problems`` lists every bad row when rows were the reason."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems


#: What one checked row becomes: a domain value the services write (never this module).
Change = Group | Stage | Entry | StageTime | Adjustment | StartTime | Waypoint | Passage
Checker = Callable[[dict[str, str]], Change]
#: Every start list of the event: (stage, number) → start time of day in ms.
Starts = Mapping[tuple[int, int], int]


@dataclass
class ImportReport:
    path: Path
    kind: str
    rows: int
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PlannedFile:
    """One file of an import, checked: its report and what its rows become, in row order."""

    report: ImportReport
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class ImportPlan:
    """What an import would write, file by file in import order, or every bad row it found.

    Made from an :class:`EventData` snapshot and nothing else: the services write
    :attr:`changes` in one transaction, or write nothing when :attr:`problems` is not empty."""

    files: tuple[PlannedFile, ...]
    problems: tuple[str, ...]

    @property
    def reports(self) -> list[ImportReport]:
        return [f.report for f in self.files]

    @property
    def changes(self) -> list[Change]:
        return [c for f in self.files for c in f.changes]

    def rejection(self) -> ImportRejected | None:
        """The refusal naming every bad row (the first MAX_ERRORS_SHOWN), None when none is bad."""
        problems = list(self.problems)
        if not problems:
            return None
        shown = problems[:MAX_ERRORS_SHOWN]
        more = len(problems) - len(shown)
        files = ", ".join(str(f.report.path) for f in self.files)
        text = f"{len(problems)} bad row{'s' if len(problems) != 1 else ''}; nothing imported from {files}:\n"
        text += "\n".join("  " + p for p in shown)
        if more:
            text += f"\n  … and {more} more"
        return ImportRejected(text, problems)

    def raise_if_rejected(self) -> None:
        rejected = self.rejection()
        if rejected is not None:
            raise rejected


class RowError(Exception):
    def __init__(self, column: str | None, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def detect_kind(table: RawTable) -> str:
    cols = set(table.header)
    if "amount" in cols:
        return "adjustments"
    if "code" in cols:
        return "groups"
    if "class" in cols:
        return "entries"
    raid = detect_raid(cols)
    if raid is not None:
        return raid
    if {"stage", "number", "start"} <= cols and not cols & {
        "finish",
        "elapsed",
        "status",
        "nominal",
    }:
        return "starts"
    if {"stage", "number"} <= cols:
        return "times"
    if {"stage", "name"} <= cols:
        return "stages"
    expected = "; ".join(f"{k}: {', '.join(req)}" for k, (req, _) in KINDS.items())
    raise ImportRejected(
        f"{table.path}, line 1: cannot tell what this file holds from its header "
        f"({listed(h for h in table.header if h) or 'empty'}); expected the columns of one of: {expected}"
    )


def check_row(
    data: EventData, kind: str, row: dict[str, str], starts: Starts | None = None
) -> Change:
    """One row typed in the GUI, checked exactly as an import row; returns what to write."""
    try:
        checker = _CHECKERS[kind](data, starts or {})
        return checker({k: (v or "").strip() for k, v in row.items()})
    except RowError as exc:
        raise ImportRejected(
            f"{exc.column}: {exc.message}" if exc.column else exc.message
        ) from None


def plan_import(
    data: EventData, paths: Sequence[Path], kind: str | None = None, starts: Starts | None = None
) -> ImportPlan:
    """Read and check every row of every file against ``data`` (and the start lists ``starts``);
    each file is checked against the event as the files before it leave it (groups, then
    stages, entries, starts, times, adjustments), so entries and their times import together.
    Nothing is written: the plan says what to write, or lists every bad row."""
    if kind is not None and kind not in KINDS:
        raise ImportRejected(f"import kind {quoted(kind)} is unknown; accepted: {', '.join(ORDER)}")
    tables = []
    for path in paths:
        table = read_table(path)
        tables.append((kind or detect_kind(table), table))
    tables.sort(key=lambda kt: ORDER.index(kt[0]))
    listed = dict(starts or {})
    files: list[PlannedFile] = []
    problems: list[str] = []
    for k, table in tables:
        report, changes, errors = _check_one(data, listed, k, table)
        files.append(PlannedFile(report, tuple(changes)))
        problems.extend(errors)
        if not errors:  # the next file is checked against this one
            for change in changes:
                if isinstance(change, Waypoint | Passage):
                    data = with_raid_change(data, change)
                    continue
                data = data.with_change(change)
                if isinstance(change, StartTime):
                    listed[(change.stage, change.number)] = change.start_ms
    return ImportPlan(tuple(files), tuple(problems))


def _check_one(
    data: EventData, starts: Starts, kind: str, table: RawTable
) -> tuple[ImportReport, list[Change], list[str]]:
    required, optional = KINDS[kind]
    missing = [c for c in required if c not in table.header]
    if missing:
        raise_cols = ", ".join(missing)
        return (
            ImportReport(table.path, kind, 0),
            [],
            [
                f"{table.path}, line 1: missing required column{'s' if len(missing) > 1 else ''} {raise_cols} "
                f"for a {kind} file (required: {', '.join(required)}; optional: {', '.join(optional)})"
            ],
        )
    known = set(required) | set(optional)
    unknown = [h for h in table.header if h and h not in known]
    warnings = [f"{table.path}: unknown column {quoted(h)} ignored" for h in unknown[:LIST_LIMIT]]
    if len(unknown) > LIST_LIMIT:
        warnings.append(f"{table.path}: {len(unknown) - LIST_LIMIT:,} more unknown columns ignored")
    counts = Counter(h for h in table.header if h)
    dup_cols = sorted(h for h, n in counts.items() if n > 1)
    if dup_cols:
        return (
            ImportReport(table.path, kind, 0),
            [],
            [f"{table.path}, line 1: column {listed(dup_cols)} appears twice in the header"],
        )
    if not table.rows:  # a penalties sheet with no penalty yet is a valid, empty file
        report = ImportReport(
            table.path, kind, 0, warnings + [f"{table.path}: a header and no data rows"]
        )
        return report, [], []
    errors: list[str] = []
    changes: list[Change] = []
    checker = _CHECKERS[kind](data, starts)
    for line, row in table.rows:
        if UNREADABLE in row or EXTRA in row:
            errors.append(f"{table.path}, line {line}: {row.get(UNREADABLE) or row[EXTRA]}")
            continue
        try:
            changes.append(checker(row))
        except RowError as exc:
            col = f", column '{exc.column}'" if exc.column else ""
            errors.append(f"{table.path}, line {line}{col}: {exc.message}")
        except BadField as exc:
            errors.append(f"{table.path}, line {line}, column '{exc.field}': {exc.message}")
        except RallyDeskError as exc:
            errors.append(f"{table.path}, line {line}: {exc}")
    return ImportReport(table.path, kind, len(table.rows), warnings), changes, errors


# ----------------------------------------------------------------------------- cell parsers


def _int(row: dict[str, str], col: str, minimum: int = 0) -> int:
    text = row.get(col, "")
    if not re.fullmatch(r"[0-9]{1,6}", text):
        raise RowError(
            col, f"{quoted(text)} is not a whole number" + (" (required)" if not text else "")
        )
    value = int(text)
    if value < minimum:
        raise RowError(col, f"{value} must be at least {minimum}")
    return value


def _decided_at(row: dict[str, str]) -> str | None:
    """When the decision was taken: ISO 8601 (2026-01-08T18:42, with or without a UTC offset)."""
    text = _text(row, "decided_at", max_len=40)
    if text is None:
        return None
    from datetime import datetime

    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise RowError(
            "decided_at", f"{quoted(text)} is not a date and time; write 2026-01-08T18:42"
        ) from None
    return text


def _text(row: dict[str, str], col: str, required: bool = False, max_len: int = 200) -> str | None:
    text = row.get(col, "").strip()
    if not text:
        if required:
            raise RowError(col, "is empty (required)")
        return None
    if len(text) > max_len:
        raise RowError(col, f"is {len(text)} characters long (at most {max_len})")
    if any(ord(c) < 32 for c in text):
        raise RowError(col, f"{quoted(text)} contains control characters")
    return text


def _km(row: dict[str, str], col: str) -> float | None:
    text = row.get(col, "").strip().replace(",", ".")
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{1,5}(\.[0-9]{1,3})?", text):
        raise RowError(col, f"{quoted(row[col])} is not a distance in km (e.g. 305 or 12.5)")
    return float(text)


def _time(row: dict[str, str], col: str, parse: Callable[[str], int]) -> int | None:
    text = row.get(col, "").strip()
    if not text:
        return None
    try:
        return parse(text)
    except T.TimeFormatError as exc:
        raise RowError(col, str(exc)) from None


def _yes_no(row: dict[str, str], col: str, default: bool) -> bool:
    text = row.get(col, "").strip().lower()
    if not text:
        return default
    if text in ("yes", "y", "true", "1", "oui"):
        return True
    if text in ("no", "n", "false", "0", "non"):
        return False
    raise RowError(col, f"{quoted(row[col])} is not yes or no")


def _nationality(row: dict[str, str], col: str) -> str | None:
    text = row.get(col, "").strip()
    if not text:
        return None
    if not re.fullmatch(r"[A-Za-z]{2,3}", text):
        raise RowError(
            col, f"{quoted(text)} is not a nationality code (three letters, e.g. FRA, KSA)"
        )
    return text.upper()


_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _date(row: dict[str, str], col: str) -> str | None:
    import datetime as dt

    text = row.get(col, "").strip()
    if not text:
        return None
    m = _DATE.fullmatch(text[:10]) if len(text) in (10, 19) else None
    try:
        if m is None:
            raise ValueError
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        raise RowError(col, f"{quoted(text)} is not a date (YYYY-MM-DD, e.g. 2026-01-04)") from None


# ----------------------------------------------------------------------------- checkers


def _groups_checker(data: EventData, starts: Starts) -> Checker:
    existing = {g.code: g for g in data.groups}
    seen: dict[str, Group] = {}

    def check(row: dict[str, str]) -> Change:
        code = _text(row, "code", required=True, max_len=20) or ""
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_+\-.]*", code):
            raise RowError(
                "code", f"{quoted(code)} is not a group code (letters, digits, - _ + ., no spaces)"
            )
        if code in seen:
            raise RowError("code", f"{quoted(code)} appears twice in this file")
        name = _text(row, "name", required=True) or ""
        parent = _text(row, "parent", max_len=20)
        kind = (row.get("kind") or "").strip().lower() or ("class" if parent else "category")
        if kind not in GROUP_KINDS:
            raise RowError(
                "kind", f"{quoted(row['kind'])} is unknown; accepted: {', '.join(GROUP_KINDS)}"
            )
        if kind == "category" and parent:
            raise RowError("parent", "a category has no parent (leave it empty)")
        if kind == "class" and not parent:
            raise RowError("parent", f"class {quoted(code)} needs a parent category")
        if parent:
            p = seen.get(parent) or existing.get(parent)
            if p is None:
                raise RowError("parent", f"{quoted(parent)} is not a known category")
            if p.kind != "category":
                raise RowError("parent", f"{quoted(parent)} is a {p.kind}, not a category")
        group = Group(code, name, kind, parent)
        seen[code] = group
        return group

    return check


def _stages_checker(data: EventData, starts: Starts) -> Checker:
    categories = {g.code for g in data.groups if g.kind == "category"}
    seen: set[int] = set()

    def check(row: dict[str, str]) -> Change:
        number = _int(row, "stage")
        if number in seen:
            raise RowError("stage", f"stage {number} appears twice in this file")
        seen.add(number)
        name = _text(row, "name", required=True) or ""
        kind = (row.get("kind") or "").strip().lower() or ("prologue" if number == 0 else "stage")
        if kind not in STAGE_KINDS:
            raise RowError(
                "kind", f"{quoted(row['kind'])} is unknown; accepted: {', '.join(STAGE_KINDS)}"
            )
        counts = _yes_no(row, "counts", kind != "prologue")
        precision_text = (row.get("precision") or "").strip()
        if precision_text:
            try:
                precision = T.parse_precision(precision_text)
            except ValueError:
                raise RowError(
                    "precision",
                    f"{quoted(precision_text)} is not a precision; accepted: {', '.join(T.PRECISIONS)}",
                ) from None
        else:
            precision = 100 if kind in ("prologue", "superspecial") else 1000
        cancelled = frozenset(
            c.strip() for c in (row.get("cancelled_for") or "").split(";") if c.strip()
        )
        unknown = sorted(cancelled - categories)
        if unknown:
            raise RowError(
                "cancelled_for",
                f"{', '.join(unknown)} is not a category of this event "
                f"(categories: {', '.join(sorted(categories)) or 'none yet'})",
            )
        stage = Stage(
            number,
            name,
            _date(row, "date"),
            kind,
            _km(row, "special_km"),
            _km(row, "liaison_km"),
            counts,
            precision,
            cancelled,
            _nominal_rule(row),
            _time(row, "max_time", T.parse_duration),
            _time(row, "fixed_penalty", T.parse_duration) or 0,
        )
        if stage.nominal.kind == "max+" and stage.max_time_ms is None:
            raise RowError("max_time", "the max+ nominal rule needs the stage's maximum time")
        return stage

    return check


def _nominal_rule(row: dict[str, str]) -> NominalRule:
    text = (row.get("nominal") or "").strip()
    if not text or text.lower() == "none":
        return NominalRule()
    if re.fullmatch(r"(?i)max\s*\+", text):  # maximum time + missed waypoints + fixed (§8)
        return NominalRule("max+", 0)
    m = re.fullmatch(r"(?i)(fixed|slowest\s*\+)\s*(.+)", text)
    if not m:
        raise RowError(
            "nominal",
            f"{quoted(text)} is not a nominal-time rule; accepted: none, fixed 10:00:00, slowest+ 1:00:00, max+",
        )
    kind = "fixed" if m[1].lower() == "fixed" else "slowest+"
    try:
        amount = T.parse_duration(m[2])
    except T.TimeFormatError as exc:
        raise RowError("nominal", str(exc)) from None
    return NominalRule(kind, amount)


def _entries_checker(data: EventData, starts: Starts) -> Checker:
    groups = {g.code: g for g in data.groups}
    seen: set[int] = set()

    def check(row: dict[str, str]) -> Change:
        number = _int(row, "number", minimum=1)
        if number in seen:
            raise RowError("number", f"race number {number} appears twice in this file")
        seen.add(number)
        cls = (row.get("class") or "").strip()
        g = groups.get(cls)
        if g is None or g.kind == "cup":
            known = ", ".join(c for c, x in groups.items() if x.kind != "cup") or "none yet"
            raise RowError(
                "class", f"{quoted(cls)} is not a class of this event (classes: {known})"
            )
        crew = []
        for role in ("driver", "codriver", "navigator"):
            name = _text(row, role)
            nat = _nationality(row, f"{role}_nat")
            if name:
                crew.append(CrewMember(role, name, nat))
            elif nat:
                raise RowError(role, f"a nationality without a {role} name")
        cups = frozenset(c.strip() for c in (row.get("cups") or "").split(";") if c.strip())
        for cup in sorted(cups):
            if groups.get(cup) is None or groups[cup].kind != "cup":
                known = ", ".join(c for c, x in groups.items() if x.kind == "cup") or "none yet"
                raise RowError("cups", f"{quoted(cup)} is not a cup of this event (cups: {known})")
        entry = Entry(number, cls, tuple(crew), _text(row, "team"), _text(row, "vehicle"), cups)
        return entry

    return check


def _times_checker(data: EventData, starts: Starts) -> Checker:
    seen: set[tuple[int, int]] = set()

    def check(row: dict[str, str]) -> Change:
        stage = _int(row, "stage")
        number = _int(row, "number", minimum=1)
        if (stage, number) in seen:
            raise RowError("number", f"#{number} on stage {stage} appears twice in this file")
        seen.add((stage, number))
        start = _time(row, "start", T.parse_time_of_day)
        finish = _time(row, "finish", T.parse_time_of_day)
        elapsed = _time(row, "elapsed", T.parse_duration)
        nominal = _time(row, "nominal", T.parse_duration)
        status = (row.get("status") or "OK").strip().upper() or "OK"
        require(data, stage, number)
        listed = starts.get((stage, number)) if finish is not None else None
        return keyed.stage_time(
            stage,
            number,
            elapsed,
            start,
            finish,
            status,
            nominal,
            _text(row, "reason"),
            listed_start_ms=listed,
        )

    return check


def _adjustments_checker(data: EventData, starts: Starts) -> Checker:
    in_file: set[tuple[int, int, int, str | None, str | None]] = set()

    def check(row: dict[str, str]) -> Change:
        stage = _int(row, "stage")
        number = _int(row, "number", minimum=1)
        amount = _time(row, "amount", T.parse_adjustment)
        if amount is None:
            raise RowError(
                "amount", 'is empty (required; a signed duration such as +0:01:10 or -40")'
            )
        require(data, stage, number)
        a = keyed.adjustment(
            stage,
            number,
            amount,
            row.get("kind") or None,
            row.get("applies_to") or None,
            _text(row, "reason"),
            _text(row, "article", max_len=40),
            decision=_text(row, "decision", max_len=40),
            decided_at=_decided_at(row),
        )
        refuse_duplicate(data, a)  # a penalties file imported twice must not double every penalty
        if a.identity in in_file:
            raise RowError(None, f"the same adjustment ({a.describe()}) appears twice in this file")
        in_file.add(a.identity)
        return a

    return check


def _starts_checker(data: EventData, starts: Starts) -> Checker:
    seen: set[tuple[int, int]] = set()

    def check(row: dict[str, str]) -> Change:
        stage = _int(row, "stage")
        number = _int(row, "number", minimum=1)
        if (stage, number) in seen:
            raise RowError("number", f"#{number} on stage {stage} appears twice in this file")
        seen.add((stage, number))
        start = _time(row, "start", T.parse_time_of_day)
        if start is None:
            raise RowError(
                "start", "is empty (required; a time of day such as 08:10:00, +1 for the next day)"
            )
        require(data, stage, number)
        return StartTime(stage, number, keyed.start_of_day(start))

    return check


_CHECKERS: dict[str, Callable[[EventData, Starts], Checker]] = {
    "groups": _groups_checker,
    "stages": _stages_checker,
    "entries": _entries_checker,
    "times": _times_checker,
    "adjustments": _adjustments_checker,
    "starts": _starts_checker,
    **RAID_CHECKERS,  # type: ignore[dict-item]
}
