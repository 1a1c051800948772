"""The ordering of one overall (stage × category), kept sorted from edit to edit (issue 25).

An edit changes one entry's total: the entry is taken out of its old place and put into its new
one by bisection, and only the rows between the two places (and after them while a row still
differs: a shared position, a gap to a new leader) are built again; the others are the previous
rows, reused as they are.  Pure Python, no I/O.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

#: An entry's place in the order: (total, countback, number, penalty, nominal).
Key = tuple[int, tuple[int, ...], int, int, bool]


class Row(NamedTuple):
    """One classified entry (a named tuple: built by the thousand after every edit)."""

    position: int
    number: int
    time_ms: int
    penalty_ms: int
    gap_ms: int
    diff_ms: int
    category_position: int
    nominal: bool = False
    change: int | None = None


class Span(NamedTuple):
    """Where a new order differs from the old one: indexes ``lo`` to ``hi`` (both included);
    ``shifted`` when its length changed (every index after ``lo`` then moved)."""

    lo: int
    hi: int
    shifted: bool


def moved(
    order: Sequence[Key], changes: Iterable[tuple[Key | None, Key | None]]
) -> tuple[list[Key], Span | None]:
    """A copy of ``order`` with each (old, new) key taken out and put in; None: nothing moved."""
    new = list(order)
    lo, hi, shifted = len(new), -1, False
    for old, key in changes:
        if old == key:
            continue
        if old is not None:
            i = bisect_left(new, old)
            del new[i]
            lo, hi = min(lo, i), max(hi, i)
        if key is not None:
            i = bisect_left(new, key)
            new.insert(i, key)
            lo, hi = min(lo, i), max(hi, i)
        shifted = shifted or (old is None) != (key is None)
    if hi < 0:
        return new, None
    return new, Span(lo, hi, shifted)


def rows_of(
    order: Sequence[Key],
    was: Mapping[int, int] | None,
    old_rows: Sequence[Row] | None = None,
    span: Span | None = None,
) -> tuple[tuple[Row, ...], int, int]:
    """The rows of ``order`` (shared positions, gap to the leader, diff to the row above,
    ``change`` from ``was``), reusing ``old_rows`` outside ``span``.

    Returns (rows, first rebuilt index, index after the last rebuilt one).
    """
    n = len(order)
    if old_rows is None or span is None:
        start, old = 0, None
    else:
        start, old = span.lo, old_rows
        if span.shifted:
            old = None  # the rows after lo sit at other indexes: build them all
    rows: list[Row] = list(old_rows[:start]) if old_rows is not None else []
    first = order[0][0] if n else 0
    if start:
        prev = order[start - 1]
        prev_tie: object = (prev[0], prev[1])
        prev_time, position = prev[0], rows[start - 1].position
    else:
        prev_tie, prev_time, position = None, 0, 0
    hi = span.hi if span is not None else n
    i = start
    while i < n:
        total, countback, number, pen, nominal = order[i]
        tie = (total, countback)
        shared = i > 0 and tie == prev_tie
        if not shared:
            position = i + 1
        diff = 0 if i == 0 or shared else total - prev_time
        change = None
        if was is not None:
            before = was.get(number)
            if before is not None:
                change = before - position
        row = Row(position, number, total, pen, total - first, diff, position, nominal, change)
        if old is not None and i > hi and old[i] == row:
            rows.extend(old[i:])  # from an unchanged row on, every later row is unchanged
            return tuple(rows), start, i
        rows.append(row)
        prev_tie, prev_time = tie, total
        i += 1
    return tuple(rows), start, n


#: The desk's and the sheets' mark of a shared position ("2="): one fact for every renderer.
SHARED_MARK = "="


def position_label(position: int, tied: set[int] | frozenset[int]) -> str:
    """ "4=" for a position two or more crews share, else "4"."""
    return f"{position}{SHARED_MARK}" if position in tied else str(position)


def tied_positions(
    rows: tuple[Row, ...] | list[Row], skip: set[int] | frozenset[int] = frozenset()
) -> set[int]:
    """The positions two or more rows share (shown as "2=": equal totals after the tie-break)."""
    seen: set[int] = set()
    tied: set[int] = set()
    for r in rows:
        if r.number in skip:
            continue
        (tied if r.position in seen else seen).add(r.position)
    return tied
