"""A desk connects to an event on a server (File > Connect to server…): host, port, event, role
and password make the event's URL; the password is kept by the operating system's credential
store (``credentials.py``), the URL the desk remembers carries none; a refusal says which part
was wrong (the password, the address, the event, the server's certificate).
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from ..domain.errors import RallyDeskError
from ..domain.secrets import redact
from ..server import DEFAULT_PORT, LOGIN_ROLES
from ..store.errors import StoreUnavailable
from ..store.location import URL_FORM, is_url
from ..store.pg import login_role
from ..store.pg_roles import role_login
from . import credentials
from .event import Event

log = logging.getLogger(__name__)

#: The roles a desk connects as, the desks' first (``server add-event`` prints one URL each).
CONNECT_ROLES = LOGIN_ROLES
#: What libpq is told when the desk is handed the server's certificate authority.
VERIFY_FULL = "verify-full"
#: Where the authorities handed to this desk are kept (in the user's data folder).
AUTHORITIES = "servers"


@dataclass(frozen=True)
class ServerLogin:
    """What the Connect dialog asks: enough to make the event's URL."""

    host: str
    port: int = DEFAULT_PORT
    event: str = ""
    role: str = CONNECT_ROLES[0]
    password: str = ""
    #: the server's certificate authority (a .crt/.pem file): the URL then checks the server
    authority: str | None = None
    #: a login that is none of the event's roles (a database made by hand: its own user)
    user: str | None = None
    #: libpq's sslmode when the URL named one without an authority (``require``, say)
    sslmode: str | None = None

    @property
    def login(self) -> str:
        """The PostgreSQL login: ``EVENT.ROLE``, the event's own name for its owner."""
        if self.user:
            return self.user
        return self.event if self.role == "owner" else role_login(self.event, self.role)

    @property
    def server_key(self) -> str:
        """``HOST:PORT/EVENT``: what the kept password and the authority's copy are named by."""
        return f"{self.host}:{self.port}/{self.event}"

    def url(self, with_password: bool = True) -> str:
        """The event's URL (libpq's form), with the password or (to show, to remember) without."""
        user = quote(self.login, safe="")
        if with_password and self.password:
            user += ":" + quote(self.password, safe="")
        host = f"[{self.host}]" if ":" in self.host else self.host
        query: dict[str, str] = {}
        if self.authority:
            query = {"sslmode": self.sslmode or VERIFY_FULL, "sslrootcert": self.authority}
        elif self.sslmode:
            query = {"sslmode": self.sslmode}
        tail = "?" + urlencode(query, safe="/:\\") if query else ""
        return f"postgresql://{user}@{host}:{self.port}/{quote(self.event, safe='')}{tail}"

    def check(self) -> ServerLogin:
        """Itself, once each field has a usable value; else one message naming the field."""
        host = self.host.strip()
        if not host or any(c in host for c in " /@?#"):
            raise ConnectRefused(
                "host",
                f"host {self.host!r}: expected the server's name or address, e.g. 192.168.1.10",
            )
        if not 1 <= self.port <= 65535:
            raise ConnectRefused("port", f"port {self.port}: expected 1 to 65535, e.g. 5432")
        event = self.event.strip()
        if not event or any(c in event for c in " /@?#"):
            raise ConnectRefused(
                "event",
                f"event {self.event!r}: expected the event's name on the server (its database), "
                "as 'rallydesk server add-event' printed it, e.g. dakar-2026",
            )
        if not self.user and self.role not in CONNECT_ROLES:
            raise ConnectRefused(
                "role", f"role {self.role!r}: expected one of {', '.join(CONNECT_ROLES)}"
            )
        return replace(self, host=host, event=event)


