"""Issue 26 on the server: the official-unit lock of RULES §8's tables (waypoints, passages,
interruptions) holds for a client that skips RallyDesk's Python (store/pg_rules.py).

Each role's login sends raw SQL with psycopg, as ``psql`` would: a well-formed change (its journal
row next in the chain, the same stage and number, a reason) to stage 1 CAR, which is OFFICIAL, is
refused by PostgreSQL to every login but the clerk's. The same change where nothing is official
(stage 2), or by the clerk's login with a reason, is accepted — checked with the deferred rules
fired at once (``SET CONSTRAINTS ALL IMMEDIATE``) and then rolled back, so each case starts alike.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from test_pg_rules import desk, server  # noqa: F401  (the module's real server)

from rallydesk.domain.waypoints import Waypoint
from rallydesk.services import verify_event


@pytest.fixture(scope="module")
def raid(server):  # noqa: F811
    """The module's event (stage 1 CAR official) with waypoints on stages 1 and 2, a passage of
    #202 at WP1 of each, and stage 1 CAR stopped at 23:00, made by the clerk with reasons (the
    desk's own flow)."""
    e = server.new()
    with desk(e, "clerk", "Ana CLERK") as ev:
        for stage in (1, 2):
            wps = [Waypoint(stage, 1, 100.0, "WPV"), Waypoint(stage, 2, 200.0, "WPM")]
            ev.set_waypoints(stage, wps, reason="road book")
        ev.add_passage(1, 202, 1, "09:00:00", reason="tracking export")
        ev.add_passage(2, 202, 1, "09:00:00")
        ev.interrupt(1, "CAR", "D0", "sandstorm", stopped_at="23:00:00")
    assert verify_event(e.login.url) == []
    return e


def changes(stage: int) -> dict[str, tuple[str, int | None, dict | None, str, tuple]]:
    """Each kind of change on ``stage``: (its journal action, the number it names, its new
    value, the SQL, its parameters)."""
    passage = {"stage": stage, "number": 201, "waypoint": 1, "time_ms": 32_400_000}
    moved = {"stage": stage, "number": 202, "waypoint": 1, "time_ms": 32_460_000}
    cut = {
        "stage": stage,
        "category": "TRUCK",
        "rule": "stopped-at",
        "decision": "D1",
        "reason": "floods",
        "stopped_at_ms": 45_000_000,
    }
    wp = {"stage": stage, "number": 3, "km": 300.0, "kind": "WPS"}
    return {
        "passage added": (
            "passage.set",
            201,
            passage,
            "INSERT INTO passages (stage, number, waypoint, time_ms) VALUES (%s, %s, %s, %s)",
            tuple(passage.values()),
        ),
        "passage changed": (
            "passage.set",
            202,
            moved,
            "INSERT INTO passages (stage, number, waypoint, time_ms) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (stage, number, waypoint) DO UPDATE SET time_ms = EXCLUDED.time_ms",
            tuple(moved.values()),
        ),
        "passage removed": (
            "passage.set",
            202,
            None,
            "DELETE FROM passages WHERE stage = %s AND number = 202 AND waypoint = 1",
            (stage,),
        ),
        "interruption added": (
            "interruption.add",
            None,
            cut,
            "INSERT INTO interruptions (stage, category, rule, decision, reason, stopped_at_ms)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            tuple(cut.values()),
        ),
        "waypoint added": (
            "waypoint.put",
            None,
            wp,
            "INSERT INTO waypoints (stage, number, km, kind) VALUES (%s, %s, %s, %s)",
            tuple(wp.values()),
        ),
        "waypoint removed": (
            "waypoint.remove",
            None,
            None,
            "DELETE FROM waypoints WHERE stage = %s AND number = 2",
            (stage,),
        ),
    }


