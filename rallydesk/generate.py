"""``rallydesk generate``: a synthetic Dakar-like event, deterministic for a seed.

Used for demos, tests and benchmarks.  Everyone in it is made up; the event name says so.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from .domain.model import (
    Adjustment,
    CrewMember,
    Entry,
    Group,
    NominalRule,
    Settings,
    Stage,
    StageTime,
)
from .store.eventstore import EventStore

GROUPS = (
    Group("CAR", "Cars", "category"),
    Group("T1", "Ultimate (T1+)", "class", "CAR"),
    Group("T2", "Stock", "class", "CAR"),
    Group("BIKE", "Bikes", "category"),
    Group("RGP", "Rally GP", "class", "BIKE"),
    Group("R2", "Rally 2", "class", "BIKE"),
    Group("TRUCK", "Trucks", "category"),
    Group("T5", "Trucks (T5)", "class", "TRUCK"),
    Group("W2RC", "World Rally-Raid Championship (cars)", "cup", "CAR"),
    Group("OBM", "Original by Motul", "cup", "BIKE"),
)
# class, share of the field, average speed on specials (km/h), spread of ability
CLASSES = (
    ("RGP", 0.12, 88, 0.05),
    ("R2", 0.28, 78, 0.12),
    ("T1", 0.22, 90, 0.06),
    ("T2", 0.16, 76, 0.10),
    ("T5", 0.22, 72, 0.12),
)
GIVEN = (
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
    "Sven",
    "Yuki",
    "Diego",
    "Lena",
    "Pablo",
    "Ines",
    "Karim",
    "Eva",
    "Marco",
    "Zoe",
)
FAMILY = (
    "Alvarez",
    "Bernard",
    "Castro",
    "Dubois",
    "Eriksen",
    "Ferreira",
    "Garnier",
    "Haddad",
    "Ivanov",
    "Jansen",
    "Kowalski",
    "Lambert",
    "Moreau",
    "Novak",
    "Okafor",
    "Petit",
    "Quiroga",
    "Rossi",
    "Santos",
    "Tanaka",
    "Urbano",
    "Vidal",
    "Weber",
    "Xavier",
    "Yilmaz",
    "Zimmer",
)
NATS = (
    "FRA",
    "ESP",
    "ITA",
    "GER",
    "NED",
    "BEL",
    "POR",
    "KSA",
    "QAT",
    "USA",
    "ARG",
    "CHI",
    "RSA",
    "AUS",
    "JPN",
    "POL",
    "CZE",
    "LTU",
    "SWE",
    "BRA",
)
VEHICLES = {
    "RGP": "Rally GP 450",
    "R2": "Rally 2 450",
    "T1": "T1+ Prototype",
    "T2": "Stock SUV",
    "T5": "T5 Truck",
}
NAMES = (
    "Yanbu – Yanbu",
    "Yanbu – AlUla",
    "AlUla – AlUla",
    "AlUla – Refuge",
    "Refuge – Ha'il",
    "Ha'il – Riyadh",
    "Riyadh – Wadi ad-Dawasir",
    "Wadi ad-Dawasir loop",
    "Wadi – Refuge",
    "Refuge – Bisha",
    "Bisha – Al Henakiyah",
    "Al Henakiyah – Yanbu",
    "Yanbu – Yanbu",
)


def build(
    entries: int, stages: int, seed: int
) -> tuple[
    Settings, tuple[Group, ...], list[Stage], list[Entry], list[StageTime], list[Adjustment]
]:
    rnd = random.Random(seed)
    first = date(2027, 1, 2)
    stage_list = [
        Stage(0, "Prologue (synthetic)", first.isoformat(), "prologue", 22.0, 70.0, False, 100)
    ]
    for n in range(1, stages):
        kind = "marathon" if n in (4, 5) else "stage"
        rule = (
            NominalRule("slowest+", 3_600_000) if n % 3 == 0 else NominalRule("fixed", 36_000_000)
        )
        cancelled = frozenset({"TRUCK"}) if stages > 8 and n == 7 else frozenset()
        stage_list.append(
            Stage(
                n,
                NAMES[(n - 1) % len(NAMES)],
                (first + timedelta(days=n)).isoformat(),
                kind,
                float(rnd.randrange(120, 480)),
                float(rnd.randrange(40, 600)),
                True,
                1000,
                cancelled,
                rule,
            )
        )
    entry_list: list[Entry] = []
    ability: dict[int, float] = {}
    number_base = {"RGP": 1, "R2": 1, "T1": 200, "T2": 200, "T5": 500}
    counts = {c: max(1, round(share * entries)) for c, share, _, _ in CLASSES}
    while sum(counts.values()) > entries:
        counts[max(counts, key=lambda c: counts[c])] -= 1
    while sum(counts.values()) < entries:
        counts["R2"] += 1
    next_number: dict[str, int] = {}
    block = 0
    for cat_classes in (("RGP", "R2"), ("T1", "T2"), ("T5",)):
        start = max(number_base[cat_classes[0]], block + 1)
        for c in cat_classes:
            next_number[c] = start
            start += counts[c]
        block = ((start + 99) // 100) * 100
    for cls, _share, _speed, spread in CLASSES:
        for _ in range(counts[cls]):
            number = next_number[cls]
            next_number[cls] += 1
            seats = 1 if cls in ("RGP", "R2") else (3 if cls == "T5" else 2)
            roles = ("driver", "codriver", "navigator")[:seats]
            crew = tuple(
                CrewMember(r, f"{rnd.choice(GIVEN)} {rnd.choice(FAMILY)}", rnd.choice(NATS))
                for r in roles
            )
            cups: frozenset[str] = frozenset()
            if cls == "T1" and rnd.random() < 0.5:
                cups = frozenset({"W2RC"})
            if cls == "R2" and rnd.random() < 0.2:
                cups = frozenset({"OBM"})
            entry_list.append(
                Entry(
                    number, cls, crew, f"Synthetic Team {rnd.randrange(1, 60)}", VEHICLES[cls], cups
                )
            )
            ability[number] = rnd.random() * spread
    speed = {c: s for c, _, s, _ in CLASSES}
    times: list[StageTime] = []
    adjustments: list[Adjustment] = []
    out: set[int] = set()
    adj_id = 0
    for st in stage_list:
        for e in entry_list:
            if e.number in out:
                continue
            base_ms = int((st.special_km or 0.0) * 3_600_000 / speed[e.class_code])
            if st.number > 0:
                roll = rnd.random()
                if roll < 0.004:
                    out.add(e.number)
                    times.append(
                        StageTime(
                            st.number,
                            e.number,
                            rnd.choice(("RET", "RET", "DSQ", "EXP")),
                            reason=rnd.choice(("engine", "crash", "gearbox", "out of time")),
                        )
                    )
                    continue
                if roll < 0.012:
                    nominal = None if rnd.random() < 0.5 else base_ms * 2
                    times.append(
                        StageTime(
                            st.number,
                            e.number,
                            "DNF",
                            nominal_ms=nominal,
                            reason=rnd.choice(("navigation", "stuck in dunes", "mechanical")),
                        )
                    )
                    continue
            noise = rnd.gauss(0, 0.02)
            factor = 1 + ability[e.number] + abs(noise)
            elapsed = int(base_ms * factor)
            # whole seconds on most stages so that ties happen as they do in real results
            elapsed = (
                elapsed
                - elapsed % (100 if st.precision_ms == 100 else 1000)
                + rnd.randrange(0, 1000, 100)
            )
            times.append(StageTime(st.number, e.number, "OK", elapsed_ms=elapsed))
            if st.number > 0 and rnd.random() < 0.03:
                adj_id += 1
                amount = rnd.choice((10_000, 20_000, 60_000, 120_000, 300_000, 900_000))
                applies = "overall" if rnd.random() < 0.1 else "stage"
                adjustments.append(
                    Adjustment(
                        adj_id,
                        st.number,
                        e.number,
                        amount,
                        "penalty",
                        applies,
                        rnd.choice(("speeding", "missed waypoint", "refuelling zone")),
                        f"{rnd.randrange(10, 40)}.{rnd.randrange(1, 9)}",
                    )
                )
            elif st.number > 0 and rnd.random() < 0.003:
                adj_id += 1
                adjustments.append(
                    Adjustment(
                        adj_id,
                        st.number,
                        e.number,
                        -rnd.choice((60_000, 300_000)),
                        "credit",
                        "stage",
                        "time credit for assistance to a competitor",
                        "22.4",
                    )
                )
    settings = Settings(
        name=f"Synthetic rally-raid (seed {seed})",
        starts_on=first.isoformat(),
        ends_on=(first + timedelta(days=stages)).isoformat(),
        timezone="Asia/Riyadh",
    )
    return settings, GROUPS, stage_list, entry_list, times, adjustments


def write_generated(path: Path | str, entries: int, stages: int, seed: int) -> None:
    """The synthetic event in a new file, or in an empty database given by its URL."""
    settings, groups, stage_list, entry_list, times, adjustments = build(entries, stages, seed)
    store = EventStore.create(path, settings)
    try:
        with store.batch():
            for g in groups:
                store.put_group(g, "generate")
            for s in stage_list:
                store.put_stage(s, "generate")
            for e in entry_list:
                store.put_entry(e, "generate")
            for t in times:
                store.put_time(t, t.reason or "generate")
            for a in adjustments:
                store.add_adjustment(a)
    finally:
        store.close()
