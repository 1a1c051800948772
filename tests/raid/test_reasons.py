"""The reasons the rules of §8 make are read back as values (``domain.raid.read_reason``), so the
desk can word them in its language while the store, the journal and the sheets keep the text."""

from __future__ import annotations

from rallydesk.domain.raid import (
    RaidReason,
    dnf_at_reason,
    missed_reason,
    read_reason,
    stopped_reason,
)
from rallydesk.domain.waypoints import Waypoint

from .conftest import build


def test_each_reason_made_is_read_back_with_its_values() -> None:
    assert read_reason(missed_reason(Waypoint(1, 2, 240.0, "WPM"))) == RaidReason(
        "missed", 2, 240.0
    )
    assert read_reason(missed_reason(Waypoint(1, 3, 12.5, "WPS"))) == RaidReason("missed", 3, 12.5)
    assert read_reason(missed_reason(Waypoint(1, 4, None, "WPV"))) == RaidReason("missed", 4)
    assert read_reason(dnf_at_reason(3, "D7 (stewards)")) == RaidReason(
        "dnf-at", 3, decision="D7 (stewards)"
    )
    later = (24 + 1) * 3_600_000  # 01:00:00 on the next day
    for t in (16 * 3_600_000 + 24 * 60_000, later):
        assert read_reason(stopped_reason(t, "13")) == RaidReason(
            "stopped", time_ms=t, decision="13"
        )


def test_an_officials_own_words_are_not_read() -> None:
    for text in (None, "", "engine", "missed WP2 twice", "stopped at the border", "missed WPx"):
        assert read_reason(text) is None


def test_the_reasons_the_rules_give_are_the_ones_read(tmp_path) -> None:
    """What closing the passages and an at-waypoint decision really write is read back."""
    ev = build(tmp_path / "raid.rallydesk")
    try:
        ev.record_time(1, 101, start="08:00:00", finish="12:00:00")
        ev.record_time(1, 102, start="08:02:00", finish="12:30:00")
        ev.add_passage(1, 101, 1, "09:00:00")
        ev.add_passage(1, 102, 2, "10:00:00")
        added = ev.close_passages(1, "CAR")
        assert {(p.number, read_reason(p.reason)) for p in added} == {
            (101, RaidReason("missed", 2, 200.0)),
            (101, RaidReason("missed", 3, 359.0)),
            (102, RaidReason("missed", 1, 100.0)),
            (102, RaidReason("missed", 3, 359.0)),
        }
        _, after = ev.interrupt(1, "CAR", "14", "floods", at_waypoint=1, dry_run=True)
        out = {n.number: read_reason(n.reason) for n in after[0].not_classified}
        assert out[102] == RaidReason("dnf-at", 1, decision="14")
    finally:
        ev.close()
