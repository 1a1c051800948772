"""Each page of the board by its path, built from the open event (served and exported alike)."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, unquote

from ..domain.errors import RallyDeskError
from ..services import Event
from . import pages, source
from .words import word

STATIC = {"board.css": "text/css; charset=utf-8", "board.js": "text/javascript; charset=utf-8"}
HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes


def static_file(name: str) -> bytes:
    return resources.files("rallydesk").joinpath("resources", "board", name).read_bytes()


def not_found(what: str) -> Reply:
    return Reply(404, "text/plain; charset=utf-8", f"not found: {what}\n".encode())


class Site:
    """The pages of one open event; ``changed_at`` and ``version`` are the feed's."""

    def __init__(self, event: Event, live: bool = True) -> None:
        self.event = event
        self.live = live
        self.changed_at = ""
        self.version = 0

    # ------------------------------------------------------------------ pages
    def paths(self) -> list[str]:
        """Every page and PDF (what an export writes)."""
        data = self.event.data
        out = ["index.html", "penalties.html", "publications.html"]
        out += [u.page for u in source.units(data)]
        out += [p["pdf"] for p in source.publications(self.event)]
        return out

    def get(self, path: str, query: str = "") -> Reply:
        name = unquote(path.lstrip("/")) or "index.html"
        if name.startswith("static/") and name[7:] in STATIC:
            return Reply(200, STATIC[name[7:]], static_file(name[7:]))
        if name == "api/standings":
            return self._standings(parse_qs(query))
        if name == "api/version":
            seen = {"version": self.version, "changed_at": self.changed_at}
            return Reply(200, JSON, json.dumps(seen).encode())
        if name.startswith("pdf/"):
            return self._pdf(name)
        if name == "index.html":
            return self._html(word("Classifications", self.language), self._index_body())
        if name == "penalties.html":
            body = pages.penalties_body(source.penalties(self.event), self.language)
            return self._html(word("Penalties and decisions", self.language), body)
        if name == "publications.html":
            body = pages.publications_body(source.publications(self.event), self.language)
            return self._html(word("Published versions", self.language), body)
        for u in source.units(self.event.data):
            if u.page == name:
                t = source.table(self.event, u)
                body = pages.classification_body(t, self.language)
                return self._html(t.title, body, t.status, t.state)
        return not_found(name)

    @property
    def language(self) -> str:
        return self.event.data.settings.language

    def _cycle(self) -> list[str]:
        """The TV cycle: the latest stage's classifications and overalls of each category."""
        units = source.units(self.event.data)
        if not units:
            return []
        latest = units[0].stage
        return [u.page for u in units if u.stage == latest and u.group == u.category]

    def _html(self, heading: str, body: str, status: str = "", state: str = "live") -> Reply:
        text = pages.page(
            event_name=self.event.data.settings.name,
            language=self.language,
            heading=heading,
            status=status or word("LIVE board", self.language),
            state=state,
            changed_at=word("Last change", self.language, at=self.changed_at or "–"),
            version=self.version,
            body=body,
            cycle=self._cycle(),
            live=self.live,
        )
        return Reply(200, HTML, text.encode("utf-8"))

    def _index_body(self) -> str:
        data = self.event.data
        units = source.units(data)
        titles = {u: source.title(data, u, self.language) for u in units}
        names = {s.number: s.name for s in data.stages}
        return pages.index_body(units, titles, names, self.language)

    def _standings(self, query: dict[str, list[str]]) -> Reply:
        def one(key: str) -> str | None:
            values = query.get(key)
            return values[0] if values else None

        try:
            stage = int(one("stage") or "")
        except ValueError:
            return _bad("stage: expected a stage number, as in ?stage=3")
        overall = (one("overall") or "0").lower() in ("1", "true", "yes")
        try:
            c = self.event.classification(stage, overall, one("group"), one("category"))
        except (RallyDeskError, KeyError) as exc:
            return _bad(str(exc))
        return Reply(200, JSON, json.dumps(c.to_json(), ensure_ascii=False, indent=1).encode())

    def _pdf(self, name: str) -> Reply:
        for p in source.publications(self.event):
            if p["pdf"] == name:
                with tempfile.TemporaryDirectory() as tmp:
                    out = Path(tmp) / "version.pdf"
                    self.event.export_version(out, p["stage"], p["category"], p["version"])
                    return Reply(200, "application/pdf", out.read_bytes())
        return not_found(name)


def _bad(message: str) -> Reply:
    return Reply(400, JSON, json.dumps({"error": message}, ensure_ascii=False).encode())
