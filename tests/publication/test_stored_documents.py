"""Issue 21, item 6: a stored published document is used only while it has the digest its
journal row recorded; export, diff and the desk's unit states refuse a changed one."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from test_publication import as_, make_event, official_unit

from rallydesk.cli import main
from rallydesk.domain.errors import RallyDeskError
from rallydesk.services import Event

#: The winner's stage time (3:00:01) made one hour less in the frozen document.
#: (The fixture's drivers have no nationality: sheets print the placeholder, issue 24.)
WINNER = '[1,1,["Driver 1 (—)"],"Team 1","","T1",10801000,'
FORGED = '[1,1,["Driver 1 (—)"],"Team 1","","T1",7201000,'


def forge(path: Path, also_digest_column: bool) -> None:
    """Edit the winner's time in every stored document, as a forger with sqlite3 would (and,
    the careful one, the digest column of the publications table too)."""
    conn = sqlite3.connect(path)
    for pid, document in conn.execute("SELECT id, document FROM publications").fetchall():
        assert WINNER in document
        forged = document.replace(WINNER, FORGED)
        conn.execute("UPDATE publications SET document = ? WHERE id = ?", [forged, pid])
        if also_digest_column:
            digest = hashlib.sha256(forged.encode("utf-8")).hexdigest()
            conn.execute("UPDATE publications SET digest = ? WHERE id = ?", [digest, pid])
    conn.commit()
    conn.close()


@pytest.fixture
def published(tmp_path) -> Path:
    path = make_event(tmp_path / "e.rallydesk")
    official_unit(path)  # v1 provisional, v2 official
    return path


@pytest.mark.parametrize("also_digest_column", [False, True], ids=["document", "document+digest"])
@pytest.mark.parametrize("suffix", [".xlsx", ".pdf"])
def test_exporting_a_changed_document_is_refused_and_writes_nothing(
    published, tmp_path, capsys, suffix, also_digest_column
):
    out = tmp_path / f"v1{suffix}"
    assert (
        main(
            [
                "export",
                str(published),
                str(out),
                "--stage",
                "1",
                "--category",
                "CAR",
                "--version",
                "1",
            ]
        )
        == 0
    )
    before = out.read_bytes()
    forge(published, also_digest_column)
    capsys.readouterr()
    for version in ("1", "2"):
        code = main(
            [
                "export",
                str(published),
                str(out),
                "--stage",
                "1",
                "--category",
                "CAR",
                "--version",
                version,
            ]
        )
        err = capsys.readouterr().err
        assert code == 1
        assert "does not match the digest its journal row recorded" in err
        assert f"stage 1 CAR v{version}" in err
        assert "Traceback" not in err
    assert out.read_bytes() == before  # the earlier export is not replaced
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_every_read_of_a_changed_document_is_refused(published):
    forge(published, also_digest_column=True)
    with as_(published, "Ana CLERK") as ev:
        with pytest.raises(RallyDeskError, match="does not match the digest"):
            ev.version_document(1, "CAR", 1)
        with pytest.raises(RallyDeskError, match="does not match the digest"):
            ev.diff(1, "CAR", 1)
        with pytest.raises(RallyDeskError, match="does not match the digest"):
            ev.unit_state(1, "CAR")
        listed = {(u.stage, u.category): u for u in ev.units()}  # the desk's list still shows
        assert "does not match the digest" in (listed[(1, "CAR")].problem or "")
        assert listed[(1, "CAR")].outdated and listed[(1, "BIKE")].problem is None
    with Event.open(published, readonly=True) as ev:  # a read-only look refuses it as well
        with pytest.raises(RallyDeskError, match="does not match the digest"):
            ev.version_document(1, "CAR", 2)


def test_a_document_whose_journal_row_is_gone_is_refused(published):
    """The journal row is looked for by the version's own head and by its target: a row moved
    to another publication (its target and id changed) leaves the version without one."""
    conn = sqlite3.connect(published)
    conn.execute("DROP TRIGGER journal_no_update")
    conn.execute(
        "UPDATE journal SET target = 'publication 99 stage 1 CAR v1', new = '{}'"
        " WHERE action = 'publication.add' AND target LIKE 'publication 1 %'"
    )
    conn.commit()
    conn.close()
    with as_(published, "Ana CLERK") as ev:
        with pytest.raises(RallyDeskError, match="has no journal row"):
            ev.version_document(1, "CAR", 1)
        assert ev.version_document(1, "CAR", 2).sheets  # the other version is untouched


def test_untouched_documents_read_as_before(published, tmp_path):
    out = tmp_path / "v2.xlsx"
    assert (
        main(
            [
                "export",
                str(published),
                str(out),
                "--stage",
                "1",
                "--category",
                "CAR",
                "--version",
                "2",
            ]
        )
        == 0
    )
    with as_(published, "Ana CLERK") as ev:
        assert ev.unit_state(1, "CAR").state == "official"
        assert ev.diff(1, "CAR", 1, 2) == []
