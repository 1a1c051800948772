"""Every distribution RallyDesk ships has its licence text, from its metadata or the resources
(issue 28), and the build's generated file carries them into the bundle."""

from __future__ import annotations

import json

from rallydesk import licences


def test_every_shipped_distribution_has_its_licence_text():
    found = licences.from_metadata()
    names = {licences.normalise(n.name) for n in found}
    for wanted in ("pyside6-essentials", "psycopg", "psycopg-binary", "click", "python-dateutil"):
        assert wanted in names, wanted
    for dist in licences.shipped_distributions():
        assert licences.normalise(dist.metadata["Name"]) in names
    bare = [n.name for n in found if len(n.text.strip()) < 200]
    assert not bare, f"no licence text for {bare}"
    assert {"Qt", "ICU (Qt's Unicode library)", "OpenSSL", "MIT Kerberos"} <= {
        n.name for n in found
    }


def test_test_tools_are_not_shipped():
    names = {licences.normalise(d.metadata["Name"]) for d in licences.shipped_distributions()}
    assert not names & {"pytest", "ruff", "mypy", "hypothesis", "rallydesk"}


def test_the_build_writes_the_notices_the_bundle_reads(tmp_path, monkeypatch):
    written = licences.write_generated(tmp_path)
    rows = json.loads(written.read_text(encoding="utf-8"))
    assert len(rows) == len(licences.from_metadata())
    assert all(row["text"] for row in rows)


def test_the_command_line_lists_what_the_about_box_lists(capsys):
    """``rallydesk licences``: one line a notice of Help > About (an installer's or a screenless
    computer's check); ``--full`` adds every text."""
    from rallydesk.cli import main
    from rallydesk.licences import notices, shipped_distributions

    assert main(["licences"]) == 0
    lines = capsys.readouterr().out.splitlines()
    shown = [line.split("\t")[0] for line in lines]
    assert shown == [n.name for n in notices()]
    assert {d.metadata["Name"] for d in shipped_distributions()} <= set(shown)
    assert "Qt" in shown and "Python" in shown
    assert main(["licences", "--full"]) == 0
    full = capsys.readouterr().out
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in full and len(full) > 20 * len("\n".join(lines))
