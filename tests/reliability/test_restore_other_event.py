"""``restore`` never puts another event's backup in place without a word (issue 21, item 13):
the event ids differ, so it is refused naming both events, unless ``--other-event`` says so."""

from __future__ import annotations

from loop_event import write_loop_event

from rallydesk.cli import main
from rallydesk.store.backup import backup, event_uid


def test_a_backup_of_another_event_is_refused_naming_both(tmp_path, capsys):
    dakar, baja = tmp_path / "dakar.rallydesk", tmp_path / "baja.rallydesk"
    write_loop_event(dakar, "Dakar 2026")
    write_loop_event(baja, "Baja Aragon")
    (tmp_path / "stick").mkdir()
    baja_copy = backup(baja, tmp_path / "stick")
    before = dakar.read_bytes()
    assert main(["restore", str(baja_copy), str(dakar)]) == 1
    err = capsys.readouterr().err
    assert "another event" in err and "Dakar 2026" in err and "Baja Aragon" in err, err
    assert event_uid(dakar) in err and event_uid(baja) in err
    assert "--other-event" in err
    assert dakar.read_bytes() == before
    assert not list(tmp_path.glob("dakar.rallydesk.before-restore-*"))
    # said on purpose: done, and the replaced event kept
    assert main(["restore", str(baja_copy), str(dakar), "--other-event"]) == 0
    assert event_uid(dakar) == event_uid(baja)
    assert list(tmp_path.glob("dakar.rallydesk.before-restore-*"))


def test_a_wrecked_event_is_known_by_its_anchors(tmp_path, capsys, monkeypatch):
    """A file too damaged to read its id: the id anchored for its path stands in."""
    monkeypatch.setenv("RALLYDESK_DATA", str(tmp_path / "data"))
    dakar, baja = tmp_path / "dakar.rallydesk", tmp_path / "baja.rallydesk"
    write_loop_event(dakar, "Dakar 2026")
    write_loop_event(baja, "Baja Aragon")
    (tmp_path / "stick").mkdir()
    backup(dakar, tmp_path / "stick")  # anchors dakar's id for its path
    own_copy = backup(dakar, tmp_path)
    baja_copy = backup(baja, tmp_path / "stick")
    data = bytearray(dakar.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    dakar.write_bytes(bytes(data))
    assert main(["restore", str(baja_copy), str(dakar)]) == 1
    assert "another event" in capsys.readouterr().err
    assert main(["restore", str(own_copy), str(dakar)]) == 0  # its own backup: restored
