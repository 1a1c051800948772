"""TLS for a ``rallydesk server``: its own certificate authority and a server certificate for
every address it listens on, so that desks check whom they talk to (``sslmode=verify-full``).

A bivouac has no public name and no certificate provider, so ``init`` makes the server's own
authority: a key and a self-signed certificate (``ca.key``, ``ca.crt`` in DIR, valid
:data:`AUTHORITY_YEARS` years). ``ca.crt`` is public: each desk's computer keeps a copy and names
it in its URL (``sslrootcert=PATH``). ``ca.key`` stays in DIR (readable by the server's account
only) so that ``start`` can make a new server certificate when the addresses or the computer's
name change, without handing the desks a new authority. The server certificate
(``server.crt``/``server.key``) names 127.0.0.1, ::1, localhost, the listen address and this
computer's name (subjectAltName: what libpq checks under verify-full).

The ``cryptography`` library makes the keys (EC P-256: quick to make, accepted by every OpenSSL
PostgreSQL is built with): Windows has no ``openssl`` command to run.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import RallyDeskError
from .programs import (
    CA_CERT,
    CA_KEY,
    DESK_GROUP,
    SERVER_CERT,
    SERVER_KEY,
    Account,
    Server,
    _write_private,
)

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

#: How long the authority is valid: the desks keep their copy of ca.crt for that long.
AUTHORITY_YEARS = 10
#: ``start`` makes a new server certificate when the old one ends within this many days.
RENEW_DAYS = 60
#: The lines of the server's settings file that switch TLS on (paths relative to data/).
TLS_SETTINGS = f"""\
ssl = on                       # desks connect with TLS (pg_hba: hostssl for their logins)
ssl_cert_file = '../{SERVER_CERT}'
ssl_key_file = '../{SERVER_KEY}'
ssl_min_protocol_version = 'TLSv1.2'
"""

_DNS_NAME = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)


@dataclass(frozen=True)
class Names:
    """What a server certificate is for: addresses and host names."""

    addresses: tuple[ipaddress.IPv4Address | ipaddress.IPv6Address, ...]
    hosts: tuple[str, ...]

    def __str__(self) -> str:
        return ", ".join([*map(str, self.addresses), *self.hosts])


def server_names(listen: str) -> Names:
    """Every name a desk may reach this server by: the loopback addresses, the listen address,
    localhost, this computer's name and its ``.local`` (mDNS) form. Not its DNS full name: that
    would need a lookup, which on a bivouac without a DNS server can hang ``start``."""
    addresses = dict.fromkeys(
        [
            ipaddress.ip_address("127.0.0.1"),
            ipaddress.ip_address("::1"),
            ipaddress.ip_address(listen),
        ]
    )
    hosts = ["localhost"]
    name = socket.gethostname().strip().rstrip(".").lower()
    for host in (name, f"{name}.local" if name and "." not in name else ""):
        if host and _DNS_NAME.fullmatch(host) and host not in hosts and not _is_address(host):
            hosts.append(host)
    return Names(tuple(addresses), tuple(hosts))


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def _new_key() -> ec.EllipticCurvePrivateKey:
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.generate_private_key(ec.SECP256R1())


def _key_pem(key: ec.EllipticCurvePrivateKey) -> str:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def _cert_pem(cert: x509.Certificate) -> str:
    from cryptography.hazmat.primitives import serialization

    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _replace(path: Path, text: str, account: Account, mode: int) -> None:
    """Write ``path`` whole or not at all (a new file renamed over the old)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    _write_private(tmp, text, account, mode)
    os.replace(tmp, path)


