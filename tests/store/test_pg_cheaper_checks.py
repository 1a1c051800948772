"""Issue 25, rules step r0008_cheaper_checks: the journalled check made cheaper holds as before
for a client that skips RallyDesk's Python (store/pg_rules.py).

The check ``rallydesk_journalled`` asks one question per kind of unit (an entry's row on a stage,
a stage, a race number, none), and an ``applied_changes`` row names the journal row of its own
transaction; the official-unit lock asks one query per case of what the row names (a stage, a
category, both, neither). Each role's login sends raw SQL with psycopg, as ``psql`` would: a change with a
journal row of the same transaction that names another unit, another kind of action or other
values is refused at COMMIT; the same change with its own journal row is accepted — checked with
the deferred rules fired at once (``SET CONSTRAINTS ALL IMMEDIATE``) and then rolled back, so
each case starts alike and the module's event stays as the desks left it.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from test_pg_rules import desk, server  # noqa: F401  (the module's real server)

from rallydesk.domain.officials import ROLES
from rallydesk.services import verify_event
from rallydesk.store import pg_rules


class _RolledBack(Exception):
    """Raised inside a transaction to undo an accepted case."""


@pytest.fixture(scope="module")
def event(server):  # noqa: F811
    """The module's event (stage 1 CAR official; times on stage 2 for #201 and #501)."""
    e = server.new()
    with desk(e, "timekeeper", "Tim KEEPER") as ev:
        ev.record_time(2, 201, elapsed="1:00:00")
        ev.record_time(2, 501, elapsed="1:30:00")
    return e


def forge(
    server: SimpleNamespace,  # noqa: F811
    url: str,
    action: str,
    stage: int | None,
    number: int | None,
    new: str | None,
    sql: str,
    journal_id: str = "own",
) -> None:
    """As the login of ``url``: a journal row (next in the chain) of ``action`` naming ``stage``,
    ``number`` and the values ``new``, then ``sql`` (``{own}`` or ``{old}``: the new journal
    row's id, or the first row's), the deferred rules fired; rolled back when accepted. Raises
    the server's refusal."""
    psycopg = server.psycopg
    with psycopg.connect(url, autocommit=True) as conn:
        head = conn.execute("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1").fetchone()
        try:
            with conn.transaction():
                conn.execute(
                    "INSERT INTO journal (id, at, action, target, prev_hash, hash, stage, number,"
                    " new, reason) VALUES (%s, 'now', %s, 'x', %s, 'x', %s, %s, %s, 'forged')",
                    (head[0] + 1, action, head[1], stage, number, new),
                )
                conn.execute(sql.format(own=head[0] + 1, old=1))
                conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
                raise _RolledBack
        except _RolledBack:
            pass


