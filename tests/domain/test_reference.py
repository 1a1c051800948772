"""The engine against a deliberately naive reference written here, straight from docs/rules.md §3–§5.

The reference shares nothing with the engine but the data classes and ``truncate``: positions
are "1 + how many are strictly better", countback compares whole lists, everything is
recomputed from scratch. Random events are drawn rich in ties.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rallydesk.domain.classification import classify
from rallydesk.domain.model import (
    Adjustment,
    Entry,
    EventData,
    Group,
    NominalRule,
    Settings,
    Stage,
    StageTime,
)
from rallydesk.domain.times import truncate

OUT = ("RET", "DSQ", "EXP")
GROUPS = (
    Group("CAR", "Cars"),
    Group("T1", "T1", "class", "CAR"),
    Group("T2", "T2", "class", "CAR"),
    Group("CUP", "Cup", "cup", "CAR"),
    Group("BIKE", "Bikes"),
    Group("R1", "R1", "class", "BIKE"),
)


# ----------------------------------------------------------------------------- the reference


def category(ev: EventData, e: Entry) -> str:
    return "BIKE" if e.class_code == "R1" else "CAR"


def rec(ev: EventData, s: int, n: int) -> StageTime | None:
    found = [t for t in ev.times if t.stage == s and t.number == n]
    return found[0] if found else None


def stage_adj(ev: EventData, s: int, n: int) -> int:
    return sum(
        a.amount_ms
        for a in ev.adjustments
        if a.stage == s and a.number == n and a.applies_to == "stage"
    )


def stage_time(ev: EventData, stage: Stage, n: int) -> int | None:
    r = rec(ev, stage.number, n)
    if r is None or r.status != "OK" or r.elapsed_ms is None:
        return None
    return max(0, truncate(r.elapsed_ms, stage.precision_ms) + stage_adj(ev, stage.number, n))


def out_by(ev: EventData, n: int, s: int) -> StageTime | None:
    outs = sorted(
        (t for t in ev.times if t.number == n and t.status in OUT and t.stage <= s),
        key=lambda t: t.stage,
    )
    return outs[0] if outs else None


def ref_stage(ev: EventData, s: int, cat: str) -> list[tuple[int, int, int]]:
    """(position, number, time) rows of the stage classification (§4)."""
    this = next(x for x in ev.stages if x.number == s)
    if cat in this.cancelled_for:
        return []
    timed = []
    for e in ev.entries:
        if category(ev, e) != cat or out_by(ev, e.number, s) is not None:
            continue
        t = stage_time(ev, this, e.number)
        if t is not None:
            timed.append((e.number, t))
    rows = [(1 + sum(1 for _, o in timed if o < t), n, t) for n, t in timed]
    return sorted(rows, key=lambda r: (r[0], r[1]))


def nominal(ev: EventData, stage: Stage, cat: str, r: StageTime) -> int | None:
    if r.status not in ("DNS", "DNF"):
        return None
    if r.nominal_ms is not None:
        return truncate(r.nominal_ms, stage.precision_ms)
    if stage.nominal.kind == "fixed":
        return stage.nominal.amount_ms
    if stage.nominal.kind == "slowest+":
        rows = ref_stage(ev, stage.number, cat)
        return max(t for _, _, t in rows) + stage.nominal.amount_ms if rows else None
    return None


def ref_overall_entries(ev: EventData, s: int, cat: str) -> tuple[dict[int, tuple], set[tuple]]:
    counting = [
        x
        for x in sorted(ev.stages, key=lambda x: x.number)
        if x.number <= s and x.counts and cat not in x.cancelled_for
    ]
    classified: dict[int, tuple] = {}
    nc: set[tuple] = set()
    for e in ev.entries:
        if category(ev, e) != cat:
            continue
        o = out_by(ev, e.number, s)
        if o is not None:
            nc.add((e.number, o.status, o.stage))
            continue
        per, penalty, is_nominal, missing = [], 0, False, None
        for cs in counting:
            t = stage_time(ev, cs, e.number)
            if t is None:
                r = rec(ev, cs.number, e.number)
                base = nominal(ev, cs, cat, r) if r is not None else None
                if base is None:
                    missing = (e.number, r.status if r is not None else "NT", cs.number)
                    break
                t = max(0, base + stage_adj(ev, cs.number, e.number))
                is_nominal = True
            per.append(t)
            penalty += stage_adj(ev, cs.number, e.number)
        if missing:
            nc.add(missing)
            continue
        extra = sum(
            a.amount_ms
            for a in ev.adjustments
            if a.number == e.number and a.applies_to == "overall" and a.stage <= s
        )
        tb = ev.settings.tie_break
        countback = (
            list(reversed(per)) if tb == "last-stage" else per if tb == "first-stage" else []
        )
        classified[e.number] = (sum(per) + extra, countback, penalty + extra, is_nominal)
    return classified, nc


def better(a: tuple, b: tuple) -> bool:
    return a[0] < b[0] or (a[0] == b[0] and a[1] < b[1])


def ref_overall(
    ev: EventData, s: int, cat: str, members: set[int] | None
) -> tuple[list[dict], set[tuple]]:
    if not any(x.number <= s and x.counts and cat not in x.cancelled_for for x in ev.stages):
        return [], set()
    entries, nc = ref_overall_entries(ev, s, cat)
    cat_pos = {n: 1 + sum(1 for o in entries.values() if better(o, v)) for n, v in entries.items()}
    chosen = {n: v for n, v in entries.items() if members is None or n in members}
    pos = {n: 1 + sum(1 for m in chosen if cat_pos[m] < cat_pos[n]) for n in chosen}
    counting = [
        x.number for x in ev.stages if x.number < s and x.counts and cat not in x.cancelled_for
    ]
    before = None
    if counting:
        prev_entries, _ = ref_overall_entries(ev, max(counting), cat)
        prev_cat = {
            n: 1 + sum(1 for o in prev_entries.values() if better(o, v))
            for n, v in prev_entries.items()
        }
        prev_chosen = [n for n in prev_entries if members is None or n in members]
        before = {
            n: 1 + sum(1 for m in prev_chosen if prev_cat[m] < prev_cat[n]) for n in prev_chosen
        }
    order = sorted(chosen, key=lambda n: (pos[n], n))
    rows = []
    for i, n in enumerate(order):
        total = chosen[n][0]
        lead = chosen[order[0]][0]
        above = chosen[order[i - 1]][0] if i else total
        rows.append(
            {
                "position": pos[n],
                "number": n,
                "time_ms": total,
                "penalty_ms": chosen[n][2],
                "gap_ms": total - lead,
                "diff_ms": 0 if i == 0 or pos[n] == pos[order[i - 1]] else total - above,
                "category_position": cat_pos[n],
                "nominal": chosen[n][3],
                "change": (before[n] - pos[n]) if before is not None and n in before else None,
            }
        )
    return rows, {x for x in nc if members is None or x[0] in members}


def ref_stage_rows(ev: EventData, s: int, cat: str, members: set[int] | None) -> list[dict]:
    rows = ref_stage(ev, s, cat)
    kept = [r for r in rows if members is None or r[1] in members]
    out = []
    for i, (cpos, n, t) in enumerate(kept):
        pos = 1 + sum(1 for c, _, _ in kept if c < cpos)
        out.append(
            {
                "position": pos,
                "number": n,
                "time_ms": t,
                "penalty_ms": stage_adj(ev, s, n),
                "gap_ms": t - kept[0][2],
                "diff_ms": 0 if i == 0 or pos == out[-1]["position"] else t - kept[i - 1][2],
                "category_position": cpos,
                "nominal": False,
            }
        )
    return out


def ref_stage_nc(ev: EventData, s: int, cat: str, members: set[int] | None) -> set[tuple]:
    this = next(x for x in ev.stages if x.number == s)
    if cat in this.cancelled_for:
        return set()
    nc = set()
    for e in ev.entries:
        if category(ev, e) != cat or (members is not None and e.number not in members):
            continue
        o = out_by(ev, e.number, s)
        if o is not None:
            nc.add((e.number, o.status, o.stage))
            continue
        r = rec(ev, s, e.number)
        if r is not None and r.status in ("DNS", "DNF"):
            nc.add((e.number, r.status, s))
    return nc


# ----------------------------------------------------------------------------- random events

FEW_TIMES = st.sampled_from([3_600_000, 3_601_000, 3_600_000, 3_601_000, 3_600_450, 3_599_999])


@st.composite
def events(draw) -> EventData:
    n_stages = draw(st.integers(2, 4))
    stages = []
    for s in range(n_stages):
        stages.append(
            Stage(
                s,
                f"S{s}",
                kind="prologue" if s == 0 else "stage",
                counts=draw(st.booleans())
                if s == 0
                else draw(st.sampled_from([True, True, True, False])),
                precision_ms=draw(st.sampled_from([1000, 100, 1])),
                cancelled_for=draw(
                    st.sampled_from(
                        [frozenset(), frozenset(), frozenset({"BIKE"}), frozenset({"CAR"})]
                    )
                ),
                nominal=draw(
                    st.sampled_from(
                        [
                            NominalRule(),
                            NominalRule("fixed", 7_200_000),
                            NominalRule("slowest+", 60_000),
                        ]
                    )
                ),
            )
        )
    numbers = list(range(1, draw(st.integers(2, 9)) + 1))
    entries = []
    for n in numbers:
        cls = draw(st.sampled_from(["T1", "T2", "R1"]))
        cups = frozenset({"CUP"}) if cls != "R1" and draw(st.booleans()) else frozenset()
        entries.append(Entry(n, cls, cups=cups))
    times = []
    for s in range(n_stages):
        for n in numbers:
            kind = draw(st.sampled_from(["OK"] * 14 + ["none", "DNF", "DNS", "RET", "DSQ", "EXP"]))
            if kind == "none":
                continue
            if kind == "OK":
                times.append(StageTime(s, n, "OK", draw(FEW_TIMES)))
            else:
                nom = draw(st.sampled_from([None, 7_000_000])) if kind in ("DNS", "DNF") else None
                times.append(StageTime(s, n, kind, nominal_ms=nom, reason="r"))
    adjustments = []
    for i in range(draw(st.integers(0, 4))):
        adjustments.append(
            Adjustment(
                i + 1,
                draw(st.integers(0, n_stages - 1)),
                draw(st.sampled_from(numbers)),
                draw(st.sampled_from([1000, 450, -1000, 60_000, -4_000_000])),
                "penalty",
                draw(st.sampled_from(["stage", "stage", "overall"])),
            )
        )
    tie_break = draw(st.sampled_from(["last-stage", "first-stage", "shared"]))
    return EventData(
        Settings("random", tie_break=tie_break),
        tuple(stages),
        GROUPS,
        tuple(entries),
        tuple(times),
        tuple(adjustments),
    )


def members_of(ev: EventData, group: str) -> set[int] | None:
    if group in ("CAR", "BIKE"):
        return None
    if group == "CUP":
        return {e.number for e in ev.entries if "CUP" in e.cups}
    return {e.number for e in ev.entries if e.class_code == group}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ev=events())
def test_engine_equals_naive_reference(ev: EventData):
    for s in (x.number for x in ev.stages):
        for group, cat in (
            ("CAR", "CAR"),
            ("T1", "CAR"),
            ("T2", "CAR"),
            ("CUP", "CAR"),
            ("BIKE", "BIKE"),
            ("R1", "BIKE"),
        ):
            members = members_of(ev, group)
            got = classify(ev, s, False, group).to_json()
            assert got["rows"] == ref_stage_rows(ev, s, cat, members), (s, group, "stage")
            assert {
                (n["number"], n["status"], n["stage"]) for n in got["not_classified"]
            } == ref_stage_nc(ev, s, cat, members)
            got = classify(ev, s, True, group).to_json()
            rows, nc = ref_overall(ev, s, cat, members)
            assert got["rows"] == rows, (s, group, "overall")
            assert {(n["number"], n["status"], n["stage"]) for n in got["not_classified"]} == nc
