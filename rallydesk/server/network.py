"""Where a ``rallydesk server`` listens: this machine's interfaces, the LAN subnet allowed in
(``pg_hba.conf``), free ports, the folder it may use, and the settings file it writes."""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import re
import socket
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from ..domain.errors import RallyDeskError
from .programs import (
    CONNECTIONS_PER_DESK,
    DESK_GROUP,
    MAX_CONNECTIONS,
    RESERVED_CONNECTIONS,
    SUPERUSER,
    Account,
)
from .tls import TLS_SETTINGS


def _ip(text: str, what: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        raise RallyDeskError(
            f"{what} {text!r}: not an IP address; expected e.g. 192.168.1.10 or 192.168.1.10/24"
        ) from None


def local_interfaces() -> list[ipaddress.IPv4Interface | ipaddress.IPv6Interface]:
    """This machine's addresses with their subnets, as far as the system says (may be empty)."""
    try:
        if sys.platform.startswith("linux"):
            return _linux_interfaces()
        if sys.platform.startswith("win"):
            out = subprocess.run(
                [
                    "powershell",
                    "-NoProfile",
                    "-Command",
                    'Get-NetIPAddress | ForEach-Object { "$($_.IPAddress)/$($_.PrefixLength)" }',
                ],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            ).stdout
            return _parse_interfaces(out.split())
        out = subprocess.run(
            ["ifconfig"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
        return parse_ifconfig(out)
    except (OSError, subprocess.SubprocessError):
        return []


def _parse_interfaces(
    items: Sequence[str],
) -> list[ipaddress.IPv4Interface | ipaddress.IPv6Interface]:
    """``ADDR/PREFIX`` items (a ``%zone`` dropped); anything else is skipped."""
    found = []
    for item in items:
        with contextlib.suppress(ValueError):
            found.append(ipaddress.ip_interface(re.sub(r"%[^/]*", "", item)))
    return found


def parse_ifconfig(text: str) -> list[ipaddress.IPv4Interface | ipaddress.IPv6Interface]:
    """Addresses in BSD/macOS ``ifconfig`` output (``inet A netmask 0xffffff00``, ``inet6 A prefixlen N``)."""
    found: list[str] = []
    for m in re.finditer(r"\binet (\S+) netmask (0x[0-9a-fA-F]+)", text):
        found.append(f"{m.group(1)}/{bin(int(m.group(2), 16)).count('1')}")
    for m in re.finditer(r"\binet6 (\S+) prefixlen (\d+)", text):
        found.append(f"{m.group(1).split('%')[0]}/{m.group(2)}")
    return _parse_interfaces(found)


def _linux_interfaces() -> list[ipaddress.IPv4Interface | ipaddress.IPv6Interface]:
    """IPv4 from the kernel (ioctl per interface), IPv6 from /proc/net/if_inet6."""
    import fcntl
    import struct

    found: list[ipaddress.IPv4Interface | ipaddress.IPv6Interface] = []
    siocgifaddr, siocgifnetmask = 0x8915, 0x891B
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _, name in socket.if_nameindex():
            req = struct.pack("256s", name.encode()[:15])
            try:
                addr = socket.inet_ntoa(fcntl.ioctl(s.fileno(), siocgifaddr, req)[20:24])
                mask = socket.inet_ntoa(fcntl.ioctl(s.fileno(), siocgifnetmask, req)[20:24])
            except OSError:
                continue  # no IPv4 address on this interface
            found.append(ipaddress.IPv4Interface(f"{addr}/{mask}"))
    with contextlib.suppress(OSError):
        for line in Path("/proc/net/if_inet6").read_text().splitlines():
            hexaddr, _, prefix, *_ = line.split()
            addr = ":".join(hexaddr[i : i + 4] for i in range(0, 32, 4))
            found.append(ipaddress.IPv6Interface(f"{addr}/{int(prefix, 16)}"))
    return found


def default_address() -> ipaddress.IPv4Address | None:
    """The address this machine uses towards other networks (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("198.51.100.1", 9))
            found = ipaddress.IPv4Address(s.getsockname()[0])
        except OSError:
            return None
    return None if found.is_loopback or found.is_unspecified else found


def _is_local(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    family = socket.AF_INET6 if addr.version == 6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        try:
            s.bind((str(addr), 0))
        except OSError:
            return False
    return True


def choose_listen(
    listen: str | None,
) -> tuple[
    ipaddress.IPv4Address | ipaddress.IPv6Address, ipaddress.IPv4Network | ipaddress.IPv6Network
]:
    """The LAN address to listen on and the subnet whose desks may connect.

    ``ADDR/PREFIX`` names the subnet; without it, the subnet the system gives that address
    (a /24 or /64 if it says nothing).  The address must be this machine's own.
    """
    interfaces = local_interfaces()
    given: ipaddress.IPv4Network | ipaddress.IPv6Network | None = None
    known = ", ".join(str(i.ip) for i in interfaces if not i.ip.is_link_local) or "none found"
    if listen is None:
        addr: ipaddress.IPv4Address | ipaddress.IPv6Address | None = default_address()
        if addr is None:
            raise RallyDeskError(
                f"no network address found to listen on; give --listen ADDR (this machine: {known})"
            )
    else:
        text, slash, _ = listen.partition("/")
        addr = _ip(text, "--listen")
        try:  # ADDR/PREFIX or ADDR/NETMASK; host bits allowed (the subnet of that address)
            given = ipaddress.ip_network(listen, strict=False) if slash else None
        except ValueError:
            raise RallyDeskError(
                f"--listen {listen}: the prefix must be 8 to {addr.max_prefixlen}, e.g. {text}/24"
            ) from None
    if addr.is_unspecified or addr.is_multicast:
        raise RallyDeskError(
            f"--listen {addr}: that is not one address; give this machine's LAN address ({known})"
        )
    if addr.is_link_local:
        raise RallyDeskError(
            f"--listen {addr}: a link-local address changes with the interface; give another ({known})"
        )
    if not _is_local(addr):
        raise RallyDeskError(
            f"--listen {addr}: not an address of this machine; expected one of: {known}"
        )
    if given is not None:
        if given.prefixlen < 8:
            raise RallyDeskError(
                f"--listen {listen}: /{given.prefixlen} would open the server to a huge network; "
                f"expected a LAN prefix of /8 or more, e.g. {addr}/24"
            )
        return addr, given
    if addr.is_loopback:
        return addr, ipaddress.ip_network(f"{addr}/{addr.max_prefixlen}")
    for interface in interfaces:
        if interface.ip == addr:
            return addr, interface.network
    return addr, ipaddress.ip_network(f"{addr}/{24 if addr.version == 4 else 64}", strict=False)


def _port_in_use(addr: ipaddress.IPv4Address | ipaddress.IPv6Address, port: int) -> bool:
    family = socket.AF_INET6 if addr.version == 6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        if os.name != "nt":  # as PostgreSQL does: old TIME_WAIT connections do not block it
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((str(addr), port))
        except OSError as exc:
            return exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1), 10048)
    return False


def _check_port(port: int, listen: str) -> None:
    if not 1024 <= port <= 65535:
        raise RallyDeskError(f"--port {port}: expected a port from 1024 to 65535, e.g. 5432")
    for addr in dict.fromkeys(["127.0.0.1", listen]):
        if _port_in_use(ipaddress.ip_address(addr), port):
            raise RallyDeskError(
                f"port {port} is in use on {addr} (another server?); choose a free one with --port"
            )


# ---------------------------------------------------------------- the server folder


def _check_reachable(directory: Path, account: Account) -> None:
    """Under root, every existing folder above DIR must let the service account through."""
    if account.name is None or account.uid is None or account.gid is None:
        return
    groups = set(os.getgrouplist(account.name, account.gid))
    for folder in reversed(directory.parents):
        if not folder.exists():
            break
        st = folder.stat()
        if st.st_uid == account.uid:
            ok = bool(st.st_mode & 0o100)
        elif st.st_gid in groups:
            ok = bool(st.st_mode & 0o010)
        else:
            ok = bool(st.st_mode & 0o001)
        if not ok:
            raise RallyDeskError(
                f"{directory}: the user '{account.name}' that runs PostgreSQL cannot reach it "
                f"({folder} is closed to it); choose a folder such as /srv/rallydesk/EVENT"
            )


def _check_new_folder(directory: Path) -> None:
    try:
        if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
            raise RallyDeskError(
                f"{directory}: exists and is not a folder; expected a new or empty folder"
            )
        empty = not directory.exists() or not any(directory.iterdir())
    except PermissionError:
        raise RallyDeskError(
            f"{directory}: this user may not read it; expected a new or empty folder"
        ) from None
    if not empty:
        raise RallyDeskError(
            f"{directory}: not empty; expected a new or empty folder for the server"
        )


def hba_rules(network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> str:
    """pg_hba.conf: scram-sha-256 from this machine and the LAN subnet, everything else refused.

    The administrator only from this machine; an event's login only into the database of the
    same name (``sameuser``), whichever address it comes from.

    Every desk login (an event's own, its role logins) only over TLS (``hostssl``), from the
    LAN *and* from this machine: one rule wherever the desk sits, and a desk on the server PC
    checks the certificate as every other does (on one machine PostgreSQL sees even a
    connection to the LAN address coming from 127.0.0.1, so "local" proves nothing about where
    a desk is). The administrator's own rule stays ``host`` on the loopback addresses: its
    connections never leave this machine (``rallydesk server`` runs psql here), and it still
    gets in to repair a server whose certificate is broken.
    """
    local = ["127.0.0.1/32", "::1/128"]
    lan = [] if str(network) in local else [str(network)]  # (a loopback subnet too, if given)
    rows = [
        "# Written by rallydesk server init. First matching line wins; anything unmatched is refused.",
        "# TYPE  DATABASE  USER      ADDRESS          METHOD",
        "local   all       all                        reject",
    ]
    rows += [f"host    all       {SUPERUSER:<9} {a:<16} scram-sha-256" for a in local]
    rows += [f"host    all       {SUPERUSER:<9} all              reject"]
    rows += [f"hostssl sameuser  all       {a:<16} scram-sha-256" for a in [*local, *lan]]
    # the role logins of every event (NAME.timekeeper…): CONNECT is granted per database
    rows += [f"hostssl all       +{DESK_GROUP} {a:<16} scram-sha-256" for a in [*local, *lan]]
    rows += ["host    all       all       all              reject"]
    return "\n".join(rows) + "\n"


def settings_text(listen: str, port: int, max_connections: int = MAX_CONNECTIONS) -> str:
    """The settings an event relies on, in a file of their own included by postgresql.conf."""
    addresses = ",".join(dict.fromkeys(["127.0.0.1", listen]))
    return f"""\
# Written by rallydesk server init; 'rallydesk server start --port' rewrites the port.
listen_addresses = '{addresses}'   # this machine and the LAN address only
port = {port}
unix_socket_directories = ''   # TCP only: no socket folder to own
password_encryption = 'scram-sha-256'
fsync = on                     # a committed time survives a power cut
synchronous_commit = on
full_page_writes = on
max_connections = {max_connections}   # all events together: {CONNECTIONS_PER_DESK} per desk
superuser_reserved_connections = {RESERVED_CONNECTIONS}
log_connections = on
log_disconnections = on
log_line_prefix = '%m [%p] %q%u@%d %h '
log_timezone = 'UTC'
timezone = 'UTC'
{TLS_SETTINGS}"""
