"""Issue 16's acceptance: 4 desks x 2,000 results on one server event, a desk killed (SIGKILL)
and restarted, the server cut off for 30 s: nothing acknowledged lost or duplicated, verify clean,
every classification equal to the same results in a file; the changes keyed offline all arrive.
Issue 23: a late desk, which opened the event once before, starts while the server is down, opens
from its replica and keys into it; the desk killed during the cut does the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).with_name("desks_harness.py")


@pytest.mark.posix(reason="SIGKILL of a desk process")
@pytest.mark.crash
def test_four_desks_a_kill_and_a_server_cut_lose_and_duplicate_nothing(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RALLYDESK_HARNESS_")}
    r = subprocess.run(
        [sys.executable, str(HARNESS), str(tmp_path / "run")],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,  # the numbers: never a scaled-down run here
    )
    assert r.stdout.strip(), r.stderr[-3000:]
    result = json.loads(r.stdout.strip().splitlines()[-1])
    print(f"\nseveral desks harness: {result}")
    assert "desk_failures" not in result, result.get("desk_failures")
    assert (result["desks"], result["per_desk"]) == (4, 2000)
    assert result["kills"] == 3
    # every acknowledged result is on the server with its value, nothing else is
    assert result["late_slots"] == 500  # the late desk's, beside the 4 x 2,000
    assert result["acknowledged"] == result["acknowledged_slots"] == 8500
    assert result["on_server"] == 8500
    assert result["lost"] == 0
    assert result["unacknowledged_on_server"] == 0
    # once each in the journal: a slot re-keyed after a kill (it may have reached the server
    # without its acknowledgement) is at most a replacement by the same value, never a new one
    assert result["duplicates"] == 0
    assert result["replaced_other"] == 0
    # the desk that died right after a write (before acknowledging it) keyed that slot again: a
    # replacement by the same value; the others killed may have done so for the slot they were
    # keying, and no other slot is ever written twice
    assert result["selfkill_slot"] in result["replaced_slots"]
    assert all(slot in result["uncertain_slots"] for slot in result["replaced_slots"])
    assert result["replaced_same_value"] == len(result["replaced_slots"])
    assert result["other_time_rows"] == 0
    assert result["verify"] == []
    assert result["conflicts"] == 0 and result["pending_at_end"] == 0
    # every classification (stage and overall, every stage, every group) = the file's
    assert result["classifications"] >= 17 * 2 * 10
    assert result["classifications_differ"] == []
    # the cut: 30 s, every desk kept keying, each at least 100 results offline, all arrived
    assert result["cut_seconds"] >= 30
    assert min(result["keyed_during_cut"]) >= 100
    assert result["max_pending"] >= 100
    assert result["kept_offline"] >= 4 * 100
    assert result["kept_offline_arrived"] == result["kept_offline"]
    # the second, short stop of the server, with every desk back online
    assert result["stop_seconds"] >= 3
    # the desk killed during the cut had changes in its outbox: started again while the server
    # is still down, it opened from its replica with them kept, keyed on, and sent them all
    assert result["restarted_pending_before_open"] > 0
    assert result["restarted_opened_offline"] is True
    assert result["restarted_pending_after_open"] == result["restarted_pending_before_open"]
    # the late desk started during the cut: opened from its replica, every result arrived once
    assert result["late_opened_offline"] is True
    assert result["late_acknowledged"] == result["late_slots"]
    assert r.returncode == 0, r.stderr[-3000:]
