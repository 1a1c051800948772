"""The use-cases the desk, the command line and the Python API share, one module per concern.

``Event`` (``event.py``) is the object they hold: the unit of work (``context.py``) with each
use-case module's functions bound as its methods. What changed reaches listeners as typed
notices (``notices.py``).
"""

from __future__ import annotations

from ..domain.changes import NOT_GIVEN, Conflict
from ..domain.keyed import MAX_STAGE_MS, elapsed_from
from ..domain.settings import validate_settings
from ..io.sheet_model import Document  # what the desk previews and prints (the GUI reaches no io)
from ..store.autobackup import BACKUP_EVERY_MINUTES, BACKUP_KEEP
from ..store.errors import StoreUnavailable
from ..store.lock import EventLocked, EventNotWritable
from .context import EventContext, Official
from .event import Event
from .files import (
    SERVER_BACKUPS,
    backup_event,
    explain_os_error,
    is_server_location,
    latest_good_backup,
    list_event_backups,
    pull_event,
    push_event,
    restore_backup,
    shown,
    verify_event,
)
from .notices import Aspect, Change, Listener, Notice
from .server import (
    SERVER_MAX_CONNECTIONS,
    SERVER_PORT,
    server_add_event,
    server_backups_instances,
    server_events,
    server_init,
    server_remove_event,
    server_report,
    server_reset_login,
    server_service,
    server_service_installed,
    server_start,
    server_status,
    server_stop,
)
from .server_backups import (
    SeriesLine,
    StopFlag,
    restore_onto_server,
    run_server_backups,
    server_backup,
    server_backup_list,
)
from .session import SessionPolicy

__all__ = [
    "Document",
    "BACKUP_EVERY_MINUTES",
    "BACKUP_KEEP",
    "MAX_STAGE_MS",
    "NOT_GIVEN",
    "SERVER_BACKUPS",
    "SERVER_PORT",
    "Aspect",
    "Change",
    "Conflict",
    "Event",
    "EventContext",
    "EventLocked",
    "EventNotWritable",
    "Listener",
    "Notice",
    "Official",
    "SeriesLine",
    "SessionPolicy",
    "StopFlag",
    "restore_onto_server",
    "run_server_backups",
    "server_backup",
    "server_backup_list",
    "StoreUnavailable",
    "backup_event",
    "explain_os_error",
    "elapsed_from",
    "is_server_location",
    "latest_good_backup",
    "list_event_backups",
    "pull_event",
    "push_event",
    "restore_backup",
    "SERVER_MAX_CONNECTIONS",
    "server_add_event",
    "server_backups_instances",
    "server_events",
    "server_init",
    "server_remove_event",
    "server_report",
    "server_reset_login",
    "server_service",
    "server_service_installed",
    "server_start",
    "server_status",
    "server_stop",
    "shown",
    "validate_settings",
    "verify_event",
]
