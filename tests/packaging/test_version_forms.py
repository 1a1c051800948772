"""pyproject.toml's version in each platform's form (packaging/versions.py, issue 28): the Windows
version resource the spec gives both executables, Info.plist's two version keys.

The resource is only built on Windows; here it is read the way PyInstaller reads it there
(``versioninfo.load_version_info_from_text_file``), serialised to the bytes written into the
.exe and parsed back from them, so a field Explorer would show wrong fails on Linux first.
"""

from __future__ import annotations

import ast
import importlib.util
import struct
import subprocess
import sys
import types
from pathlib import Path

import pytest
from packaging_tree import a_tree, versions

ROOT = Path(__file__).resolve().parents[2]


def a_project(version: str, **changes: str):
    facts = {
        "version": version,
        "app_name": "RallyDesk",
        "bundle_id": "org.rallydesk.RallyDesk",
        "publisher": "The RallyDesk developers",
        "copyright": "Copyright \N{COPYRIGHT SIGN} 2026 The RallyDesk developers",
    }
    return versions.Project(**(facts | changes))


@pytest.mark.parametrize(
    ("version", "numbers", "pre"),
    [
        ("0.1.0", (0, 1, 0, 0), False),
        ("1.12.3", (1, 12, 3, 0), False),
        ("2.0.0rc1", (2, 0, 0, 0), True),
        ("2.0.0b2", (2, 0, 0, 0), True),
        ("1.4.2.post3", (1, 4, 2, 3), False),
        ("1.5.0.dev7", (1, 5, 0, 0), True),
        ("65535.0.1", (65535, 0, 1, 0), False),
    ],
)
def test_windows_numbers_of_a_version(version, numbers, pre):
    assert versions.windows_file_version(version) == numbers
    assert versions.is_prerelease(version) is pre


@pytest.mark.parametrize(
    "version", ["1.2", "1.2.3.4", "v1.2.3", "1.2.3-beta", "1.2.3+local", "", "1!1.0.0"]
)
def test_a_version_windows_or_apple_cannot_hold_is_refused(version):
    with pytest.raises(ValueError, match="MAJOR.MINOR.PATCH"):
        versions.windows_file_version(version)
    with pytest.raises(ValueError, match="MAJOR.MINOR.PATCH"):
        versions.mac_bundle_versions(version)


def test_windows_holds_each_number_in_16_bits():
    with pytest.raises(ValueError, match="16 bits"):
        versions.windows_file_version("65536.0.0")


def test_the_bundle_versions_are_the_release_numbers():
    assert versions.mac_bundle_versions("3.4.5") == {
        "CFBundleShortVersionString": "3.4.5",
        "CFBundleVersion": "3.4.5",
    }
    # Apple takes numbers only: a release candidate shares its release's (the DMG names it)
    assert versions.mac_bundle_versions("3.4.0rc2")["CFBundleVersion"] == "3.4.0"


def test_the_copyright_line_is_the_licences():
    licence = "MIT License\n\nCopyright (c) 2031 Somebody Else\n\nPermission is hereby granted"
    assert versions.copyright_line(licence) == "Copyright \N{COPYRIGHT SIGN} 2031 Somebody Else"
    with pytest.raises(ValueError, match="copyright"):
        versions.copyright_line("no such line")


# ---------------------------------------------------------------- the version resource, as PyInstaller reads it
@pytest.fixture(scope="module")
def versioninfo():
    """PyInstaller's own versioninfo module (the test extra installs PyInstaller).

    Off Windows it cannot be used as it is: it imports ``pefile`` and ``compat.win32api`` for
    its functions that open and patch an .exe, which exist on Windows only (those two get
    stand-ins while it loads, under a private name: the loader, the serialiser and the parser
    used here touch neither), and it packs with ``struct``'s native sizes, which are Windows'
    only on Windows (a C long is 4 bytes there, 8 on 64-bit Linux and macOS): it is given
    :class:`WindowsStruct`."""
    import PyInstaller.compat as compat

    if sys.platform == "win32":
        from PyInstaller.utils.win32 import versioninfo

        return versioninfo
    found = importlib.util.find_spec("PyInstaller.utils.win32.versioninfo")
    assert found and found.origin
    spec = importlib.util.spec_from_file_location("pyinstaller_versioninfo_here", found.origin)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    with pytest.MonkeyPatch.context() as patch:
        if importlib.util.find_spec("pefile") is None:
            patch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
        patch.setattr(compat, "win32api", None, raising=False)
        spec.loader.exec_module(module)
    module.struct = WindowsStruct
    return module