TIME_201 = '{"stage": 2, "number": 201, "elapsed_ms": 3600000}'
#: (the least login's role, action, stage, number, journal's new, SQL) accepted as they are
ACCEPTED = {
    "entry: a time as its journal row says": (
        "timekeeper",
        "time.record",
        2,
        201,
        TIME_201,
        "UPDATE stage_times SET elapsed_ms = elapsed_ms WHERE stage = 2 AND number = 201",
    ),
    "entry: a time deleted": (
        "timekeeper",
        "time.delete",
        2,
        201,
        None,
        "DELETE FROM stage_times WHERE stage = 2 AND number = 201",
    ),
    "stage: its row": (
        "results-manager",
        "stage.put",
        2,
        None,
        None,
        "UPDATE stages SET name = name WHERE number = 2",
    ),
    "number: an entry's row": (
        "results-manager",
        "entry.put",
        None,
        501,
        None,
        "UPDATE entries SET team = team WHERE number = 501",
    ),
    "number: a cup membership deleted": (
        "results-manager",
        "entry.put",
        None,
        501,
        None,
        "DELETE FROM cup_members WHERE number = 501",
    ),
    "none: a group (every unit's data: the clerk's)": (
        "clerk",
        "group.put",
        None,
        None,
        None,
        "UPDATE groups SET name = name WHERE code = 'T5'",
    ),
    "none: a desk setting deleted": (
        "timekeeper",
        "desk.setting",
        None,
        None,
        None,
        "DELETE FROM desk_settings WHERE key = 'backup_minutes'",
    ),
    "applied change: its own journal row": (
        "timekeeper",
        "desk.setting",
        None,
        None,
        None,
        "INSERT INTO applied_changes (change_id, journal_id) VALUES ('forged', {own})",
    ),
}
#: The same changes, each with one thing of its journal row wrong
REFUSED = {
    "entry: another crew": ("time.record", 2, 501, TIME_201),
    "entry: another stage": ("time.record", 1, 201, TIME_201),
    "entry: other values": ("time.record", 2, 201, TIME_201.replace("3600000", "1")),
    "entry: another kind": ("start.set", 2, 201, TIME_201),
    "entry: no values (a delete's row)": ("time.record", 2, 201, None),
    "entry: a time deleted, its row naming values": ("time.delete", 2, 201, TIME_201),
    "entry: a time deleted, another crew": ("time.delete", 2, 501, None),
    "stage: another stage": ("stage.put", 1, None, None),
    "stage: another kind": ("entry.put", 2, None, None),
    "number: another number": ("entry.put", None, 201, None),
    "number: another kind": ("stage.put", None, 501, None),
    "none: another kind": ("stage.put", None, None, None),
}


@pytest.mark.parametrize("case", ACCEPTED)
def test_a_change_with_its_journal_row_is_accepted(server, event, case):  # noqa: F811
    role, action, stage, number, new, sql = ACCEPTED[case]
    forge(server, event.urls[role], action, stage, number, new, sql)


@pytest.mark.parametrize("case", REFUSED)
def test_a_change_whose_journal_row_names_another_is_refused(server, event, case):  # noqa: F811
    base = next(k for k in ACCEPTED if k.split(":")[0] == case.split(":")[0])  # the first
    if "deleted" in case:
        base = "entry: a time deleted"
    role, _, _, _, _, sql = ACCEPTED[base]
    action, stage, number, new = REFUSED[case]
    for login in ROLES[ROLES.index(role) :]:  # below it: no grant there at all
        with pytest.raises(server.psycopg.Error, match="without its journal row"):
            forge(server, event.urls[login], action, stage, number, new, sql)


def test_an_applied_change_names_a_journal_row_of_its_own_transaction(server, event):  # noqa: F811
    """A change id pointing to an older journal row (a later change with that id would be
    answered 'applied' and dropped) is refused, even with a journal row of its own beside it."""
    for login in ("timekeeper", "results-manager", "clerk"):
        with pytest.raises(server.psycopg.Error, match="without its journal row"):
            forge(
                server,
                event.urls[login],
                "desk.setting",
                None,
                None,
                None,
                "INSERT INTO applied_changes (change_id, journal_id) VALUES ('forged', {old})",
            )


#: Changes to the data of stage 1 CAR (OFFICIAL), one per case of what the lock's query knows of
#: the row: (action, stage, number, SQL)
LOCKED = {
    "a stage and a category: a time": (
        "time.record",
        1,
        201,
        '{"stage": 1, "number": 201}',
        "UPDATE stage_times SET elapsed_ms = elapsed_ms WHERE stage = 1 AND number = 201",
    ),
    "a stage only: the stage's row": (
        "stage.put",
        1,
        None,
        None,
        "UPDATE stages SET name = name WHERE number = 1",
    ),
    "a category only: a car's entry": (
        "entry.put",
        None,
        201,
        None,
        "UPDATE entries SET team = team WHERE number = 201",
    ),
    "a category only: a car's crew": (
        "entry.put",
        None,
        201,
        None,
        "UPDATE crew SET name = name WHERE number = 201",
    ),
    "neither: a group (every unit)": (
        "group.put",
        None,
        None,
        None,
        "UPDATE groups SET name = name WHERE code = 'TRUCK'",
    ),
}


