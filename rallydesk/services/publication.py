"""Publication: each unit (stage × category) goes live → PROVISIONAL vN → OFFICIAL vN, then
AMENDED vN+1 after a late change; every version keeps the document it printed."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..domain import times as T
from ..domain.checks import still_without_time
from ..domain.classification import classify
from ..domain.errors import RallyDeskError, UnaccountedCrews, UnknownReference, quoted
from ..domain.model import Entry
from ..domain.names import crew_label
from ..io.sheet_model import (
    AMENDED,
    Block,
    Document,
    build_document,
    decision_text,
    event_zone,
    local_stamp,
    stamp,
)
from ..io.sheet_text import say
from ..io.versions import (
    changes,
    content,
    document_digest,
    document_from_json,
    document_json,
    facts,
    stamped,
)
from . import files, reports, session
from .context import EventContext, official_name, official_role
from .notices import Published
from .results import CrewLine, Publication, PublishCheck, UnitState

log = logging.getLogger(__name__)


def published(ctx: EventContext) -> dict[tuple[int, str], dict[str, Any]]:
    """The latest version of every published unit (stage, category)."""
    if ctx.caches.published is None:
        latest: dict[tuple[int, str], dict[str, Any]] = {}
        for p in ctx.last_known("publications"):
            latest[(p["stage"], p["category"])] = p
        ctx.caches.published = latest
    return ctx.caches.published


def versions(
    ctx: EventContext, stage: int | None = None, category: str | None = None
) -> list[Publication]:
    """Every published version, oldest first: unit, number, status, time, official, document, digest."""
    return [Publication.from_row(p) for p in ctx.store.publications(stage, category)]


def category_code(ctx: EventContext, category: str | None) -> str:
    cats = [g.code for g in ctx.data.categories()]
    if category is None:
        if len(cats) == 1:
            return cats[0]
        raise RallyDeskError(
            f"name the category (--category): this event has {', '.join(cats) or 'none'}"
        )
    code = category.strip()
    match = next((c for c in cats if c.casefold() == code.casefold()), None)
    if match is None:
        raise UnknownReference(
            f"category {quoted(category)} does not exist (categories: {', '.join(cats) or 'none'})"
        )
    return match


def _version(ctx: EventContext, stage: int, category: str, version: int) -> dict[str, Any]:
    for p in ctx.store.publications(stage, category):
        if p["version"] == version:
            return p
    known = ", ".join(f"v{p['version']}" for p in ctx.store.publications(stage, category)) or "none"
    raise RallyDeskError(f"stage {stage} {category} has no version {version} (published: {known})")


def live_unit(ctx: EventContext, stage: int, category: str) -> Document:
    """The unit's sheets as the live data make them now (not stamped)."""
    return build_document(ctx.data, reports.state_digest(ctx), stage, category=category)


def version_document(ctx: EventContext, stage: int, category: str | None, version: int) -> Document:
    """The document a version printed, exactly (from its frozen JSON)."""
    p = _version(ctx, stage, category_code(ctx, category), version)
    return document_from_json(ctx.store.publication_document(p["id"]))


def unit_state(ctx: EventContext, stage: int, category: str) -> UnitState:
    """live / provisional / official / amended with the version, outdated when the live data
    no longer make the sheets posted, and the end of the protest window."""
    p = published(ctx).get((stage, category))
    name = ctx.data.stage(stage).name
    untimed = len(_untimed(ctx, stage, category))
    if p is None:
        return UnitState(
            stage, category, "live", None, False, None, None, stage_name=name, untimed=untimed
        )
    outdated = content(version_document(ctx, stage, category, p["version"])) != content(
        live_unit(ctx, stage, category)
    )
    return UnitState(
        stage,
        category,
        p["status"],
        p["version"],
        outdated,
        p["protest_until"],
        p["published_at"],
        p["official"],
        p["document_no"],
        stage_name=name,
        untimed=untimed,
    )


