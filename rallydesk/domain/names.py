"""How crews are written on official sheets: given name, FAMILY NAME, (NAT)."""

from __future__ import annotations

from .model import CrewMember, Entry


def official_name(name: str) -> str:
    """'Nasser Al-Attiyah' -> 'Nasser AL-ATTIYAH'; the first word is taken as the given name."""
    parts = name.split()
    if len(parts) < 2:
        return name.upper()
    return parts[0] + " " + " ".join(p if p.startswith("(") else p.upper() for p in parts[1:])


def member_label(m: CrewMember) -> str:
    label = official_name(m.name)
    return f"{label} ({m.nationality})" if m.nationality else label


def crew_label(entry: Entry) -> str:
    return " / ".join(member_label(m) for m in entry.crew)


def driver_label(entry: Entry) -> str:
    return member_label(entry.crew[0]) if entry.crew else ""
