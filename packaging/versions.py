"""The one version (pyproject.toml's) in the forms each platform's packaging needs (issue 28).

The build scripts (``build.sh``, ``build.ps1``, ``macos/dmg.sh``) and the PyInstaller spec read
the version, the application's name and the build requirements here, from ``pyproject.toml``;
nothing in ``packaging/`` carries a copy. Standard library only, so that any Python 3.11+ runs it
before anything is installed:

    python packaging/versions.py version              [project] version
    python packaging/versions.py app-name             [tool.rallydesk] app-name
    python packaging/versions.py bundle-id            [tool.rallydesk] bundle-id
    python packaging/versions.py mac-short-version    CFBundleShortVersionString (MAJOR.MINOR.PATCH)
    python packaging/versions.py requirements bundle  an extra's requirements, one a line

The functions below the readers are pure (data in, text out) and are unit-tested on any OS
(tests/packaging/test_version_forms.py): the Windows version resource is only built on Windows.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The versions RallyDesk releases (CHANGELOG.md's policy: semantic versioning), in PEP 440's
#: normal form: MAJOR.MINOR.PATCH, then a pre-release (a1, b2, rc1), a post-release (.post1), a
#: development release (.dev1). Windows' and Apple's version fields hold numbers only, so a
#: version outside this form is refused rather than squeezed into them.
VERSION_FORM = re.compile(
    r"(?P<major>\d+)\.(?P<minor>\d+)\.(?P<patch>\d+)"
    r"(?P<pre>(?:a|b|rc)\d+)?(?:\.post(?P<post>\d+))?(?P<dev>\.dev\d+)?"
)
#: VS_FF_PRERELEASE: the file flag Windows shows for a pre-release or development build.
VS_FF_PRERELEASE = 0x2
#: US English, Unicode (UTF-16): the language and code page of the strings below.
WINDOWS_LANGUAGE, WINDOWS_CODEPAGE = 0x0409, 1200


@dataclass(frozen=True)
class Project:
    """What the packaging says about RallyDesk, each fact from its one place."""

    version: str  # [project] version
    app_name: str  # [tool.rallydesk] app-name: the bundle's, the executable's, the DMG's name
    bundle_id: str  # [tool.rallydesk] bundle-id: macOS CFBundleIdentifier
    publisher: str  # [project] authors: the first author's name
    copyright: str  # LICENSE's "Copyright (c) ..." line


def read_pyproject(root: Path = ROOT) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))


def project(root: Path = ROOT) -> Project:
    """The packaging facts of the source tree at ``root``."""
    doc = read_pyproject(root)
    meta, tool = doc["project"], doc["tool"]["rallydesk"]
    licence_files = meta.get("license-files", ["LICENSE"])
    licence = (root / licence_files[0]).read_text(encoding="utf-8")
    return Project(
        version=meta["version"],
        app_name=tool["app-name"],
        bundle_id=tool["bundle-id"],
        publisher=meta["authors"][0]["name"],
        copyright=copyright_line(licence),
    )


def copyright_line(licence: str) -> str:
    """The licence's copyright line, with "(c)" written as the sign Windows shows."""
    for line in licence.splitlines():
        if line.strip().lower().startswith("copyright"):
            return re.sub(r"\((?:c|C)\)", "\N{COPYRIGHT SIGN}", line.strip())
    raise ValueError("the licence file has no copyright line")


def requirements(extra: str, root: Path = ROOT) -> list[str]:
    """The requirements of one of pyproject.toml's extras (the build scripts install ``bundle``)."""
    extras = read_pyproject(root)["project"]["optional-dependencies"]
    if extra not in extras:
        raise ValueError(f"pyproject.toml declares no extra {extra!r} (it has {sorted(extras)})")
    return list(extras[extra])


def _parts(version: str) -> re.Match[str]:
    found = VERSION_FORM.fullmatch(version)
    if found is None:
        raise ValueError(
            f"version {version!r} is not MAJOR.MINOR.PATCH[aN|bN|rcN][.postN][.devN] "
            "(pyproject.toml; Windows and macOS version fields hold numbers only)"
        )
    return found


