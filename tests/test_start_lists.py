"""Start lists (import kind ``starts``, generation) and double keying, below the GUI."""

from __future__ import annotations

import pytest

from rallydesk.domain.errors import RallyDeskError
from rallydesk.domain.model import CrewMember, Entry, Group, Stage
from rallydesk.services import Event
from rallydesk.store.verify import verify


@pytest.fixture
def ev(event_location):
    """An event in a file, then on a PostgreSQL server."""
    e = Event.create(event_location, "Starts")
    e.put_group(Group("CAR", "Cars"))
    e.put_group(Group("T1", "Ultimate", "class", "CAR"))
    e.put_stage(Stage(1, "Loop", special_km=300))
    e.put_stage(Stage(2, "Dunes", special_km=420))
    for n in (201, 202, 203, 204):
        e.put_entry(Entry(n, "T1", (CrewMember("driver", f"Driver {n}", "FRA"),), "Team", "Car"))
    for n, t in ((201, "3:00:30"), (202, "3:00:10"), (203, "3:00:20")):
        e.record_time(1, n, elapsed=t)
    e.record_time(1, 204, status="RET", reason="engine")
    yield e
    e.close()


def test_generated_from_the_previous_overall_leaving_out_retired_crews(ev):
    starts = ev.generate_starts(2, "08:00:00", "2'")
    assert list(starts) == [202, 203, 201]
    assert [r["start"] for r in ev.start_list(2)] == ["08:00:00", "08:02:00", "08:04:00"]
    assert verify(ev.path) == []


def test_generated_from_a_list(ev):
    starts = ev.generate_starts(2, "7:30:00", "30", order=[203, 201, 202])
    assert starts == {203: 27_000_000, 201: 27_030_000, 202: 27_060_000}


def test_imported_as_kind_starts_through_the_import_checks(ev, tmp_path):
    good = tmp_path / "starts.csv"
    good.write_text(
        "stage,number,start\n2,201,08:00:00\n2,202,080100\n2,203,23:59:00\n", encoding="utf-8"
    )
    reports = ev.import_files([good])
    assert reports[0].kind == "starts" and reports[0].rows == 3
    assert ev.start_of(2, 202) == 8 * 3_600_000 + 60_000
    bad = tmp_path / "bad.csv"
    bad.write_text("stage,number,start\n2,201,8h\n2,999,08:00:00\n2,202,\n", encoding="utf-8")
    with pytest.raises(RallyDeskError) as err:
        ev.import_files([bad])
    text = str(err.value)
    assert "line 2" in text and "line 3" in text and "line 4" in text and "nothing imported" in text
    assert ev.start_of(2, 201) == 8 * 3_600_000  # all or nothing
    assert verify(ev.path) == []


def test_the_xlsx_start_list_imports_too(ev, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["stage", "number", "start"])
    wb.active.append([2, 203, "09:00:00"])
    wb.save(tmp_path / "starts.xlsx")
    assert ev.import_files([tmp_path / "starts.xlsx"])[0].kind == "starts"
    assert ev.start_of(2, 203) == 9 * 3_600_000


def test_double_keying_lists_and_settles_every_mismatch(ev):
    for n, t in ((201, "2:00:00"), (202, "2:01:00"), (203, "2:02:00")):
        ev.record_time(2, n, elapsed=t)
    assert not ev.verified(2)
    ev.record_second(2, 201, "Second Official", elapsed="2:00:00")
    ev.record_second(2, 202, "Second Official", elapsed="2:10:00")
    ev.record_second(2, 203, "Second Official", status="DNF", reason="stuck")
    found = ev.mismatches(2)
    assert [m["number"] for m in found] == [202, 203]
    assert found[0]["second"] == "2h 10' 00''" and found[0]["second_by"] == "Second Official"
    ev.settle(2, 202, "first", "transponder agrees with the first")
    ev.settle(2, 203, "second", "the marshal's report")
    assert ev.mismatches(2) == [] and ev.verified(2)
    assert ev.existing_time(2, 203).status == "DNF"
    assert verify(ev.path) == []


def test_the_first_keying_is_named_by_its_official(ev):
    """With officials, "first by" is the official who keyed it, not the computer's login."""
    ev.add_official("Tim KEEPER", "timekeeper", "1111")
    ev.login("Tim KEEPER", "1111")
    ev.record_time(2, 201, elapsed="2:00:00")
    ev.record_second(2, 201, "Second Official", elapsed="2:00:09")
    (found,) = ev.mismatches(2)
    assert found["first_by"] == "Tim KEEPER" and found["second_by"] == "Second Official"


def test_the_start_list_prints_as_pdf_and_xlsx(ev, tmp_path):
    from openpyxl import load_workbook

    ev.generate_starts(2, "08:00:00", "2'")
    xlsx = ev.export_start_list(2, tmp_path / "starts.xlsx")
    ws = load_workbook(xlsx).active
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "08:00:00" in cells and "08:04:00" in cells and any("Start list" in c for c in cells)
    pdf = ev.export_start_list(2, tmp_path / "starts.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_the_stage_sheets_say_verified_only_when_no_mismatch_remains(ev):
    ev.record_time(2, 201, elapsed="2:00:00")
    ev.record_second(2, 201, "Second Official", elapsed="2:00:01")
    assert not any("VERIFIED" in s.status for s in ev.sheets(2).sheets)
    ev.settle(2, 201, "first", "printout")
    sheets = ev.sheets(2).sheets
    assert all("VERIFIED" in s.status for s in sheets if s.scope == "stage")
    assert not any("VERIFIED" in s.status for s in sheets if s.scope == "overall")
