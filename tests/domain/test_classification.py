"""One hand-made case per sentence of docs/rules.md §1–§5 (the sentence is quoted above each test)."""

from __future__ import annotations

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
from rallydesk.domain.times import parse_duration as d

GROUPS = (
    Group("CAR", "Cars"),
    Group("T1", "Ultimate", "class", "CAR"),
    Group("T2", "Stock", "class", "CAR"),
    Group("W2RC", "W2RC", "cup", "CAR"),
    Group("BIKE", "Bikes"),
    Group("RGP", "Rally GP", "class", "BIKE"),
)


class E:
    """A terse builder: E().stage(1).entry(201).time(1, 201, "3:00:00").build()."""

    def __init__(self, tie_break: str = "last-stage") -> None:
        self.tie_break = tie_break
        self.stages: list[Stage] = []
        self.entries: list[Entry] = []
        self.times: list[StageTime] = []
        self.adjs: list[Adjustment] = []

    def stage(self, n: int, **kw) -> E:
        self.stages.append(Stage(n, f"S{n}", **kw))
        return self

    def entry(self, *numbers: int, cls: str = "T1", cups: frozenset[str] = frozenset()) -> E:
        self.entries.extend(Entry(n, cls, cups=cups) for n in numbers)
        return self

    def time(self, s: int, n: int, text: str) -> E:
        self.times.append(StageTime(s, n, "OK", d(text)))
        return self

    def status(
        self, s: int, n: int, status: str, nominal: str | None = None, reason: str | None = None
    ) -> E:
        self.times.append(
            StageTime(s, n, status, nominal_ms=d(nominal) if nominal else None, reason=reason)
        )
        return self

    def adj(self, s: int, n: int, ms: int, applies_to: str = "stage") -> E:
        self.adjs.append(
            Adjustment(len(self.adjs) + 1, s, n, ms, "penalty" if ms > 0 else "bonus", applies_to)
        )
        return self

    def build(self) -> EventData:
        return EventData(
            Settings("t", tie_break=self.tie_break),
            tuple(self.stages),
            GROUPS,
            tuple(self.entries),
            tuple(self.times),
            tuple(self.adjs),
        )


def rows(ev: EventData, s: int, overall: bool = False, group: str = "CAR") -> list[tuple]:
    return [(r.position, r.number, r.time_ms) for r in classify(ev, s, overall, group).rows]


def nc(ev: EventData, s: int, overall: bool = False, group: str = "CAR") -> list[tuple]:
    return [(n.number, n.status, n.stage) for n in classify(ev, s, overall, group).not_classified]


# §1 "A time measured finer than the stage precision is truncated towards zero to it."
def test_truncation_to_stage_precision():
    ev = (
        E()
        .stage(1)
        .stage(2, precision_ms=100)
        .entry(1)
        .time(1, 1, "3:07:49.96")
        .time(2, 1, "10:48.79")
        .build()
    )
    assert rows(ev, 1) == [(1, 1, d("3:07:49"))]
    assert rows(ev, 2) == [(1, 1, d("10:48.7"))]


# §1 "A stage time may exceed 24 hours."
def test_more_than_a_day():
    ev = E().stage(1).entry(1).time(1, 1, "48:56:53").build()
    assert rows(ev, 1) == [(1, 1, d("48:56:53"))]


# §3 "The raw time is computed at full resolution first, then truncated ... Adjustments are not truncated."
def test_adjustments_not_truncated():
    ev = E().stage(1).entry(1).time(1, 1, "3:00:00.9").adj(1, 1, 450).build()
    assert rows(ev, 1) == [(1, 1, d("3:00:00") + 450)]


# §3 "Stage time = raw time + Σ stage-applied adjustments. It never goes below zero."
def test_stage_time_never_below_zero():
    ev = (
        E()
        .stage(1)
        .entry(1, 2)
        .time(1, 1, "0:00:30")
        .time(1, 2, "0:01:00")
        .adj(1, 1, -60_000)
        .build()
    )
    assert rows(ev, 1) == [(1, 1, 0), (2, 2, 60_000)]
    assert classify(ev, 1, False, "CAR").rows[0].penalty_ms == -60_000