def make_authority(server: Server, account: Account) -> None:
    """The server's own certificate authority: ``ca.key`` (0600) and ``ca.crt`` (public)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    key = _new_key()
    now = _now()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "RallyDesk server"),
            x509.NameAttribute(
                NameOID.COMMON_NAME,
                f"RallyDesk server authority {socket.gethostname()[:20]} {now:%Y-%m-%d}",
            ),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))  # desks with a clock a bit behind
        .not_valid_after(now + datetime.timedelta(days=365 * AUTHORITY_YEARS + 2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _replace(server.directory / CA_KEY, _key_pem(key), account, 0o600)
    _replace(server.directory / CA_CERT, _cert_pem(cert), account, 0o644)


def _load_authority(server: Server) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        cert = x509.load_pem_x509_certificate((server.directory / CA_CERT).read_bytes())
        key = serialization.load_pem_private_key(
            (server.directory / CA_KEY).read_bytes(), password=None
        )
    except (OSError, ValueError) as exc:
        raise RallyDeskError(
            f"{server.directory / CA_KEY}: the server's authority cannot be read ({exc}); "
            "a new server certificate needs it"
        ) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise RallyDeskError(f"{server.directory / CA_KEY}: not the key RallyDesk made")
    return cert, key


def make_server_certificate(server: Server, account: Account, names: Names) -> None:
    """A new server key and certificate for ``names``, signed by the server's authority."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    ca_cert, ca_key = _load_authority(server)
    key = _new_key()
    now = _now()
    alt: list[x509.GeneralName] = [x509.IPAddress(a) for a in names.addresses]
    alt += [x509.DNSName(h) for h in names.hosts]
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names.hosts[-1])]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(ca_cert.not_valid_after_utc)  # as long as the desks' authority
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=True,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    _replace(server.directory / SERVER_KEY, _key_pem(key), account, 0o600)
    _replace(server.directory / SERVER_CERT, _cert_pem(cert), account, 0o644)


def missing_names(server: Server, names: Names) -> list[str]:
    """The names the server certificate does not cover (all of them when it is unreadable),
    or ["(ends DATE)"] when it ends within :data:`RENEW_DAYS` days."""
    from cryptography import x509

    try:
        cert = x509.load_pem_x509_certificate((server.directory / SERVER_CERT).read_bytes())
        alt = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (OSError, ValueError, x509.ExtensionNotFound):
        return [str(names)]
    have_ip = set(alt.get_values_for_type(x509.IPAddress))
    have_dns = {h.lower() for h in alt.get_values_for_type(x509.DNSName)}
    missing = [str(a) for a in names.addresses if a not in have_ip]
    missing += [h for h in names.hosts if h not in have_dns]
    ends = cert.not_valid_after_utc
    if not missing and ends - _now() < datetime.timedelta(days=RENEW_DAYS):
        missing.append(f"(it ends {ends:%Y-%m-%d})")
    return missing


def set_up(server: Server, account: Account) -> None:
    """``init``: the authority and the server certificate (the settings switch TLS on)."""
    make_authority(server, account)
    make_server_certificate(server, account, server_names(server.listen))


def check_at_start(server: Server, account: Account, settings: Path) -> list[str]:
    """``start``: what a server needs for TLS, made if missing; returns what was done (for the
    output). A server made before TLS gets its authority, its certificate, the settings and the
    desks' pg_hba rules (hostssl); a certificate that no longer names every address (the
    computer was renamed) is made again, signed by the same authority, so desks keep theirs."""
    done: list[str] = []
    names = server_names(server.listen)
    if not (server.directory / CA_CERT).is_file():
        make_authority(server, account)
        make_server_certificate(server, account, names)
        done.append(
            f"TLS added (the server was made before it): a certificate authority "
            f"{server.directory / CA_CERT} and a server certificate for {names}"
        )
    else:
        missing = missing_names(server, names)
        if missing:
            if not (server.directory / CA_KEY).is_file():
                return [
                    f"the server certificate does not name {', '.join(missing)} and the "
                    f"authority's key {server.directory / CA_KEY} is not here to make a new one; "
                    "desks reaching it by that name are refused"
                ]
            make_server_certificate(server, account, names)
            done.append(
                f"a new server certificate for {names} (the old one did not name "
                f"{', '.join(missing)}); signed by the same authority: desks keep their ca.crt"
            )
    text = settings.read_text(encoding="utf-8")
    if not re.search(r"(?m)^ssl\s*=\s*on\b", text):
        _replace(settings, text.rstrip("\n") + "\n" + TLS_SETTINGS, account, 0o600)
        done.append(f"{settings}: ssl = on")
    hba = server.data / "pg_hba.conf"
    rules = hba.read_text(encoding="utf-8")
    upgraded = hostssl_for_desks(rules)
    if upgraded != rules:
        _replace(hba, upgraded, account, 0o600)
        done.append(f"{hba}: desks' logins only over TLS (hostssl)")
    return done


def hostssl_for_desks(rules: str) -> str:
    """pg_hba written by an ``init`` from before TLS, with the desks' lines (``sameuser``, the
    desk group) made ``hostssl``; every other line, and any line added by hand, as it was."""
    return re.sub(
        rf"(?m)^host(\s+)(sameuser\s+all|all\s+\+{DESK_GROUP})(\s)",
        lambda m: f"hostssl{m[1][:-3] or ' '}{m[2]}{m[3]}",
        rules,
    )