@pytest.mark.parametrize("case", LOCKED)
def test_an_official_units_data_is_changed_by_the_clerks_login_only(server, event, case):  # noqa: F811
    """The lock's query, one per case of what the row names: every journalled change (with a
    reason) refused to the results manager's login, accepted from the clerk's."""
    action, stage, number, new, sql = LOCKED[case]
    with pytest.raises(server.psycopg.Error, match=r"stage 1 CAR v2 is official.*clerk"):
        forge(server, event.urls["results-manager"], action, stage, number, new, sql)
    forge(server, event.urls["clerk"], action, stage, number, new, sql)


def test_nothing_forged_was_kept(server, event):  # noqa: F811
    assert verify_event(event.login.url) == []
    with server.psycopg.connect(event.login.url, autocommit=True) as conn:
        assert not conn.execute("SELECT 1 FROM journal WHERE reason = 'forged'").fetchall()
        assert not conn.execute(
            "SELECT 1 FROM applied_changes WHERE change_id = 'forged'"
        ).fetchall()


def test_an_event_made_before_r0008_gets_it_when_its_owner_opens_it(server):  # noqa: F811
    """An event whose rules stop at r0007 (its journalled check, here a stand-in that lets
    every change through, as a broken older one would): the owner's next opening installs r0008,
    and a change without its journal row is refused again."""
    from rallydesk.services import Event

    e = server.new()
    psycopg = server.psycopg
    with psycopg.connect(e.login.url, autocommit=True) as conn:
        conn.execute(
            "CREATE OR REPLACE FUNCTION rallydesk_journalled() RETURNS trigger LANGUAGE plpgsql"
            " AS $$ BEGIN RETURN NULL; END $$"
        )
        conn.execute(
            "DELETE FROM rallydesk_migrations WHERE migration_set = %s AND name = %s",
            (pg_rules.MIGRATION_SET, pg_rules.CHEAPER_CHECKS_STEP),
        )
        conn.execute("DROP INDEX rallydesk_journal_by_txid_unit")  # as r0007 made it
        conn.execute("CREATE INDEX rallydesk_journal_by_txid ON journal(txid)")
    unjournalled = "UPDATE stage_times SET elapsed_ms = elapsed_ms WHERE stage = 1"
    with psycopg.connect(e.urls["timekeeper"], autocommit=True) as conn:
        conn.execute(unjournalled.replace("stage = 1", "stage = 1 AND number = 501"))  # let through
    with Event.open(e.login.url):
        pass
    with psycopg.connect(e.login.url, autocommit=True) as conn:
        steps = conn.execute(
            "SELECT name FROM rallydesk_migrations WHERE migration_set = %s",
            (pg_rules.MIGRATION_SET,),
        ).fetchall()
    assert (pg_rules.CHEAPER_CHECKS_STEP,) in steps
    with psycopg.connect(e.login.url, autocommit=True) as conn:
        indexes = {
            r[0]
            for r in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'journal'")
        }
    assert "rallydesk_journal_by_txid_unit" in indexes  # this transaction's rows by unit
    assert "rallydesk_journal_by_txid" not in indexes  # its first column does that one's work
    with psycopg.connect(e.urls["timekeeper"], autocommit=True) as conn:
        with pytest.raises(psycopg.Error, match="without its journal row"):
            conn.execute(unjournalled.replace("stage = 1", "stage = 1 AND number = 501"))
    # and the desk's own writes go through the new check
    with desk(e, "timekeeper", "Tim KEEPER") as ev:
        ev.record_time(2, 202, elapsed="1:10:00", change_id="after-r0008")
    assert verify_event(e.login.url) == []