def units(ctx: EventContext) -> list[UnitState]:
    """Every publication unit (stage × category) with its state, for the desk."""
    out = []
    for st in ctx.data.stages:
        for cat in ctx.data.categories():
            try:
                out.append(unit_state(ctx, st.number, cat.code))
            except RallyDeskError as exc:  # its stored document was changed: say so, draw none
                p = published(ctx).get((st.number, cat.code))
                if p is None:
                    raise
                out.append(
                    UnitState(
                        st.number,
                        cat.code,
                        p["status"],
                        p["version"],
                        True,
                        p["protest_until"],
                        p["published_at"],
                        p["official"],
                        p["document_no"],
                        str(exc),
                        stage_name=st.name,
                        untimed=len(_untimed(ctx, st.number, cat.code)),
                    )
                )
    return out


def publish(
    ctx: EventContext,
    stage: int,
    category: str | None = None,
    as_: str = "provisional",
    confirm_early: bool = False,
    allow_untimed: bool = True,
) -> Publication:
    """Post the unit (stage × category) as PROVISIONAL or OFFICIAL; returns the new version.

    Making it official needs the clerk, a provisional version whose data have not moved since,
    and, before the protest window has run out, ``confirm_early``. With ``allow_untimed=False``
    (the command line's default) crews with neither a time nor a status refuse it, naming them
    (:func:`publish_check` says what would be posted)."""
    cat = category_code(ctx, category)
    latest = _may_publish(ctx, stage, cat, as_, confirm_early)
    if not allow_untimed:
        check = publish_check(ctx, stage, cat, as_)
        if check.unaccounted:
            raise UnaccountedCrews(unaccounted_text(check) + ": key them, or publish anyway")
    return _freeze(ctx, stage, cat, as_, None, latest)


def _may_publish(
    ctx: EventContext, stage: int, cat: str, as_: str, confirm_early: bool
) -> dict[str, Any] | None:
    """Refuse a publication that may not be made (the role, the state, the protest window);
    the unit's latest version otherwise."""
    _require_stage(ctx, stage)
    if as_ not in ("provisional", "official"):
        raise RallyDeskError(f"publish as {quoted(as_)}: accepted: provisional, official")
    session.check_role(ctx, f"publication.{as_}")
    latest = published(ctx).get((stage, cat))
    if latest and latest["status"] in ("official", "amended"):
        raise RallyDeskError(
            f"stage {stage} {cat} is already {latest['status']} (v{latest['version']}); "
            "a change is published with an amendment (rallydesk amend)"
        )
    if as_ == "official":
        if latest is None:
            raise RallyDeskError(
                f"stage {stage} {cat} has not been published provisional yet: "
                "publish it provisional first"
            )
        if content(version_document(ctx, stage, cat, latest["version"])) != content(
            live_unit(ctx, stage, cat)
        ):
            raise RallyDeskError(
                f"stage {stage} {cat}: the data changed since provisional v{latest['version']}: "
                f"publish provisional v{latest['version'] + 1} first"
            )
        until = latest["protest_until"]
        if until and ctx.clock() < datetime.fromisoformat(until) and not confirm_early:
            raise RallyDeskError(
                f"stage {stage} {cat}: the protest window runs until "
                f"{_local(ctx, datetime.fromisoformat(until))}; confirm to make it official "
                "before it ends"
            )
    return latest


def publish_check(
    ctx: EventContext,
    stage: int,
    category: str | None = None,
    as_: str = "provisional",
    confirm_early: bool = True,
) -> PublishCheck:
    """What publishing the unit would post, before it is posted: how many crews are timed,
    which have neither a time nor a status, which are not classified, and which were classified
    in the overall before this stage and are not any more (the official overall silently
    dropped a crew that was second the day before). Refuses, as :func:`publish` would, a
    publication that may not be made."""
    cat = category_code(ctx, category)
    _may_publish(ctx, stage, cat, as_, confirm_early)
    data = ctx.data

    def line(number: int, **more: Any) -> CrewLine:
        try:
            crew = crew_label(data.entry(number))
        except KeyError:
            crew = ""
        return CrewLine(number, crew, **more)

    on_stage = classify(data, stage, False, None, cat)
    overall = classify(data, stage, True, None, cat)
    earlier = [n for n in overall.counting_stages if n < stage]
    dropped: list[CrewLine] = []
    if earlier and stage in overall.counting_stages:
        now = {r.number for r in overall.rows}
        out = {n.number: n for n in overall.not_classified}
        for r in classify(data, earlier[-1], True, None, cat).rows:
            if r.number not in now:
                why = out.get(r.number)
                dropped.append(
                    line(
                        r.number,
                        status=why.status if why else "NT",
                        stage=why.stage if why else stage,
                        reason=why.reason if why else None,
                        previous_position=r.position,
                    )
                )
    latest = published(ctx).get((stage, cat))
    return PublishCheck(
        stage,
        data.stage(stage).name,
        cat,
        as_,
        (latest["version"] + 1) if latest else 1,
        len(on_stage.rows),
        tuple(line(e.number, status="NT", stage=stage) for e in _untimed(ctx, stage, cat)),
        tuple(
            line(n.number, status=n.status, stage=n.stage, reason=n.reason)
            for n in on_stage.not_classified
        ),
        tuple(dropped),
        earlier[-1] if earlier else None,
    )


