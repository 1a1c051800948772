"""The services' results: typed values by attribute, and still the dicts scripts were written for."""

from __future__ import annotations

import json

import pytest

from rallydesk.services.results import CardStage, CrewCard, Publication, ReplayCount, StartListRow


def test_a_result_reads_by_attribute_and_as_the_dict_it_replaces():
    r = ReplayCount(sent=2, conflicts=1, pending=0)
    assert r.sent == 2 and r["sent"] == 2 and r.get("pending") == 0 and r.get("nope") is None
    assert dict(r) == {"sent": 2, "conflicts": 1, "pending": 0} and list(r) == list(dict(r))
    assert r == {"sent": 2, "conflicts": 1, "pending": 0} and r == ReplayCount(2, 1, 0)
    assert "sent" in r and len(r) == 3 and hash(r) == hash(ReplayCount(2, 1, 0))
    with pytest.raises(KeyError):
        r["nope"]
    with pytest.raises(AttributeError):
        r.sent = 3  # type: ignore[misc]


def test_class_is_a_key_even_where_python_needs_class_():
    row = StartListRow(201, 28_800_000, "08:00:00", "A / B", "T1", "", "")
    assert row["class"] == "T1" == row.class_ and "class" in row and "class_" not in row


def test_to_json_is_plain_json_nested_results_included():
    stage = CardStage(1, "Loop", "OK", "", "3h", 1, "", 1, "3h")
    card = CrewCard(201, "A", "T1", "", "", "CAR", [stage], [], [])
    assert json.loads(json.dumps(card.to_json()))["stages"][0]["position"] == 1
    assert card["stages"][0]["overall_time"] == "3h"


def test_a_store_row_makes_a_publication():
    row = {
        "id": 3, "stage": 1, "category": "CAR", "version": 2, "status": "provisional",
        "published_at": "2026-01-08T18:42:00+03:00", "official": None, "document_no": "0003",
        "digest": "ab", "journal_id": 40, "journal_hash": "cd", "reason": None,
        "protest_until": None,
    }  # fmt: skip
    p = Publication.from_row(row)
    assert p.version == 2 and p["document_no"] == "0003" and p == row
