"""A PostgreSQL server for an event's desks, set up and run by RallyDesk with PostgreSQL's tools.

A bivouac has no database administrator, so ``rallydesk server`` makes the safe choices once:
scram-sha-256 passwords only, connections only from this machine and the chosen LAN address's
subnet, durability settings on, one database and one login per event, that login allowed into its
own database only.  PostgreSQL's own programs do the work (``initdb``, ``pg_ctl``, ``psql``), so
what is running is an ordinary PostgreSQL an expert can inspect with the usual tools.

A server folder DIR holds ``data/`` (the cluster), ``server.log``, ``admin.pgpass`` (the
administrator's password, in PostgreSQL's password-file form, readable by its owner only) and
``rallydesk-server.json`` (what ``init`` chose).  PostgreSQL refuses to run as root, so under root
the programs run as the unprivileged ``postgres`` user, who then owns DIR.
"""

from __future__ import annotations

from .cluster import (
    EVENT_NAME_MAX,
    EventLogin,
    add_event,
    check_event_name,
    check_max_connections,
    init,
    scram_verifier,
    start,
    status,
    stop,
)
from .events import (
    LOGIN_ROLES,
    DeskSeen,
    EventSeen,
    LoginReset,
    ServerReport,
    admin_url,
    drop_event,
    holds_data,
    list_events,
    report,
    reset_login,
    set_logins,
)
from .network import (
    choose_listen,
    default_address,
    hba_rules,
    local_interfaces,
    parse_ifconfig,
    settings_text,
)
from .programs import (
    CONNECTIONS_PER_DESK,
    DATA,
    DEFAULT_PORT,
    DESK_GROUP,
    LOG,
    MAX_CONNECTIONS,
    META,
    PASSWORD_FILE,
    RESERVED_CONNECTIONS,
    SERVICE_USER,
    SETTINGS,
    STANDARD_DIRS,
    SUPERUSER,
    TIMEOUT,
    Account,
    Server,
    Status,
    Tools,
    find_tools,
    install_hint,
    search_dirs,
    service_account,
)

__all__ = [
    "CONNECTIONS_PER_DESK",
    "EVENT_NAME_MAX",
    "LOGIN_ROLES",
    "RESERVED_CONNECTIONS",
    "DeskSeen",
    "EventSeen",
    "LoginReset",
    "ServerReport",
    "admin_url",
    "check_max_connections",
    "drop_event",
    "holds_data",
    "list_events",
    "report",
    "reset_login",
    "set_logins",
    "Account",
    "DATA",
    "DEFAULT_PORT",
    "DESK_GROUP",
    "EventLogin",
    "LOG",
    "MAX_CONNECTIONS",
    "META",
    "PASSWORD_FILE",
    "SERVICE_USER",
    "SETTINGS",
    "STANDARD_DIRS",
    "SUPERUSER",
    "Server",
    "Status",
    "TIMEOUT",
    "Tools",
    "add_event",
    "check_event_name",
    "choose_listen",
    "default_address",
    "find_tools",
    "hba_rules",
    "init",
    "install_hint",
    "local_interfaces",
    "parse_ifconfig",
    "scram_verifier",
    "search_dirs",
    "service_account",
    "settings_text",
    "start",
    "status",
    "stop",
]
