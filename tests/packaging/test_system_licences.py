"""The Linux bundle's system libraries get their packages' notices (packaging/system_licences.py):
a library of a package is named with that package's copyright text; one of nobody's stops the
build. Runs where dpkg knows the system's libraries (Debian, Ubuntu: the Linux build machines)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import system_licences  # noqa: E402

pytestmark = pytest.mark.skipif(
    shutil.which("dpkg") is None or system_licences.host_path("libz.so.1") is None,
    reason="no dpkg or no system zlib here: the Linux bundle is built on Debian/Ubuntu",
)


def _bundle(tmp_path: Path, *libraries: str) -> Path:
    internal = tmp_path / "_internal"
    (internal / system_licences.NOTICES).parent.mkdir(parents=True)
    (internal / system_licences.NOTICES).write_text(
        json.dumps(
            [{"name": "openpyxl", "version": "3", "licence": "MIT", "text": "MIT…", "inside": ""}]
        ),
        encoding="utf-8",
    )
    for name in libraries:
        (internal / name).write_bytes(b"\x7fELF")
    return internal


def test_a_system_library_is_named_with_its_package_and_copyright(tmp_path):
    internal = _bundle(tmp_path, "libz.so.1")
    site = tmp_path / "site"
    site.mkdir()
    assert system_licences.add_system_notices(internal, site) == (1, 1)
    rows = json.loads((internal / system_licences.NOTICES).read_text(encoding="utf-8"))
    assert rows[0]["name"] == "openpyxl"  # the wheels' notices kept
    zlib = rows[1]
    assert zlib["name"].endswith("(system library)") and "libz.so.1" in zlib["inside"]
    assert zlib["version"] and "Copyright" in zlib["text"]
    # run again (a rebuild): the same rows, not twice
    system_licences.add_system_notices(internal, site)
    assert len(json.loads((internal / system_licences.NOTICES).read_text(encoding="utf-8"))) == 2


def test_a_library_of_a_wheel_is_the_wheels_and_one_of_nobody_stops_the_build(tmp_path):
    internal = _bundle(tmp_path, "libQt6Fake.so.6", "libnobody-knows.so.1")
    site = tmp_path / "site"
    (site / "PySide6" / "Qt" / "lib").mkdir(parents=True)
    (site / "PySide6" / "Qt" / "lib" / "libQt6Fake.so.6").write_bytes(b"")
    with pytest.raises(SystemExit) as stop:
        system_licences.add_system_notices(internal, site)
    assert "libnobody-knows.so.1" in str(stop.value) and "libQt6Fake" not in str(stop.value)
