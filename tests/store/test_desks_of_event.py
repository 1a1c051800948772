"""Which desks of an event are online, for any of its desks to read (issue 23, item 6: the
desk's status bar and Help > Server): ``rallydesk_desks()``, a read-only SECURITY DEFINER
function every role login may call; the heartbeats themselves stay out of their reach."""

from __future__ import annotations

import pytest
from pg_server import start_event_server

from rallydesk.domain.officials import ROLES
from rallydesk.services import Event
from rallydesk.services.desks import server_view
from rallydesk.store import desks as store_desks
from rallydesk.store import pg_rules
from rallydesk.store.policy import DeskIdentity


@pytest.fixture(scope="module")
def event_server():
    server = start_event_server()
    yield server
    server.stop()


def test_every_role_login_lists_the_desks_and_still_reads_no_heartbeat(event_server):
    psycopg = pytest.importorskip("psycopg")
    login = event_server.add_event()
    finish = Event.open(login.desk_url("timekeeper"), identity=DeskIdentity("finish-line", "ana"))
    try:
        finish.store.heartbeat(4)
        for role in ROLES:  # as any program would send it, through each role's login
            with psycopg.connect(login.desk_url(role), autocommit=True, connect_timeout=10) as c:
                rows = c.execute("SELECT desk, login, online, waiting FROM rallydesk_desks()")
                assert (
                    "finish-line",
                    f"{login.name}.timekeeper",
                    True,
                    4,
                ) in rows.fetchall()
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    c.execute(f"SELECT * FROM {pg_rules.PRIVATE}.{pg_rules.HEARTBEATS}")
    finally:
        finish.close()
    with Event.open(login.desk_url("clerk"), identity=DeskIdentity("office", "rita")) as office:
        view = server_view(office, tls=True)
        assert (
            view is not None and view.reached and view.tls is True
        )  # server init makes TLS servers
        assert view.seat.desk == "office" and view.seat.role == "clerk"
        by_desk = {d.desk: d for d in view.desks}
        assert by_desk["finish-line"].online is False  # closed: last seen, waiting 0 at close
        assert by_desk["finish-line"].waiting == 0 and by_desk["finish-line"].role == "timekeeper"
        assert by_desk["office"].online and view.others_online == []


def test_an_event_made_before_the_desk_list_answers_none_until_its_owner_opens_it(event_server):
    psycopg = pytest.importorskip("psycopg")
    login = event_server.add_event()
    with psycopg.connect(login.url, autocommit=True, connect_timeout=10) as conn:  # as before
        conn.execute("DROP FUNCTION rallydesk_desks()")
        conn.execute(
            "DELETE FROM rallydesk_migrations WHERE migration_set = %s AND name = %s",
            (pg_rules.MIGRATION_SET, pg_rules.DESKS_STEP),
        )
    with Event.open(login.desk_url("timekeeper")) as ev:
        assert store_desks.desks(ev.store.db) is None  # no error: the status bar says less
        assert not ev.warnings
    with Event.open(login.url) as ev:  # the owner's open installs it
        assert store_desks.desks(ev.store.db) is not None
    with Event.open(login.desk_url("timekeeper")) as ev:
        assert store_desks.desks(ev.store.db) is not None


def test_a_file_has_no_server_view(tmp_path):
    with Event.create(tmp_path / "e.rallydesk", "E") as ev:
        assert server_view(ev) is None
        assert store_desks.desks(ev.store.db) is None and store_desks.seat(ev.store.db) is None
