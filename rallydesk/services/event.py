"""``Event``: the one object the desk, the command line and the Python API hold.

A thin facade: it *is* the :class:`EventContext` (the unit of work) and binds each use-case
module's functions as its methods, so ``event.record_time(...)`` is ``timing.record_time(event,
...)``. Nothing is decided here; the rules live in the modules and the domain. The public
methods and their meaning are those of the README's Python API and ``docs/command-line.md``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from ..domain.model import Settings
from ..domain.settings import validate_settings
from ..store.autobackup import AutoBackup
from ..store.errors import StoreUnavailable
from ..store.eventstore import EventStore
from ..store.location import is_url
from ..store.policy import DeskIdentity
from . import (
    examples,
    files,
    keying,
    penalties,
    publication,
    replica,
    reports,
    second,
    session,
    setup,
    starts,
    sync,
    timing,
)
from . import waypoints as raid
from .context import EventContext

log = logging.getLogger(__name__)


class Event(EventContext):
    """An open event (a file, or a database on a server). Use as a context manager, or call
    :meth:`close`."""

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls, path: str | Path, readonly: bool = False, identity: DeskIdentity | None = None
    ) -> Event:
        """Open an event: the store, then (a writing desk) its outbox, its automatic backups and
        the replay of changes kept from a session that lost its server — each an explicit step."""
        policy = session.SessionPolicy()
        try:
            store = EventStore.open(path, readonly=readonly, policy=policy, identity=identity)
        except StoreUnavailable as lost:
            if readonly or not is_url(path):
                raise
            # the server is away: a writing desk that kept a replica opens from it (offline)
            store, kept = replica.open_unreached(str(path), policy, identity, lost)
            event = cls(store, policy)
            replica.seed(event, kept)
            event._start()
            return event
        event = cls.over(store, policy)
        log.info("opened %s%s", event.path, " read-only" if event.readonly else "")
        return event

    @classmethod
    def over(cls, store: EventStore, policy: session.SessionPolicy) -> Event:
        """The event over a store opened with ``policy`` (or a test's stand-in for one): the
        desk's start-up steps run here, not in the constructor."""
        event = cls(store, policy)
        event._start()
        return event

    @classmethod
    def create(
        cls,
        path: str | Path,
        name: str,
        tie_break: str = "last-stage",
        time_style: str = "dakar",
        language: str = "en",
        timezone: str | None = None,
        identity: DeskIdentity | None = None,
    ) -> Event:
        """A new, empty event (a new file, or an empty server database)."""
        settings = Settings(
            name=name,
            tie_break=tie_break,
            time_style=time_style,
            language=language,
            timezone=timezone,
        )
        validate_settings(settings)
        policy = session.SessionPolicy()
        store = EventStore.create(path, settings, policy=policy, identity=identity)
        event = cls.over(store, policy)
        log.info("created %s (%s)", event.path, name)
        return event

    def reader(self) -> Callable[[], Event]:
        """What opens this event once more, read-only, as this desk reached it: for a server
        event with the login and password of the desk's own connection (held in memory, never
        shown, logged or written; nothing asked of the credential store), for a file the file.
        Called in the thread that will use it (the results board's feed)."""
        open_store = self.store.reader()

        def open_reader() -> Event:
            policy = session.SessionPolicy()
            event = Event.over(open_store(policy), policy)
            log.info("opened %s read-only (a reader of this desk's)", event.path)
            return event

        return open_reader

    def __init__(self, store: EventStore, policy: session.SessionPolicy) -> None:
        super().__init__(store)
        policy.attach(self)

    def _start(self) -> None:
        sync.heartbeat(self, force=True)  # a server hears of this desk at once
        if self.readonly:
            return
        for read in ("starts", "desk_settings"):  # known before the server can be lost
            self.last_known(read)
        self.replica = replica.replica_of(self.store)
        sync.open_outbox(self)
        files.start_auto_backup(self)
        if self.unreached:  # opened from the replica: what the outbox keeps, shown over it
            replica.apply_kept(self)
        elif sync.pending_changes(self):
            sync.replay_kept(self)
            sync.heartbeat(self, force=True)  # the changes still waiting after the replay

    def _freshen(self) -> None:
        sync.freshen(self)

    def _loaded(self) -> None:
        replica.keep(self)

    def __enter__(self) -> Event:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def offline(self) -> bool:
        """True while changes wait in the outbox, or the desk opened from its replica and the
        server has not answered since (the desk shows OFFLINE)."""
        return sync.offline(self)

    @property
    def auto_backup(self) -> AutoBackup | None:
        """The automatic backups' schedule and last warning (None: none set)."""
        return self.backups.auto if self.backups is not None else None

    # ------------------------------------------------------------------ set-up
    update_settings = setup.update_settings
    put_stage = setup.put_stage
    put_group = setup.put_group
    put_entry = setup.put_entry
    apply_row = setup.apply_row
    speed_ranges = setup.speed_ranges
    set_speed_range = setup.set_speed_range

    # ------------------------------------------------------------------ timing
    build_time = timing.build_time
    record_time = timing.record_time
    existing_time = timing.existing_time
    delete_time = timing.delete_time
    review_time = timing.review_time
    still_without_time = timing.still_without_time
    find_entries = timing.find_entries
    recent_keyed = timing.recent_keyed
    desk_stage = timing.desk_stage
    latest_stage_with_results = timing.latest_stage_with_results
    writer = timing.writer
    key = keying.key

    # ------------------------------------------------------------------ start lists
    build_start = starts.build_start
    starts_of = starts.starts_of
    start_of = starts.start_of
    set_starts = starts.set_starts
    start_order = starts.start_order
    generate_starts = starts.generate_starts
    start_list = starts.start_list
    export_start_list = starts.export_start_list

    # ------------------------------------------------------------------ double keying
    record_second = second.record_second
    mismatches = second.mismatches
    verified = second.verified
    settle = second.settle

    # ------------------------------------------------------------------ penalties
    build_adjustment = penalties.build_adjustment
    add_adjustment = penalties.add_adjustment
    refuse_duplicate = penalties.refuse_duplicate
    revoke_adjustment = penalties.revoke_adjustment
    edit_adjustment = penalties.edit_adjustment
    adjustments = penalties.adjustments

    # ------------------------------------------------------------------ rally-raid (RULES §8)
    waypoints = raid.waypoints
    build_waypoint = raid.build_waypoint
    set_waypoints = raid.set_waypoints
    missed_penalties = raid.missed_penalties
    set_missed_penalty = raid.set_missed_penalty
    passages = raid.passages
    build_passage = raid.build_passage
    add_passage = raid.add_passage
    close_passages = raid.close_passages
    interruption = raid.interruption
    interrupt = raid.interrupt
    undo_interruption = raid.undo_interruption
    for_stewards = raid.for_stewards
    interruption_lines = raid.interruption_lines

    # ------------------------------------------------------------------ reports
    classification = reports.classification
    live_overall = reports.live_overall
    standings = reports.standings
    export = reports.export
    sheets = reports.sheets
    paint_sheets = staticmethod(reports.paint_sheets)
    export_workbook = reports.export_workbook
    anchor = reports.anchor
    state_digest = reports.state_digest
    crew_card = reports.crew_card
    journal = reports.journal

    # ------------------------------------------------------------------ officials
    officials = session.officials
    add_official = session.add_official
    remove_official = session.remove_official
    login = session.login
    logout = session.logout
    may = session.may

    # ------------------------------------------------------------------ publication
    published = publication.published
    versions = publication.versions
    category_code = publication.category_code
    live_unit = publication.live_unit
    version_document = publication.version_document
    unit_state = publication.unit_state
    units = publication.units
    publish = publication.publish
    publish_check = publication.publish_check
    preview_document = publication.preview_document
    amend = publication.amend
    diff = publication.diff
    change_lines = publication.change_lines
    export_version = publication.export_version

    # ------------------------------------------------------------------ files
    import_files = files.import_files
    check_import = files.check_import
    write_imported = files.write_imported
    preview_file = staticmethod(files.preview_file)
    set_backup_folder = files.set_backup_folder
    backup_settings = files.backup_settings
    backup_now = files.backup_now
    example_kinds = staticmethod(examples.example_kinds)
    save_example = staticmethod(examples.save_example)

    # ------------------------------------------------------------------ several desks
    pending_changes = sync.pending_changes
    try_reconnect = sync.try_reconnect
    replay = sync.replay
    conflicts = sync.conflicts
    settle_conflict = sync.settle_conflict
    poll_external = sync.poll_external
    listen = sync.listen
