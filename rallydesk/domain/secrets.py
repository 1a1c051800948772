"""Secrets kept out of every text that may be shown or kept: logs, messages, reports.

One function, :func:`redact`, for every form a password takes in what RallyDesk handles: a URL's
``user:password@`` (any scheme: ``postgresql://``, ``postgres://``, ``https://``…), a
``password=`` (or ``sslpassword=``, ``passfile``-less libpq key) in a URL's query or in a
``key=value`` connection string (quoted or not), and ``PGPASSWORD=`` as a shell would show it.
The log handler applies it to each whole line (message, arguments, traceback); messages that may
carry a server's address go through it too.
"""

from __future__ import annotations

import re

#: What stands where a secret was.
HIDDEN = "***"

_URL_USERINFO = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s'\"]*):[^/\s'\"]*@")
#: password=... in a query string or a libpq key=value string (single-quoted values may hold
#: spaces and \' escapes), and the environment variable.
_KEY_VALUE = re.compile(
    r"(?P<key>\b(?:ssl)?password|\bPGPASSWORD)(?P<eq>\s*=\s*)"
    r"(?P<value>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\s&;,'\")]+)",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """``text`` with every password in it replaced by ``***`` (a URL loses its password
    altogether: ``postgresql://user@host/db``)."""
    if not text:
        return text
    text = _URL_USERINFO.sub(r"\g<head>@", text)
    return _KEY_VALUE.sub(lambda m: f"{m['key']}{m['eq']}{HIDDEN}", text)
