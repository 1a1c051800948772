#!/usr/bin/env bash
# Build the one-folder RallyDesk with PyInstaller: dist/RallyDesk/RallyDesk (and RallyDesk.app on macOS).
#
#   packaging/build.sh            uses .venv (made and filled if missing)
#   PYTHON=/path/to/python packaging/build.sh
#
# On Windows run the same steps from Git Bash, or by hand in PowerShell:
#   py -m venv .venv; .venv\Scripts\pip install . pyinstaller
#   .venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\rallydesk.spec
set -euo pipefail
cd "$(dirname "$0")/.."

PYINSTALLER_VERSION="${PYINSTALLER_VERSION:-pyinstaller>=6.10,<7}"
if [ -z "${PYTHON:-}" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  PYTHON=.venv/bin/python
  [ -x .venv/Scripts/python.exe ] && PYTHON=.venv/Scripts/python.exe
fi
# an editable install (the README's) is kept: PyInstaller reads the package from the source tree
"$PYTHON" -c "import rallydesk" 2>/dev/null || "$PYTHON" -m pip install -q .
"$PYTHON" -c "import PyInstaller" 2>/dev/null || "$PYTHON" -m pip install -q "$PYINSTALLER_VERSION"
# the licence texts of every distribution installed for the build, into the resources the bundle
# carries (the bundle has no .dist-info to read them from): Help > About shows them
"$PYTHON" -m rallydesk.licences
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/rallydesk.spec
if [ "$(uname -s)" = Linux ]; then  # the desktop integration travels with the bundle: RallyDesk/linux/install.sh
  rm -rf dist/RallyDesk/linux && cp -r packaging/linux dist/RallyDesk/linux
fi
echo "built dist/RallyDesk ($(du -sh dist/RallyDesk | cut -f1))"
