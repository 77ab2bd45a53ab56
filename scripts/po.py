#!/usr/bin/env python
"""Small helper for the zh_Hans catalogs (uses polib).

  scripts/po.py todo PO            print untranslated or fuzzy msgids as a JSON object
  scripts/po.py fill PO JSON       set msgstr from a JSON object {msgid: msgstr}; clears fuzzy

Plural entries take a list of forms (Chinese has one: ["…"]).
"""

import json
import sys

import polib


def todo(path: str) -> None:
    po = polib.pofile(path)
    pending = {
        e.msgid: ([""] if e.msgid_plural else "")
        for e in po
        if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)
    }
    print(json.dumps(pending, ensure_ascii=False, indent=1))


def fill(path: str, mapping_path: str) -> None:
    po = polib.pofile(path, wrapwidth=0)
    with open(mapping_path, encoding="utf-8") as fh:
        mapping = json.load(fh)
    for entry in po:
        if entry.msgid not in mapping:
            continue
        value = mapping[entry.msgid]
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value]
            entry.msgstr_plural = {i: f for i, f in enumerate(forms)}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save(path)
    left = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    print(f"{path}: {len(left)} left untranslated")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"todo": todo, "fill": fill}[command](*args)