class ConnectRefused(RallyDeskError):
    """The connection failed; ``field`` says what to look at again: ``password``, ``host``
    (unreachable, or this computer not let in), ``event``, ``authority``, ``port``, ``role``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def from_url(text: str) -> ServerLogin:
    """The fields of a pasted URL (as ``server add-event`` prints them); its password included."""
    text = text.strip()
    if not is_url(text):
        raise ConnectRefused(
            "host", f"{redact(text)[:80]!r}: not a server URL; expected {URL_FORM}"
        )
    try:
        parts = urlsplit(text)
        port = parts.port or DEFAULT_PORT
    except ValueError as exc:
        raise ConnectRefused(
            "host", f"{redact(text)}: not a server URL ({exc}); expected {URL_FORM}"
        ) from None
    event = unquote(parts.path.lstrip("/"))
    user = unquote(parts.username or "")
    if not parts.hostname or not event or not user:
        raise ConnectRefused(
            "host",
            f"{redact(text)}: a server URL names its user, host and event; expected {URL_FORM}",
        )
    role = login_role(user, event)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    return ServerLogin(
        host=parts.hostname,
        port=port,
        event=event,
        role=role if role in CONNECT_ROLES else CONNECT_ROLES[0],
        password=unquote(parts.password or ""),
        authority=query.get("sslrootcert"),
        user=None if role in CONNECT_ROLES else user,
        sslmode=query.get("sslmode") if query.get("sslmode") != VERIFY_FULL else None,
    )


def recent_form(url: str) -> str:
    """The URL as Recent keeps it: no password (its query, the authority, stays)."""
    return redact(url.strip())


def keep_authority(path: str | Path, host: str, port: int) -> Path:
    """A copy of the server's certificate authority in this user's data folder
    (``servers/HOST-PORT-ca.crt``), so the URL keeps working when the USB stick it came on is
    gone; a file that is no PEM certificate is refused, naming it."""
    from ..paths import data_dir, private_folder

    source = Path(path).expanduser()
    try:
        text = source.read_text(encoding="ascii", errors="replace")
    except OSError as exc:
        raise ConnectRefused(
            "authority", f"{source}: cannot be read ({exc.strerror}); expected the server's ca.crt"
        ) from None
    if "-----BEGIN CERTIFICATE-----" not in text:
        raise ConnectRefused(
            "authority",
            f"{source}: not a certificate (no '-----BEGIN CERTIFICATE-----' line); expected the "
            "server's certificate authority, a .crt or .pem file",
        )
    folder = private_folder(data_dir() / AUTHORITIES)
    safe = "".join(c if c.isalnum() or c in "-._" else "_" for c in host)
    target = folder / f"{safe}-{port}-ca.crt"
    if source.resolve() != target.resolve():
        shutil.copyfile(source, target)
    return target


def refusal(exc: RallyDeskError, login: ServerLogin) -> ConnectRefused:
    """What a failed open means to the official: which field to look at again."""
    text = str(exc)
    low = text.lower()
    if isinstance(exc, ConnectRefused):
        return exc
    if "password authentication failed" in low or "no password supplied" in low:
        return ConnectRefused(
            "password",
            f"{login.host}:{login.port} refused the password of {login.login} (or has no event "
            f"{login.event!r}): check the password and the event's name",
        )
    if ("does not exist" in low and "database" in low) or "no event in it" in low:
        return ConnectRefused("event", f"{login.host}:{login.port} has no event {login.event!r}")
    if "certificate" in low or "ssl" in low or "sslrootcert" in low:
        return ConnectRefused("authority", text)
    if "no pg_hba.conf entry" in low:
        return ConnectRefused(
            "host",
            f"{login.host}:{login.port} does not let this computer in (its address is outside the "
            "network the server was set up for: 'rallydesk server init --listen ADDR/PREFIX')",
        )
    if isinstance(exc, StoreUnavailable):  # unreachable (with no replica to open offline)
        return ConnectRefused("host", text)
    return ConnectRefused("", text)


@dataclass
class Connected:
    """An event opened from the Connect dialog, and what became of its password."""

    event: Event
    #: the URL Recent keeps (no password)
    recent: str
    #: why the password was not kept (no credential store), or None
    not_kept: str | None = None


def connect(login: ServerLogin, remember: bool = True, readonly: bool = False) -> Connected:
    """Open the event the fields name; keep the password in the credential store (``remember``)
    or forget one kept before. A failure is a :class:`ConnectRefused` and nothing is kept."""
    login = login.check()
    if login.authority and not login.authority.startswith(str(_authorities())):
        login = replace(
            login, authority=str(keep_authority(login.authority, login.host, login.port))
        )
    try:
        event = Event.open(login.url(), readonly=readonly)
    except RallyDeskError as exc:
        raise refusal(exc, login) from None
    not_kept = None
    if remember and login.password:
        try:
            credentials.remember(login.server_key, login.login, login.password)
        except credentials.NoCredentialStore as exc:
            not_kept = str(exc)
    else:  # not to be kept: one kept before is forgotten too
        credentials.forget(login.server_key, login.login)
        if login.password and not credentials.available():
            not_kept = credentials.NO_STORE
    log.info("connected to %s", login.url(with_password=False))
    return Connected(event, recent_form(login.url()), not_kept)


def _authorities() -> Path:
    from ..paths import data_dir

    return data_dir() / AUTHORITIES


def with_kept_password(url: str) -> str:
    """A server URL with the password the credential store keeps for it (as it is when it has
    one of its own, or none is kept)."""
    try:
        login = from_url(url)
    except ConnectRefused:
        return url
    if login.password:
        return url
    kept = credentials.recall(login.server_key, login.login)
    return url if not kept else _with_password(url, kept)


def _with_password(url: str, password: str) -> str:
    scheme, rest = url.split("://", 1)
    user, at, tail = rest.partition("@")
    return f"{scheme}://{user}:{quote(password, safe='')}@{tail}" if at else url
