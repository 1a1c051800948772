"""Where an event is: a file, or a database on a PostgreSQL server, said explicitly.

An :class:`EventLocation` answers what the desk asks of an event's place (its ``name`` for a
window title, a ``title`` to name exports after, the ``folder`` to propose them in, ``str`` for
messages), and never pretends a server address is a path. The password of a server URL is never
part of it: only :func:`parse` sees it, and hands it back apart, to connect with.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from ..domain.secrets import redact
from .errors import StoreError

#: What an event on a server is addressed by (libpq's URL forms).
URL_SCHEMES = ("postgresql://", "postgres://")
URL_FORM = "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"


@dataclass(frozen=True)
class ServerAddress:
    """An event's database on a server as logs, anchors and windows show it: the URL without
    its password, and its parts."""

    url: str  # without the password
    host: str
    port: int
    dbname: str

    def __str__(self) -> str:
        return self.url

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class EventLocation:
    """A file path or a server address (exactly one of them)."""

    file: Path | None = None
    address: ServerAddress | None = None

    def __post_init__(self) -> None:
        if (self.file is None) == (self.address is None):
            raise ValueError("an event location is a file or a server address, not both or none")

    @classmethod
    def of_file(cls, path: str | Path) -> EventLocation:
        return cls(file=Path(path))

    @property
    def on_server(self) -> bool:
        return self.address is not None

    @property
    def shown(self) -> Path | ServerAddress:
        """The file, or the address without the password (what ``Event.path`` answers)."""
        return self.file if self.file is not None else self.address  # type: ignore[return-value]

    @property
    def name(self) -> str:
        """For a window title: the file's name, or the event's database name."""
        if self.file is not None:
            return self.file.name
        assert self.address is not None
        return self.address.dbname

    @property
    def title(self) -> str:
        """What exports are named after: the file's name without its suffix, or the database's."""
        if self.file is not None:
            return self.file.stem
        assert self.address is not None
        return self.address.dbname

    @property
    def folder(self) -> Path:
        """Where to propose exports: the file's folder; an event on a server has none, so the
        user's home."""
        return self.file.parent if self.file is not None else Path.home()

    def same_as(self, other: str | Path | None) -> bool:
        """The same event as the path (or URL) ``other`` (a file compared resolved)."""
        if other is None:
            return False
        if self.file is not None:
            return not is_url(other) and Path(other).resolve() == self.file.resolve()
        return is_url(other) and parse(str(other))[0].address == self.address

    def __str__(self) -> str:
        return str(self.shown)


def is_url(location: object) -> bool:
    """True for a server address (``postgresql://…``, a :class:`ServerAddress`, or a server
    :class:`EventLocation`); a file path is anything else."""
    if isinstance(location, ServerAddress):
        return True
    if isinstance(location, EventLocation):
        return location.on_server
    return isinstance(location, str) and location.strip().lower().startswith(URL_SCHEMES)


def parse(url: str) -> tuple[EventLocation, str]:
    """(the location shown, the URL to connect with); a malformed URL is one clear refusal."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port or 5432
    except ValueError as exc:
        raise StoreError(
            f"{without_password(text)}: not a server address ({exc}); expected {URL_FORM}"
        ) from None
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname or "/" in dbname:
        raise StoreError(
            f"{without_password(text)}: name the event's database; expected {URL_FORM}"
        )
    host = parts.hostname or "localhost"
    netloc = host if ":" not in host else f"[{host}]"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    if parts.port:
        netloc += f":{parts.port}"
    shown = urlunsplit(("postgresql", netloc, parts.path, "", ""))
    return EventLocation(address=ServerAddress(shown, host, port, dbname)), text


def without_password(text: str) -> str:
    """``text`` without any password (the one redaction, :func:`domain.secrets.redact`)."""
    return redact(text)
