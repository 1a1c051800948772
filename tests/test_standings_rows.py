"""standings gives the caller its own rows: the classification's JSON rows are cached, shared
between the snapshots an edit derives, and must not be changed through a caller's copy."""

from __future__ import annotations

import pytest

from rallydesk.services import Event


@pytest.mark.parametrize("dakar_cars", ["file"], indirect=True)
def test_changing_the_standings_rows_changes_no_later_answer(dakar_cars: Event):
    ev = dakar_cars
    first = ev.standings(13, overall=True)
    kept = [dict(r) for r in first]
    for r in first:
        r["position"] = -1
        r.clear()
    assert ev.standings(13, overall=True) == kept
    ev.record_time(stage=13, number=kept[-1]["number"], elapsed="0:47:01", reason="test")
    again = ev.standings(13, overall=True)
    assert all(r.get("position", 0) > 0 for r in again)
    assert again == ev.classification(13, overall=True).to_json()["rows"]
