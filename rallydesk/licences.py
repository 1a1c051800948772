"""The licence notices of everything RallyDesk ships: every distribution its wheel pulls in, and
the libraries inside them, as full texts (a bivouac has no internet to follow a URL).

Each installed distribution's own texts come from its metadata (``License-File``, else the
licence files in its ``.dist-info``), with its licence expression. What no metadata carries is
in ``rallydesk/resources/licences/`` (texts taken from the upstream projects' copyright files):
Qt inside PySide6, its ICU, and libpq with OpenSSL, Kerberos and their companions inside
the server extra's libpq wheel, Python itself.

A bundle has no ``.dist-info`` of most distributions: ``packaging/build.sh`` runs
``python -m rallydesk.licences`` first, which writes :data:`GENERATED` from the build's
installed distributions into the resources the bundle carries; without that file (a pip
install) the notices are read from the installed metadata. Kept below the GUI so the About box,
the packaging and the tests read one table.
"""

from __future__ import annotations

import json
import platform
import re
import sys
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

#: Written at build time from the installed distributions (not in git: .gitignore).
GENERATED = "distributions.json"
#: The extras whose distributions are shipped (the bundle carries the server extra).
SHIPPED_EXTRAS = ("server",)

#: Distributions whose metadata carries no licence file: the texts from resources/licences.
NO_LICENCE_FILE: dict[str, tuple[str, ...]] = {
    "pyside6-essentials": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "shiboken6": ("LGPL-3.0.txt", "GPL-3.0.txt"),
}

#: (component, where it is, licence, texts in resources/licences): inside a distribution's
#: wheel, with no metadata of its own.
COMPONENTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Qt", "PySide6-Essentials", "LGPL-3.0-only", ("LGPL-3.0.txt", "GPL-3.0.txt")),
    ("ICU (Qt's Unicode library)", "PySide6-Essentials", "Unicode-3.0", ("ICU.txt",)),
    (
        "libpq (PostgreSQL client library)",
        "the server extra's libpq wheel",
        "PostgreSQL",
        ("libpq.txt",),
    ),
    ("OpenSSL", "the server extra's libpq wheel", "Apache-2.0", ("OpenSSL.txt", "Apache-2.0.txt")),
    ("MIT Kerberos", "the server extra's libpq wheel", "MIT", ("Kerberos.txt",)),
    ("OpenLDAP", "the server extra's libpq wheel (Linux)", "OLDAP-2.8", ("OpenLDAP.txt",)),
    (
        "Cyrus SASL",
        "the server extra's libpq wheel (Linux)",
        "BSD-4-Clause-like",
        ("Cyrus-SASL.txt",),
    ),
    ("keyutils", "the server extra's libpq wheel (Linux)", "LGPL-2.1-or-later", ("keyutils.txt",)),
    ("com_err", "the server extra's libpq wheel (Linux)", "MIT", ("com_err.txt",)),
    (
        "libxcrypt",
        "the server extra's libpq wheel (Linux)",
        "LGPL-2.1-or-later",
        ("libxcrypt.txt",),
    ),
    ("Python", "the interpreter", "PSF-2.0", ("Python.txt",)),
)

_LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)


@dataclass(frozen=True)
class Notice:
    """One shipped piece of software, its licence and the full text of its licence."""

    name: str
    version: str
    licence: str
    text: str
    inside: str = ""  # the distribution it travels in, for a component


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _resource_text(name: str) -> str:
    from .paths import resource

    return resource("licences", name).read_bytes().decode("utf-8", "replace")


def _requirement(spec: str) -> tuple[str, set[str], str]:
    """A requirement string's name, extras and marker (no ``packaging`` in a bundle)."""
    head, _, marker = spec.partition(";")
    m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?", head)
    if m is None:
        return "", set(), marker
    extras = {e.strip() for e in (m.group(2) or "").split(",") if e.strip()}
    return m.group(1), extras, marker


