"""The GUI-to-GUI benchmark (issue 23) measures what it says: desk A's keystrokes record each
result, desk B's window (another process) shows each row, woken by the server's notice. Its
speed is the benchmark's business (benchmarks/gui_to_gui.py), never asserted here."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.gui_to_gui import WARM_UP, measure  # noqa: E402
from rallydesk.generate import write_generated  # noqa: E402
from rallydesk.services import Event  # noqa: E402


def test_every_keying_of_desk_a_is_seen_in_desk_bs_window(pg_url, tmp_path):
    write_generated(pg_url, 40, 3, 1)
    samples, lost, plan = measure(pg_url, 3, tmp_path)
    assert lost == 0 and len(samples) == 3
    for s in samples:
        assert s.enter < s.committed <= s.a_done  # the Enter key recorded it, through the store
        # B shows it after A's Enter (B may see the commit before A's own call has returned)
        assert s.enter < s.shown
        # B was woken by the notice, not by its safety poll, and looked before it showed
        assert s.heard is not None and s.woken is not None
        assert s.heard <= s.woken <= s.shown
    keyed = plan.keyings[: WARM_UP + 3]
    with Event.open(pg_url, readonly=True) as ev:
        for number, text in keyed:  # each keyed once, as the official typed it
            t = ev.existing_time(plan.stage, number)
            assert t is not None and t.elapsed_ms is not None
            h, m, sec = (int(x) for x in text.split(":"))
            assert t.elapsed_ms == ((h * 60 + m) * 60 + sec) * 1000
        assert len(ev.journal(stage=plan.stage, kind="time")) == len(keyed)