def _untimed(ctx: EventContext, stage: int, category: str) -> list[Entry]:
    """The category's crews with neither a time nor a status on the stage (none when the stage
    is cancelled for the category: nobody is timed there)."""
    if category in ctx.data.stage(stage).cancelled_for:
        return []
    return still_without_time(ctx.data, stage, category)


def unaccounted_text(check: PublishCheck, first: int = 10) -> str:
    """The crews a publication would post without a word about them, named: the count and the
    first numbers without a time, and the crews the new overall no longer classifies."""
    bits = []
    if check.untimed:
        numbers = ", ".join(f"#{c.number}" for c in check.untimed[:first])
        more = f", … {len(check.untimed) - first} more" if len(check.untimed) > first else ""
        bits.append(
            f"{len(check.untimed)} crew(s) have neither a time nor a status ({numbers}{more})"
        )
    gone = [d for d in check.dropped if d.status == "NT"]
    if gone:
        names = ", ".join(
            f"#{d.number} {d.crew} (P{d.previous_position} after stage {check.previous_stage})"
            for d in gone[:first]
        )
        bits.append(f"the overall would no longer classify {names}")
    return f"stage {check.stage} {check.category}: " + "; ".join(bits)


def preview_document(
    ctx: EventContext, stage: int, category: str | None, as_: str = "provisional"
) -> Document:
    """The unit's sheets as publishing them now would print them, marked as a preview."""
    cat = category_code(ctx, category)
    data = ctx.data
    now = ctx.clock()
    latest = published(ctx).get((stage, cat))
    version = (latest["version"] + 1) if latest else 1
    at = stamp(now, data.settings.timezone)
    language = data.settings.language
    what = say(as_.upper(), language, n=version, at=at)
    return build_document(
        data,
        reports.state_digest(ctx),
        stage,
        category=cat,
        made=now,
        status=say("PREVIEW", language, what=what),
    )


def amend(ctx: EventContext, stage: int, category: str | None, reason: str) -> Publication:
    """Publish vN+1 of an official unit, marked AMENDED, after its data changed (clerk only)."""
    cat = category_code(ctx, category)
    session.check_role(ctx, "publication.amended")
    if not reason or not reason.strip():
        raise RallyDeskError("an amendment needs a reason (--reason)")
    latest = published(ctx).get((stage, cat))
    if latest is None or latest["status"] not in ("official", "amended"):
        state = f"only {latest['status']} (v{latest['version']})" if latest else "not published"
        raise RallyDeskError(
            f"stage {stage} {cat} is {state}: only an official unit is amended; publish it instead"
        )
    if content(version_document(ctx, stage, cat, latest["version"])) == content(
        live_unit(ctx, stage, cat)
    ):
        raise RallyDeskError(
            f"stage {stage} {cat}: nothing changed since v{latest['version']}; no amendment "
            "to publish"
        )
    return _freeze(ctx, stage, cat, "amended", reason.strip(), latest)