def forge(
    server,  # noqa: F811
    url: str,
    stage: int,
    kind: str,
    reason: str | None = "tracking",
    journalled: bool = True,
) -> None:
    """Send one change of ``kind`` as a client of another make would, with its journal row
    (unless not ``journalled``); fire the deferred rules now, then roll it all back. Raises what
    the server refuses."""
    action, number, new, sql, params = changes(stage)[kind]
    with server.psycopg.connect(url, connect_timeout=10, autocommit=True) as conn:
        with conn.transaction(force_rollback=True):
            if journalled:
                head = conn.execute(
                    "SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1"
                ).fetchone()
                conn.execute(
                    "INSERT INTO journal (id, at, action, target, prev_hash, hash, stage, number,"
                    " new, reason) VALUES (%s, 'now', %s, 'forged', %s, 'x', %s, %s, %s, %s)",
                    (
                        head[0] + 1,
                        action,
                        head[1],
                        stage,
                        number,
                        json.dumps(new) if new is not None else None,
                        reason,
                    ),
                )
            assert conn.execute(sql, params).rowcount == 1  # a row is changed indeed
            conn.execute("SET CONSTRAINTS ALL IMMEDIATE")


KINDS = list(changes(1))

#: A row of stage 1 CAR (official) moved where nothing is official: (journal action, stage and
#: number its row names, the row's new value, the SQL). Its journal row names where it went.
MOVES = {
    "passage to stage 2": (
        "passage.set",
        2,
        202,
        {"stage": 2, "number": 202, "waypoint": 2},
        "UPDATE passages SET stage = 2, waypoint = 2"
        " WHERE stage = 1 AND number = 202 AND waypoint = 1",
    ),
    "passage to a truck": (
        "passage.set",
        1,
        501,
        {"stage": 1, "number": 501, "waypoint": 1},
        "UPDATE passages SET number = 501 WHERE stage = 1 AND number = 202 AND waypoint = 1",
    ),
    "interruption to the trucks": (
        "interruption.add",
        1,
        None,
        {"stage": 1, "category": "TRUCK"},
        "UPDATE interruptions SET category = 'TRUCK' WHERE stage = 1 AND category = 'CAR'",
    ),
    "interruption to stage 2": (
        "interruption.add",
        2,
        None,
        {"stage": 2, "category": "CAR"},
        "UPDATE interruptions SET stage = 2 WHERE stage = 1 AND category = 'CAR'",
    ),
    "waypoint to stage 2": (
        "waypoint.put",
        2,
        None,
        {"stage": 2, "number": 5},
        "UPDATE waypoints SET stage = 2, number = 5 WHERE stage = 1 AND number = 2",
    ),
    "entry to the trucks": (
        "entry.put",
        None,
        202,
        {"number": 202, "class": "T5"},
        "UPDATE entries SET class = 'T5' WHERE number = 202",
    ),
    "time to stage 2": (
        "time.record",
        2,
        202,
        {"stage": 2, "number": 202},
        "UPDATE stage_times SET stage = 2 WHERE stage = 1 AND number = 202",
    ),
    "penalty to stage 2": (
        "adjustment.edit",
        2,
        202,
        {"stage": 2, "number": 202},
        "UPDATE adjustments SET stage = 2 WHERE stage = 1 AND number = 202",
    ),
}


def move(server, url: str, kind: str, reason: str | None = "tracking") -> None:  # noqa: F811
    """Send one move of ``kind`` with its journal row; fire the rules now; roll back."""
    action, stage, number, new, sql = MOVES[kind]
    with server.psycopg.connect(url, connect_timeout=10, autocommit=True) as conn:
        with conn.transaction(force_rollback=True):
            head = conn.execute("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1").fetchone()
            conn.execute(
                "INSERT INTO journal (id, at, action, target, prev_hash, hash, stage, number,"
                " new, reason) VALUES (%s, 'now', %s, 'forged', %s, 'x', %s, %s, %s, %s)",
                (head[0] + 1, action, head[1], stage, number, json.dumps(new), reason),
            )
            assert conn.execute(sql).rowcount == 1
            conn.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.parametrize("kind", list(MOVES))
def test_a_row_moved_out_of_an_official_unit_is_refused_but_to_the_clerk(
    server,  # noqa: F811
    raid: SimpleNamespace,
    kind: str,
):
    """An UPDATE that moves a row of stage 1 CAR elsewhere takes it out of the official unit:
    a change of that unit's data, whatever unit the row lands in."""
    with pytest.raises(server.psycopg.Error, match=r"stage 1 CAR v2 is official.*clerk"):
        move(server, raid.urls["results-manager"], kind)
    with pytest.raises(server.psycopg.Error, match="needs a reason"):
        move(server, raid.urls["clerk"], kind, reason=None)
    move(server, raid.urls["clerk"], kind, reason="stewards' decision")


