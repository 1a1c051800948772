"""The results board over HTTP: its pages equal the services', it follows a writer, it is
read-only, escapes every text and bounds what it reads; its export; on a server event too."""

from __future__ import annotations

import html
import re
import socket
import time
import urllib.request

import pytest
from board_helpers import XSS, fetch, fetch_json, small_event

from rallydesk.board import Board, export_board
from rallydesk.cli import main


def _rows(page: str) -> list[list[str]]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
        for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body)
    ]


def test_the_classification_page_is_the_standings_row_by_row(board, board_event):
    status, kind, body = fetch(board.address + "s1-stage-CAR-CAR.html")
    assert status == 200 and kind.startswith("text/html")
    rows = _rows(body.decode())
    standings = board_event.standings(1, False, "CAR")
    assert [(int(r[0]), int(r[1])) for r in rows] == [
        (s["position"], s["number"]) for s in standings
    ]
    assert rows[0][6] == "59' 30''"  # the event's time style (dakar)


def test_api_standings_is_the_json_of_standings(board, board_event):
    got = fetch_json(board.address + "api/standings?stage=1&group=T1&overall=1")
    assert got == board_event.classification(1, True, "T1").to_json()
    status, _, body = fetch(board.address + "api/standings?stage=x")
    assert status == 400 and b"stage" in body


def test_a_script_team_name_is_text(board):
    _, _, body = fetch(board.address + "s1-stage-CAR-CAR.html")
    page = body.decode()
    assert XSS not in page and html.escape(XSS) in page
    assert "Baja &lt;test&gt; &amp; co" in page


def test_a_time_recorded_reaches_the_event_stream_within_a_second(board, board_event):
    with socket.create_connection(("127.0.0.1", board.server.server_address[1])) as s:
        s.sendall(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
        s.settimeout(5)
        first = s.recv(4096)
        assert b"text/event-stream" in first
        board_event.record_time(stage=1, number=4, elapsed="1:02:00")
        began = time.monotonic()
        seen = b""
        while b"event: change" not in seen:
            seen += s.recv(4096)
        assert time.monotonic() - began < 1.0
    _, _, body = fetch(board.address + "s1-stage-CAR-CAR.html")
    assert [r[1] for r in _rows(body.decode())] == ["3", "1", "2", "4"]


def test_read_only_and_bounded(board):
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "BREW"):
        req = urllib.request.Request(board.address, method=method, data=b"x")
        try:
            urllib.request.urlopen(req, timeout=5)
            raise AssertionError(method)
        except urllib.error.HTTPError as e:
            assert e.code == 405 and e.headers["Allow"] == "GET, HEAD"
    port = board.server.server_address[1]
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\n\r\n")
        assert s.recv(100).startswith(b"HTTP/1.1 414")
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(60)) + b"\r\n")
        assert s.recv(100).startswith(b"HTTP/1.1 431")
    status, _, _ = fetch(board.address + "../../etc/passwd")
    assert status == 404
    status, kind, body = fetch(board.address + "static/board.css")
    assert status == 200 and kind.startswith("text/css")


def test_pages_state_live_or_published_and_the_last_change(board):
    _, _, body = fetch(board.address + "s1-overall-CAR-T2.html")
    page = body.decode()
    assert "LIVE – NOT PUBLISHED" in page and "Last change: 20" in page
    # with the event's zone: a phone at the bivouac may be set to any
    assert re.search(r"Last change: 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC<", page), page[:600]
    for name in ("index.html", "penalties.html", "publications.html"):
        status, _, body = fetch(board.address + name)
        assert status == 200 and b"Last change" in body


def test_export_writes_the_same_pages(tmp_path, board_event):
    out = tmp_path / "site"
    written = export_board(str(board_event.path), out)
    assert (out / "index.html").is_file() and (out / "static" / "board.js").is_file()
    page = (out / "s1-stage-CAR-CAR.html").read_text(encoding="utf-8")
    assert [r[1] for r in _rows(page)] == ["3", "1", "2"]
    assert 'data-live="0"' in page and len(written) > 10
    assert main(["board", str(board_event.path), "--export", str(tmp_path / "cli")]) == 0
    assert (tmp_path / "cli" / "s2-overall-CAR-T1.html").is_file()


def test_the_command_refuses_a_missing_event(tmp_path, capsys):
    assert main(["board", str(tmp_path / "none.rallydesk")]) == 1
    assert "no such event file" in capsys.readouterr().err


