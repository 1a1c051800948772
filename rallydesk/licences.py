"""The libraries RallyDesk ships in its wheel's dependencies and its installers, with their licences.

Kept below the GUI so the About box, the packaging and the tests read one table.
"""

from __future__ import annotations

import platform
from importlib import metadata

#: (library, distribution name or "" , licence, where the licence text is)
LICENCES: tuple[tuple[str, str, str, str], ...] = (
    ("Qt", "", "LGPLv3", "https://www.qt.io/licensing/open-source-lgpl-obligations"),
    (
        "PySide6 (Qt for Python)",
        "PySide6-Essentials",
        "LGPLv3",
        "https://doc.qt.io/qtforpython-6/licenses.html",
    ),
    ("openpyxl", "openpyxl", "MIT", "https://foss.heptapod.net/openpyxl/openpyxl"),
    ("sqlite-utils", "sqlite-utils", "Apache-2.0", "https://github.com/simonw/sqlite-utils"),
    ("platformdirs", "platformdirs", "MIT", "https://github.com/tox-dev/platformdirs"),
    ("Python", "", "PSF License", "https://docs.python.org/3/license.html"),
)


def dist_version(name: str) -> str:
    """The installed version of a distribution, or "" (a bundle may lack some metadata)."""
    if not name:
        return ""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def library_versions() -> dict[str, str]:
    """Versions known without Qt; the GUI adds Qt's own."""
    versions = {name: dist_version(dist) for name, dist, _, _ in LICENCES}
    versions["Python"] = platform.python_version()
    return versions