# §3 DNS/DNF: "no stage time ... may be given a nominal time ... keyed ... or from the stage's rule"
def test_nominal_keyed_fixed_and_slowest_plus():
    ev = (
        E()
        .stage(1, nominal=NominalRule("fixed", d("10:00:00")))
        .stage(2, nominal=NominalRule("slowest+", d("1:00:00")))
        .stage(3)
        .entry(1, 2, 3)
        .time(1, 1, "3:00:00")
        .time(1, 2, "3:10:00")
        .status(1, 3, "DNF")
        .time(2, 1, "2:00:00")
        .time(2, 2, "2:30:00")
        .status(2, 3, "DNS")
        .adj(2, 2, 60_000)
        .time(3, 1, "1:00:00")
        .time(3, 2, "1:00:00")
        .status(3, 3, "DNF", nominal="4:00:00")
        .adj(3, 3, 10_000)
        .build()
    )
    overall = classify(ev, 3, True, "CAR")
    by = {r.number: r for r in overall.rows}
    # fixed 10 h + slowest on stage 2 (2:31:00 incl. its penalty) + 1 h + keyed 4 h + its 10 s penalty
    assert by[3].time_ms == d("10:00:00") + d("3:31:00") + d("4:00:10")
    assert by[3].nominal and not by[1].nominal
    # "it never appears in the stage classification"
    assert 3 not in [r.number for r in classify(ev, 2, False, "CAR").rows]
    assert nc(ev, 2) == [(3, "DNS", 2)]


# §3 "none (default)": a DNF without a nominal time is not classified overall
# §1: "A keyed nominal time is cut the same way" (issue 24, item 5: "58h 51' 49''578 N")
def test_keyed_nominal_cut_to_the_stage_precision():
    ev = (
        E()
        .stage(1)
        .stage(2, precision_ms=100)
        .entry(1, 2)
        .time(1, 1, "3:00:00")
        .status(1, 2, "DNF", nominal="3:30:00.578")
        .time(2, 1, "1:00:00")
        .status(2, 2, "DNS", nominal="1:10:00.578")
        .build()
    )
    assert rows(ev, 1, True) == [(1, 1, d("3:00:00")), (2, 2, d("3:30:00"))]
    assert rows(ev, 2, True)[1] == (2, 2, d("3:30:00") + d("1:10:00.5"))


def test_dnf_without_nominal_not_classified():
    ev = (
        E().stage(1).entry(1, 2).time(1, 1, "3:00:00").status(1, 2, "DNF", reason="gearbox").build()
    )
    assert rows(ev, 1, True) == [(1, 1, d("3:00:00"))]
    assert classify(ev, 1, True, "CAR").not_classified[0].reason == "gearbox"


# §3 RET: "leaves this stage's classification and every later one, and appears in the list of retirements"
# §3 DSQ: "like RET, listed as disqualified"
def test_ret_and_dsq_leave_every_later_classification():
    ev = (
        E()
        .stage(1)
        .stage(2)
        .stage(3)
        .entry(1, 2, 3)
        .time(1, 1, "1:00:00")
        .time(1, 2, "1:00:01")
        .time(1, 3, "1:00:02")
        .status(2, 2, "RET", reason="engine")
        .time(3, 2, "1:00:00")
        .time(2, 1, "1:00:00")
        .time(2, 3, "1:00:00")
        .status(3, 3, "DSQ", reason="stewards")
        .time(3, 1, "1:00:00")
        .build()
    )
    assert [n for _, n, _ in rows(ev, 3)] == [1]  # 2 keyed a time after retiring: still out
    assert nc(ev, 3) == [(2, "RET", 2), (3, "DSQ", 3)]
    assert nc(ev, 3, True) == [(2, "RET", 2), (3, "DSQ", 3)]
    assert [n for _, n, _ in rows(ev, 1, True)] == [1, 2, 3]  # before retiring they were ranked


# §3 EXP: "Times may still be recorded; the entry is never ranked from this stage on and is listed apart."
def test_exp_out_of_competition():
    ev = (
        E()
        .stage(1)
        .stage(2)
        .entry(1, 2)
        .time(1, 1, "1:00:00")
        .time(1, 2, "0:59:00")
        .status(2, 2, "EXP")
    )
    ev = ev.time(2, 1, "1:00:00").build()
    assert rows(ev, 1) == [(1, 2, d("0:59:00")), (2, 1, d("1:00:00"))]
    assert rows(ev, 2, True) == [(1, 1, d("2:00:00"))] and nc(ev, 2, True) == [(2, "EXP", 2)]


