"""What a sheet prints of a stewards' interruption (RULES §8).

The rule, its decision and N or T on page 1 of the interrupted stage's sheets and of every
overall after it (``Sheet.notices``: both renderers already draw them), and below the stage's
table the crews whose time the decision made, each with what it did (a :class:`Block`).
"""

from __future__ import annotations

from collections.abc import Callable

from ..domain import times as T
from ..domain.classification import Classification, counting_stages, interruption_of
from ..domain.model import EventData
from ..domain.raid import read_reason, segment_ms
from ..domain.waypoints import FINISH, START, Interruption
from .sheet_model import CREW, NUMBER, TEXT, TIME, Block, BlockColumn, decision_text
from .sheet_text import say


def _in(language: str, words: Callable[[str], str]) -> str:
    """``words`` in the sheet's language; bilingual, English then French (as ``say`` joins)."""
    if language in ("en", "fr"):
        return words(language)
    en, fr = words("en"), words("fr")
    return en if en == fr else f"{en} / {fr}"


def _end(end: str, lang: str) -> str:
    return say(end, lang) if end in (START, FINISH) else f"WP{end}"


def interruption_text(data: EventData, cut: Interruption, language: str) -> str:
    """ "Stage 8 interrupted (floods), decision D13: stopped at 16:24:00, time given 2h 07' 21''"."""
    found = interruption_of(data, cut.stage, cut.category)
    computed = found.computed_ms if found is not None else None
    style = data.settings.time_style

    def words(lang: str) -> str:
        if cut.rule == "at-waypoint":
            w = next(
                (w for w in data.raid.of_stage(cut.stage) if w.number == cut.at_waypoint), None
            )
            km = f" (km {w.km:g})" if w is not None and w.km is not None else ""
            rule = say("at-waypoint", lang, w=f"WP{cut.at_waypoint}", km=km)
        elif cut.rule == "stopped-at":
            t = T.format_time_of_day(cut.stopped_at_ms or 0)
            rule = (
                say("stopped-at", lang, t=t, d=T.format_duration(computed, style))
                if computed is not None
                else say("stopped-at none", lang, t=t)
            )
        else:
            a, b = (_end(e, lang) for e in (cut.segment or (START, FINISH)))
            rule = (
                say("neutralised", lang, a=a, b=b, d=T.format_duration(computed, style))
                if computed is not None
                else say("neutralised none", lang, a=a, b=b)
            )
        return say(
            "interrupted",
            lang,
            n=cut.stage,
            reason=cut.reason,
            decision=decision_text(cut.decision, lang),
            rule=rule,
        )

    return _in(language, words)


def interruption_notices(data: EventData, c: Classification, language: str) -> list[str]:
    """The interruption lines of a sheet: the stage's own on a stage sheet; on the overall
    after S, every interruption of a counting stage up to S, in stage order."""
    if not data.raid.interruptions:
        return []
    if c.scope == "stage":
        stages = [c.stage]
    else:
        stages = [s.number for s in counting_stages(data, c.stage, c.category)]
    cuts = (data.raid.interruption(s, c.category) for s in stages)
    return [interruption_text(data, cut, language) for cut in cuts if cut is not None]


def interruption_block(
    data: EventData,
    c: Classification,
    language: str,
    crew: Callable[[int], tuple[str, ...]],
) -> Block | None:
    """Below an interrupted stage's table: each crew of the sheet whose time the decision made
    (given T, its segment counted N, made DNF at W, or listed for the stewards)."""
    cut = data.raid.interruption(c.stage, c.category) if c.scope == "stage" else None
    found = interruption_of(data, c.stage, c.category) if cut is not None else None
    if cut is None or found is None:
        return None
    on_sheet = {r.number for r in c.rows} | {n.number for n in c.not_classified}
    rows = []
    for n in sorted(on_sheet & (set(found.times) | set(found.for_stewards))):
        given = found.times.get(n)
        keyed = data.time_of(c.stage, n)
        if n in found.for_stewards:
            kept = keyed.elapsed_ms if keyed is not None else None
            rows.append((n, crew(n), _effect(data, cut, n, "for stewards", language), kept))
        elif given is None:
            continue
        elif cut.rule in ("stopped-at", "neutralised"):
            key = "given T" if cut.rule == "stopped-at" else "given N"
            rows.append((n, crew(n), _effect(data, cut, n, key, language), given.elapsed_ms))
        elif given.status == "DNF" and keyed is not None and keyed.status == "OK":
            rows.append((n, crew(n), _effect(data, cut, n, "DNF at", language), None))
        # a crew classified at W: the page-1 line says how
    if not rows:
        return None
    columns = tuple(
        BlockColumn(k, say(k, language), kind, under, align)
        for k, kind, under, align in (
            ("No", NUMBER, "No", "center"),
            ("Crew", CREW, "Crew", "left"),
            ("Effect", TEXT, "Team", "left"),
            ("Time", TIME, "Time", "right"),
        )
    )
    return Block("interruption", say("Interruption", language), columns, tuple(rows))


def _effect(data: EventData, cut: Interruption, number: int, key: str, language: str) -> str:
    """What the decision did to one crew's time, in the sheet's language."""
    segment = cut.segment or (START, FINISH)

    def words(lang: str) -> str:
        a, b = (_end(e, lang) for e in segment)
        if key == "given T":
            return say(key, lang, t=T.format_time_of_day(cut.stopped_at_ms or 0))
        if key == "given N":
            seg = segment_ms(data, cut, number)
            own = T.format_duration(seg, data.settings.time_style) if seg is not None else "?"
            return say(key, lang, a=a, b=b, seg=own)
        if key == "DNF at":
            return say(key, lang, w=f"WP{cut.at_waypoint}")
        passed = data.raid.passages_of(cut.stage).get(number, {})
        missing = [_end(e, lang) for e in segment if e.isdigit() and int(e) not in passed]
        return say(key, lang, ends=", ".join(missing) or f"{a}–{b}")

    return _in(language, words)


def rules_reason(reason: str | None, language: str) -> str | None:
    """A reason the rules of RULES §8 made (a missed waypoint, no passage at the waypoint a stage
    is classified at, the time given when it is stopped) in the sheet's language; None for an
    official's own words, printed as keyed."""
    found = read_reason(reason)
    if found is None:
        return None

    def words(lang: str) -> str:
        if found.kind == "missed":
            km = f" (km {found.km:g})" if found.km is not None else ""
            return say("missed WP", lang, w=found.waypoint, km=km)
        decision = decision_text(found.decision or "", lang)
        if found.kind == "dnf-at":
            return say("no passage, classified at", lang, w=found.waypoint, decision=decision)
        at = T.format_time_of_day(found.time_ms or 0)
        return say("stopped, time given", lang, t=at, decision=decision)

    return _in(language, words)
