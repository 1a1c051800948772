"""The snapshot kept in memory after each write equals what a fresh reload reads from disk."""

from __future__ import annotations

from rallydesk.services import Event
from rallydesk.services.notices import AdjustmentChanged, TimeChanged


def test_incremental_snapshot_equals_reload(dakar_cars: Event):
    ev = dakar_cars
    ev.record_time(stage=13, number=228, elapsed="0:47:01")
    ev.record_time(stage=13, number=228, start="10:00:00", finish="10:47:00.5", reason="clock")
    ev.record_time(stage=12, number=209, status="DNF", nominal="10:00:00", reason="gearbox")
    ev.delete_time(stage=13, number=299, reason="wrong entry")
    a = ev.add_adjustment(
        stage=13, number=226, amount="+0:01:00", reason="speeding", article="12.3"
    )
    b = ev.add_adjustment(
        stage=13, number=227, amount="-0:00:30", kind="credit", reason="assistance"
    )
    ev.revoke_adjustment(a, "appeal upheld")
    kept = ev.data
    before = ev.classification(13, overall=True).to_json()
    ev._data = None
    fresh = ev.data
    assert sorted(kept.times, key=lambda t: (t.stage, t.number)) == list(fresh.times)
    assert kept.adjustments == fresh.adjustments
    assert [x.id for x in fresh.adjustments][-1] == b
    assert ev.classification(13, overall=True).to_json() == before


def test_listeners_hear_every_commit(dakar_cars: Event):
    heard = []
    dakar_cars.subscribe(heard.append)
    dakar_cars.record_time(stage=13, number=228, elapsed="0:47:01")
    dakar_cars.add_adjustment(stage=13, number=228, amount='+10"', reason="speeding")
    assert heard[0] == TimeChanged(13, 228)
    assert isinstance(heard[1], AdjustmentChanged) and (heard[1].stage, heard[1].number) == (
        13,
        228,
    )
    assert [n.kind for n in heard] == ["time", "adjustment"]