@pytest.mark.parametrize("kind", KINDS)
def test_a_raid_change_to_an_official_unit_is_refused_to_the_results_managers_login(
    server,  # noqa: F811
    raid: SimpleNamespace,
    kind: str,
):
    url = raid.urls["results-manager"]
    with pytest.raises(server.psycopg.Error, match=r"stage 1 CAR v2 is official.*clerk"):
        forge(server, url, 1, kind)
    forge(server, url, 2, kind)  # the same change where nothing is official: accepted


@pytest.mark.parametrize("kind", KINDS)
def test_no_login_makes_a_raid_change_without_its_journal_row(
    server,  # noqa: F811
    raid: SimpleNamespace,
    kind: str,
):
    """Where nothing is official (stage 2), a change with no journal row is still refused (the
    timekeeper's login may not touch waypoints nor interruptions at all)."""
    for role in ("timekeeper", "results-manager", "clerk"):
        refusal = "without its journal row"
        if role == "timekeeper" and not kind.startswith("passage"):
            refusal = "permission denied"
        with pytest.raises(server.psycopg.Error, match=refusal):
            forge(server, raid.urls[role], 2, kind, journalled=False)


@pytest.mark.parametrize("kind", [k for k in KINDS if k.startswith("passage")])
def test_a_passage_of_an_official_unit_is_refused_to_the_timekeepers_login(
    server,  # noqa: F811
    raid: SimpleNamespace,
    kind: str,
):
    url = raid.urls["timekeeper"]
    with pytest.raises(server.psycopg.Error, match=r"stage 1 CAR v2 is official.*clerk"):
        forge(server, url, 1, kind)
    forge(server, url, 2, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_the_clerks_login_changes_an_official_unit_with_a_reason_only(
    server,  # noqa: F811
    raid: SimpleNamespace,
    kind: str,
):
    url = raid.urls["clerk"]
    with pytest.raises(server.psycopg.Error, match="needs a reason"):
        forge(server, url, 1, kind, reason=None)
    forge(server, url, 1, kind, reason="stewards' decision")


def test_nothing_forged_was_kept(server, raid):  # noqa: F811
    """Every case above was rolled back: the event is as the desks left it, and verifies."""
    assert verify_event(raid.login.url) == []


def test_an_event_made_before_r0006_gets_it_when_its_owner_opens_it(server):  # noqa: F811
    """An event whose rules stop at r0005 (its lock, here a stand-in that locks nothing, as an
    older RallyDesk's let moved rows through): the owner's next opening installs r0006."""
    from rallydesk.services import Event
    from rallydesk.store import pg_rules

    e = server.new()
    with server.psycopg.connect(e.login.url, autocommit=True) as conn:
        conn.execute(
            "CREATE OR REPLACE FUNCTION rallydesk_locked() RETURNS trigger LANGUAGE plpgsql"
            " AS $$ BEGIN RETURN NULL; END $$"
        )
        conn.execute(
            "DELETE FROM rallydesk_migrations WHERE migration_set = %s AND name = %s",
            (pg_rules.MIGRATION_SET, pg_rules.MOVED_ROWS_STEP),
        )
    move(server, e.urls["results-manager"], "time to stage 2")  # the stand-in lets it through
    with Event.open(e.login.url):
        pass
    with server.psycopg.connect(e.login.url, autocommit=True) as conn:
        steps = conn.execute(
            "SELECT name FROM rallydesk_migrations WHERE migration_set = %s",
            (pg_rules.MIGRATION_SET,),
        ).fetchall()
    assert (pg_rules.MOVED_ROWS_STEP,) in steps
    with pytest.raises(server.psycopg.Error, match=r"stage 1 CAR v2 is official"):
        move(server, e.urls["results-manager"], "time to stage 2")
    assert verify_event(e.login.url) == []
