"""The GitHub workflow (.github/workflows/ci.yml) is valid and says what it runs (issue 28).

It runs only on GitHub, never here: this test is what keeps it honest offline. The file is
checked against SchemaStore's workflow schema (vendored in tests/packaging/schemas/, see the
README there) with the ``jsonschema`` library, then against the tree: every script it runs
exists, every extra it installs is declared, the platforms are all there, and the tools it says
a runner lacks are kinds tests/optional_tools.py knows.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import optional_tools
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
SCHEMA = Path(__file__).with_name("schemas") / "github-workflow.json"


def load_workflow(text: str) -> dict[str, Any]:
    """The workflow as GitHub reads it. PyYAML follows YAML 1.1, where a bare ``on`` is the
    boolean true: the key is given back its name (GitHub reads YAML 1.2)."""
    doc = yaml.safe_load(text)
    if True in doc:
        doc["on"] = doc.pop(True)
    return doc


def schema_errors(doc: dict[str, Any]) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
        for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    ]


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return load_workflow(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job["steps"]]


def scripts(workflow: dict[str, Any]) -> str:
    return "\n".join(s.get("run", "") for s in steps(workflow))


def test_the_workflow_is_valid_against_the_github_workflow_schema(workflow):
    assert schema_errors(workflow) == []


def test_the_schema_check_finds_a_broken_workflow():
    """The check is not vacuous: a misspelt key and a job without runs-on are both reported."""
    broken = load_workflow("name: x\non: push\njobs:\n  test:\n    stepz:\n      - run: echo\n")
    errors = schema_errors(broken)
    assert errors and any("stepz" in e for e in errors), errors


def test_every_script_the_workflow_runs_is_in_the_tree(workflow):
    named = set(
        re.findall(r"(?:packaging|\.ci)/[\w./-]+\.(?:sh|ps1|py|iss)|\.ci/run", scripts(workflow))
    )
    assert named, "the workflow runs none of the packaging scripts"
    missing = sorted(p for p in named if not (ROOT / p).is_file())
    assert not missing, f"the workflow runs {missing}, not in the tree"


def test_every_extra_the_workflow_installs_is_declared(workflow):
    extras = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
            "optional-dependencies"
        ]
    )
    installed = {
        e for group in re.findall(r"\.\[([\w,]+)\]", scripts(workflow)) for e in group.split(",")
    }
    assert installed and installed <= extras, installed - extras


def test_the_suite_runs_on_linux_windows_and_both_macs(workflow):
    test = workflow["jobs"]["test"]
    rows = test["strategy"]["matrix"]["include"]
    labels = {r["os"] for r in rows}
    assert {"ubuntu-latest", "windows-latest", "macos-latest", "macos-15-intel"} <= labels
    assert any("pytest" in s.get("run", "") for s in test["steps"])
    assert test["env"]["RALLYDESK_TEST_SKIP"] == "${{ matrix.skip }}"
    assert workflow["env"]["QT_QPA_PLATFORM"] == "offscreen"


def test_a_runner_skips_only_kinds_the_tests_know(workflow):
    for row in workflow["jobs"]["test"]["strategy"]["matrix"]["include"]:
        kinds = {k for k in row.get("skip", "").split(",") if k}
        assert kinds <= set(optional_tools.KINDS), (row["label"], kinds)


def test_the_bundles_are_built_and_uploaded_on_every_os(workflow):
    bundle = workflow["jobs"]["bundle"]
    oses = {r["os"] for r in bundle["strategy"]["matrix"]["include"]}
    assert {"ubuntu-latest", "windows-latest", "macos-latest", "macos-15-intel"} <= oses
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in bundle["steps"])


def test_skipped_kinds_fail_loudly_when_misspelt(monkeypatch):
    monkeypatch.setenv("RALLYDESK_TEST_SKIP", "postgres")
    with pytest.raises(pytest.fail.Exception, match="expected some of postgresql"):
        optional_tools.skipped_kinds()


def test_a_kind_the_runner_lacks_skips_even_on_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("RALLYDESK_TEST_SKIP", "browser,office")
    with pytest.raises(pytest.skip.Exception, match="not installed on this runner"):
        optional_tools.missing("office", "soffice not installed")
    with pytest.raises(pytest.fail.Exception, match="postgresql tests cannot run on CI"):
        optional_tools.missing("postgresql", "initdb not found")


def test_the_bundle_job_calls_the_build_scripts_and_copies_none_of_their_steps(workflow):
    """The build is packaging/build.sh, packaging/build.ps1 and packaging/macos/dmg.sh: the
    workflow calls them (so they are what is maintained and run), never repeats their steps."""
    bundle = workflow["jobs"]["bundle"]["steps"]
    calls = [(s.get("run", "").strip(), s.get("if", ""), s.get("shell", "bash")) for s in bundle]
    unix = calls.index(("packaging/build.sh", "runner.os != 'Windows'", "bash"))
    windows = calls.index(("./packaging/build.ps1", "runner.os == 'Windows'", "pwsh"))
    dmg = calls.index(("packaging/macos/dmg.sh", "runner.os == 'macOS'", "bash"))
    assert unix < dmg  # the app first, then its disk image
    upload = next(s for s in bundle if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert {"dist/*-setup.exe", "dist/*.dmg", "dist/*.tar.gz"} <= set(
        upload["with"]["path"].split()
    )
    others = "\n".join(run for i, (run, _, _) in enumerate(calls) if i not in (unix, windows, dmg))
    for step in ("pyinstaller", "/dappversion", "hdiutil", "codesign", "pip install", "-m venv"):
        assert step not in others.lower(), f"the workflow repeats a build step: {step}"
    assert "tomllib" not in others  # nor reads the version itself
