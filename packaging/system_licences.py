"""The licence notices of the shared libraries a Linux bundle carries from the build machine.

PyInstaller copies into ``_internal/`` every shared library the bundled code links against: the
wheels' own (Qt inside PySide6, libpq inside psycopg-binary: their notices are in
``rallydesk.licences``) and the build machine's system libraries that Qt's plugins need (X11
and xcb, fontconfig and freetype, GLib, GTK 3 for the platform theme, libstdc++…). Those come
from the distribution's packages, whose licences travel as ``/usr/share/doc/PACKAGE/copyright``;
nothing else in the bundle names them. After PyInstaller, ``packaging/build.sh`` runs

    python packaging/system_licences.py dist/RallyDesk/_internal

which finds the package of each such library (``dpkg -S``), adds one notice per package (its
version, the licences its copyright file declares, its full copyright text, the libraries it
gave) to the bundle's ``distributions.json``, the table Help > About and ``rallydesk licences``
read, and fails the build when a library belongs to neither a wheel nor a package: a bundle
never ships a library whose licence it cannot show.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

#: Where a Debian/Ubuntu system keeps its shared libraries (merged /usr: both names).
LIBRARY_DIRS = (
    "/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu",
    "/lib/aarch64-linux-gnu",
    "/usr/lib/aarch64-linux-gnu",
    "/lib",
    "/usr/lib",
    "/lib64",
    "/usr/lib64",
)
#: The bundle's notices (``rallydesk.licences.GENERATED``, in the package's resources).
NOTICES = Path("rallydesk/resources/licences/distributions.json")
_SHARED = re.compile(r"\.so(\.\d+)*$")


def bundled_libraries(internal: Path) -> list[str]:
    """The shared libraries at the top of the bundle's ``_internal`` (where PyInstaller puts
    what it collected; a wheel's own libraries keep their place in its package folders)."""
    return sorted(p.name for p in internal.iterdir() if p.is_file() and _SHARED.search(p.name))


def in_wheels(names: list[str], site: Path) -> set[str]:
    """The names that are a file of an installed wheel (their notice is the wheel's)."""
    found: set[str] = set()
    wanted = set(names)
    for path in site.rglob("*.so*"):
        if path.name in wanted:
            found.add(path.name)
    return found


def host_path(name: str) -> str | None:
    for folder in LIBRARY_DIRS:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    return None


def packages_of(paths: list[str]) -> dict[str, str]:
    """The Debian package that installed each path (under either of its merged-/usr names), by
    path; a path no package installed is left out. One ``dpkg -S`` for them all."""
    variants: dict[str, str] = {}
    for path in paths:
        variants[path] = path
        variants[path[4:] if path.startswith("/usr/") else "/usr" + path] = path
    done = subprocess.run(
        ["dpkg", "-S", *variants], capture_output=True, text=True, check=False
    )  # (exit 1 when some path is nobody's: the others are still answered)
    found: dict[str, str] = {}
    for line in done.stdout.splitlines():
        owner, sep, where = line.rpartition(": ")
        if sep and where.strip() in variants and "," not in owner:
            found.setdefault(variants[where.strip()], owner.split(":", 1)[0].strip())
    return found


def declared_licences(copyright_text: str) -> str:
    """The short licence names a machine-readable copyright file declares (DEP-5), in order."""
    seen: list[str] = []
    for m in re.finditer(r"^License:\s*(.+)$", copyright_text, re.MULTILINE):
        name = m.group(1).strip()
        if name and name not in seen:
            seen.append(name)
    return ", ".join(seen) or "see the text"


def package_notice(package: str, libraries: list[str]) -> dict[str, str]:
    base = package.split(":", 1)[0]
    version = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", package],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    copyright_file = Path("/usr/share/doc") / base / "copyright"
    if not copyright_file.is_file():
        raise SystemExit(f"{package}: no {copyright_file}; cannot ship {', '.join(libraries)}")
    text = copyright_file.read_text(encoding="utf-8", errors="replace")
    return {
        "name": f"{base} (system library)",
        "version": version,
        "licence": declared_licences(text),
        "text": text,
        "inside": "the Linux bundle: " + ", ".join(libraries),
    }


def add_system_notices(internal: Path, site: Path) -> tuple[int, int]:
    """Add the system libraries' notices to the bundle's table: (packages, libraries)."""
    names = bundled_libraries(internal)
    from_wheels = in_wheels(names, site)
    by_package: dict[str, list[str]] = {}
    unknown: list[str] = []
    hosts: dict[str, str | None] = {}
    for name in names:
        if name in from_wheels or name.startswith("libpython"):  # Python: its own notice
            continue
        hosts[name] = host_path(name)
    owners = packages_of([p for p in hosts.values() if p])
    for name, path in hosts.items():
        package = owners.get(path) if path else None
        if package is None:
            unknown.append(name)
        else:
            by_package.setdefault(package, []).append(name)
    if unknown:
        raise SystemExit(
            "no licence known for the bundled "
            + ", ".join(unknown)
            + ": neither a wheel's file nor "
            "a package's (dpkg -S); exclude it from the bundle or add its notice"
        )
    table = internal / NOTICES
    rows = json.loads(table.read_text(encoding="utf-8"))
    rows = [r for r in rows if not r["name"].endswith("(system library)")]
    rows += [package_notice(p, libs) for p, libs in sorted(by_package.items())]
    table.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return len(by_package), sum(len(v) for v in by_package.values())


if __name__ == "__main__":
    internal = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("dist/RallyDesk/_internal")
    site = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(sysconfig.get_paths()["purelib"])
    packages, libraries = add_system_notices(internal, site)
    print(
        f"system licences: {libraries} libraries from {packages} packages added to {internal / NOTICES}"
    )
