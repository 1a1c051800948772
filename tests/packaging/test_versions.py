"""One version, pyproject.toml's (issue 28): the installer, the bundle spec, the README and the
workflow take it from there, none carries a copy that would go stale at the next release."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

#: text files of packaging/ (scripts, spec, installer, plists, desktop entry)
TEXT = {".sh", ".ps1", ".py", ".spec", ".iss", ".plist", ".desktop", ".xml"}
#: the AppStream metainfo's release list is history, one entry per release, and stays out
HISTORY = {"packaging/linux/org.rallydesk.RallyDesk.metainfo.xml"}
#: where a copy used to be written by hand, and every packaging script (build.sh, build.ps1,
#: macos/dmg.sh, versions.py ...): each reads pyproject.toml instead
PLACES = ["README.md", ".github/workflows/ci.yml"] + sorted(
    str(p.relative_to(ROOT)).replace("\\", "/")
    for p in (ROOT / "packaging").rglob("*")
    if p.is_file()
    and p.suffix in TEXT
    and str(p.relative_to(ROOT)).replace("\\", "/") not in HISTORY
)


def test_the_scan_covers_every_build_script():
    assert {
        "packaging/build.sh",
        "packaging/build.ps1",
        "packaging/macos/dmg.sh",
        "packaging/versions.py",
        "packaging/rallydesk.spec",
        "packaging/windows/rallydesk.iss",
    } <= set(PLACES)


def test_no_copy_of_the_version_outside_pyproject():
    copies = [
        f"{name}:{n}: {line.strip()}"
        for name in PLACES
        for n, line in enumerate((ROOT / name).read_text(encoding="utf-8").splitlines(), 1)
        if re.search(rf"(?<![\d.]){re.escape(VERSION)}(?![\d.])", line)
    ]
    assert not copies, f"pyproject.toml's version {VERSION} copied by hand:\n" + "\n".join(copies)


def test_the_installer_refuses_to_build_without_the_version():
    iss = (ROOT / "packaging/windows/rallydesk.iss").read_text(encoding="utf-8")
    assert re.search(r"#ifndef AppVersion\s+#error", iss)
    assert not re.search(r'#define AppVersion "', iss)


def test_the_installer_cleans_upgrades_needs_windows_10_shows_the_licence_and_offers_path():
    iss = (ROOT / "packaging/windows/rallydesk.iss").read_text(encoding="utf-8")
    assert 'Type: filesandordirs; Name: "{app}\\_internal"' in iss
    assert "MinVersion=10.0" in iss
    assert "LicenseFile=..\\..\\LICENSE" in iss and (ROOT / "LICENSE").is_file()
    assert 'Name: "addtopath"' in iss and "Tasks: addtopath" in iss
    assert "CurUninstallStepChanged" in iss  # the PATH entry goes on uninstall


def test_the_mac_bundle_claims_the_system_its_pyside6_needs():
    spec = (ROOT / "packaging/rallydesk.spec").read_text(encoding="utf-8")
    assert '"LSMinimumSystemVersion": "13.0"' in spec
