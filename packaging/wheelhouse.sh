#!/usr/bin/env bash
# A folder of every wheel RallyDesk needs on one platform: copy it to a USB stick, install at a
# bivouac with no network (README "Install at a bivouac"):
#
#   packaging/wheelhouse.sh                                  this machine's platform and Python
#   packaging/wheelhouse.sh win_amd64 3.13                   another platform (and Python version)
#   packaging/wheelhouse.sh macosx_13_0_arm64 3.12 dist/wh   ... into another folder
#   PYTHON=py EXTRAS=server packaging/wheelhouse.sh          the Python to run, the extras to add
#
# Then, with no network:  pip install --no-index --find-links wheelhouse 'rallydesk[server]'
# Platform tags: win_amd64, win_arm64 (no server extra there: no psycopg-binary wheel),
# macosx_13_0_arm64, macosx_13_0_x86_64, manylinux_2_34_x86_64, manylinux_2_39_aarch64.
set -euo pipefail
cd "$(dirname "$0")/.."

platform="${1:-}"
python_version="${2:-}"
out="${3:-dist/wheelhouse${platform:+-$platform}}"
extras="${EXTRAS-server}"
if [ -z "${PYTHON:-}" ]; then
  PYTHON=python3
  command -v python3 >/dev/null || PYTHON=python  # Git Bash on Windows has python, or py
  command -v "$PYTHON" >/dev/null || PYTHON=py
fi
version="$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
mkdir -p "$out"
rm -f "$out"/rallydesk-*.whl
# RallyDesk's own wheel (pure Python: the same file for every platform)
"$PYTHON" -m pip wheel -q --no-deps -w "$out" . 2>&1 | grep -v "is ignored" || true
target=()
if [ -n "$platform" ]; then
  target=(--platform "$platform" --implementation cp)
  [ -n "$python_version" ] && target+=(--python-version "$python_version")
fi
# every dependency as a wheel for that platform (the find-links finds the wheel just built)
"$PYTHON" -m pip download -q --only-binary=:all: "${target[@]}" -d "$out" --find-links "$out" \
  "rallydesk${extras:+[$extras]}==$version" 2>&1 | grep -v "is ignored" || true
ls "$out" | grep -qi '^pyside6_essentials-' || {
  echo "wheelhouse: $out lacks PySide6-Essentials (the download failed)" >&2
  exit 1
}
echo "wheelhouse: $out ($(ls "$out" | wc -l) wheels, $(du -sh "$out" | cut -f1)) for ${platform:-this machine}"
echo "install with no network: pip install --no-index --find-links $out 'rallydesk${extras:+[$extras]}'"
