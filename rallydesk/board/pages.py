"""The board's HTML, in one template module: every text goes through :func:`esc`.

Pages link their style and script relatively (``static/board.css``), so the same files work
served and exported. No inline script (the server's Content-Security-Policy forbids it): what
the script needs (the data version, the TV cycle) is in ``data-`` attributes, escaped too.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from .source import NUMERIC, SECONDARY, Table, Unit
from .words import word


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def _lang(language: str) -> str:
    return "fr" if language == "fr" else "en"


def page(
    *,
    event_name: str,
    language: str,
    heading: str,
    status: str,
    state: str,
    changed_at: str,
    version: int,
    body: str,
    cycle: list[str],
    live: bool,
) -> str:
    back = word("Back", language)
    tv = word("TV", language)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(_lang(language))}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(heading)} · {esc(event_name)}</title>"
        '<link rel="stylesheet" href="static/board.css">'
        '<script src="static/board.js" defer></script></head>'
        f'<body data-version="{version}" data-live="{1 if live else 0}" '
        f'data-cycle="{esc(json.dumps(cycle))}">'
        f'<header id="top"><div class="event">{esc(event_name)}</div>'
        f'<div class="state state-{esc(state)}" id="state">{esc(status)}</div>'
        f'<div class="changed" id="changed">{esc(changed_at)}</div></header>'
        f'<nav><a href="index.html">{esc(back)}</a> '
        f'<a href="penalties.html">{esc(word("Penalties and decisions", language))}</a> '
        f'<a href="publications.html">{esc(word("Published versions", language))}</a> '
        f'<a class="tvlink" href="{esc(cycle[0] if cycle else "index.html")}?tv=1">{esc(tv)}</a>'
        "</nav>"
        f'<main id="main"><h1>{esc(heading)}</h1>{body}</main></body></html>\n'
    )


def classification_body(t: Table, language: str) -> str:
    if t.cancelled:
        return f'<p class="note">{esc(word("cancelled", language))}</p>'
    head = "".join(
        f'<th class="{_classes(k)}" scope="col">{esc(h)}</th>'
        for k, h in zip(t.columns, t.header, strict=True)
    )
    rows = "".join(
        f'<tr data-number="{n}">'
        + "".join(
            f'<td class="{_classes(k)}">{esc(v)}</td>' for k, v in zip(t.columns, r, strict=True)
        )
        + "</tr>"
        for n, r in zip(t.numbers, t.rows, strict=True)
    )
    out = [
        f'<table class="classification"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    ]
    if not t.rows:
        out.append(f'<p class="note">{esc(word("no one classified", language))}</p>')
    if t.not_classified:
        out.append(f"<h2>{esc(word('Not classified', language))}</h2>")
        out.append('<table class="not-classified"><tbody>')
        out += [
            f'<tr><td class="num">{esc(n)}</td><td>{esc(crew)}</td><td>{esc(status)}</td>'
            f"<td>{esc(where)}</td></tr>"
            for n, crew, status, where in t.not_classified
        ]
        out.append("</tbody></table>")
    return "".join(out)


def _classes(key: str) -> str:
    names = ["col-" + key.lower().replace(" ", "").replace(".", "")]
    if key in NUMERIC:
        names.append("num")
    if key in SECONDARY:
        names.append("minor")
    return " ".join(names)


def index_body(
    units: list[Unit], titles: dict[Unit, str], stage_names: dict[int, str], language: str
) -> str:
    if not units:
        return f'<p class="note">{esc(word("no stages", language))}</p>'
    out = []
    current: int | None = None
    for u in units:
        if u.stage != current:
            if current is not None:
                out.append("</ul></section>")
            current = u.stage
            name = stage_names.get(u.stage, "")
            label = word("stage n", language, n=u.stage) + (f" – {name}" if name else "")
            out.append(f'<section class="stage"><h2>{esc(label)}</h2><ul class="units">')
        out.append(f'<li><a href="{esc(u.page)}">{esc(titles[u])}</a></li>')
    out.append("</ul></section>")
    return "".join(out)


PENALTY_COLUMNS = (
    "Stage",
    "Number",
    "Crew",
    "Amount",
    "Kind",
    "Applies to",
    "Reason",
    "Article",
    "Decision",
    "Decided",
)


def penalties_body(rows: list[list[str]], language: str) -> str:
    if not rows:
        return f'<p class="note">{esc(word("no penalties", language))}</p>'
    minor = {"Kind", "Applies to", "Article", "Decided"}
    head = "".join(
        f'<th class="{"minor" if k in minor else ""}">{esc(word(k, language))}</th>'
        for k in PENALTY_COLUMNS
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"minor" if k in minor else ""}">{esc(v)}</td>'
            for k, v in zip(PENALTY_COLUMNS, r, strict=True)
        )
        + "</tr>"
        for r in rows
    )
    return f'<table class="penalties"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def publications_body(rows: list[dict[str, Any]], language: str) -> str:
    if not rows:
        return f'<p class="note">{esc(word("no publication", language))}</p>'
    keys = ("Stage", "Category", "Version", "Published", "Official", "Document", "Reason", "PDF")
    head = "".join(f"<th>{esc(word(k, language))}</th>" for k in keys)
    body = []
    for p in rows:
        status = word(p["status"], language)
        body.append(
            f"<tr><td>{esc(p['stage'])}</td><td>{esc(p['category'])}</td>"
            f'<td><span class="state state-{esc(p["status"])}">{esc(status)} v{esc(p["version"])}'
            f"</span></td><td>{esc(p['published_at'])}</td><td>{esc(p['official'])}</td>"
            f"<td>{esc(p['document_no'])}</td><td>{esc(p['reason'])}</td>"
            f'<td><a href="{esc(p["pdf"])}">PDF</a></td></tr>'
        )
    return (
        f'<table class="publications"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )
