"""What every part of the event store shares: the backend, the write policy, the desk's identity,
and one write = one transaction with its journal row (``_write``, ``_journal``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import journal
from .backend import Backend
from .errors import Refused, StoreError, StoreUnavailable
from .location import EventLocation, ServerAddress
from .policy import DeskIdentity, WritePolicy


class StoreCore:
    """The state and the write machinery the store's parts (results, set-up, adjustments,
    officials, publications, journal reads) are written on."""

    def __init__(
        self, db: Backend, policy: WritePolicy, identity: DeskIdentity, readonly: bool
    ) -> None:
        #: The event's database: a file or a server (``backend.Backend``).
        self.db = db
        self.readonly = readonly
        #: Checked inside each write's transaction, before it changes anything (the services'
        #: roles and publication locks); its ``official`` is the one every journal row names.
        self.policy = policy
        #: The desk and user every journal row names: read once, when the event was opened.
        self.identity = identity
        #: The journal row the last write of this store added (None: that write added none, or
        #: was rolled back): the services know from it whether their snapshot is still whole.
        self.last_journal_id: int | None = None
        #: On a server: the journal head the last ``load`` read in its snapshot (None: none yet)
        self.loaded_head: int | None = None

    @property
    def location(self) -> EventLocation:
        return self.db.location

    @property
    def path(self) -> Path | ServerAddress:
        """The event file, or the server address shown for an event on a server (no password)."""
        return self.db.location.shown

    def _shown(self) -> str:
        return str(self.db.location)

    def heartbeat(self, waiting: int) -> bool:
        """Report to a server that this desk is alive with ``waiting`` changes kept offline
        (``server status`` lists it); False for a file, or a server event without heartbeats."""
        beat = getattr(self.db, "heartbeat", None)
        return bool(beat(waiting)) if beat is not None else False

    # ------------------------------------------------------------------ write

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One atomic change; a full disk, a read-only medium or the server's refusal becomes a
        clear refusal; a lost server stays :class:`StoreUnavailable` (the desk keeps the change)."""
        self._check_writable()
        if not self.in_transaction():
            self.last_journal_id = None
        with self._refusals(), self.db.atomic():
            yield

    @contextmanager
    def _refusals(self) -> Iterator[None]:
        """What a write's failure becomes (``_write``; a one-statement write uses it alone)."""
        try:
            yield
        except StoreUnavailable:
            self.last_journal_id = None
            raise  # the server is gone, not refusing: the desk keeps the change in its outbox
        except Refused as exc:
            self.last_journal_id = None
            raise StoreError(
                f"{self._shown()}: could not save: {exc.reason}; the change was NOT recorded,"
                " key it again once this is fixed"
            ) from None
        except BaseException:
            self.last_journal_id = None
            raise

    def in_transaction(self) -> bool:
        """A write is under way and not committed yet (inside a batch)."""
        return self.db.in_transaction

    def _check_writable(self) -> None:
        if self.readonly:
            raise StoreError(f"{self._shown()}: opened read-only; changes are not possible")

    def _guard(
        self, action: str, stage: int | None, number: int | None, reason: str | None
    ) -> None:
        self.policy.check(action, stage, number, reason)

    def _journal(
        self,
        action: str,
        target: str,
        old: Any,
        new: Any,
        reason: str | None = None,
        user: str | None = None,
        stage: int | None = None,
        number: int | None = None,
        change_id: str | None = None,
    ) -> int:
        """One journal row naming this desk, the policy's official, and the stage and race number
        it touches; with a ``change_id``, also its ``applied_changes`` row (same transaction)."""
        journal_id = journal.append(
            self.db,
            self.identity,
            action,
            target,
            old,
            new,
            reason,
            user,
            stage=stage,
            number=number,
            official=self.policy.official,
            change_id=change_id,
        )
        if change_id is not None:
            self.db.execute(
                "INSERT INTO applied_changes (change_id, journal_id) VALUES ($1, $2)",
                [change_id, journal_id],
            )
        self.last_journal_id = journal_id
        return journal_id

    def applied_change(self, change_id: str | None) -> dict[str, Any] | None:
        """The journal row of a change already applied (its old and new values read back), or None:
        a change replayed from an outbox is answered with what was done the first time."""
        if change_id is None:
            return None
        rows = journal.history_of_change(self.db, change_id)
        return rows[0] if rows else None

    def state_digest(self) -> tuple[int, str]:
        """(journal length, hash of the last journal row): names the exact state of the data."""
        return journal.head(self.db) or (0, journal.GENESIS)
