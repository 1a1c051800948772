"""Who may write what in an event on a server, enforced by PostgreSQL itself.

The desk checks the officials' roles before every write (domain/officials.py), but a desk is a
program on a laptop: anyone with a login and ``psql`` could bypass it. So ``rallydesk server
add-event`` also makes one login per role — ``NAME.timekeeper``, ``NAME.results-manager``,
``NAME.clerk``, each a member of the one before — and the event's tables are granted to them as
the desk's own rules say: a timekeeper's login cannot add a penalty, a results manager's cannot
make a classification official, and no desk login can change or delete a journal row. The
event's owner login (``NAME``) creates and migrates the schema; desks should use a role login.
"""

from __future__ import annotations

from ..domain.officials import ROLES, needed_role
from .pg import ServerBackend

#: The change each table records, by the desk's own word for it (officials.needed_role says who).
TABLE_ACTION = {
    "stage_times": "time",
    "start_times": "time",
    "second_keyings": "time",
    "adjustments": "adjustment",
    "stages": "stage",
    "groups": "group",
    "entries": "entry",
    "crew": "entry",
    "cup_members": "entry",
    "event": "event",
    "waypoints": "waypoint",
    "passages": "passage",
    "interruptions": "interruption",
}
#: Managing the officials is the clerk's, at the desk (issue 12) as on the server.
CLERK_TABLES = ("officials",)
#: Every desk appends to these and never changes a row: the journal and what it applied.
APPEND_ONLY = ("journal", "applied_changes")
#: Appended by the results manager (official and amended versions: the trigger below), never
#: changed nor deleted (pg_rules' trigger too, for every login).
PUBLISHED = {"publications": "publication.provisional"}
#: What any desk writes while working: the desk's own settings (wrong PINs are counted by the
#: server's rallydesk_check_pin, out of every desk login's reach).
ANY_DESK = ("desk_settings",)
#: What the desk logins may read of the officials: never the PIN hashes (pg_rules).
OFFICIALS_READABLE = ("name", "role", "pin_salt")


def role_login(event: str, role: str) -> str:
    """The login of ``role`` for the event (database) ``event``."""
    return f"{event}.{role}"


def _q(name: str) -> str:
    """A name as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    """A text as an SQL string literal (a role's name inside the trigger's body)."""
    return "'" + text.replace("'", "''") + "'"


def grants_sql(event: str) -> str:
    """The GRANTs and the publication check for the event's role logins (run by the owner)."""
    tk, _, clerk = (_q(role_login(event, r)) for r in ROLES)
    lines = [
        f"GRANT USAGE ON SCHEMA public TO {tk};",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {tk};",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {tk};",
    ]
    for table in APPEND_ONLY:
        lines.append(f"GRANT INSERT ON {table} TO {tk};")
    for table in ANY_DESK:
        lines.append(f"GRANT INSERT, UPDATE, DELETE ON {table} TO {tk};")
    for table, action in TABLE_ACTION.items():
        who = _q(role_login(event, needed_role(action) or ROLES[0]))
        lines.append(f"GRANT INSERT, UPDATE, DELETE ON {table} TO {who};")
    for table, action in PUBLISHED.items():
        who = _q(role_login(event, needed_role(action) or ROLES[0]))
        lines.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {tk}, {who}, {clerk};")
        lines.append(f"GRANT INSERT ON {table} TO {who};")
    for table in CLERK_TABLES:
        lines.append(f"GRANT INSERT, UPDATE, DELETE ON {table} TO {clerk};")
    # no desk login reads a PIN hash nor touches the wrong-PIN counts: the server checks PINs
    everyone = f"{tk}, {_q(role_login(event, ROLES[1]))}, {clerk}"
    lines.append(f"REVOKE ALL ON pin_failures FROM {everyone};")
    lines.append(f"REVOKE SELECT ON officials FROM {everyone};")
    lines.append(f"GRANT SELECT ({', '.join(OFFICIALS_READABLE)}) ON officials TO {tk};")
    lines.append(f"GRANT EXECUTE ON FUNCTION rallydesk_check_pin(text, text) TO {tk};")
    # the heartbeat: each login its own row, through the function only (pg_rules)
    lines.append(f"GRANT EXECUTE ON FUNCTION rallydesk_heartbeat(text, bigint) TO {tk};")
    # which desks of the event are online: every desk reads it (status bar, Help > Server)
    lines.append(f"GRANT EXECUTE ON FUNCTION rallydesk_desks() TO {tk};")
    official = _literal(role_login(event, needed_role("publication.official") or "clerk"))
    lines.append(
        # a provisional version is the results manager's; official and amended ones the clerk's
        "CREATE OR REPLACE FUNCTION rallydesk_publication_role() RETURNS trigger"
        " LANGUAGE plpgsql AS $$ BEGIN"
        " IF NEW.status IN ('official', 'amended')"
        f" AND NOT pg_has_role(current_user, {official}, 'USAGE')"
        " AND current_user <> (SELECT pg_get_userbyid(datdba) FROM pg_database"
        "  WHERE datname = current_database())"
        " AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN"
        "  RAISE EXCEPTION 'only the clerk of the course may publish an % version', NEW.status"
        "   USING ERRCODE = 'insufficient_privilege';"
        " END IF; RETURN NEW; END $$;"
    )
    lines.append("DROP TRIGGER IF EXISTS rallydesk_publication_role ON publications;")
    lines.append(
        "CREATE TRIGGER rallydesk_publication_role BEFORE INSERT OR UPDATE ON publications"
        " FOR EACH ROW EXECUTE FUNCTION rallydesk_publication_role();"
    )
    return "\n".join(lines)


def grant(db: ServerBackend) -> bool:
    """Grant the event's tables to its role logins, if ``server add-event`` made them (a
    database made otherwise has none: its owner alone writes). True when granted."""
    event = str(db.execute("SELECT current_database()").scalar())
    wanted = [role_login(event, r) for r in ROLES]
    found = {
        r[0]
        for r in db.execute(
            "SELECT rolname FROM pg_roles WHERE rolname = ANY($1)",
            [wanted],
        )
    }
    if found != set(wanted):
        return False
    db.executescript(grants_sql(event))
    return True
