"""A running results board over an event, for the board's tests."""

from __future__ import annotations

import pytest
from board_helpers import small_event

from rallydesk.board import Board


@pytest.fixture
def board_event(tmp_path):
    ev = small_event(tmp_path / "board.rallydesk")
    yield ev
    ev.close()


@pytest.fixture
def board(board_event):
    b = Board(str(board_event.path), "127.0.0.1", 0)
    b.start()
    yield b
    b.stop()
