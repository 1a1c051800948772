"""Issue 12: officials and roles, publication units, versions, amendments, what changed.

The event is a file, then a PostgreSQL database (``event_location``), but where the test is about
the file itself (automatic backups, tampering with sqlite3, a frozen old schema)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from stores import rows

import rallydesk
from rallydesk.domain.errors import RallyDeskError
from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.services import Event, Official
from rallydesk.store.verify import verify

PINS = {"Tim KEEPER": "1111", "Rita RESULTS": "2222", "Ana CLERK": "3333"}


def make_event(path: Path, officials: bool = True, **settings) -> Path:
    """Cars (T1, T2) and Bikes; stage 1 keyed for cars 1–4 with one second between each."""
    with Event.create(path, "Publication test") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
        ev.put_group(Group("T2", "Stock", "class", "CAR"))
        ev.put_group(Group("BIKE", "Bikes"))
        ev.put_group(Group("M", "Rally GP", "class", "BIKE"))
        ev.put_stage(Stage(1, "Loop"))
        ev.put_stage(Stage(2, "Dunes"))
        for n in (1, 2, 3, 4):
            ev.put_entry(
                Entry(
                    n, "T1" if n < 4 else "T2", (CrewMember("driver", f"Driver {n}"),), f"Team {n}"
                )
            )
        ev.put_entry(Entry(50, "M", (CrewMember("driver", "Rider 50"),)))
        for n in (1, 2, 3, 4):
            ev.record_time(stage=1, number=n, elapsed=f"3:00:0{n}")
        ev.record_time(stage=1, number=50, elapsed="4:00:00")
        if settings:
            ev.update_settings(**settings)
        if officials:
            ev.add_official("Tim KEEPER", "timekeeper", PINS["Tim KEEPER"])
            ev.add_official("Rita RESULTS", "results-manager", PINS["Rita RESULTS"])
            ev.add_official("Ana CLERK", "clerk", PINS["Ana CLERK"])
    return path


def as_(path: Path, name: str) -> Event:
    return rallydesk.open_event(path, official=name, pin=PINS[name])


def snapshot(path: Path | str) -> tuple:
    return tuple(
        sorted(rows(path, f"SELECT * FROM {t}"), key=repr)
        for t in ("stage_times", "adjustments", "journal", "publications", "entries", "stages")
    )


@pytest.fixture
def event(event_location) -> Path | str:
    return make_event(event_location)


@pytest.fixture
def event_file(tmp_path) -> Path:
    return make_event(tmp_path / "e.rallydesk")


def official_unit(path: Path) -> None:
    with as_(path, "Rita RESULTS") as ev:
        ev.publish(1, "CAR")
    with as_(path, "Ana CLERK") as ev:
        ev.publish(1, "CAR", "official")


# ----------------------------------------------------------------------------- roles


def test_a_timekeeper_keys_times_but_cannot_add_a_penalty_or_publish(event):
    before = None
    with as_(event, "Tim KEEPER") as ev:
        ev.record_time(stage=2, number=1, elapsed="4:00:00")  # their job
        before = snapshot(event)
        with pytest.raises(RallyDeskError, match="results manager"):
            ev.add_adjustment(stage=1, number=1, amount="+1'", reason="speeding")
        with pytest.raises(RallyDeskError, match="results manager"):
            ev.publish(1, "CAR")
        with pytest.raises(RallyDeskError, match="clerk of the course"):
            ev.publish(1, "CAR", "official")
        with pytest.raises(RallyDeskError, match="results manager"):
            ev.put_stage(Stage(3, "More"))
    assert snapshot(event) == before


def test_a_results_manager_publishes_provisional_but_not_official(event):
    with as_(event, "Rita RESULTS") as ev:
        v = ev.publish(1, "CAR")
        assert (v["version"], v["status"], v["official"]) == (1, "provisional", "Rita RESULTS")
        with pytest.raises(RallyDeskError, match="clerk of the course"):
            ev.publish(1, "CAR", "official")
    assert verify(event) == []


def test_with_officials_nobody_logged_in_changes_nothing(event):
    before = snapshot(event)
    with Event.open(event) as ev:
        with pytest.raises(RallyDeskError, match="log in"):
            ev.record_time(stage=2, number=1, elapsed="4:00:00")
        with pytest.raises(RallyDeskError, match="log in"):
            ev.import_files([])
    assert snapshot(event) == before


def test_without_officials_keying_works_but_official_needs_a_named_clerk(event_location):
    path = make_event(event_location, officials=False)
    with Event.open(path) as ev:
        ev.record_time(stage=2, number=1, elapsed="4:00:00")
        ev.add_adjustment(stage=1, number=1, amount="+1'", reason="speeding")
        assert ev.publish(1, "CAR")["official"] is None
        with pytest.raises(RallyDeskError, match="named clerk"):
            ev.publish(1, "CAR", "official")


# ----------------------------------------------------------------------------- PINs


def test_a_wrong_pin_is_refused_and_ten_in_a_row_lock_the_name_a_minute(event):
    with pytest.raises(RallyDeskError, match="wrong PIN"):
        rallydesk.open_event(event, official="Ana CLERK", pin="9999")
    with Event.open(event) as ev:
        now = datetime(2026, 1, 8, 18, 0, tzinfo=UTC)
        ev.clock = lambda: now
        for _ in range(8):  # the one above was the first
            with pytest.raises(RallyDeskError, match="wrong PIN"):
                ev.login("Ana CLERK", "0000")
        with pytest.raises(RallyDeskError, match="locked"):
            ev.login("Ana CLERK", "0001")  # the tenth wrong PIN locks
        with pytest.raises(RallyDeskError, match="locked"):
            ev.login("Ana CLERK", PINS["Ana CLERK"])  # even the right one, for a minute
        assert ev.official is None
        ev.login("Rita RESULTS", PINS["Rita RESULTS"])  # other names are not locked
        now += timedelta(seconds=59)
        with pytest.raises(RallyDeskError, match="locked"):
            ev.login("Ana CLERK", PINS["Ana CLERK"])
        now += timedelta(seconds=2)
        if ev.store.location.on_server:  # the server's clock counts the minute, not the desk's
            with pytest.raises(RallyDeskError, match="locked"):
                ev.login("Ana CLERK", PINS["Ana CLERK"])
        else:
            assert ev.login("Ana CLERK", PINS["Ana CLERK"]) == Official("Ana CLERK", "clerk")
            assert ev.store.pin_failures("Ana CLERK") == (0, None)
    salts = rows(event, "SELECT pin_salt, pin_hash FROM officials")
    journal_text = " ".join(str(r) for r in rows(event, "SELECT old, new FROM journal"))
    assert len({s for s, _ in salts}) == 3  # salted: one salt each
    assert all("3333" not in h for _, h in salts) and '"3333"' not in journal_text
    assert verify(event) == []


def test_a_right_pin_after_wrong_ones_starts_the_count_again(event):
    with Event.open(event) as ev:
        for _ in range(9):
            with pytest.raises(RallyDeskError, match="wrong PIN"):
                ev.login("Tim KEEPER", "0000")
        ev.login("Tim KEEPER", PINS["Tim KEEPER"])
        with pytest.raises(RallyDeskError, match="9 more"):
            ev.login("Tim KEEPER", "0000")


# ----------------------------------------------------------------------------- publication and locks


def test_a_change_to_an_official_units_data_without_the_clerk_is_refused_and_changes_nothing(
    event, tmp_path
):
    official_unit(event)
    before = snapshot(event)
    penalties = tmp_path / "p.csv"
    penalties.write_text("stage,number,amount,reason\n1,2,+1',speeding\n", encoding="utf-8")
    with as_(event, "Rita RESULTS") as ev:
        with pytest.raises(RallyDeskError, match="clerk of the course"):
            ev.add_adjustment(stage=1, number=2, amount="+1'", reason="speeding")
        with pytest.raises(RallyDeskError, match="clerk of the course"):
            ev.record_time(stage=1, number=3, elapsed="2:00:00", reason="typo")
        with pytest.raises(RallyDeskError, match="clerk of the course"):
            ev.import_files([penalties])
        reports, problems = ev.check_import([penalties])  # the dry run meets the same refusal
        assert reports == [] and "clerk of the course" in problems[0]
        with pytest.raises(RallyDeskError, match="clerk of the course"):
            ev.put_entry(Entry(2, "T2", (CrewMember("driver", "Driver 2"),)))
        assert ev.standings(1, group="CAR")[1]["number"] == 2
        # the bikes' unit and later stages are not official: work goes on there
        ev.record_time(stage=1, number=50, elapsed="4:00:01", reason="corrected")
        ev.record_time(stage=2, number=1, elapsed="4:00:00")
    after = snapshot(event)
    assert after[0] != before[0]  # the bike and stage 2 times
    assert after[1] == before[1] and after[3] == before[3]
    with as_(event, "Ana CLERK") as ev:
        with pytest.raises(RallyDeskError, match="reason"):
            ev.record_time(stage=1, number=3, elapsed="2:00:00")  # the clerk must say why
        ev.record_time(stage=1, number=3, elapsed="3:00:00", reason="timing error corrected")
    assert verify(event) == []


def test_the_whole_cycle_and_outdated_units(event):
    with as_(event, "Rita RESULTS") as ev:
        assert ev.unit_state(1, "CAR")["state"] == "live"
        ev.publish(1, "CAR")
        state = ev.unit_state(1, "CAR")
        assert (state["state"], state["version"], state["outdated"]) == ("provisional", 1, False)
        ev.add_adjustment(stage=1, number=1, amount="+0:00:10", reason="speeding", decision="14")
        assert ev.unit_state(1, "CAR")["outdated"]
        assert not ev.unit_state(1, "BIKE")["outdated"]  # bikes are another unit
        ev.publish(1, "BIKE")
        assert ev.publish(1, "CAR")["version"] == 2
        assert not ev.unit_state(1, "CAR")["outdated"]
    with as_(event, "Ana CLERK") as ev:
        v3 = ev.publish(1, "CAR", "official")
        assert (v3["version"], v3["status"], v3["official"]) == (3, "official", "Ana CLERK")
        with pytest.raises(RallyDeskError, match="already official"):
            ev.publish(1, "CAR")
        with pytest.raises(RallyDeskError, match="nothing changed"):
            ev.amend(1, "CAR", "no reason to")
        ev.add_adjustment(
            stage=1,
            number=2,
            amount="+0:00:10",
            reason="missed waypoint",
            decision="15",
            decided_at="2026-01-08T18:42:00+00:00",
        )
        assert ev.unit_state(1, "CAR")["outdated"]
        with pytest.raises(RallyDeskError, match="reason"):
            ev.amend(1, "CAR", " ")
        v4 = ev.amend(1, "CAR", "decision 15")
        assert (v4["version"], v4["status"], v4["reason"]) == (4, "amended", "decision 15")
        assert [v["document_no"] for v in ev.versions()] == ["0001", "0002", "0003", "0004", "0005"]
        amended = ev.version_document(1, "CAR", 4)
    sheet = amended.sheets[0]
    assert sheet.status.startswith("AMENDED v4 · ")
    block = next(b for b in sheet.blocks if b.key == "amended")
    assert block.title == "Amended (v4): decision 15"
    # issue 24, item 4: the position changes on the sheet, the decision's date and zone
    assert block.text == (
        "#1 P4 → P3; #2 P1 → P4, penalty + 00h 00' 10'', decision 15, 08/01/2026 18:42 UTC; "
        "#3 P2 → P1; #4 P3 → P2"
    )
    assert sheet.signatures == ("Timekeeper — Tim KEEPER", "Clerk of the course — Ana CLERK")
    assert verify(event) == []


def test_an_amendment_makes_the_next_version_and_the_diff_names_exactly_the_entries_that_moved(
    event,
):
    official_unit(event)
    with as_(event, "Ana CLERK") as ev:
        # 1, 2, 3, 4 one second apart: 12 s on #2 puts it behind #3 and #4; #1 does not move
        ev.add_adjustment(stage=1, number=2, amount="+0:00:12", reason="speeding", decision="21")
        live = ev.diff(1, "CAR", 2)
        v = ev.amend(1, "CAR", "decision 21")
        assert v["version"] == 3
        found = ev.diff(1, "CAR", 2, 3)
    assert [f["number"] for f in found] == [2, 3, 4] == [f["number"] for f in live]
    moved = {f["number"]: {c["what"]: (c["old"], c["new"]) for c in f["changes"]} for f in found}
    assert moved[2]["stage position"] == (2, 4) and moved[2]["stage penalty"] == (0, 12000)
    assert moved[3] == {"stage position": (3, 2), "overall position": (3, 2)}
    assert [r["action"] for r in found[0]["journal"]] == ["adjustment.add"]
    assert found[0]["journal"][0]["official"] == "Ana CLERK"
    assert found[1]["journal"] == []  # #3 moved because of #2's penalty, nothing of its own


def test_the_protest_window_asks_for_confirmation(event_location):
    path = make_event(event_location, protest_minutes=30)
    now = datetime(2026, 1, 8, 18, 0, tzinfo=UTC)
    with as_(path, "Ana CLERK") as ev:
        ev.clock = lambda: now
        v1 = ev.publish(1, "CAR")
        assert v1["protest_until"] == "2026-01-08T18:30:00+00:00"
        with pytest.raises(RallyDeskError, match="protest window runs until"):
            ev.publish(1, "CAR", "official")
        assert ev.publish(1, "CAR", "official", confirm_early=True)["version"] == 2
        ev.clock = lambda: now + timedelta(minutes=31)
        v1b = ev.publish(1, "BIKE")
    with as_(path, "Ana CLERK") as ev:
        ev.clock = lambda: now + timedelta(minutes=31 + 30)
        assert ev.publish(1, "BIKE", "official")["status"] == "official"
        assert v1b["version"] == 1


def test_official_needs_a_provisional_first(event):
    with as_(event, "Ana CLERK") as ev:
        with pytest.raises(RallyDeskError, match="provisional first"):
            ev.publish(1, "CAR", "official")
        with pytest.raises(RallyDeskError, match="only an official unit"):
            ev.amend(1, "CAR", "why")


def test_publishing_backs_up_and_anchors_first(event_file, tmp_path):
    event = event_file
    folder = tmp_path / "stick"
    folder.mkdir()
    with as_(event, "Rita RESULTS") as ev:
        ev.set_backup_folder(folder)
    with as_(event, "Rita RESULTS") as ev:
        head = ev.store.state_digest()
        v = ev.publish(1, "CAR")
    assert (v["journal_id"], v["journal_hash"]) == head
    assert any(folder.iterdir())
    log = Path(__import__("os").environ["RALLYDESK_DATA"]) / "rallydesk-anchors.jsonl"
    anchors = [json.loads(line) for line in log.read_text().splitlines()]
    assert any(a.get("why") == "publication" for a in anchors)


# ----------------------------------------------------------------------------- the journal's columns


def test_the_journal_columns_match_the_changes(event):
    with as_(event, "Tim KEEPER") as ev:
        ev.record_time(stage=2, number=3, elapsed="4:00:00")
    with as_(event, "Rita RESULTS") as ev:
        ev.add_adjustment(stage=2, number=3, amount="+1'", reason="speeding")
        ev.put_stage(Stage(2, "Dunes", special_km=420))
        ev.publish(2, "CAR")
        rows = ev.journal()
    last = [(r["action"], r["stage"], r["number"], r["official"], r["desk"]) for r in rows[-4:]]
    assert last == [
        ("time.record", 2, 3, "Tim KEEPER", "test-desk"),
        ("adjustment.add", 2, 3, "Rita RESULTS", "test-desk"),
        ("stage.put", 2, None, "Rita RESULTS", "test-desk"),
        ("publication.add", 2, None, "Rita RESULTS", "test-desk"),
    ]
    entry_rows = [r for r in rows if r["action"] == "entry.put"]
    assert [r["number"] for r in entry_rows] == [1, 2, 3, 4, 50]
    with Event.open(event, readonly=True) as ev:
        assert [r["action"] for r in ev.journal(stage=2, number=3)] == [
            "time.record",
            "adjustment.add",
        ]
        assert [r["action"] for r in ev.journal(official="Tim KEEPER")] == ["time.record"]
        assert len(ev.journal(kind="publication")) == 1
        assert ev.journal(desk="elsewhere") == []


def test_a_row_whose_new_columns_are_edited_breaks_the_chain(event_file):
    event = event_file
    with as_(event, "Tim KEEPER") as ev:
        ev.record_time(stage=2, number=3, elapsed="4:00:00")
    conn = sqlite3.connect(event)
    conn.execute("DROP TRIGGER journal_no_update")
    conn.execute("UPDATE journal SET official = 'Ana CLERK' WHERE official = 'Tim KEEPER'")
    conn.execute("UPDATE journal SET stage = 1 WHERE id = 2")  # an old-style row gets a stage
    conn.execute(
        "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal"
        " BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END"
    )
    conn.commit()
    conn.close()
    findings = verify(event)
    assert any("journal row 2" in f and "altered" in f for f in findings), findings


def test_settings_after_official_publication(event):
    """Saving unchanged settings writes nothing; the document prefix and the protest window change no
    classification (no clerk needed); the sheets' language does (the clerk and a reason)."""
    official_unit(event)
    with as_(event, "Rita RESULTS") as ev:
        rows = len(ev.journal())
        ev.update_settings(name="Publication test")
        assert len(ev.journal()) == rows
        ev.update_settings(document_prefix="D26-", protest_minutes=45)
        assert ev.data.settings.protest_minutes == 45
        with pytest.raises(RallyDeskError, match="clerk of the course"):
            ev.update_settings(language="fr")
    with as_(event, "Ana CLERK") as ev:
        ev.update_settings(language="fr", reason="French sheets from now on")
        assert ev.unit_state(1, "CAR")["outdated"]
    assert verify(event) == []


