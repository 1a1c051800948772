"""The POSIX build scripts run here in a copy of the tree whose pyproject.toml says another
version, with shell scripts standing for the programs they drive (issue 28):

- packaging/build.sh takes PyInstaller's pin from pyproject.toml's bundle extra and builds the spec;
- packaging/macos/dmg.sh (with hdiutil, ditto, codesign, xcrun stand-ins) names and labels the disk
  image from pyproject.toml, refuses an app built from another version, and signs and notarises
  only when asked, saying plainly when it does not.

What this cannot show: that PyInstaller, hdiutil, codesign and notarytool accept these arguments
on a Mac. That is the workflow's macOS jobs (.github/workflows/ci.yml), never run by us (README);
build.sh itself runs for real in .ci/run on Linux.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging_tree import a_tree, versions

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.posix(reason="bash, and shell scripts standing for the programs")

# ---------------------------------------------------------------- build.sh
#: a Python that answers build.sh's questions: versions.py for real, PyInstaller missing (so the
#: pin is installed), pip and PyInstaller recorded (PyInstaller makes the folder it would)
FAKE_PYTHON = """#!/bin/sh
echo "python $*" >> "$STUB_LOG"
case "$1" in
  packaging/versions.py) exec "$REAL_PYTHON" "$@" ;;
  -c) case "$2" in *PyInstaller*) exit 1 ;; *) exit 0 ;; esac ;;
  -m) if [ "$2" = PyInstaller ]; then
        mkdir -p dist/RallyDesk && echo desk > dist/RallyDesk/RallyDesk
        printf '#!/bin/sh\necho "rallydesk %s"\n' "${STUB_BUILT_VERSION:-$("$REAL_PYTHON" packaging/versions.py version)}" > dist/RallyDesk/rallydesk-cli
        chmod +x dist/RallyDesk/rallydesk-cli
      fi ;;
esac
exit 0
"""


def build_sh(tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """build.sh in a tree at 7.8.9rc1 whose bundle extra pins pyinstaller==6.99.1: what it
    printed and the calls the stand-in Python recorded."""
    tree = a_tree(tmp_path, "7.8.9rc1")
    pyproject = tree / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pin = versions.requirements("bundle", ROOT)
    assert len(pin) == 1 and f'bundle = ["{pin[0]}"]' in text
    pyproject.write_text(text.replace(f'bundle = ["{pin[0]}"]', 'bundle = ["pyinstaller==6.99.1"]'))
    shutil.copy(ROOT / "packaging" / "build.sh", tree / "packaging")
    shutil.copytree(ROOT / "packaging" / "linux", tree / "packaging" / "linux")
    python, log = tmp_path / "python", tmp_path / "calls.log"
    python.write_text(FAKE_PYTHON, encoding="utf-8")
    python.chmod(0o755)
    log.touch()
    done = subprocess.run(
        ["bash", str(tree / "packaging" / "build.sh")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=os.environ
        | {"PYTHON": str(python), "REAL_PYTHON": sys.executable, "STUB_LOG": str(log)}
        | env,
        timeout=60,
    )
    return done, log.read_text(encoding="utf-8").splitlines()


def test_build_sh_installs_pyprojects_pyinstaller_pin_and_builds_the_spec(tmp_path):
    done, called = build_sh(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "python -m pip install -q pyinstaller==6.99.1" in called
    assert "python -m rallydesk.licences" in called  # before the bundle: About lists them
    if sys.platform.startswith("linux"):  # then the system libraries the bundle carries
        lib = [c for c in called if c.startswith("python packaging/system_licences.py")]
        assert lib and lib[0].split()[2] == "dist/RallyDesk/_internal"
        assert called.index(lib[0]) > called.index(next(c for c in called if "PyInstaller --" in c))
    build = [c for c in called if c.startswith("python -m PyInstaller")]
    assert len(build) == 1 and build[0].endswith("packaging/rallydesk.spec")
    assert called.index("python -m rallydesk.licences") < called.index(build[0])
    assert done.stdout.splitlines()[-1].startswith("built dist/RallyDesk 7.8.9rc1 ")


def test_build_sh_refuses_a_bundle_that_says_another_version(tmp_path):
    """An editable install keeps the version it had when installed: the bundle would carry it."""
    done, _ = build_sh(tmp_path, STUB_BUILT_VERSION="7.8.8")
    assert done.returncode == 1
    assert "the bundle says 'rallydesk 7.8.8', pyproject.toml 7.8.9rc1: reinstall" in done.stderr


# ---------------------------------------------------------------- macos/dmg.sh

STUBS = {
    # hdiutil create ... -srcfolder DIR ... OUT: the image is a file listing what was staged
    "hdiutil": """#!/bin/sh
