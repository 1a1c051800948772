#!/usr/bin/env bash
# The macOS disk image of the app packaging/build.sh made: dist/<app>-<version>-macos-<arch>.dmg
# holding <app>.app and a link to /Applications (drag one onto the other). The name and the version
# are pyproject.toml's (packaging/versions.py); the app's Info.plist must say that version.
#
#   packaging/build.sh && packaging/macos/dmg.sh
#
# Signing and notarisation are optional, by environment variables (the workflow passes secrets):
#   MACOS_SIGN_IDENTITY   "Developer ID Application: NAME (TEAMID)" in the keychain: the app
#                         (hardened runtime, packaging/macos/entitlements.plist) and the DMG are
#                         signed with it
#   MACOS_NOTARY_PROFILE  a notarytool keychain profile (xcrun notarytool store-credentials), or
#   MACOS_NOTARY_APPLE_ID, MACOS_NOTARY_TEAM_ID, MACOS_NOTARY_PASSWORD (an app-specific password):
#                         the signed DMG is notarised by Apple and the ticket stapled to it
# Without them the DMG is made all the same, unsigned or not notarised, and the script says so
# plainly: Gatekeeper then refuses a double-click on the app, the official opens it once with
# right-click > Open (macOS 15 and later: System Settings > Privacy & Security > Open Anyway).
# DMG_TRIES (5) and DMG_RETRY_SECONDS (10): how often hdiutil create is tried when the Mac is busy.
set -euo pipefail
cd "$(dirname "$0")/../.."

die() { echo "dmg.sh: $*" >&2; exit 1; }
if [ -z "${PYTHON:-}" ]; then
  PYTHON=python3
  [ -x .venv/bin/python ] && PYTHON=.venv/bin/python  # build.sh's (tomllib needs Python 3.11+)
fi
app_name="$("$PYTHON" packaging/versions.py app-name)"
version="$("$PYTHON" packaging/versions.py version)"
short="$("$PYTHON" packaging/versions.py mac-short-version)"
app="dist/$app_name.app"
[ -d "$app" ] || die "$app not found: run packaging/build.sh first (on macOS)"
command -v hdiutil >/dev/null || die "hdiutil not found: the disk image is made on macOS"

# the app must be the one built from this version (CFBundleShortVersionString, CFBundleVersion)
said="$("$PYTHON" -c 'import plistlib, sys
info = plistlib.load(open(sys.argv[1], "rb"))
print(info.get("CFBundleShortVersionString"), info.get("CFBundleVersion"))' "$app/Contents/Info.plist")"
[ "$said" = "$short $short" ] ||
  die "$app's Info.plist says version '$said', pyproject.toml $version ($short): rebuild it with packaging/build.sh"

arch="$(uname -m)"  # arm64 or x86_64: one DMG per architecture, each built on its own Mac
dmg="dist/$app_name-$version-macos-$arch.dmg"
identity="${MACOS_SIGN_IDENTITY:-}"
notarise=""  # (the array is only expanded when set: macOS's bash 3.2 calls an empty one unbound)
if [ -n "${MACOS_NOTARY_PROFILE:-}" ]; then
  notarise=profile
  notary=(--keychain-profile "$MACOS_NOTARY_PROFILE")
elif [ -n "${MACOS_NOTARY_APPLE_ID:-}${MACOS_NOTARY_TEAM_ID:-}${MACOS_NOTARY_PASSWORD:-}" ]; then
  [ -n "${MACOS_NOTARY_APPLE_ID:-}" ] && [ -n "${MACOS_NOTARY_TEAM_ID:-}" ] && [ -n "${MACOS_NOTARY_PASSWORD:-}" ] ||
    die "notarisation needs all three of MACOS_NOTARY_APPLE_ID, MACOS_NOTARY_TEAM_ID, MACOS_NOTARY_PASSWORD"
  notarise=apple-id
  notary=(--apple-id "$MACOS_NOTARY_APPLE_ID" --team-id "$MACOS_NOTARY_TEAM_ID" --password "$MACOS_NOTARY_PASSWORD")
fi
if [ -n "$notarise" ] && [ -z "$identity" ]; then
  die "notarisation asked for but MACOS_SIGN_IDENTITY is not set: Apple notarises signed apps only"
fi

if [ -n "$identity" ]; then
  echo "dmg.sh: signing $app as '$identity' (hardened runtime)"
  codesign --force --deep --timestamp --options runtime \
    --entitlements packaging/macos/entitlements.plist --sign "$identity" "$app"
  codesign --verify --deep --strict "$app"
  signed="signed by '$identity'"
else
  signed="NOT SIGNED (MACOS_SIGN_IDENTITY is not set): Gatekeeper will refuse a double-click; open it once with right-click > Open"
  echo "dmg.sh: $signed" >&2
fi

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
ditto "$app" "$staging/$app_name.app"  # ditto keeps the frameworks' links and the signatures
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
# "hdiutil: create failed - Resource busy" comes and goes on CI Macs (a security scan holding the
# new image: actions/runner-images#7522): a few tries, then hdiutil's own message
tries="${DMG_TRIES:-5}"
attempt=1
until hdiutil create -volname "$app_name $version" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"; do
  [ "$attempt" -lt "$tries" ] || die "hdiutil create failed $tries times (its message is above)"
  echo "dmg.sh: hdiutil create failed (try $attempt of $tries): again in ${DMG_RETRY_SECONDS:-10} s" >&2
  attempt=$((attempt + 1))
  sleep "${DMG_RETRY_SECONDS:-10}"
done
[ -z "$identity" ] || codesign --force --timestamp --sign "$identity" "$dmg"

if [ -n "$notarise" ]; then
  echo "dmg.sh: notarising $dmg (xcrun notarytool, waits for Apple's answer)"
  answer="$(xcrun notarytool submit "$dmg" --wait --output-format json "${notary[@]}")"
  status="$("$PYTHON" -c 'import json, sys; print(json.loads(sys.argv[1]).get("status"))' "$answer")"
  [ "$status" = Accepted ] ||
    die "Apple's notary service answered '$status' for $dmg: $answer (its log: xcrun notarytool log ID ...)"
  xcrun stapler staple "$dmg"
  notarised="notarised and stapled"
elif [ -n "$identity" ]; then
  notarised="NOT NOTARISED (no MACOS_NOTARY_PROFILE, nor MACOS_NOTARY_APPLE_ID/TEAM_ID/PASSWORD): Gatekeeper warns on first open"
  echo "dmg.sh: $notarised" >&2
else
  notarised="not notarised"
fi
hdiutil verify "$dmg"
echo "dmg.sh: built $dmg ($app_name $version, $arch, $(du -h "$dmg" | cut -f1)): $signed; $notarised"
