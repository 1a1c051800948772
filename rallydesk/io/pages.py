"""How a classification is cut into pages: one model, followed by the PDF and the workbook.

A renderer turns its sheet into a flow of :class:`Piece` objects (a result row, a list's
heading, the signatures…), each with its printed height in the renderer's own units; this
module decides where pages end. The rules are the notice board's:

- a piece marked ``keep_with_next`` never ends a page (a heading, a list's column headings,
  the signatures and the legend);
- the signatures take the last result rows with them when the lists fit on that page, else the
  last rows of the lists: a signed page never stands alone;
- a piece that begins a page is preceded by its ``repeat`` (a list's heading and column
  headings on a continuation page), so a list row never sits under the results' headings.

Plain Python: no Qt, no openpyxl.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Result rows carried over to the page of the signatures so that they never stand alone.
CARRIED_ROWS = 3

RESULT = "result"


@dataclass(eq=False)
class Piece:
    """One unbreakable piece of a sheet's flow."""

    height: float
    keep_with_next: bool = False
    repeat: Piece | None = None  # drawn first on a page this piece begins
    kind: str = "row"
    payload: Any = None  # what the renderer draws (rows of a workbook, a drawing function)


def bind_tail(
    pieces: Sequence[Piece],
    last_result: int,
    tail_start: int,
    capacity: float,
    has_rows: bool,
    first_result: int = 0,
) -> None:
    """Keep the signatures and legend (``pieces[tail_start:]``) with result rows when the lists
    between them fit on one page with the last ones, else with the last rows of the lists.
    ``first_result``: the first result row (what page 1 says above the table is not one)."""
    for piece in pieces[tail_start:-1]:
        piece.keep_with_next = True
    tail = sum(p.height for p in pieces[last_result + 1 :])
    first = max(first_result, last_result - CARRIED_ROWS + 1)
    carry = pieces[first : last_result + 1]
    header = carry[0].repeat.height if carry and carry[0].repeat is not None else 0.0
    if has_rows and tail + sum(p.height for p in carry) + header <= capacity:
        for piece in pieces[first:-1]:
            piece.keep_with_next = True
    else:
        for piece in pieces[max(0, tail_start - CARRIED_ROWS) : tail_start]:
            piece.keep_with_next = True


def paginate(pieces: Sequence[Piece], capacity: float) -> list[list[Piece]]:
    """The pages, each a list of the pieces it prints (repeated headings included), in order."""
    pages: list[list[Piece]] = [[]]
    used = 0.0
    i = 0
    while i < len(pieces):
        j = i
        while pieces[j].keep_with_next and j + 1 < len(pieces):
            j += 1
        chain = pieces[i : j + 1]
        height = sum(p.height for p in chain)
        repeat = chain[0].repeat
        if not pages[-1] and repeat is not None:
            height += repeat.height
        if used + height > capacity and pages[-1]:
            pages.append([])
            used = 0.0
            height += repeat.height if repeat is not None else 0
        if height > capacity:  # a chain taller than a page: place it piece by piece
            chain = [pieces[i]]
        for piece in chain:
            if not pages[-1] and piece.repeat is not None:
                pages[-1].append(piece.repeat)
                used += piece.repeat.height
            if used + piece.height > capacity and pages[-1]:
                pages.append([])
                used = 0.0
                if piece.repeat is not None:
                    pages[-1].append(piece.repeat)
                    used += piece.repeat.height
            pages[-1].append(piece)
            used += piece.height
        i += len(chain)
    return pages


def last_result_page(pages: list[list[Piece]]) -> int:
    """How many pages hold result rows (they come first): the pages under the results' headings."""
    found = 0
    for n, page in enumerate(pages, start=1):
        if any(p.kind == RESULT for p in page):
            found = n
    return max(found, 1)