class WindowsStruct:
    """``struct`` with Windows' native sizes and order (LLP64, little-endian): the formats
    versioninfo uses (H, 3H, 13L) have no padding there, so this is byte for byte Windows'."""

    @staticmethod
    def pack(fmt: str, *values: int) -> bytes:
        return struct.pack("<" + fmt, *values)

    @staticmethod
    def unpack(fmt: str, data: bytes) -> tuple[int, ...]:
        return struct.unpack("<" + fmt, data)


def _resource(versioninfo, text: str, tmp_path: Path):
    """The text through PyInstaller's loader, to the bytes it writes into the .exe and back."""
    path = tmp_path / "version.txt"
    path.write_text(text, encoding="utf-8")
    info = versioninfo.load_version_info_from_text_file(str(path))
    raw = info.toRaw()
    back = versioninfo.VSVersionInfo()
    back.fromRaw(raw)
    return back, raw


def _strings(info) -> dict[str, str]:
    tables = [kid for kid in info.kids if kid.__class__.__name__ == "StringFileInfo"]
    assert len(tables) == 1
    (table,) = tables[0].kids
    assert table.name == "040904B0"  # US English, Unicode
    return {s.name: s.val for s in table.kids}


def test_the_version_resource_says_the_version_publisher_and_file(versioninfo, tmp_path):
    proj = a_project("4.17.2.post9")
    text = versions.windows_version_info(proj, "rallydesk-cli.exe", "RallyDesk command line")
    info, raw = _resource(versioninfo, text, tmp_path)
    ffi = info.ffi
    assert ffi.sig == 0xFEEF04BD
    assert (ffi.fileVersionMS, ffi.fileVersionLS) == ((4 << 16) | 17, (2 << 16) | 9)
    assert (ffi.productVersionMS, ffi.productVersionLS) == ((4 << 16) | 17, (2 << 16) | 9)
    assert ffi.fileFlags == 0
    assert ffi.fileType == 1  # VFT_APP
    assert _strings(info) == {
        "CompanyName": "The RallyDesk developers",
        "FileDescription": "RallyDesk command line",
        "FileVersion": "4.17.2.post9",
        "InternalName": "rallydesk-cli",
        "LegalCopyright": "Copyright \N{COPYRIGHT SIGN} 2026 The RallyDesk developers",
        "OriginalFilename": "rallydesk-cli.exe",
        "ProductName": "RallyDesk",
        "ProductVersion": "4.17.2.post9",
    }
    translation = [kid for kid in info.kids if kid.__class__.__name__ == "VarFileInfo"]
    assert translation[0].kids[0].kids == [0x0409, 1200]
    # the bytes themselves, read without PyInstaller: the structure's length comes first, the
    # fixed part follows its signature, the strings are UTF-16
    assert struct.unpack_from("<H", raw)[0] == len(raw)
    at = raw.index(struct.pack("<L", 0xFEEF04BD))
    fixed = struct.unpack_from("<13L", raw, at)
    assert fixed[2:6] == ((4 << 16) | 17, (2 << 16) | 9, (4 << 16) | 17, (2 << 16) | 9)
    assert "ProductVersion\0".encode("utf-16-le") in raw
    assert "4.17.2.post9".encode("utf-16-le") in raw


def test_a_pre_release_is_flagged_as_one(versioninfo, tmp_path):
    info, _ = _resource(
        versioninfo, versions.windows_version_info(a_project("2.0.0rc1"), "X.exe", "X"), tmp_path
    )
    assert info.ffi.fileFlags == versions.VS_FF_PRERELEASE
    assert _strings(info)["ProductVersion"] == "2.0.0rc1"


def test_names_with_quotes_survive_the_text_form(versioninfo, tmp_path):
    proj = a_project("1.0.0", publisher='O\'Brien & "Sons"')
    info, _ = _resource(versioninfo, versions.windows_version_info(proj, "X.exe", "X"), tmp_path)
    assert _strings(info)["CompanyName"] == 'O\'Brien & "Sons"'


