"""The built-in demo: the 2026 Dakar cars as published, with a synthetic field around them.

The real crews and times come from ``rallydesk/resources/demo/dakar2026-cars`` (sourced, see its README);
Ronald Basso / Julien Menard (Toyota Land Cruiser, Stock) are entered under a placeholder number
520 without times, since neither was in the sourced data.
The synthetic crews (team "Synthetic field", names marked "(synthetic)") fill the field, the
BIKE category is synthetic; a quarter of the synthetic field has no time yet on stage 11 and
stages 12–13 are open, so that a new user can key times and watch the classifications move.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from .domain.errors import RallyDeskError
from .domain.model import CrewMember, Entry, Group, StageTime
from .paths import data_dir, resource_file
from .services import Event, is_server_location

#: Stock crew named in the brief whose results and race number were not in the sourced data:
#: entered with a placeholder number (unconfirmed) and no times.
UNSOURCED_STOCK = Entry(
    520,
    "T2",
    (CrewMember("driver", "Ronald Basso"), CrewMember("codriver", "Julien Menard")),
    "Team Land Cruiser Toyota Auto Body",
    "Toyota Land Cruiser 300 GR Sport",
)
OPEN_FROM_STAGE = 12
#: On the stage being keyed when the demo opens, this share of the synthetic field is still to time.
STILL_TO_KEY = 0.25
SYNTHETIC_TEAM = "Synthetic field"
_GIVEN = (
    "Ana",
    "Luca",
    "Jonas",
    "Marta",
    "Pierre",
    "Sofia",
    "Tariq",
    "Elena",
    "Hugo",
    "Nina",
    "Omar",
    "Rita",
)
_FAMILY = (
    "Alvarez",
    "Bernard",
    "Castro",
    "Dubois",
    "Eriksen",
    "Garnier",
    "Haddad",
    "Jansen",
    "Lambert",
    "Moreau",
    "Novak",
    "Okafor",
    "Petit",
    "Rossi",
    "Santos",
    "Weber",
)
_NATS = ("FRA", "ESP", "ITA", "NED", "POR", "KSA", "ARG", "CHI", "POL", "CZE")


DEMO_KINDS = ("groups", "stages", "entries", "times", "adjustments")


def demo_files() -> list[Path]:
    """The sourced demo tables, as real files (the importers read paths), in import order."""
    return [resource_file("demo", "dakar2026-cars", f"{k}.csv") for k in DEMO_KINDS]


#: The 2026 Dakar ran in Saudi Arabia: its sheets print Riyadh time.
DEMO_TIMEZONE = "Asia/Riyadh"
DEMO_NAME = "Dakar 2026 (demo: real cars top crews, synthetic field)"


def write_demo(out: Path | str | None = None) -> Path | str:
    """Write a fresh demo event and return its path (or the URL given).

    Nothing existing is ever deleted or replaced (a desk may have it open): ``out`` must be a new
    file, or an empty database (``postgresql://`` URL). Without it, the demo is the one in the
    user data folder: the demo written there before (with what was keyed in it since) when it
    is there, else a new one under the first free name, so that every ``rallydesk demo`` does
    not leave one more file behind.
    """
    if out is not None:
        path = out if is_server_location(out) else Path(out)
        event = Event.create(
            path, DEMO_NAME, timezone=DEMO_TIMEZONE
        )  # refuses an existing file, whatever it is
    else:
        path, n = data_dir() / "dakar2026-demo.rallydesk", 1
        while True:
            if _is_demo(path):
                return path
            try:
                event = Event.create(path, DEMO_NAME, timezone=DEMO_TIMEZONE)
                break
            except RallyDeskError:
                if not os.path.lexists(path) or n > 999:
                    raise
                n += 1
                path = data_dir() / f"dakar2026-demo-{n}.rallydesk"
    with event:
        event.import_files(demo_files())
        event.put_entry(UNSOURCED_STOCK)
        _add_synthetic(event)
    return path


def _is_demo(path: Path) -> bool:
    """A complete demo event written by :func:`write_demo` (named so, with its crews); a file
    of another kind, or a demo cut short, is left alone and the next free name is used."""
    if not path.is_file():
        return False
    try:
        with Event.open(path, readonly=True) as event:
            return event.data.settings.name == DEMO_NAME and bool(event.data.entries)
    except (RallyDeskError, OSError):
        return False


def _add_synthetic(event: Event, seed: int = 2026) -> None:
    rnd = random.Random(seed)
    data = event.data
    # the published stage winners' times set the pace of the synthetic field
    best: dict[int, int] = {}
    for t in data.times:
        if t.status == "OK" and t.elapsed_ms is not None:
            best[t.stage] = min(best.get(t.stage, t.elapsed_ms), t.elapsed_ms)
    store = event.store
    with event.batch():
        store.put_group(Group("BIKE", "Bikes (synthetic)", "category"))
        store.put_group(Group("RGP", "Rally GP", "class", "BIKE"))
        store.put_group(Group("R2", "Rally 2", "class", "BIKE"))
        entries: list[tuple[Entry, float]] = []
        plan = [
            ("T1", range(260, 298), 2, 0.09, 0.6),
            ("T2", range(505, 520), 2, 0.14, 0.6),
            ("RGP", range(1, 16), 1, 0.0, 0.15),
            ("R2", range(16, 48), 1, 0.1, 0.5),
        ]
        for cls, numbers, seats, lo, hi in plan:
            for number in numbers:
                crew = tuple(
                    CrewMember(
                        role,
                        f"{rnd.choice(_GIVEN)} {rnd.choice(_FAMILY)} (synthetic)",
                        rnd.choice(_NATS),
                    )
                    for role in ("driver", "codriver")[:seats]
                )
                vehicle = "Synthetic bike" if cls in ("RGP", "R2") else "Synthetic car"
                e = Entry(number, cls, crew, SYNTHETIC_TEAM, vehicle)
                store.put_entry(e, "demo: synthetic field")
                entries.append((e, lo + rnd.random() * (hi - lo)))
        for stage in sorted(best):
            if stage >= OPEN_FROM_STAGE:
                continue
            for e, slowness in entries:
                roll = rnd.random()
                if stage == OPEN_FROM_STAGE - 1 and rnd.random() < STILL_TO_KEY:
                    continue
                if roll < 0.01 and stage > 0:
                    store.put_time(
                        StageTime(
                            stage,
                            e.number,
                            "DNF",
                            nominal_ms=best[stage] * 2,
                            reason="stuck in the dunes",
                        ),
                        "demo: synthetic field",
                    )
                    continue
                factor = (
                    1
                    + slowness
                    + abs(rnd.gauss(0, 0.03))
                    + (0.05 if e.class_code in ("RGP", "R2") else 0)
                )
                precision = 100 if stage == 0 else 1000
                elapsed = int(best[stage] * factor) // precision * precision
                store.put_time(
                    StageTime(stage, e.number, "OK", elapsed_ms=elapsed), "demo: synthetic field"
                )
