"""Test set-up: headless Qt before any QApplication exists, a fresh event per test (a file, or a
database on a throw-away PostgreSQL server: pg_server.py)."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("RALLYDESK_USER", "test-timekeeper")
os.environ.setdefault("RALLYDESK_DESK", "test-desk")
os.environ["RALLYDESK_LANG"] = (
    "en"  # the tests read English texts whatever the machine's locale or shell
)

import pytest  # noqa: E402
from pg_server import start_server  # noqa: E402
from platform_marks import posix_skip  # noqa: E402

DAKAR_CARS = (
    Path(__file__).resolve().parents[1] / "rallydesk" / "resources" / "demo" / "dakar2026-cars"
)


def pytest_collection_modifyitems(config, items):
    """The tests marked ``posix`` are skipped on Windows with their reason (platform_marks.py)."""
    for item in items:
        skip = posix_skip(item)
        if skip is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _one_qt_application(qapp):
    """The widgets' QApplication exists before any test: a PDF export made first would otherwise
    create a plain QGuiApplication, and the next widget test in that process would abort. With the
    suite spread over processes (pytest-xdist), any test may come first."""
    yield qapp


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory, monkeypatch):
    """Every test gets its own user data folder and Qt settings: nothing leaks between tests."""
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("RALLYDESK_DATA", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(data / "config"))
    yield


@pytest.fixture
def event_path(tmp_path) -> Path:
    return tmp_path / "test.rallydesk"


@pytest.fixture(scope="session")
def pg_server():
    """This process's throw-away PostgreSQL server (started on first use; see pg_server.py)."""
    server = start_server()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """The URL of a new, empty database: where one event on a server goes."""
    return pg_server.new_database()


#: The two places an event can be: the services and the engine must behave the same in both.
STORES = ["file", "postgresql"]


def _location(request, tmp_path: Path, name: str) -> Path | str:
    if request.param == "file":
        return tmp_path / name
    return request.getfixturevalue("pg_server").new_database()


@pytest.fixture(params=STORES)
def event_location(request, tmp_path) -> Path | str:
    """Where a new event goes: a file path, then a PostgreSQL database URL (each test runs on both)."""
    return _location(request, tmp_path, "test.rallydesk")


@pytest.fixture(params=STORES)
def dakar_cars(request, tmp_path):
    """The sourced Dakar 2026 cars data imported into a fresh event (a file, then a server)."""
    from rallydesk.services import Event

    path = _location(request, tmp_path, "dakar.rallydesk")
    ev = Event.create(path, "Dakar 2026")
    files = [
        DAKAR_CARS / f"{k}.csv" for k in ("groups", "stages", "entries", "times", "adjustments")
    ]
    ev.import_files(files)
    yield ev
    ev.close()
