"""packaging/build.ps1, the Windows build (issue 28 item 6): PowerShell, so it cannot run here.

What is checked here, on any OS: its syntax, with the tree-sitter PowerShell grammar (a parser
other than PowerShell's own: it finds unbalanced braces, brackets, quotes and broken statements,
not every error PowerShell would); and what it does with the version, read from its text: the
version and PyInstaller's pin come from pyproject.toml through packaging/versions.py, go to ISCC
as /DAppVersion and are checked against what was built. On Windows (the workflow's runners)
PowerShell's own parser reads it too; where no PowerShell is installed (this Linux machine) that
test skips and says so. The script itself runs in the workflow's Windows bundle job only.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import tree_sitter
import tree_sitter_powershell

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "build.ps1"


def syntax_errors(source: str) -> list[str]:
    """Where the tree-sitter PowerShell grammar finds the text broken (none: it parses)."""
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))
    tree = parser.parse(source.encode("utf-8"))
    found: list[str] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            row, column = node.start_point
            what = "missing " + node.type if node.is_missing else "cannot parse"
            found.append(f"line {row + 1}, column {column + 1}: {what}")
        stack.extend(node.children)
    return sorted(found)


@pytest.fixture(scope="module")
def script() -> str:
    return SCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def code(script) -> str:
    """The script without its help block and comment lines."""
    body = re.sub(r"<#.*?#>", "", script, flags=re.S)
    return "\n".join(line for line in body.splitlines() if not line.lstrip().startswith("#"))


def test_the_script_parses(script):
    assert syntax_errors(script) == []


@pytest.mark.parametrize(
    ("broken", "how"),
    [
        ("    Pop-Location\n}", "    Pop-Location\n"),  # the try/finally's closing brace
        ('Write-Host "building $AppName $Version"', 'Write-Host "building $AppName $Version'),
        ('(@("-m", "pip", "install", "-q") + $Bundle)', '(@("-m", "pip" + $Bundle)'),
    ],
)
def test_the_syntax_check_finds_a_broken_script(script, broken, how):
    assert broken in script
    assert syntax_errors(script.replace(broken, how, 1)), f"not found: {how!r}"


def _powershell() -> str | None:
    return shutil.which("pwsh") or shutil.which("powershell")


@pytest.mark.skipif(
    _powershell() is None,
    reason="no PowerShell here (pwsh and powershell not found): the tree-sitter parse is the "
    "syntax check; PowerShell's own parser runs on the workflow's Windows runners",
)
def test_powershells_own_parser_reads_the_script():
    check = (
        "$errors = $null; $tokens = $null; "
        f"[System.Management.Automation.Language.Parser]::ParseFile('{SCRIPT}', "
        "[ref]$tokens, [ref]$errors) | Out-Null; "
        "$errors | ForEach-Object { $_.Extent.StartLineNumber.ToString() + ': ' + $_.Message }"
    )
    done = subprocess.run(
        [str(_powershell()), "-NoProfile", "-NonInteractive", "-Command", check],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


# ---------------------------------------------------------------- the version, from pyproject.toml
def test_no_version_and_no_pin_written_in_the_script(code):
    assert not re.findall(r"\b\d+\.\d+\.\d+\b", code)  # nothing like a version
    assert "pyinstaller>=" not in code.lower() and "pyinstaller==" not in code.lower()


def test_the_venv_is_made_by_the_python_launchers_3_12_in_scripts(script):
    assert re.search(r'Invoke-Checked "py" @\("-3\.12", "-m", "venv", "\.venv"\)', script)
    assert '".venv\\Scripts\\python.exe"' in script


def test_the_version_and_the_pin_are_read_from_pyproject_through_versions_py(script):
    assert re.search(r"\$Version = \(& \$VenvPython packaging\\versions\.py version\b", script)
    assert re.search(
        r"\$Bundle = @\(& \$VenvPython packaging\\versions\.py requirements bundle\)", script
    )
    assert re.search(r"\$AppName = \(& \$VenvPython packaging\\versions\.py app-name\b", script)


def test_the_spec_is_built_then_the_installer_with_that_version(script):
    pyinstaller = script.index('"-m", "PyInstaller"')
    assert '"packaging\\rallydesk.spec")' in script[pyinstaller:]
    iscc = script.index('Invoke-Checked $Iscc @("/Q", "/DAppVersion=$Version", ')
    assert 'packaging\\windows\\rallydesk.iss")' in script[iscc:]
    assert pyinstaller < iscc
    # the installer's name is the .iss's OutputBaseFilename for that version
    iss = (ROOT / "packaging" / "windows" / "rallydesk.iss").read_text(encoding="utf-8")
    assert "OutputBaseFilename={#AppName}-{#AppVersion}-setup" in iss
    assert '"dist\\$AppName-$Version-setup.exe"' in script


def test_what_was_built_is_checked_against_the_version(script):
    assert "--version" in script and "pyproject.toml says $Version" in script
    assert "$Info.ProductVersion -ne $Version" in script
    assert 'foreach ($Exe in @("$AppName.exe", "rallydesk-cli.exe"))' in script


def test_every_program_call_is_checked(code):
    """Windows PowerShell 5.1 does not stop on a program's exit code: the pip, PyInstaller and
    ISCC calls go through Invoke-Checked, and the others test $LASTEXITCODE themselves."""
    for call in ('"pip", "install"', '"-m", "PyInstaller"', "/DAppVersion", '"venv", ".venv"'):
        lines = [line for line in code.splitlines() if call in line]
        assert lines, call
        assert all("Invoke-Checked" in line for line in lines), lines
    for direct in re.finditer(r"= \(?@?\(?& [^\n]+", code):
        following = code[direct.end() : direct.end() + 200]
        assert "$LASTEXITCODE" in following, direct.group(0)
