"""The board's words in the event's languages (EN, FR or both), the sheets' own where they exist.

A word the sheets print (``io/sheet_text.py``: Pos, Crew, Time, LIVE, PROVISIONAL…) is taken from
there, so the board and the paper say the same; only what a web page alone says is defined here.
"""

from __future__ import annotations

from ..io.sheet_text import french, say

_BOARD: dict[str, tuple[str, str]] = {
    "Results board": ("Results board", "Tableau des résultats"),
    "Classifications": ("Classifications", "Classements"),
    "Stage": ("Stage", "Étape"),
    "Overall": ("Overall", "Général"),
    "Penalties and decisions": ("Penalties and decisions", "Pénalités et décisions"),
    "Published versions": ("Published versions", "Versions publiées"),
    "Last change": ("Last change: {at}", "Dernière modification : {at}"),
    "LIVE board": ("LIVE", "EN DIRECT"),
    "changed since": (
        "LIVE – changed since {status} v{n}",
        "EN DIRECT – modifié depuis {status} v{n}",
    ),
    "no publication": ("Nothing published yet", "Rien de publié pour l'instant"),
    "Category": ("Category", "Catégorie"),
    "Version": ("Version", "Version"),
    "Published": ("Published", "Publié"),
    "Document": ("Document", "Document"),
    "Official": ("Official", "Officiel"),
    "PDF": ("PDF as published", "PDF tel que publié"),
    "Number": ("No", "N°"),
    "Back": ("All classifications", "Tous les classements"),
    "TV": ("TV mode", "Mode TV"),
    "no penalties": ("No penalty or adjustment", "Aucune pénalité ni ajustement"),
    "provisional": ("PROVISIONAL", "PROVISOIRE"),
    "official": ("OFFICIAL", "OFFICIEL"),
    "amended": ("AMENDED", "MODIFIÉ"),
    "Applies to": ("Applies to", "S'applique à"),
    "Decided": ("Decided", "Décidé le"),
    "no stages": ("No stage yet", "Aucune étape pour l'instant"),
}


def word(key: str, language: str, **values: object) -> str:
    """``key`` in ``language`` (en, fr, en+fr); a sheet word when the board has none of its own."""
    pair = _BOARD.get(key)
    if pair is None:
        return say(key, language, **values)
    en, fr = en_fr = (pair[0].format(**values), french(pair[1]).format(**values))
    if language == "fr":
        return fr
    if language == "en+fr" and fr != en:
        return f"{en} / {fr}"
    return en_fr[0]