def _freeze(
    ctx: EventContext,
    stage: int,
    cat: str,
    status: str,
    reason: str | None,
    previous: dict[str, Any] | None,
) -> Publication:
    """Back up, anchor, then store the stamped document of the unit as its next version."""
    files.backup_now(ctx, "publication")
    reports.anchor(ctx, "publication")
    data = ctx.data
    now = ctx.clock()
    zone, _ = event_zone(data.settings.timezone)
    version = (previous["version"] + 1) if previous else 1
    language = data.settings.language
    at = stamp(now, data.settings.timezone)  # with its zone: "08/01/2026 18:42 +03"
    document = build_document(
        data,
        reports.state_digest(ctx),
        stage,
        category=cat,
        made=now,
        status=say(status.upper(), language, n=version, at=at),
    )
    extra = None
    if status == "amended" and previous is not None:
        extra = _amendment_blocks(ctx, stage, cat, previous["version"], document, version, reason)
    protest = None
    notices: tuple[str, ...] = ()
    if status == "provisional" and data.settings.protest_minutes:
        until = now + timedelta(minutes=data.settings.protest_minutes)
        protest = until.astimezone(UTC).isoformat()
        notices = (say("protest until", language, at=stamp(until, data.settings.timezone)),)
    document_no = ctx.store.next_document_no(data.settings.document_prefix)
    timekeepers = tuple(o.name for o in session.officials(ctx) if o.role == "timekeeper")
    document = stamped(
        document,
        document_no,
        official_name(ctx),
        extra,
        timekeepers=timekeepers,
        signer_label=_signer_label(official_role(ctx), language),
        notices=notices,
    )
    text = document_json(document)
    row = {
        "stage": stage,
        "category": cat,
        "version": version,
        "status": status,
        "published_at": now.astimezone(zone).isoformat(timespec="seconds"),
        "official": official_name(ctx),
        "document_no": document_no,
        "digest": document_digest(text),
        "reason": reason,
        "protest_until": protest,
    }
    pid = ctx.store.add_publication(row, text)
    ctx.commit(Published(stage, cat, version))
    log.info("published stage %s %s v%s %s (%s)", stage, cat, version, status, document_no)
    return Publication.from_row(
        next(p for p in ctx.store.publications(stage, cat) if p["id"] == pid)
    )


def _signer_label(role: str | None, language: str) -> str | None:
    """The signature line of the official who published: the clerk's, else their own role's."""
    if role in (None, "clerk"):
        return None
    return say("Results manager" if role == "results-manager" else "Timekeeper", language)


def _amendment_blocks(
    ctx: EventContext,
    stage: int,
    cat: str,
    previous: int,
    document: Document,
    version: int,
    reason: str | None,
) -> dict[str, Block]:
    """Per sheet, what the amendment changed for the crews of that sheet: their position on it
    (P1 → P3) and the decisions and results that caused it. A sheet none of whose crews changed
    gets no block (a class or cup the amended crew is not entered in), unless the stewards'
    decisions it prints changed (an interruption that moved nobody: its lines are the change)."""
    language = ctx.data.settings.language
    causes = {
        f["number"]: _describe_change(ctx, f, language) for f in diff(ctx, stage, cat, previous)
    }
    before = {s.name: s for s in version_document(ctx, stage, cat, previous).sheets}
    out = {}
    for sheet in document.sheets:
        now = _positions(sheet)
        was = _positions(before[sheet.name]) if sheet.name in before else {}
        crews = set(now) | {r[0] for b in sheet.blocks for r in b.rows} | set(sheet.missing)
        moved = {n for n in set(now) | set(was) if now.get(n) != was.get(n)}
        lines = []
        for number in sorted((set(causes) | moved) & (crews | set(was))):
            bits = []
            if number in moved:
                bits.append(f"P{was.get(number, '–')} → P{now.get(number, '–')}")
            if causes.get(number):
                bits.append(causes[number])
            lines.append(f"#{number} " + ", ".join(bits))
        decided = sheet.name in before and sheet.decisions != before[sheet.name].decisions
        if not lines and decided:
            lines = list(sheet.decisions)  # none left: the title's reason says it was undone
        if lines or decided:
            out[sheet.name] = Block(
                AMENDED,
                say("Amended", language, n=version, reason=reason),
                text="; ".join(lines),
            )
    return out


def _positions(sheet: Any) -> dict[int, int]:
    keys = [c.key for c in sheet.columns]
    pos, no = keys.index("Pos"), keys.index("No")
    return {row[no]: row[pos] for row in sheet.rows}


def _local(ctx: EventContext, moment: datetime) -> str:
    return moment.astimezone(event_zone(ctx.data.settings.timezone)[0]).strftime("%H:%M")


