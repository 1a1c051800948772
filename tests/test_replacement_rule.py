"""A result is never silently overwritten, through the API as at the desk (issue 21, item 8):
replacing a stored, different result needs a reason or the ``expected`` value; the same value
again is no replacement; a refusal changes nothing, journal included."""

from __future__ import annotations

import pytest

import rallydesk
from rallydesk.domain.changes import Conflict, ReplacementRefused
from rallydesk.domain.errors import RallyDeskError
from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.services import Event

NUMBERS = range(1, 31)


def _make(location) -> None:
    with Event.create(location, "Replacements") as ev:
        ev.put_group(Group("CAR", "Cars"))
        ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
        ev.put_stage(Stage(1, "Loop", special_km=300))
        for n in NUMBERS:
            ev.put_entry(Entry(n, "T1", (CrewMember("driver", f"D{n}", "FRA"),)))


def _time_rows(ev: Event) -> int:
    return len(ev.journal(kind="time"))


def test_two_scripts_keying_different_values_never_overwrite_silently(event_location):
    _make(event_location)
    with rallydesk.open_event(event_location) as first:
        for n in NUMBERS:
            first.record_time(stage=1, number=n, elapsed=3 * 3_600_000 + n * 1000)
    with rallydesk.open_event(event_location) as second:
        rows = _time_rows(second)
        for n in NUMBERS:
            with pytest.raises(RallyDeskError, match="needs a reason") as caught:
                second.record_time(stage=1, number=n, elapsed=4 * 3_600_000 + n * 1000)
            assert isinstance(caught.value, ReplacementRefused)
            assert f"#{n}" in str(caught.value) and "nothing was changed" in str(caught.value)
        assert _time_rows(second) == rows  # no journal row for a refusal
        second._data = None
        assert all(
            second.existing_time(1, n).elapsed_ms == 3 * 3_600_000 + n * 1000 for n in NUMBERS
        )
        # the same value again is not a replacement
        second.record_time(stage=1, number=1, elapsed=3 * 3_600_000 + 1000)
        # a status over a time (DNF needs its own reason: it is the reason)
        second.record_time(stage=1, number=2, status="DNF", reason="gearbox")
        assert second.existing_time(1, 2).status == "DNF"
        # with a reason: replaced, the reason in the journal
        second.record_time(stage=1, number=3, elapsed="4:00:00", reason="timing sheet")
        assert second.journal(stage=1, number=3)[-1]["reason"] == "timing sheet"
        # with the value the caller saw: replaced (the optimistic check)
        seen = second.existing_time(1, 4)
        second.record_time(stage=1, number=4, elapsed="4:00:00", expected=seen)
        assert second.existing_time(1, 4).elapsed_ms == 4 * 3_600_000
        with pytest.raises(Conflict):  # and a stale one is a conflict
            second.record_time(stage=1, number=4, elapsed="4:00:01", expected=seen)
        # a deletion replaces a result by none: the same rule
        with pytest.raises(ReplacementRefused, match="deleting it needs a reason"):
            second.delete_time(1, 5)
        assert second.existing_time(1, 5) is not None
        second.delete_time(1, 5, reason="wrong crew")
        assert second.existing_time(1, 5) is None


def test_a_stale_snapshot_cannot_replace_what_another_desk_keyed(pg_url):
    """On a server two scripts are open at once: the second's snapshot has no result yet; the
    store itself refuses the replacement, inside its transaction."""
    _make(pg_url)
    with rallydesk.open_event(pg_url) as a, rallydesk.open_event(pg_url) as b:
        assert b.existing_time(1, 7) is None
        a.record_time(stage=1, number=7, elapsed="3:00:00")
        with pytest.raises(ReplacementRefused):
            b.record_time(stage=1, number=7, elapsed="3:30:00")
        b._data = None
        assert b.existing_time(1, 7).elapsed_ms == 3 * 3_600_000


def test_offline_a_replacement_without_reason_is_refused_not_kept(tmp_path):
    from test_offline import make_event, open_cuttable

    path = tmp_path / "e.rallydesk"
    make_event(path)
    ev, store = open_cuttable(path)
    ev.record_time(1, 101, elapsed="3:00:00")
    store.cut = True
    with pytest.raises(ReplacementRefused):
        ev.record_time(1, 101, elapsed="3:10:00")
    assert ev.pending_changes() == 0
    ev.record_time(1, 101, elapsed="3:10:00", reason="typo")
    assert ev.pending_changes() == 1
    ev.close()
