"""Published versions: a sheet document frozen as JSON, and what changed between two of them.

A version stores the :class:`~rallydesk.io.sheet_model.Document` it printed, so exporting it
years later draws the same cells and the same text whatever happened to the data since.  The
"what changed" of two documents is read from the documents themselves (positions, times,
penalties, statuses of the category's stage and overall sheets), so a version can be compared
with another or with the live data in the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, replace
from typing import Any

from .sheet_model import Block, BlockColumn, Column, Document, Sheet

#: The blocks whose rows are (number, crew, reason, status, stage): entries out of the table.
STATUS_BLOCKS = ("no-result", "withdrawn", "experience")


# --------------------------------------------------------------------------- freeze and thaw


def document_json(document: Document) -> str:
    """Canonical JSON of a document: the same document always gives the same text (and digest)."""
    return json.dumps(asdict(document), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def document_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _tuples(value: Any) -> Any:
    """JSON has lists only; the document's values are tuples (a crew, a row)."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def document_from_json(text: str) -> Document:
    d = json.loads(text)
    sheets = []
    for s in d["sheets"]:
        fields = dict(s)
        fields["columns"] = tuple(Column(**c) for c in s["columns"])
        fields["rows"] = _tuples(s["rows"])
        fields["blocks"] = tuple(
            Block(
                b["key"],
                b["title"],
                tuple(BlockColumn(**c) for c in b["columns"]),
                _tuples(b["rows"]),
                b["text"],
            )
            for b in s["blocks"]
        )
        for key in ("legend", "signatures", "missing", "shared", "notices", "decisions"):
            if key in s:  # a version published before a field existed prints without it
                fields[key] = _tuples(s[key])
        sheets.append(Sheet(**fields))
    return Document(d["event"], tuple(sheets), _tuples(d["warnings"]))


# --------------------------------------------------------------------------- content


def content(document: Document) -> str:
    """What a reader of the sheets learns from them (rows, lists and the stewards' decisions, not
    the stamp or the date): two documents with the same content say the same classification.

    Page 1's other notices stamp a version ("PROVISIONAL v1 — 3 crew(s) without a time", the
    protest deadline): they differ from the live sheets by nature and are no change of data."""
    return json.dumps(
        [
            (s.name, s.rows, [b for b in s.blocks if b.key != "amended"], s.decisions)
            for s in document.sheets
        ],
        ensure_ascii=False,
        sort_keys=True,
        default=lambda o: asdict(o),
    )


def stamped(
    document: Document,
    reference_prefix: str,
    signer: str | None,
    extra: Block | Mapping[str, Block] | None = None,
    timekeepers: tuple[str, ...] = (),
    signer_label: str | None = None,
    notices: tuple[str, ...] = (),
) -> Document:
    """The published form of a document (its status line already set): its document number,
    the signatories' names (the event's timekeepers; the official who published, under
    ``signer_label``, by default the clerk's line), the notices of page 1 (the protest
    deadline) and, on amended versions, the block saying what changed: one block for every
    sheet, or by sheet name for the sheets whose crews it concerns (the others have none)."""
    sheets = []
    for s in document.sheets:
        signatures = s.signatures
        if timekeepers and signatures:
            signatures = (f"{signatures[0]} — {', '.join(timekeepers)}", *signatures[1:])
        if signer:
            label = signer_label or signatures[-1]
            signatures = (*signatures[:-1], f"{label} — {signer}")
        block = extra.get(s.name) if isinstance(extra, Mapping) else extra
        blocks = (block, *s.blocks) if block is not None else s.blocks
        sheets.append(
            replace(
                s,
                reference=f"{reference_prefix} {s.reference}",
                signatures=signatures,
                blocks=blocks,
                notices=(*s.notices, *notices),
            )
        )
    return replace(document, sheets=tuple(sheets))


# --------------------------------------------------------------------------- what changed

Facts = dict[int, dict[str, Any]]
FIELDS = ("position", "time", "penalty", "status")


def facts(document: Document, category: str) -> Facts:
    """Per race number: position, time, penalty, status on the category's stage and overall
    sheets ("stage position", "overall time", …)."""
    out: Facts = {}
    for s in document.sheets:
        if s.category != category or s.group is not None:
            continue
        keys = [c.key for c in s.columns]
        for row in s.rows:
            values = dict(zip(keys, row, strict=True))
            f = out.setdefault(values["No"], {})
            f[f"{s.scope} position"] = values["Pos"]
            f[f"{s.scope} time"] = values["Time"]
            f[f"{s.scope} penalty"] = values["Penalty"] or 0
            f[f"{s.scope} status"] = "N" if values.get("N") else "OK"
        for b in s.blocks:
            if b.key in STATUS_BLOCKS:
                for row in b.rows:
                    out.setdefault(row[0], {})[f"{s.scope} status"] = row[3]
        for number in s.missing:
            out.setdefault(number, {})[f"{s.scope} status"] = "no time"
    return out


def changes(before: Facts, after: Facts) -> list[dict[str, Any]]:
    """The entries whose position, time, penalty or status changed, with each change."""
    found = []
    for number in sorted(set(before) | set(after)):
        a, b = before.get(number, {}), after.get(number, {})
        moved = [
            {"what": key, "old": a.get(key), "new": b.get(key)}
            for key in sorted(
                set(a) | set(b), key=lambda k: (k.split()[0] != "stage", FIELDS.index(k.split()[1]))
            )
            if a.get(key) != b.get(key)
        ]
        if moved:
            found.append({"number": number, "changes": moved})
    return found
