"""What the board's tests share: a small event (with a script for a team name) and HTTP reads."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from rallydesk.domain.model import Entry, Group, Stage
from rallydesk.services import Event

XSS = "<script>document.title='pwned'</script>"


def small_event(location) -> Event:
    """Cars with two classes, a stage and a crew whose team is a script tag."""
    ev = Event.create(location, "Baja <test> & co", timezone="UTC")
    ev.put_group(Group("CAR", "Cars"))
    ev.put_group(Group("T1", "Ultimate", "class", "CAR"))
    ev.put_group(Group("T2", "Stock", "class", "CAR"))
    ev.put_stage(Stage(1, "Alpha"))
    ev.put_stage(Stage(2, "Beta"))
    for n, cls in ((1, "T1"), (2, "T1"), (3, "T2"), (4, "T2")):
        team = XSS if n == 3 else f"Team {n}"
        ev.put_entry(Entry(n, cls, team=team))
    ev.record_time(stage=1, number=1, elapsed="1:00:00")
    ev.record_time(stage=1, number=2, elapsed="1:01:00")
    ev.record_time(stage=1, number=3, elapsed="0:59:30")
    return ev


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def fetch_json(url: str):
    status, _, body = fetch(url)
    assert status == 200, body
    return json.loads(body)
