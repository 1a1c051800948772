"""Published versions (schema 5): every version of every unit, frozen with its document, and
the journal as the publications and the desk read it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..domain.errors import RallyDeskError
from . import journal
from .core import StoreCore

PUBLICATION_COLUMNS = (
    "id",
    "stage",
    "category",
    "version",
    "status",
    "published_at",
    "official",
    "document_no",
    "digest",
    "journal_id",
    "journal_hash",
    "reason",
    "protest_until",
)


class Publications(StoreCore):
    def publications(
        self, stage: int | None = None, category: str | None = None
    ) -> list[dict[str, Any]]:
        """Every published version (without its document), oldest first."""
        sql = f"SELECT {', '.join(PUBLICATION_COLUMNS)} FROM publications WHERE 1=1"
        params: list[Any] = []
        if stage is not None:
            params.append(stage)
            sql += f" AND stage = ${len(params)}"
        if category is not None:
            params.append(category)
            sql += f" AND category = ${len(params)}"
        return self.db.query(sql + " ORDER BY id", params)

    def publication_document(self, publication_id: int) -> str:
        """The frozen document of a version, only when it still has the digest its journal row
        recorded: every read of a published document (export, diff, the desk) goes through here,
        so a document changed behind RallyDesk's back is refused, never drawn (issue 21)."""
        r = self.db.execute(
            "SELECT document, journal_id, stage, category, version FROM publications WHERE id = $1",
            [publication_id],
        ).fetchone()
        if r is None:
            raise RallyDeskError(f"publication {publication_id} does not exist")
        document = str(r[0] or "")
        unit = f"stage {r[2]} {r[3]} v{r[4]}"
        recorded = self._journalled_digest(publication_id, r[1])
        if recorded is None:
            raise RallyDeskError(
                f"{self._shown()}: {unit} (publication {publication_id}) has no journal row: "
                "its stored document cannot be trusted and is not used; run rallydesk verify"
            )
        if hashlib.sha256(document.encode("utf-8")).hexdigest() != recorded:
            raise RallyDeskError(
                f"{self._shown()}: the stored document of {unit} (publication {publication_id}) "
                "does not match the digest its journal row recorded: it was changed behind "
                "RallyDesk's back, so it is not used; run rallydesk verify and restore a backup"
            )
        return document

    def _journalled_digest(self, publication_id: int, journal_id: Any) -> str | None:
        """The digest the ``publication.add`` journal row of a version recorded (its row follows
        the head the version names; found by its target when that number was changed)."""
        queries: list[tuple[str, list[Any]]] = [
            (
                "SELECT new FROM journal WHERE action = 'publication.add' AND target LIKE $1"
                " ORDER BY id",
                [f"publication {publication_id} %"],
            )
        ]
        if isinstance(journal_id, int):
            queries.insert(
                0,
                (
                    "SELECT new FROM journal WHERE id = $1 AND action = 'publication.add'",
                    [journal_id + 1],
                ),
            )
        for sql, params in queries:
            for (new,) in self.db.execute(sql, params).fetchall():
                try:
                    value = json.loads(new)
                except (TypeError, ValueError):
                    continue
                if isinstance(value, dict) and value.get("id") == publication_id:
                    digest = value.get("digest")
                    return str(digest) if digest is not None else None
        return None

    def add_publication(self, row: dict[str, Any], document: str) -> int:
        """Freeze one version: the row and its document, journalled with the document's digest
        (not the document itself: verify recomputes the digest of what the table holds)."""
        self._check_writable()
        with self._write():
            self._guard(f"publication.{row['status']}", row["stage"], None, row.get("reason"))
            head = self.state_digest()
            row = dict(row, journal_id=head[0], journal_hash=head[1])
            row.setdefault("document_no", self.next_document_no(None))
            stored = {c: row.get(c) for c in PUBLICATION_COLUMNS if c != "id"}
            row["id"] = int(self.db.insert("publications", dict(stored, document=document), "id"))
            self._journal(
                "publication.add",
                f"publication {row['id']} stage {row['stage']} {row['category']} v{row['version']}",
                None,
                row,
                row.get("reason"),
                stage=row["stage"],
            )
        return int(row["id"])

    def next_document_no(self, prefix: str | None) -> str:
        """The event-wide sequence of published documents, after the event's optional prefix."""
        n = int(self.db.execute("SELECT count(*) FROM publications").scalar()) + 1
        return f"{prefix or ''}{n:04d}"

    # ------------------------------------------------------------------ journal reads

    def journal_since(self, after_id: int, upto_id: int | None = None) -> list[dict[str, Any]]:
        """Journal rows after ``after_id`` (up to ``upto_id``): what changed since a version."""
        return journal.history(self.db, after_id=after_id, upto_id=upto_id)

    def journal_history(self, target_like: str | None = None) -> list[dict[str, Any]]:
        return journal.history(self.db, target_like)

    def journal_head_id(self) -> int:
        return self.state_digest()[0]
