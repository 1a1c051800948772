#!/bin/sh
# Regenerate the GUI's translations: .ts sources from every tr() in rallydesk/gui (existing
# translations kept, new strings marked unfinished, vanished ones dropped), then the .qm the
# desk loads. Translate the unfinished strings with pyside6-linguist (or an editor), run again,
# commit both files; tests/gui/test_translations.py fails until nothing is left unfinished.
set -eu
cd "$(dirname "$0")/.."
bin="${VIRTUAL_ENV:-.venv}/bin"
[ -x "$bin/pyside6-lupdate" ] || bin="$(dirname "$(command -v pyside6-lupdate)")"
dir=rallydesk/resources/translations
mkdir -p "$dir"
for lang in fr; do
    "$bin/pyside6-lupdate" rallydesk/gui/*.py -ts "$dir/rallydesk_$lang.ts" \
        -source-language en -target-language "$lang" -no-obsolete -locations relative
    "$bin/pyside6-lrelease" "$dir/rallydesk_$lang.ts" -qm "$dir/rallydesk_$lang.qm"
done
# English is the source language: its .ts holds only the plural forms of tr("%n …(s)", "", n)
"$bin/pyside6-lupdate" rallydesk/gui/*.py -ts "$dir/rallydesk_en.ts" -pluralonly \
    -source-language en -target-language en -no-obsolete -locations relative
"$bin/pyside6-lrelease" "$dir/rallydesk_en.ts" -qm "$dir/rallydesk_en.qm"
