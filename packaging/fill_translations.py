"""Fill unfinished messages of a Qt Linguist .ts file from a small table (source -> translation).

Used when a change adds a few GUI texts: ``python packaging/fill_translations.py TS TABLE.json``,
then ``packaging/translations.sh`` compiles the .qm.  Only unfinished messages are touched.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET


def fill(ts_path: str, table: dict[str, str]) -> list[str]:
    tree = ET.parse(ts_path)
    missing = []
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        source = message.find("source").text or ""
        if source in table:
            translation.text = table[source]
            del translation.attrib["type"]
        else:
            missing.append(source)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    with open(sys.argv[2], encoding="utf-8") as fh:
        left = fill(sys.argv[1], json.load(fh))
    for source in left:
        print(f"still unfinished: {source!r}")
    sys.exit(1 if left else 0)
