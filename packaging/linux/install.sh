#!/usr/bin/env bash
# Register RallyDesk for the current user (no root): menu entry, icons, the .rallydesk file type
# (double-click opens it in RallyDesk), AppStream metainfo.
#
#   packaging/linux/install.sh [COMMAND]     COMMAND runs RallyDesk; default: the bundle next to
#                                            this script, dist/RallyDesk/RallyDesk, or `rallydesk`
#   packaging/linux/install.sh --uninstall
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
id=org.rallydesk.RallyDesk
sizes="16 22 24 32 48 64 128 256"

refresh() {
  command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -f -t "$data/icons/hicolor" 2>/dev/null || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$data/applications/$id.desktop" "$data/mime/packages/$id.xml" "$data/metainfo/$id.metainfo.xml"
  for s in $sizes; do rm -f "$data/icons/hicolor/${s}x${s}/apps/rallydesk.png"; done
  rm -f "$data/icons/hicolor/scalable/apps/rallydesk.svg"
  refresh
  echo "RallyDesk unregistered for ${USER:-$(id -un)}"
  exit 0
fi

exe="${1:-}"
if [ -z "$exe" ]; then
  for candidate in "$here/../RallyDesk" "$here/../../dist/RallyDesk/RallyDesk"; do
    if [ -x "$candidate" ] && [ -f "$candidate" ]; then exe="$(cd "$(dirname "$candidate")" && pwd)/RallyDesk"; break; fi
  done
fi
[ -n "$exe" ] || exe="$(command -v rallydesk || true)"
if [ -z "$exe" ]; then
  echo "install.sh: no RallyDesk found; give the command to run as the first argument" >&2
  exit 1
fi

mkdir -p "$data/applications" "$data/mime/packages" "$data/metainfo"
for s in $sizes; do
  install -D -m 644 "$here/icons/hicolor/${s}x${s}/apps/rallydesk.png" "$data/icons/hicolor/${s}x${s}/apps/rallydesk.png"
done
install -D -m 644 "$here/icons/hicolor/scalable/apps/rallydesk.svg" "$data/icons/hicolor/scalable/apps/rallydesk.svg"
# the Exec and TryExec keys name this machine's RallyDesk (quoted: the path may have spaces)
quoted="\"${exe//\"/\\\"}\""
sed -e "s|^Exec=rallydesk |Exec=$quoted |" -e "s|^TryExec=rallydesk$|TryExec=$exe|" \
  "$here/$id.desktop" > "$data/applications/$id.desktop"
install -m 644 "$here/$id.mime.xml" "$data/mime/packages/$id.xml"
install -m 644 "$here/$id.metainfo.xml" "$data/metainfo/$id.metainfo.xml"
refresh
command -v xdg-mime >/dev/null && xdg-mime default "$id.desktop" application/x-rallydesk 2>/dev/null || true
echo "RallyDesk registered for ${USER:-$(id -un)}: $exe (menu entry, icons, .rallydesk files)"