def is_prerelease(version: str) -> bool:
    parts = _parts(version)
    return bool(parts["pre"] or parts["dev"])


def windows_file_version(version: str) -> tuple[int, int, int, int]:
    """The four 16-bit numbers of a Windows file version: MAJOR, MINOR, PATCH, post-release (0).

    A pre-release shares its release's numbers (1.2.0rc1 is 1.2.0.0, flagged pre-release); the
    full text stays in the FileVersion and ProductVersion strings."""
    parts = _parts(version)
    numbers = (
        int(parts["major"]),
        int(parts["minor"]),
        int(parts["patch"]),
        int(parts["post"] or 0),
    )
    if any(n > 0xFFFF for n in numbers):
        raise ValueError(f"version {version!r}: Windows holds each number in 16 bits (<= 65535)")
    return numbers


def windows_version_info(proj: Project, exe_name: str, description: str) -> str:
    """The version resource of one executable, as PyInstaller's version file (the text form of
    ``PyInstaller.utils.win32.versioninfo.VSVersionInfo`` that ``EXE(version=FILE)`` reads):
    what Explorer's Properties > Details and the installer's upgrade checks show."""
    numbers = windows_file_version(proj.version)
    flags = VS_FF_PRERELEASE if is_prerelease(proj.version) else 0
    strings = [
        ("CompanyName", proj.publisher),
        ("FileDescription", description),
        ("FileVersion", proj.version),
        ("InternalName", exe_name.removesuffix(".exe")),
        ("LegalCopyright", proj.copyright),
        ("OriginalFilename", exe_name),
        ("ProductName", proj.app_name),
        ("ProductVersion", proj.version),
    ]
    table = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings)
    return (
        "# -*- coding: utf-8 -*-\n"
        f"# {exe_name}'s version resource, made from pyproject.toml by packaging/versions.py\n"
        "VSVersionInfo(\n"
        "  ffi=FixedFileInfo(\n"
        f"    filevers={numbers!r},\n"
        f"    prodvers={numbers!r},\n"
        "    mask=0x3f,\n"
        f"    flags={flags:#x},\n"
        "    OS=0x40004,\n"  # VOS_NT_WINDOWS32
        "    fileType=0x1,\n"  # VFT_APP
        "    subtype=0x0,\n"
        "    date=(0, 0)\n"
        "  ),\n"
        "  kids=[\n"
        "    StringFileInfo([\n"
        f"      StringTable({f'{WINDOWS_LANGUAGE:04X}{WINDOWS_CODEPAGE:04X}'!r}, [\n"
        f"{table}\n"
        "      ])\n"
        "    ]),\n"
        f"    VarFileInfo([VarStruct('Translation', [{WINDOWS_LANGUAGE}, {WINDOWS_CODEPAGE}])])\n"
        "  ]\n"
        ")\n"
    )


def mac_bundle_versions(version: str) -> dict[str, str]:
    """Info.plist's two version keys. Apple allows one to three integers in each: both are
    MAJOR.MINOR.PATCH (a pre-release shares its release's; the DMG's name carries the full
    version)."""
    parts = _parts(version)
    short = f"{int(parts['major'])}.{int(parts['minor'])}.{int(parts['patch'])}"
    return {"CFBundleShortVersionString": short, "CFBundleVersion": short}


def main(argv: list[str]) -> int:
    if not argv:
        print("usage:\n" + __doc__.split("\n\n")[2], file=sys.stderr)
        return 2
    try:
        return _answer(argv)
    except (ValueError, KeyError, OSError) as exc:
        print(f"versions.py: {exc}", file=sys.stderr)
        return 1


def _answer(argv: list[str]) -> int:
    proj = project()
    what = argv[0]
    if what == "version":
        print(proj.version)
    elif what == "app-name":
        print(proj.app_name)
    elif what == "bundle-id":
        print(proj.bundle_id)
    elif what == "mac-short-version":
        print(mac_bundle_versions(proj.version)["CFBundleShortVersionString"])
    elif what == "requirements" and len(argv) == 2:
        print("\n".join(requirements(argv[1])))
    else:
        print(f"versions.py: unknown request {' '.join(argv)!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
