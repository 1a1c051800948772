"""What pip and an installer read from pyproject.toml (issue 28): dependencies that install on
every platform officials use, an SPDX licence with its file, the README's test command the one CI
runs, and a clear message where the optional server extra is missing."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_psycopg_is_the_server_extra_not_a_core_dependency():
    assert "psycopg" not in _names(PROJECT["dependencies"])
    assert _names(PROJECT["optional-dependencies"]["server"]) == {"psycopg"}
    assert "tzdata" in _names(PROJECT["dependencies"])


def test_python_range_is_bounded_where_pyside6_stops():
    assert PROJECT["requires-python"] == ">=3.11,<3.15"
    versions = {c.rsplit(" ", 1)[-1] for c in PROJECT["classifiers"] if "Python :: 3." in c}
    assert versions == {"3.11", "3.12", "3.13", "3.14"}


def test_spdx_licence_and_its_file():
    assert PROJECT["license"] == "MIT"
    assert PROJECT["license-files"] == ["LICENSE"]
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_a_windowed_entry_beside_the_command_line():
    assert PROJECT["scripts"]["rallydesk"] == "rallydesk.cli:main"
    assert PROJECT["gui-scripts"]["rallydesk-desk"] == "rallydesk.cli:main"


def test_translation_sources_stay_out_of_the_wheel():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    shipped = setuptools["package-data"]["rallydesk"]
    assert "resources/translations/*.qm" in shipped
    excluded = setuptools["exclude-package-data"]
    assert excluded["rallydesk.resources.translations"] == ["*.ts"]
    # every resource folder is listed (a new one would silently stay out of the wheel)
    folders = {p.split("/")[1] for p in shipped}
    assert {d.name for d in (ROOT / "rallydesk" / "resources").iterdir() if d.is_dir()} <= folders


def test_readme_test_command_is_the_one_ci_runs():
    readme = [
        line
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if line.endswith("-m pytest -q")
    ]
    ci = [
        line
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.endswith("-m pytest -q")
    ]
    assert readme and readme[:1] == ci
    assert "'.[test,server]'" in ci[0]


def test_server_url_without_psycopg_says_what_to_install():
    code = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from rallydesk.store.pg import connect\n"
        "from rallydesk.store.errors import StoreError\n"
        "try:\n"
        "    connect('postgresql://someone@127.0.0.1:1/event')\n"
        "except StoreError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "pip install 'rallydesk[server]'" in done.stdout
    assert "Traceback" not in done.stderr
