"""The reasons the rules of RULES §8 make, in the desk's language.

The domain writes them in English ("missed WP2 (km 240)", "no passage at WP4: the stage is
classified there (decision 14)", "stopped at 16:24:00 (decision D13)"): they are stored,
journalled and printed as they are. ``domain.raid.read_reason`` gives their values back; here they
are worded with tr(), as ``adjustments.py`` words the penalty kinds. Any other reason is an
official's own words and is shown as typed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..domain import times as T
from ..domain.raid import read_reason
from .i18n import arg


def decision(reference: str) -> str:
    """ "decision 14"; a reference that already says "decision" is said as it is."""
    lowered = reference.lower()
    if "decision" in lowered or "décision" in lowered:
        return reference
    return arg(QCoreApplication.translate("RaidWords", "decision %1"), reference)


def reason_text(reason: str | None) -> str:
    """A result's or a penalty's reason as the desk shows it: the rules' own in its language."""
    found = read_reason(reason)
    if found is None:
        return reason or ""
    if found.kind == "missed":
        if found.km is None:
            return arg(QCoreApplication.translate("RaidWords", "missed WP%1"), found.waypoint)
        return arg(
            QCoreApplication.translate("RaidWords", "missed WP%1 (km %2)"),
            found.waypoint,
            f"{found.km:g}",
        )
    if found.kind == "dnf-at":
        return arg(
            QCoreApplication.translate(
                "RaidWords", "no passage at WP%1: the stage is classified there (%2)"
            ),
            found.waypoint,
            decision(found.decision or ""),
        )
    return arg(
        QCoreApplication.translate("RaidWords", "stopped at %1 (%2)"),
        T.format_time_of_day(found.time_ms or 0),
        decision(found.decision or ""),
    )