def test_a_server_event_board_follows_another_desk(pg_url):
    ev = small_event(pg_url)
    board = Board(pg_url, "127.0.0.1", 0)
    board.start()
    try:
        before = fetch_json(board.address + "api/version")["version"]
        ev.record_time(stage=1, number=4, elapsed="1:02:00")
        deadline = time.monotonic() + 1.0
        while fetch_json(board.address + "api/version")["version"] == before:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        got = fetch_json(board.address + "api/standings?stage=1&group=CAR")
        assert [r["number"] for r in got["rows"]] == [3, 1, 2, 4]
    finally:
        board.stop()
        ev.close()


def test_the_feed_names_a_server_event_without_its_password():
    from rallydesk.board.feed import Feed

    feed = Feed("postgresql://baja.timekeeper:s3cr%40t@127.0.0.1:1/baja")
    assert feed.location == feed.name == "postgresql://baja.timekeeper@127.0.0.1:1/baja"


def test_publications_with_their_pdf_penalties_with_decisions_in_french(tmp_path):
    ev = small_event(tmp_path / "fr.rallydesk")
    ev.update_settings(language="fr")
    ev.add_adjustment(stage=1, number=2, amount="+1'", reason="vitesse", decision="14")
    ev.add_official("Rita R", "results-manager", "2222")
    ev.login("Rita R", "2222")
    ev.publish(stage=1, category="CAR", as_="provisional")
    board = Board(str(ev.path), "127.0.0.1", 0)
    board.start()
    try:
        _, _, body = fetch(board.address + "publications.html")
        page = body.decode()
        assert "PROVISOIRE v1" in page and 'href="pdf/s1-CAR-v1.pdf"' in page
        status, kind, pdf = fetch(board.address + "pdf/s1-CAR-v1.pdf")
        assert status == 200 and kind == "application/pdf" and pdf.startswith(b"%PDF")
        _, _, body = fetch(board.address + "s1-stage-CAR-CAR.html")
        page = body.decode()
        assert "PROVISOIRE v1" in page and "Équipage" in page and 'lang="fr"' in page
        _, _, body = fetch(board.address + "penalties.html")
        rows = _rows(body.decode())
        assert rows[0][:2] == ["1", "2"] and "vitesse" in rows[0] and rows[0][8] == "14"
        ev.record_time(stage=1, number=4, elapsed="1:02:00")
        deadline = time.monotonic() + 1.0
        while (
            "EN DIRECT – modifié depuis PROVISOIRE v1"
            not in fetch(board.address + "s1-stage-CAR-CAR.html")[2].decode()
        ):
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        board.stop()
        ev.close()


@pytest.mark.posix(reason="Ctrl+C sent as SIGINT to a child process")
def test_the_command_serves_until_interrupted_and_listens_where_told(board_event):
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "rallydesk", "board", str(board_event.path), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stderr.readline()
        address = re.search(r"on (http://\S+/)", line).group(1)
        assert address.startswith("http://127.0.0.1:")  # this computer only, unless told
        assert fetch(address + "index.html")[0] == 200
        proc.send_signal(signal.SIGINT)
        assert proc.wait(10) == 0
    finally:
        proc.kill()
        proc.wait()


def test_an_ipv6_address(board_event):
    try:
        board = Board(str(board_event.path), "::1", 0)
    except OSError:  # a machine without IPv6 on the loopback
        return
    board.start()
    try:
        assert board.address.startswith("http://[::1]:")
        assert fetch(board.address + "api/version")[0] == 200
    finally:
        board.stop()


def test_a_french_board_words_a_missed_waypoint_and_the_dnf_of_an_at_waypoint_decision(tmp_path):
    """The board speaks the event's language: the rules' own reasons (RULES §8) in French too."""
    from rallydesk.board.source import Unit, penalties, table
    from rallydesk.domain.waypoints import Waypoint

    ev = small_event(tmp_path / "fr.rallydesk")
    try:
        ev.update_settings(language="fr")
        ev.set_waypoints(2, [Waypoint(2, 1, 120.0, "WPV"), Waypoint(2, 2, 250.0, "WPM")])
        ev.record_time(stage=2, number=1, start="08:00:00", finish="11:00:00")
        ev.record_time(stage=2, number=2, start="08:01:00", finish="11:10:00")
        ev.add_passage(2, 1, 1, "09:00:00")
        ev.add_passage(2, 2, 2, "10:00:00")
        ev.close_passages(2, "CAR")
        reasons = {(row[1], row[6]) for row in penalties(ev)}
        assert {("1", "WP2 manqué (km 250)"), ("2", "WP1 manqué (km 120)")} <= reasons
        ev.interrupt(2, "CAR", "D7", "crues", at_waypoint=1)
        listed = {n[0]: n[3] for n in table(ev, Unit(2, False, "CAR", "CAR")).not_classified}
        assert listed["2"].endswith(
            "pas de passage au WP1\u00a0: l'étape y est classée (décision D7)"
        )
    finally:
        ev.close()
