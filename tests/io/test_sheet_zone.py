"""A sheet never prints in a zone other than the event's (issue 28): an event whose zone this
computer's zone database lacks (made elsewhere; Windows without tzdata) refuses to print, in one
sentence naming the zone and the remedy, and writes nothing."""

from __future__ import annotations

from zoneinfo import ZoneInfoNotFoundError

import pytest

from rallydesk.domain.errors import RallyDeskError
from rallydesk.io import sheet_model


def _no_zone_database(monkeypatch):
    def missing(name):
        raise ZoneInfoNotFoundError(f"No time zone found with key {name}")

    monkeypatch.setattr(sheet_model, "ZoneInfo", missing)


def test_a_zone_missing_from_the_database_is_refused_by_name(monkeypatch):
    _no_zone_database(monkeypatch)
    with pytest.raises(RallyDeskError, match=r"'Asia/Riyadh'.*pip install tzdata"):
        sheet_model.event_zone("Asia/Riyadh")


def test_an_export_in_an_unknown_zone_refuses_and_writes_nothing(dakar_cars, tmp_path, monkeypatch):
    dakar_cars.update_settings(timezone="Asia/Riyadh")
    _no_zone_database(monkeypatch)
    out = tmp_path / "s10.xlsx"
    with pytest.raises(RallyDeskError, match="zone database"):
        dakar_cars.export_workbook(out, stage=10)
    assert not out.exists()


def test_tzdata_is_installed_with_rallydesk():
    import tzdata  # noqa: F401  (a dependency: the zone database where the OS has none)

    assert sheet_model.event_zone("Asia/Riyadh")[1] == "Asia/Riyadh"
