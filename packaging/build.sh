#!/usr/bin/env bash
# Build the one-folder RallyDesk with PyInstaller on Linux and macOS: dist/RallyDesk/RallyDesk (and
# RallyDesk.app on macOS; then packaging/macos/dmg.sh makes the disk image).
# Windows has its own script, packaging/build.ps1 (PowerShell: py -3.12, .venv\Scripts, the installer).
#
#   packaging/build.sh            uses .venv (made and filled with the server and bundle extras if missing)
#   PYTHON=/path/to/python packaging/build.sh
#
# The version, the name and PyInstaller's pin come from pyproject.toml (packaging/versions.py).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PYTHON:-}" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  PYTHON=.venv/bin/python
fi
# an editable install (the README's) is kept: PyInstaller reads the package from the source tree
"$PYTHON" -c "import rallydesk" 2>/dev/null || "$PYTHON" -m pip install -q ".[server]"
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
  requirements="$("$PYTHON" packaging/versions.py requirements bundle)"
  bundle=()  # (macOS's bash 3.2 has no mapfile)
  while IFS= read -r requirement; do bundle+=("$requirement"); done <<<"$requirements"
  "$PYTHON" -m pip install -q "${bundle[@]}"
fi
version="$("$PYTHON" packaging/versions.py version)"
# the licence texts of every distribution installed for the build, into the resources the bundle
# carries (the bundle has no .dist-info to read them from): Help > About shows them
"$PYTHON" -m rallydesk.licences
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/rallydesk.spec
# the bundle says the version it was built from: the installed metadata it carries (an editable
# install keeps the version it had when installed) must be pyproject.toml's
said="$(dist/RallyDesk/rallydesk-cli --version)"
[ "$said" = "rallydesk $version" ] || {
  echo "build.sh: the bundle says '$said', pyproject.toml $version: reinstall (\"$PYTHON\" -m pip install -e .) and build again" >&2
  exit 1
}
if [ "$(uname -s)" = Linux ]; then
  # the system libraries PyInstaller copied for Qt's plugins (X11, GLib, GTK…): their packages'
  # notices join the bundle's, read by Help > About (a library of nobody's stops the build)
  "$PYTHON" packaging/system_licences.py dist/RallyDesk/_internal \
    "$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  # the desktop integration travels with the bundle: RallyDesk/linux/install.sh
  rm -rf dist/RallyDesk/linux && cp -r packaging/linux dist/RallyDesk/linux
fi
echo "built dist/RallyDesk $version ($(du -sh dist/RallyDesk | cut -f1))"