def _require_stage(ctx: EventContext, stage: int) -> None:
    if stage not in {s.number for s in ctx.data.stages}:
        known = ", ".join(str(s.number) for s in ctx.data.stages) or "none yet"
        raise UnknownReference(f"stage {stage} does not exist (stages: {known})")


def diff(
    ctx: EventContext,
    stage: int,
    category: str | None,
    from_version: int,
    to_version: int | None = None,
) -> list[dict[str, Any]]:
    """Entries whose position, time, penalty or status changed from one version to another
    (or to the live data), each with the journal rows that caused it."""
    cat = category_code(ctx, category)
    a = _version(ctx, stage, cat, from_version)
    before = facts(version_document(ctx, stage, cat, from_version), cat)
    if to_version is None:
        after, upto = facts(live_unit(ctx, stage, cat), cat), None
    else:
        b = _version(ctx, stage, cat, to_version)
        after, upto = facts(version_document(ctx, stage, cat, to_version), cat), b["journal_id"]
    found = changes(before, after)
    rows = ctx.store.journal_since(a["journal_id"], upto)
    for f in found:
        f["journal"] = [
            {
                k: r.get(k)
                for k in (
                    "id",
                    "at",
                    "official",
                    "desk",
                    "action",
                    "target",
                    "old",
                    "new",
                    "reason",
                )
            }
            for r in rows
            if r.get("number") == f["number"] and (r.get("stage") is None or r["stage"] <= stage)
        ]
    return found


def change_lines(ctx: EventContext, stage: int, found: list[dict[str, Any]]) -> list[str]:
    """What ``diff`` found, one line per entry, times in the event's style ("#202: stage position
    1 -> 3, stage time 3h 09' 12'' -> 3h 11' 12''"), for the desk and the command line."""
    style = ctx.data.settings.time_style
    precision = ctx.data.stage(stage).precision_ms

    def show(what: str, value: Any) -> str:
        if value is None:
            return "-"
        if isinstance(value, int) and what.split()[-1] in ("time", "penalty"):
            if value < 0:
                return T.format_gap(value, style, precision)
            return T.format_duration(value, style, precision)
        return str(value)

    return [
        f"#{f['number']}: "
        + ", ".join(
            f"{c['what']} {show(c['what'], c['old'])} -> {show(c['what'], c['new'])}"
            for c in f["changes"]
        )
        for f in found
    ]


def _describe_change(ctx: EventContext, change: dict[str, Any], language: str) -> str:
    """What caused one crew's change: "penalty + 00h 02' 00'', decision 14, 08/01/2026 18:42 +03"
    (the decision's reference said once, its time with date and zone)."""
    style = ctx.data.settings.time_style
    zone = ctx.data.settings.timezone
    bits = []
    for r in change.get("journal", []):
        new = json.loads(r["new"]) if r["new"] else None
        old = json.loads(r["old"]) if r["old"] else None
        when = local_stamp(r["at"], zone)
        if r["action"].startswith("adjustment.") and new:
            amount = T.format_adjustment(new["amount_ms"], style, 1000)
            what = f"{say(new['kind'], language)} {amount}"
            if r["action"] == "adjustment.revoke":
                what += f" {say('revoked', language)}"
            if new.get("decision"):
                decided = local_stamp(new.get("decided_at"), zone) or when
                what += f", {decision_text(new['decision'], language)}, {decided}"
            else:
                what += f", {when}"
            bits.append(what)
        elif r["action"].startswith("time.") and (new or old):
            t = new or old or {}
            if t.get("status", "OK") != "OK":
                bits.append(f"{say('status', language)} {t['status']}, {when}")
            elif t.get("elapsed_ms") is not None:
                bits.append(
                    f"{say('time', language)} {T.format_duration(t['elapsed_ms'], style, 1000)}, {when}"
                )
    return "; ".join(bits)


def export_version(
    ctx: EventContext, out: str | Path, stage: int, category: str | None, version: int
) -> Path:
    """Write a published version's sheets exactly as published (.xlsx or .pdf)."""
    out = reports.sheet_target(out)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise RallyDeskError(f"{out}: folder {folder} does not exist")
    return reports.write_document(version_document(ctx, stage, category, version), out)
