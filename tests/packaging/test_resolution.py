"""The dependencies resolve, as wheels, on every platform officials use (issue 28).

For each platform and each end of the Python range, ``pip install --dry-run --only-binary=:all:
--platform P --python-version V`` resolves RallyDesk's requirements against PyPI without
installing anything: a cap or a dependency that drops a platform fails here, not at a bivouac.
Windows on ARM resolves without the ``server`` extra (there is no psycopg-binary wheel for it).

Limits: pip evaluates environment markers (``sys_platform == "win32"``) for this machine, not
for P, so a dependency that only one OS pulls in by marker is not checked here; the workflow's
Windows and macOS jobs install for real.

Needs PyPI (``network`` marker): skipped when PyPI cannot be reached, failing instead under CI.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: (platform tag pip resolves for, extras); macOS 13 is the bundle's LSMinimumSystemVersion
PLATFORMS = [
    ("win_amd64", "[server]"),
    ("win_arm64", ""),
    ("macosx_13_0_arm64", "[server]"),
    ("macosx_13_0_x86_64", "[server]"),
    # PySide6 6.11's Linux wheels: manylinux_2_34 on x86_64 (glibc 2.34: Debian 12, Ubuntu
    # 22.04, RHEL 9), manylinux_2_39 on aarch64 (glibc 2.39: Ubuntu 24.04)
    ("manylinux_2_34_x86_64", "[server]"),
    ("manylinux_2_39_aarch64", "[server]"),
]
#: both ends of requires-python (tests/packaging/test_metadata.py holds it to >=3.11,<3.15)
PYTHONS = ["3.11", "3.14"]

pytestmark = pytest.mark.network


def _pypi_reachable() -> bool:
    try:
        with urllib.request.urlopen("https://pypi.org/simple/pip/", timeout=10):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def pypi() -> None:
    if not _pypi_reachable():
        if os.environ.get("CI"):
            pytest.fail("PyPI cannot be reached: the dependency resolution must run in CI")
        pytest.skip("PyPI cannot be reached from this machine")


@pytest.mark.parametrize("python", PYTHONS)
@pytest.mark.parametrize(("platform", "extras"), PLATFORMS)
def test_dependencies_resolve_as_wheels(pypi, tmp_path, platform, extras, python):
    report = tmp_path / "report.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--isolated",  # PyPI as an official's pip sees it, not this machine's pip config
            "--disable-pip-version-check",
            "--dry-run",
            "--ignore-installed",
            "--only-binary=:all:",
            "--platform",
            platform,
            # pip does not widen a manylinux_2_X tag to the older manylinux2014 (cffi's wheels)
            *(["--platform", re.sub(r"_2_\d+_", "2014_", platform)] if "linux" in platform else []),
            "--python-version",
            python,
            "--implementation",
            "cp",
            "--target",
            str(tmp_path / "target"),
            "--quiet",
            "--report",
            str(report),
            f"{ROOT}{extras}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    errors = [line for line in done.stderr.splitlines() if "ERROR" in line]
    assert done.returncode == 0, (
        f"RallyDesk{extras} does not resolve for {platform}, Python {python}:\n"
        + "\n".join(errors or done.stderr.splitlines()[-10:])
    )
    installed = json.loads(report.read_text(encoding="utf-8"))["install"]
    names = {re.sub(r"[-_.]+", "-", i["metadata"]["name"]).lower() for i in installed}
    assert {"pyside6-essentials", "tzdata", "openpyxl"} <= names
    assert ("psycopg-binary" in names) == bool(extras)
