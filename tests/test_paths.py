"""Resources come from inside the package; the user's folders from platformdirs or RALLYDESK_DATA."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import rallydesk
from rallydesk import paths


def test_resources_are_inside_the_package():
    package = Path(rallydesk.__file__).resolve().parent
    for parts in (
        ("icons", "rallydesk.svg"),
        ("demo", "dakar2026-cars", "times.csv"),
        ("fonts", "DejaVuSansMono.ttf"),
    ):
        assert paths.resource(*parts).is_file()
        assert paths.resource_file(*parts).resolve().is_relative_to(package / "resources")


def test_rallydesk_data_holds_all_three_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("RALLYDESK_DATA", str(tmp_path))
    assert paths.data_dir() == tmp_path
    assert paths.log_dir() == tmp_path / "logs" and paths.log_dir().is_dir()
    assert paths.settings_dir() == tmp_path / "settings" and paths.settings_dir().is_dir()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG variables are Linux's")
def test_without_the_override_the_folders_follow_the_platform(tmp_path, monkeypatch):
    monkeypatch.delenv("RALLYDESK_DATA", raising=False)
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CONFIG_HOME", "config"),
    ):
        monkeypatch.setenv(var, str(tmp_path / sub))
    assert paths.data_dir() == tmp_path / "data" / "rallydesk"
    assert paths.log_dir() == tmp_path / "state" / "rallydesk" / "log"
    assert paths.settings_dir() == tmp_path / "config" / "rallydesk"


def test_the_desk_settings_are_an_ini_file_in_the_settings_folder(qtbot, tmp_path, monkeypatch):
    from rallydesk.gui.main_window import settings

    monkeypatch.setenv("RALLYDESK_DATA", str(tmp_path))
    s = settings()
    s.setValue("dark", True)
    s.sync()
    assert s.fileName() == str(tmp_path / "settings" / "rallydesk.ini")
    assert "dark=true" in (tmp_path / "settings" / "rallydesk.ini").read_text()
