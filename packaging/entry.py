"""The bundle's entry point: the ``rallydesk`` command (no arguments: the desk)."""

import os
import sys

# A windowed build (Windows, macOS) has no console: give print() somewhere harmless to go.
for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (for the process's life)

from rallydesk.cli import main  # noqa: E402

raise SystemExit(main())