def test_a_migrated_file_keeps_its_old_rows_verifiable_and_publishes(tmp_path):
    """Schema 4 → 5: old journal rows keep NULL stage/number/official and their hashes; new rows
    carry the columns; the whole file verifies before and after publishing."""
    import shutil

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    path = tmp_path / "old.rallydesk"
    shutil.copy(fixtures / "schema-4.rallydesk", path)
    with Event.open(path) as ev:
        old_rows = ev.journal()
        assert old_rows and all(r["stage"] is None and r["official"] is None for r in old_rows)
        category = ev.data.categories()[0].code
        stage = ev.latest_stage_with_results()
        number = next(t.number for t in ev.data.times if t.stage == stage)
        assert [
            r["id"] for r in ev.journal(stage=stage, number=number)
        ]  # read back out of the target
        ev.add_official("Ana CLERK", "clerk", "3333")
        ev.login("Ana CLERK", "3333")
        ev.add_adjustment(
            stage=stage, number=number, amount="+1'", reason="late decision", decision="3"
        )
        ev.publish(stage, category)
        new = ev.journal()[len(old_rows) :]
    assert [(r["action"], r["official"]) for r in new][-2:] == [
        ("adjustment.add", "Ana CLERK"),
        ("publication.add", "Ana CLERK"),
    ]
    assert verify(path) == []


def test_at_a_desk_only_the_clerk_manages_officials(event):
    with as_(event, "Rita RESULTS") as ev:
        with pytest.raises(RallyDeskError, match="clerk of the course"):
            ev.add_official("Eve", "clerk", "5555")
        with pytest.raises(RallyDeskError, match="clerk of the course"):
            ev.remove_official("Ana CLERK")
    with as_(event, "Ana CLERK") as ev:
        ev.add_official("Bob TIMER", "timekeeper", "4444")
        ev.remove_official("Bob TIMER")
    assert verify(event) == []
