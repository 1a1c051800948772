#!/usr/bin/env bash
# Page images of the official sheets, both renderers (docs/screenshots/sheet-*.png, docs/workbook.md):
# the PDF as RallyDesk draws it, the workbook as LibreOffice prints it. Needs soffice and pdftoppm.
#   VIRTUAL_ENV=$PWD/.venv sh packaging/sheet_pages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rd="${VIRTUAL_ENV:-.venv}/bin/rallydesk"
out=docs/screenshots
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen
ev="$work/rally.rallydesk"
"$rd" generate "$ev" --entries 80 --stages 6 --seed 11 >/dev/null
"$rd" export "$ev" "$work/live.pdf" --stage 5 >/dev/null 2>&1
"$rd" export "$ev" "$work/live.xlsx" --stage 5 >/dev/null 2>&1
# an amended unit: published official, a penalty decided afterwards, amended
"$rd" officials "$ev" add "Ana Clerk" --role clerk --pin 4321 >/dev/null
"$rd" publish "$ev" --stage 5 --category CAR --as provisional --official "Ana Clerk" --pin 4321 --allow-untimed >/dev/null
"$rd" publish "$ev" --stage 5 --category CAR --as official --official "Ana Clerk" --pin 4321 --confirm-early --allow-untimed >/dev/null
"${VIRTUAL_ENV:-.venv}/bin/python" - "$ev" <<'PY'
import sys, rallydesk
with rallydesk.open_event(sys.argv[1], official="Ana Clerk", pin="4321") as event:
    event.add_adjustment(stage=5, number=200, amount="+2'", reason="speeding in a village",
                         article="12.3", decision="14")
PY
"$rd" amend "$ev" --stage 5 --category CAR --reason "penalty of decision 14" --official "Ana Clerk" --pin 4321 >/dev/null
"$rd" export "$ev" "$work/amended.pdf" --stage 5 --category CAR --version 3 >/dev/null 2>&1
"$rd" export "$ev" "$work/amended.xlsx" --stage 5 --category CAR --version 3 >/dev/null 2>&1
soffice "-env:UserInstallation=file://$work/lo" --headless --convert-to pdf --outdir "$work/lo" \
  "$work/live.xlsx" >/dev/null 2>&1
if [ -f "$work/amended.xlsx" ]; then
  soffice "-env:UserInstallation=file://$work/lo" --headless --convert-to pdf --outdir "$work/lo" \
    "$work/amended.xlsx" >/dev/null 2>&1
fi

# page NUMBER of PDF whose text holds each kind's title (first match), as a small PNG
shot() { # pdf name pattern [nth]
  local pdf="$1" name="$2" pattern="$3" nth="${4:-1}" n=0 page=0 i
  local count
  count=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  for ((i = 1; i <= count; i++)); do
    if pdftotext -f "$i" -l "$i" "$pdf" - | tr '\n' ' ' | grep -Eq "$pattern"; then
      n=$((n + 1))
      if [ "$n" -eq "$nth" ]; then page=$i; break; fi
    fi
  done
  [ "$page" -gt 0 ] || { echo "no page matches $pattern in $pdf" >&2; return 0; }
  pdftoppm -png -r 55 -f "$page" -l "$page" -singlefile "$pdf" "$out/$name"
  echo "$out/$name.png: page $page of $(basename "$pdf")"
}
for kind in pdf xlsx; do
  if [ "$kind" = pdf ]; then pdf="$work/live.pdf" amended="$work/amended.pdf"; else pdf="$work/lo/live.pdf" amended="$work/lo/amended.pdf"; fi
  shot "$pdf" "sheet-$kind-stage" "Cars — Stage 5 classification.*Page 1 of"
  shot "$pdf" "sheet-$kind-overall" "Cars — Overall after stage 5.*Page 1 of"
  shot "$pdf" "sheet-$kind-class" " – Cars — Stage 5 classification.*Page 1 of"
  shot "$pdf" "sheet-$kind-cup" "W2RC.*Page 1 of"
  shot "$pdf" "sheet-$kind-lists" "Cars — Overall after stage 5.*Penalties and adjustments"
  shot "$pdf" "sheet-$kind-signatures" "Cars — Overall after stage 5.*Timekeeper:"
  if [ -f "$amended" ]; then shot "$amended" "sheet-$kind-amended" "AMENDED"; fi
done
