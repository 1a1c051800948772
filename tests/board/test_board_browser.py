"""The results board in a real browser (Debian's chromium, headless): what officials and crews
see on their phones and the bivouac's TV."""

from __future__ import annotations

import time

import pytest
from board_helpers import XSS
from browser import Browser

#: The rows of the open page's classification, as the browser renders them
ROWS = "return [...document.querySelectorAll('#main table.classification tbody tr')].map(tr => [...tr.cells].map(td => td.textContent))"


@pytest.fixture
def browser():
    b = Browser()
    yield b
    b.close()


def test_the_table_is_the_standings_row_by_row(browser, board, board_event):
    for unit, overall, group in (
        ("s1-stage-CAR-CAR", False, "CAR"),
        ("s1-overall-CAR-T2", True, "T2"),
    ):
        browser.go(board.address + unit + ".html")
        rows = browser.js(ROWS)
        want = board_event.standings(1, overall, group)
        assert [(int(r[0]), int(r[1])) for r in rows] == [
            (s["position"], s["number"]) for s in want
        ]


def test_a_recorded_time_appears_on_the_open_page_within_a_second(browser, board, board_event):
    browser.go(board.address + "s1-stage-CAR-CAR.html")
    browser.js("document.body.setAttribute('data-marker', 'same page')")
    deadline = time.monotonic() + 10  # the event stream is open before the time is keyed
    while board.feed.subscribers == 0:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.3)
    board_event.record_time(stage=1, number=4, elapsed="0:58:00")
    began = time.monotonic()
    while [r[1] for r in browser.js(ROWS)] != ["4", "3", "1", "2"]:
        assert time.monotonic() - began < 1.0, browser.js(ROWS)
        time.sleep(0.02)
    assert browser.js("return document.body.getAttribute('data-marker')") == "same page"


def test_a_script_team_name_renders_as_text(browser, board):
    browser.go(board.address + "s1-stage-CAR-CAR.html")
    teams = browser.js(
        "return [...document.querySelectorAll('td.col-team')].map(td => td.textContent)"
    )
    assert XSS in teams
    assert browser.js("return document.title") != "pwned"
    assert browser.js("return document.querySelectorAll('main script').length") == 0


def test_a_phone_390_px_wide_has_no_horizontal_scroll(browser, board):
    browser.viewport(390, 844)
    assert browser.js("return window.innerWidth") == 390
    for page in (
        "index.html",
        "s1-overall-CAR-CAR.html",
        "s1-stage-CAR-T2.html",
        "penalties.html",
        "publications.html",
    ):
        browser.go(board.address + page)
        width = browser.js(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert width[0] <= width[1], (page, width)


def test_tv_mode_cycles_full_screen(browser, board):
    browser.go(board.address + "s2-stage-CAR-CAR.html?tv=1")
    assert browser.js("return document.body.classList.contains('tv')") is True
    assert browser.js("return getComputedStyle(document.querySelector('nav')).display") == "none"
    cycle = browser.js("return JSON.parse(document.body.getAttribute('data-cycle'))")
    assert cycle == ["s2-stage-CAR-CAR.html", "s2-overall-CAR-CAR.html"]