def shipped_distributions(
    root: str = "rallydesk", extras: tuple[str, ...] = SHIPPED_EXTRAS
) -> list[metadata.Distribution]:
    """The installed distributions ``root[extras]`` pulls in, itself left out.

    A requirement for another platform (a marker) is simply not installed here, so it is not
    shipped; an ``extra == "x"`` marker counts only when that extra was asked for."""
    seen: dict[str, metadata.Distribution] = {}
    todo: list[tuple[str, set[str]]] = [(root, set(extras))]
    while todo:
        name, wanted = todo.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        key = normalise(dist.metadata["Name"])
        if key in seen and not wanted:
            continue
        seen[key] = dist
        for spec in dist.requires or []:
            req, req_extras, marker = _requirement(spec)
            named = re.findall(r"extra\s*==\s*['\"]([^'\"]+)['\"]", marker)
            if named and not set(named) & wanted:
                continue
            if normalise(req) not in seen or req_extras:
                todo.append((req, req_extras))
    seen.pop(normalise(root), None)
    return sorted(seen.values(), key=lambda d: normalise(d.metadata["Name"]))


def _dist_texts(dist: metadata.Distribution) -> str:
    """A distribution's licence texts from its metadata: its License-File entries, else the
    licence-like files of its .dist-info."""
    texts: list[str] = []
    for entry in dist.metadata.get_all("License-File") or []:
        for where in (f"licenses/{entry}", entry, f"licenses/{Path(entry).name}"):
            text = dist.read_text(where)
            if text:
                texts.append(text)
                break
    if not texts:
        for file in dist.files or []:
            parts = file.parts
            if parts and parts[0].endswith(".dist-info") and _LICENCE_FILE.search(file.name):
                text = dist.read_text("/".join(parts[1:]))
                if text:
                    texts.append(text)
    if not texts:
        texts = [
            _resource_text(n) for n in NO_LICENCE_FILE.get(normalise(dist.metadata["Name"]), ())
        ]
    return "\n\n".join(t.strip() for t in texts)


def _licence(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    # a missing field: [] raised KeyError under importlib_metadata, so ask first
    expression = (meta["License-Expression"] if "License-Expression" in meta else "") or ""
    if expression:
        return expression
    text = ((meta["License"] if "License" in meta else "") or "").strip()
    if text and "\n" not in text and len(text) < 80:
        return text
    classifiers = [
        c.rsplit(" :: ", 1)[-1]
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::")
    ]
    return ", ".join(classifiers) or "see the text"


def from_metadata() -> list[Notice]:
    """The notices read from this installation's metadata (what the build writes)."""
    notices = [
        Notice(d.metadata["Name"], d.version, _licence(d), _dist_texts(d))
        for d in shipped_distributions()
    ]
    notices += [
        Notice(
            name,
            platform.python_version() if name == "Python" else "",
            licence,
            "\n\n".join(_resource_text(f).strip() for f in files),
            inside,
        )
        for name, inside, licence, files in COMPONENTS
    ]
    return notices


def notices() -> list[Notice]:
    """Every shipped piece of software with its licence text: the build's file, or the
    installed metadata."""
    from .paths import resource

    generated = resource("licences", GENERATED)
    if generated.is_file():
        rows = json.loads(generated.read_text(encoding="utf-8"))
        return [Notice(**row) for row in rows]
    return from_metadata()


def write_generated(folder: Path) -> Path:
    """Write :data:`GENERATED` (the build's step); refuses a distribution without a text."""
    found = from_metadata()
    bare = [n.name for n in found if not n.text.strip()]
    if bare:
        raise SystemExit(
            f"no licence text found for {', '.join(bare)}: add it to resources/licences"
        )
    path = folder / GENERATED
    path.write_text(json.dumps([asdict(n) for n in found], indent=1), encoding="utf-8")
    return path


def library_versions() -> dict[str, str]:
    """Versions known without Qt; the GUI adds Qt's own."""
    versions = {n.name: n.version for n in notices()}
    versions["Python"] = platform.python_version()
    return versions


if __name__ == "__main__":  # python -m rallydesk.licences [FOLDER]
    from .paths import resource

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(str(resource("licences")))
    written = write_generated(out)
    print(f"licences: {written} ({len(json.loads(written.read_text(encoding='utf-8')))} notices)")
