"""The results board (``rallydesk board``, View > Results board…): a read-only web server of an
event's live and published classifications on the local network, and its static export.

A layer of its own: the GUI and the command line use it; it reads the event through the
services only (``source.py``), builds the pages (``site.py``, ``pages.py``), follows the changes in
one thread (``feed.py``) and serves them (``web.py``).
"""

from __future__ import annotations

from .export import export_board
from .web import Board

__all__ = ["Board", "export_board"]