def _spec_function(name: str, **namespace):
    """One function of packaging/rallydesk.spec, defined in ``namespace`` (the spec itself runs
    only inside PyInstaller)."""
    spec = ast.parse((ROOT / "packaging" / "rallydesk.spec").read_text(encoding="utf-8"))
    (node,) = [n for n in spec.body if isinstance(n, ast.FunctionDef) and n.name == name]
    exec(compile(ast.Module(body=[node], type_ignores=[]), "rallydesk.spec", "exec"), namespace)
    return namespace[name]


def test_the_spec_writes_each_resource_from_pyproject_on_windows_only(versioninfo, tmp_path):
    proj = versions.project(ROOT)
    for platform, made in (("win32", True), ("linux", False), ("darwin", False)):
        version_resource = _spec_function(
            "version_resource",
            sys=types.SimpleNamespace(platform=platform),
            Path=Path,
            workpath=str(tmp_path),
            versions=versions,
            PROJECT=proj,
        )
        made_here = version_resource("rallydesk-cli.exe", "RallyDesk command line")
        assert (made_here is not None) is made, platform
    written = tmp_path / "version-rallydesk-cli.exe.txt"  # in PyInstaller's work folder
    info = versioninfo.load_version_info_from_text_file(str(written))
    back = versioninfo.VSVersionInfo()
    back.fromRaw(info.toRaw())
    strings = _strings(back)
    assert strings["ProductVersion"] == strings["FileVersion"] == proj.version
    assert strings["OriginalFilename"] == "rallydesk-cli.exe"


def test_the_spec_gives_both_executables_their_resource_and_the_app_its_versions():
    spec = ast.parse((ROOT / "packaging" / "rallydesk.spec").read_text(encoding="utf-8"))
    exes = [
        n for n in ast.walk(spec) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "EXE"
    ]
    assert len(exes) == 2
    for exe in exes:
        version = next(k.value for k in exe.keywords if k.arg == "version")
        assert isinstance(version, ast.Call) and version.func.id == "version_resource"
    (bundle,) = [
        n
        for n in ast.walk(spec)
        if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "BUNDLE"
    ]
    plist = next(k.value for k in bundle.keywords if k.arg == "info_plist")
    assert isinstance(plist, ast.Dict)
    # the two version keys spread in from versions.mac_bundle_versions(PROJECT.version)
    spread = [v for k, v in zip(plist.keys, plist.values, strict=True) if k is None]
    assert [ast.unparse(v) for v in spread] == ["mac_versions"]
    assigned = [
        ast.unparse(n.value)
        for n in ast.walk(spec)
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "mac_versions"
    ]
    assert assigned == ["versions.mac_bundle_versions(PROJECT.version)"]


# ---------------------------------------------------------------- from pyproject.toml, the one place
def test_this_trees_facts_come_from_pyproject_and_the_licence():
    proj = versions.project(ROOT)
    assert proj.version == versions.read_pyproject(ROOT)["project"]["version"]
    assert (proj.app_name, proj.bundle_id) == ("RallyDesk", "org.rallydesk.RallyDesk")
    assert proj.copyright.startswith("Copyright \N{COPYRIGHT SIGN}")
    # the version pyproject.toml holds now is one that every platform's fields can hold
    versions.windows_file_version(proj.version)
    versions.mac_bundle_versions(proj.version)


def _ask(tree: Path, *what: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(tree / "packaging" / "versions.py"), *what],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_the_scripts_reader_answers_from_the_trees_pyproject(tmp_path):
    tree = a_tree(tmp_path, "7.8.9rc4")
    assert _ask(tree, "version").stdout.strip() == "7.8.9rc4"
    assert _ask(tree, "mac-short-version").stdout.strip() == "7.8.9"
    assert _ask(tree, "app-name").stdout.strip() == "RallyDesk"
    bundle = _ask(tree, "requirements", "bundle").stdout.split()
    assert bundle and all(r.lower().startswith("pyinstaller") for r in bundle)
    refused = _ask(tree, "requirements", "nothing")
    assert refused.returncode == 1 and "no extra 'nothing'" in refused.stderr