echo "hdiutil $*" >> "$STUB_LOG"
if [ "$1" = create ] && [ "$(grep -c '^hdiutil create' "$STUB_LOG")" -le "${STUB_BUSY:-0}" ]; then
  echo "hdiutil: create failed - Resource busy" >&2
  exit 1
fi
if [ "$1" = create ]; then
  while [ $# -gt 1 ]; do
    [ "$1" = -srcfolder ] && staged="$2"
    shift
  done
  ls -A "$staged" > "$1"
  for entry in "$staged"/*; do
    if [ -L "$entry" ]; then echo "link $entry -> $(readlink "$entry")" >> "$1"; fi
  done
fi
""",
    "ditto": """#!/bin/sh
echo "ditto $*" >> "$STUB_LOG"
cp -R "$1" "$2"
""",
    "codesign": """#!/bin/sh
echo "codesign $*" >> "$STUB_LOG"
""",
    "xcrun": """#!/bin/sh
echo "xcrun $*" >> "$STUB_LOG"
if [ "$1" = notarytool ]; then
  printf '{"id": "0f1e2d", "status": "%s", "message": "stub"}\\n' "${STUB_NOTARY_STATUS:-Accepted}"
fi
""",
}

ARCH = subprocess.run(["uname", "-m"], capture_output=True, text=True).stdout.strip()


@pytest.fixture
def mac(tmp_path):
    """A tree at version 7.8.9rc1 with an app built from it, and the stand-in programs."""
    tree = a_tree(tmp_path, "7.8.9rc1")
    (tree / "packaging" / "macos").mkdir()
    for name in ("dmg.sh", "entitlements.plist"):
        shutil.copy(ROOT / "packaging" / "macos" / name, tree / "packaging" / "macos")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in STUBS.items():
        (bin_dir / name).write_text(text, encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    write_app(tree, "7.8.9", "7.8.9")
    return tree, bin_dir, tmp_path / "calls.log"


def write_app(tree: Path, short: str, build: str) -> None:
    contents = tree / "dist" / "RallyDesk.app" / "Contents"
    (contents / "MacOS").mkdir(parents=True, exist_ok=True)
    (contents / "MacOS" / "RallyDesk").write_text("the desk", encoding="utf-8")
    info = {"CFBundleName": "RallyDesk", "CFBundleShortVersionString": short}
    info["CFBundleVersion"] = build
    (contents / "Info.plist").write_bytes(plistlib.dumps(info))


def run_dmg(mac, **env: str) -> subprocess.CompletedProcess[str]:
    tree, bin_dir, log = mac
    log.touch()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MACOS_")}
    clean |= {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "STUB_LOG": str(log)}
    clean |= {"PYTHON": sys.executable} | env
    return subprocess.run(
        ["bash", str(tree / "packaging" / "macos" / "dmg.sh")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=clean,
        timeout=60,
    )


def calls(mac) -> list[str]:
    return mac[2].read_text(encoding="utf-8").splitlines()


def test_the_image_is_named_and_labelled_from_pyproject_and_says_it_is_unsigned(mac):
    done = run_dmg(mac)
    assert done.returncode == 0, done.stderr
    dmg = mac[0] / "dist" / f"RallyDesk-7.8.9rc1-macos-{ARCH}.dmg"
    assert dmg.is_file()
    staged = dmg.read_text(encoding="utf-8")
    assert "RallyDesk.app" in staged and "-> /Applications" in staged  # drag one onto the other
    create = [c for c in calls(mac) if c.startswith("hdiutil create")]
    assert len(create) == 1 and "-volname RallyDesk 7.8.9rc1 " in create[0]
    assert any(c.startswith("hdiutil verify") for c in calls(mac))
    assert not [c for c in calls(mac) if c.startswith(("codesign", "xcrun"))]
    assert "NOT SIGNED (MACOS_SIGN_IDENTITY is not set)" in done.stderr
    assert "not notarised" in done.stdout.splitlines()[-1]


def test_an_app_built_from_another_version_is_refused(mac):
    write_app(mac[0], "7.8.8", "7.8.8")
    done = run_dmg(mac)
    assert done.returncode == 1
    assert "says version '7.8.8 7.8.8', pyproject.toml 7.8.9rc1 (7.8.9)" in done.stderr
    assert "rebuild it with packaging/build.sh" in done.stderr
    assert not calls(mac)


def test_no_app_no_image(mac):
    shutil.rmtree(mac[0] / "dist")
    done = run_dmg(mac)
    assert done.returncode == 1 and "run packaging/build.sh first" in done.stderr


def test_signed_and_notarised_when_the_identity_and_a_notary_profile_are_given(mac):
    identity = "Developer ID Application: Rally Org (TEAM123)"
    done = run_dmg(mac, MACOS_SIGN_IDENTITY=identity, MACOS_NOTARY_PROFILE="rallydesk-notary")
    assert done.returncode == 0, done.stderr
    log = calls(mac)
    dmg = f"dist/RallyDesk-7.8.9rc1-macos-{ARCH}.dmg"
    signing = [c for c in log if c.startswith("codesign --force")]
    assert len(signing) == 2
    assert "--options runtime --entitlements packaging/macos/entitlements.plist" in signing[0]
    assert signing[0].endswith(f"--sign {identity} dist/RallyDesk.app")
    assert signing[1].endswith(f"--sign {identity} {dmg}")
    # in that order: the app signed, staged, imaged, the image signed, notarised, stapled
    order = [c.split()[0] + " " + c.split()[1] for c in log]
    assert order == [
        "codesign --force",
        "codesign --verify",
        "ditto dist/RallyDesk.app",
        "hdiutil create",
        "codesign --force",
        "xcrun notarytool",
        "xcrun stapler",
        "hdiutil verify",
    ]
    notary = next(c for c in log if c.startswith("xcrun notarytool"))
    assert f"submit {dmg} --wait" in notary and "--keychain-profile rallydesk-notary" in notary
    assert f"signed by '{identity}'; notarised and stapled" in done.stdout.splitlines()[-1]


def test_an_apple_id_notarises_with_all_three_of_its_values_only(mac):
    ids = {"MACOS_NOTARY_APPLE_ID": "desk@example.org", "MACOS_NOTARY_TEAM_ID": "TEAM123"}
    half = run_dmg(mac, MACOS_SIGN_IDENTITY="Developer ID Application: X", **ids)
    assert half.returncode == 1 and "needs all three" in half.stderr
    done = run_dmg(
        mac, MACOS_SIGN_IDENTITY="Developer ID Application: X", MACOS_NOTARY_PASSWORD="pw", **ids
    )
    assert done.returncode == 0, done.stderr
    notary = next(c for c in calls(mac) if c.startswith("xcrun notarytool"))
    assert "--apple-id desk@example.org --team-id TEAM123 --password pw" in notary


def test_a_rejected_notarisation_fails_the_build(mac):
    done = run_dmg(
        mac,
        MACOS_SIGN_IDENTITY="Developer ID Application: X",
        MACOS_NOTARY_PROFILE="p",
        STUB_NOTARY_STATUS="Invalid",
    )
    assert done.returncode == 1
    assert "answered 'Invalid'" in done.stderr and "notarytool log" in done.stderr
    assert not [c for c in calls(mac) if c.startswith("xcrun stapler")]


def test_notarisation_without_a_signature_is_refused_before_anything_is_made(mac):
    done = run_dmg(mac, MACOS_NOTARY_PROFILE="p")
    assert done.returncode == 1 and "Apple notarises signed apps only" in done.stderr
    assert not calls(mac)


def test_signed_but_not_notarised_says_so(mac):
    done = run_dmg(mac, MACOS_SIGN_IDENTITY="Developer ID Application: X")
    assert done.returncode == 0, done.stderr
    assert "NOT NOTARISED" in done.stderr
    assert not [c for c in calls(mac) if c.startswith("xcrun")]


def test_a_busy_hdiutil_is_tried_again_then_given_up_on(mac):
    done = run_dmg(mac, STUB_BUSY="2", DMG_RETRY_SECONDS="0")
    assert done.returncode == 0, done.stderr
    assert len([c for c in calls(mac) if c.startswith("hdiutil create")]) == 3
    assert "hdiutil create failed (try 2 of 5)" in done.stderr
    mac[2].unlink()
    never = run_dmg(mac, STUB_BUSY="99", DMG_RETRY_SECONDS="0", DMG_TRIES="3")
    assert never.returncode == 1
    assert "Resource busy" in never.stderr and "hdiutil create failed 3 times" in never.stderr
    assert len([c for c in calls(mac) if c.startswith("hdiutil create")]) == 3