# §2 "A stage can be cancelled for a category: it then does not exist for that category's classifications."
def test_cancelled_stage():
    ev = (
        E()
        .stage(1)
        .stage(2, cancelled_for=frozenset({"CAR"}))
        .entry(1)
        .entry(9, cls="RGP")
        .time(1, 1, "1:00:00")
        .time(1, 9, "1:00:00")
        .time(2, 9, "1:00:00")
        .build()
    )
    assert classify(ev, 2, False, "CAR").cancelled and rows(ev, 2) == []
    assert rows(ev, 2, True) == [(1, 1, d("1:00:00"))]  # no time on 2 needed
    assert rows(ev, 2, True, "BIKE") == [(1, 9, d("2:00:00"))]


# §2 "Categories are never ranked together"; "a class or cup classification is the category
# classification filtered to the group's members and renumbered, and each row keeps its category position"
def test_class_and_cup_renumbered_with_category_position():
    ev = (
        E()
        .stage(1)
        .entry(201, 202, 203)
        .entry(500, 501, cls="T2", cups=frozenset({"W2RC"}))
        .entry(7, cls="RGP")
        .time(1, 7, "0:50:00")
        .time(1, 201, "3:00:00")
        .time(1, 202, "3:01:00")
        .time(1, 500, "3:02:00")
        .time(1, 203, "3:03:00")
        .time(1, 501, "3:03:00")
        .build()
    )
    t2 = classify(ev, 1, False, "T2")
    assert [(r.position, r.number, r.category_position) for r in t2.rows] == [
        (1, 500, 3),
        (2, 501, 4),
    ]
    assert t2.rows[1].gap_ms == 60_000 and t2.rows[1].diff_ms == 60_000
    assert [r.number for r in classify(ev, 1, False, "CAR").rows] == [
        201,
        202,
        500,
        203,
        501,
    ]  # no bike
    cup = classify(ev, 1, False, "W2RC")
    assert [(r.position, r.number) for r in cup.rows] == [(1, 500), (2, 501)]


# §4 "Equal stage times share the position and the next position skips: 1, 2, 2, 4.
# Among equals, display order is by race number." "Gap ... Diff (0 on a shared position and on row 1)"
def test_shared_positions_gap_and_diff():
    ev = (
        E()
        .stage(1)
        .entry(1, 2, 3, 4)
        .time(1, 4, "1:00:00")
        .time(1, 3, "1:00:05")
        .time(1, 2, "1:00:05")
        .time(1, 1, "1:00:09")
        .build()
    )
    c = classify(ev, 1, False, "CAR")
    assert [(r.position, r.number) for r in c.rows] == [(1, 4), (2, 2), (2, 3), (4, 1)]
    assert [(r.gap_ms, r.diff_ms) for r in c.rows] == [
        (0, 0),
        (5000, 5000),
        (5000, 0),
        (9000, 4000),
    ]


# §5 "Counting stages: stages numbered ≤ S, with counts = yes, not cancelled for C."
# §2 "A prologue does not count by default"
def test_prologue_does_not_count():
    ev = (
        E()
        .stage(0, kind="prologue", counts=False, precision_ms=100)
        .stage(1)
        .entry(1, 2)
        .time(0, 1, "0:10:00")
        .time(0, 2, "0:20:00")
        .time(1, 1, "1:00:00")
        .time(1, 2, "1:00:00")
        .build()
    )
    c = classify(ev, 1, True, "CAR")
    assert c.counting_stages == (1,)
    assert [(r.position, r.number) for r in c.rows] == [(1, 1), (1, 2)]
    assert classify(ev, 0, True, "CAR").rows == ()  # nothing counts yet


# §5 "Total = Σ ... + Σ overall-applied adjustments attributed to stages ≤ S";
# §3 applies_to overall "changes only the overall totals from that stage on, not the stage classification"
def test_overall_applied_adjustment():
    ev = (
        E()
        .stage(1)
        .stage(2)
        .entry(1, 2)
        .time(1, 1, "1:00:00")
        .time(1, 2, "1:00:30")
        .time(2, 1, "1:00:00")
        .time(2, 2, "1:00:00")
        .adj(2, 1, 60_000, "overall")
        .build()
    )
    assert rows(ev, 2) == [(1, 1, d("1:00:00")), (1, 2, d("1:00:00"))]  # stage untouched
    assert rows(ev, 1, True) == [(1, 1, d("1:00:00")), (2, 2, d("1:00:30"))]  # not before its stage
    assert rows(ev, 2, True) == [(1, 2, d("2:00:30")), (2, 1, d("2:01:00"))]
    assert classify(ev, 2, True, "CAR").rows[1].penalty_ms == 60_000


