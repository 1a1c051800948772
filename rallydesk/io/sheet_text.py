"""The words on official sheets, in English, French, or both (organisers publish in both)."""

from __future__ import annotations

_TEXT: dict[str, tuple[str, str]] = {
    "Pos": ("Pos", "Clt"),
    "No": ("No", "N°"),
    "Crew": ("Crew", "Équipage"),
    "Team": ("Team", "Équipe"),
    "Vehicle": ("Vehicle", "Véhicule"),
    "Class": ("Class", "Classe"),
    "Time": ("Time", "Temps"),
    "N": ("N", "N"),
    "Penalty": ("Penalty", "Pénalité"),
    "Gap": ("Gap", "Écart"),
    "Diff": ("Diff", "Diff."),
    "Cat. pos": ("Cat. pos", "Clt cat."),
    "Change": ("Change", "Évol."),
    "stage": ("Stage", "Étape"),
    "prologue": ("Prologue", "Prologue"),
    "overall after stage": ("Overall after stage", "Classement général après l'étape"),
    "stage classification": ("Stage classification", "Classement de l'étape"),
    "special": ("Special", "Spéciale"),
    "liaison": ("liaison", "liaison"),
    "LIVE": ("LIVE – NOT PUBLISHED", "EN DIRECT – NON PUBLIÉ"),
    "Not classified": ("Not classified", "Non classés"),
    "Status": ("Status", "Statut"),
    "Reason": ("Reason", "Motif"),
    "Penalties": ("Penalties and adjustments counted in this classification",
                  "Pénalités et ajustements comptés dans ce classement"),
    "Amount": ("Amount", "Montant"),
    "Kind": ("Kind", "Type"),
    "Applies to": ("Applies to", "S'applique à"),
    "Article": ("Article", "Article"),
    "Timekeeper": ("Timekeeper", "Chronométreur"),
    "Clerk of the course": ("Clerk of the course", "Directeur de course"),
    "Signature": ("Signature", "Signature"),
    "Made": ("Made", "Édité le"),
    "Data": ("data", "données"),
    "Page": ("Page &P of &N", "Page &P sur &N"),
    "cancelled": ("Stage cancelled for this category", "Étape annulée pour cette catégorie"),
    "none": ("None", "Aucun"),
    "N means": ("N = nominal time", "N = temps forfaitaire"),
    "penalty": ("penalty", "pénalité"),
    "bonus": ("bonus", "bonus"),
    "credit": ("credit", "crédit"),
    "overall": ("overall", "général"),
}


def say(key: str, language: str) -> str:
    """``key`` in the event's sheet language: en, fr, or en+fr ("Time / Temps")."""
    en, fr = _TEXT.get(key, (key, key))
    if language == "fr":
        return fr
    if language == "en+fr" and fr != en:
        return f"{en} / {fr}"
    return en
