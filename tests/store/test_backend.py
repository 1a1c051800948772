"""The one interface both backends give the store: the same SQL, the same answers, in a file and
on a server (``$1`` placeholders bound as they are, a literal ``%`` kept, drawn ids returned)."""

from __future__ import annotations

import pytest

from rallydesk.domain.model import Settings
from rallydesk.store import journal
from rallydesk.store.eventstore import EventStore
from rallydesk.store.location import EventLocation, is_url, parse
from rallydesk.store.policy import DeskIdentity


@pytest.fixture
def store(event_location):
    s = EventStore.create(event_location, Settings("Backend"), identity=DeskIdentity("d", "u"))
    yield s
    s.close()


def test_numbered_placeholders_and_a_literal_percent(store):
    db = store.db
    rows = db.execute(
        "SELECT count(*) FROM journal WHERE action LIKE 'event.%' AND id >= $1 AND id <= $1", [1]
    )
    assert rows.fetchone() == (1,)
    assert db.one('SELECT "user", desk FROM journal WHERE id = $1', [1]) == {
        "user": "u",
        "desk": "d",
    }


def test_insert_upsert_update_and_a_drawn_id(store):
    db = store.db
    with db.atomic():
        db.insert("desk_settings", {"key": "a", "value": "1"})
        db.upsert("desk_settings", {"key": "a", "value": "2"}, ("key",))
        db.upsert("desk_settings", {"key": "b", "value": "3"}, ("key",))
        db.update("desk_settings", {"key": "b"}, {"value": "4"})
        # with its journal row, as every change (a server refuses one without: pg_rules)
        journal.append(db, store.identity, "desk.setting", "desk a, b", None, {"a": "2", "b": "4"})
    assert dict(db.execute("SELECT key, value FROM desk_settings ORDER BY key")) == {
        "a": "2",
        "b": "4",
    }
    assert "desk_settings" in db.table_names()
    assert db.table_columns("desk_settings") == ["key", "value"]


def test_a_rolled_back_write_leaves_nothing(store):
    db = store.db
    with pytest.raises(ZeroDivisionError), db.atomic():
        db.insert("desk_settings", {"key": "gone", "value": "1"})
        assert db.in_transaction
        1 / 0  # noqa: B018
    assert not db.in_transaction
    assert db.one("SELECT * FROM desk_settings WHERE key = $1", ["gone"]) is None


def test_the_location_says_what_it_is_without_the_password(store, event_location):
    where = store.location
    assert where.on_server == is_url(event_location)
    assert where.name and where.title and where.folder.is_dir()
    assert where.same_as(event_location)
    if where.on_server:
        shown, full = parse(event_location.replace("postgres@", "postgres:pw@"))
        assert "pw" not in str(shown) and "pw" in full and shown == where
    else:
        assert where == EventLocation.of_file(event_location) and where.shown == event_location