# §5 "An adjustment decided later but attributed to an earlier stage changes every classification
# from that stage on, at once."
def test_late_adjustment_on_an_earlier_stage():
    base = (
        E()
        .stage(1)
        .stage(2)
        .stage(3)
        .entry(1, 2)
        .time(1, 1, "1:00:00")
        .time(1, 2, "1:00:10")
        .time(2, 1, "1:00:00")
        .time(2, 2, "1:00:00")
        .time(3, 1, "1:00:00")
        .time(3, 2, "1:00:00")
    )
    ev = base.adj(1, 1, 20_000).build()
    assert rows(ev, 1)[0][1] == 2
    for s in (1, 2, 3):
        assert rows(ev, s, True)[0][1] == 2


# §5 tie-break last-stage — the Dakar 2026 bike case: two riders level on 16h 45' 40'' after stage 4,
# decided on the latest stage. The stage times below are constructed; the total and the rule are real.
def test_dakar_2026_bikes_countback_on_latest_stage():
    def bikes(tie_break: str) -> EventData:
        e = E(tie_break).entry(11, 12, cls="RGP")
        for s in (1, 2, 3, 4):
            e.stage(s)
        for s, a, b in (
            (1, "3:50:00", "3:48:00"),
            (2, "4:20:10", "4:19:30"),
            (3, "4:05:30", "4:04:40"),
            (4, "4:30:00", "4:33:30"),
        ):
            e.time(s, 11, a).time(s, 12, b)
        return e.build()

    ev = bikes("last-stage")
    c = classify(ev, 4, True, "BIKE")
    assert [r.time_ms for r in c.rows] == [d("16h 45' 40''")] * 2
    assert [(r.position, r.number) for r in c.rows] == [(1, 11), (2, 12)]  # faster on stage 4
    assert c.rows[1].gap_ms == 0 and c.rows[1].diff_ms == 0
    assert [
        (r.position, r.number) for r in classify(bikes("first-stage"), 4, True, "BIKE").rows
    ] == [(1, 12), (2, 11)]
    assert [(r.position, r.number) for r in classify(bikes("shared"), 4, True, "BIKE").rows] == [
        (1, 11),
        (1, 12),
    ]


# §5 "Countback compares each stage's time as counted in the total ... Entries still equal after
# countback share the position"
def test_countback_uses_counted_times_and_may_still_share():
    ev = (
        E()
        .stage(1, nominal=NominalRule("fixed", d("2:00:00")))
        .stage(2)
        .entry(1, 2, 3)
        .status(1, 1, "DNF")
        .time(1, 2, "2:00:00")
        .time(1, 3, "1:59:50")
        .adj(1, 3, 10_000)
        .time(2, 1, "1:00:00")
        .time(2, 2, "1:00:00")
        .time(2, 3, "1:00:00")
        .build()
    )
    assert [(r.position, r.number) for r in classify(ev, 2, True, "CAR").rows] == [
        (1, 1),
        (1, 2),
        (1, 3),
    ]


# §5 "Change = position ... after the previous counting stage − the position now (positive = gained
# places); blank when there was no previous position."
def test_change():
    ev = (
        E()
        .stage(1)
        .stage(2)
        .stage(3, counts=False)
        .entry(1, 2, 3)
        .entry(8, cls="T2")
        .time(1, 1, "1:00:00")
        .time(1, 2, "1:00:10")
        .time(1, 3, "1:00:20")
        .time(2, 1, "1:00:30")
        .time(2, 2, "1:00:00")
        .time(2, 3, "1:00:00")
        .time(2, 8, "0:50:00")
        .status(1, 8, "DNS", nominal="1:00:30")
        .build()
    )
    c = classify(ev, 2, True, "CAR")
    assert [(r.number, r.change) for r in c.rows] == [(8, 3), (2, 0), (3, 0), (1, -3)]
    assert [r.change for r in classify(ev, 1, True, "CAR").rows] == [None, None, None, None]
    t2 = classify(ev, 2, True, "T2")
    assert [(r.number, r.change) for r in t2.rows] == [(8, 0)]  # within its own class
