"""Server passwords kept by the operating system's credential store (``keyring``: Windows
Credential Manager, macOS Keychain, the Secret Service on Linux), never in the desk's settings,
a log or a command line.

One entry per server, event and login: the service name is ``RallyDesk HOST:PORT/EVENT``, the
user name the login. Where the computer has no usable store (a bare Linux without a Secret
Service, a locked keychain), :class:`NoCredentialStore` says so and nothing is kept.
"""

from __future__ import annotations

import logging

from ..domain.errors import RallyDeskError

log = logging.getLogger(__name__)

#: What every service name of ours starts with (so the user finds them in the store).
SERVICE_PREFIX = "RallyDesk"


#: What the desk says when the computer has no store to keep a password in.
NO_STORE = (
    "this computer has no credential store RallyDesk can use (Windows Credential Manager, "
    "macOS Keychain or a Secret Service); the password was not kept: it is asked at the "
    "next connection"
)


class NoCredentialStore(RallyDeskError):
    """This computer has no credential store RallyDesk may use: the password is not kept."""


def service_name(server_key: str) -> str:
    """The credential store's service name for ``server_key`` (``HOST:PORT/EVENT``)."""
    return f"{SERVICE_PREFIX} {server_key}"


def _refusal(exc: Exception) -> NoCredentialStore:
    import keyring

    backend = type(keyring.get_keyring()).__module__
    log.info("credential store unusable (%s): %s: %s", backend, type(exc).__name__, exc)
    return NoCredentialStore(NO_STORE)


def available() -> bool:
    """Whether this computer has a credential store RallyDesk may keep passwords in (keyring's
    "fail" or "null" backend, or a chain of none, means it has not)."""
    import keyring
    from keyring.backends import chainer, fail

    try:
        store = keyring.get_keyring()
    except Exception as exc:  # keyring's own set-up may fail as any plug-in can
        log.info("no credential store (%s: %s)", type(exc).__name__, exc)
        return False
    if isinstance(store, fail.Keyring) or type(store).__module__.endswith(".null"):
        return False
    return not (isinstance(store, chainer.ChainerBackend) and not store.backends)


def remember(server_key: str, user: str, password: str) -> None:
    """Keep ``user``'s password for the event ``server_key``; :class:`NoCredentialStore` when the
    computer has no usable store (nothing kept)."""
    import keyring
    import keyring.errors

    try:
        keyring.set_password(service_name(server_key), user, password)
    except (keyring.errors.KeyringError, RuntimeError) as exc:
        raise _refusal(exc) from None
    log.info("password of %s at %s kept in the credential store", user, server_key)


def recall(server_key: str, user: str) -> str | None:
    """The kept password, or None (none kept, or no usable store)."""
    import keyring
    import keyring.errors

    try:
        return keyring.get_password(service_name(server_key), user)
    except (keyring.errors.KeyringError, RuntimeError) as exc:
        log.info("no password recalled for %s at %s (%s)", user, server_key, type(exc).__name__)
        return None


def forget(server_key: str, user: str) -> bool:
    """Forget the kept password (a refused one); False when none was kept."""
    import keyring
    import keyring.errors

    try:
        keyring.delete_password(service_name(server_key), user)
    except keyring.errors.PasswordDeleteError:
        return False
    except (keyring.errors.KeyringError, RuntimeError):
        return False
    log.info("password of %s at %s forgotten", user, server_key)
    return True
