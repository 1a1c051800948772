"""The words on official sheets, in English, French, or both (organisers publish in both).

Every word a sheet prints comes from here, so a French sheet is French throughout and a
bilingual one says each thing in both languages.
"""

from __future__ import annotations

import re

_TEXT: dict[str, tuple[str, str]] = {
    "Pos": ("Pos", "Clt"),
    "Order": ("Order", "Ordre"),
    "Start": ("Start", "Départ"),
    "start list": ("Start list – stage {n}", "Ordre de départ – étape {n}"),
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
    "stage n": ("Stage {n}", "Étape {n}"),
    "prologue": ("Prologue", "Prologue"),
    "overall after stage": ("Overall after stage {n}", "Classement général après l'étape {n}"),
    "overall after prologue": (
        "Overall after the prologue",
        "Classement général après le prologue",
    ),
    "stage classification": ("Stage {n} classification", "Classement de l'étape {n}"),
    "prologue classification": ("Prologue classification", "Classement du prologue"),
    "special": ("Special {km} km", "Spéciale {km} km"),
    "LIVE": ("LIVE – NOT PUBLISHED", "EN DIRECT – NON PUBLIÉ"),
    "PROVISIONAL": ("PROVISIONAL v{n} · {at}", "PROVISOIRE v{n} · {at}"),
    "OFFICIAL": ("OFFICIAL v{n} · {at}", "OFFICIEL v{n} · {at}"),
    "AMENDED": ("AMENDED v{n} · {at}", "MODIFIÉ v{n} · {at}"),
    "PREVIEW": ("PREVIEW, NOT PUBLISHED: {what}", "APERÇU, NON PUBLIÉ : {what}"),
    "Amended": ("Amended (v{n}): {reason}", "Modifié (v{n}) : {reason}"),
    "Decision": ("Decision", "Décision"),
    "decision": ("decision", "décision"),
    "time": ("time", "temps"),
    "revoked": ("revoked", "annulée"),
    "status": ("status", "statut"),
    "VERIFIED": ("VERIFIED (keyed twice)", "VÉRIFIÉ (double saisie)"),
    "Status": ("Status", "Statut"),
    "Reason": ("Reason", "Motif"),
    "Penalties": (
        "Penalties and adjustments counted in this classification",
        "Pénalités et ajustements comptés dans ce classement",
    ),
    "Amount": ("Amount", "Montant"),
    "Kind": ("Kind", "Type"),
    "Article": ("Article", "Article"),
    "Timekeeper": ("Timekeeper", "Chronométreur"),
    "Clerk of the course": ("Clerk of the course", "Directeur de course"),
    "Results manager": ("Results manager", "Responsable des résultats"),
    "unaccounted": (
        "{status} — {count} crew(s) without a time",
        "{status} — {count} équipage(s) sans temps",
    ),
    "protest until": ("Protests until {at}", "Réclamations jusqu'au {at}"),
    "counts": (
        "Starters: {starters} · Classified: {classified} · Retired or disqualified: {withdrawn}"
        " · Out of competition: {experience}",
        "Partants : {starters} · Classés : {classified} · Abandons et disqualifications :"
        " {withdrawn} · Hors compétition : {experience}",
    ),
    "Signature": ("Signature", "Signature"),
    "Made": ("Made", "Édité le"),
    "Data": ("Data", "Données"),
    "Reference": ("Ref.", "Réf."),
    "Page": ("Page {k} of {n}", "Page {k} sur {n}"),
    "Page xlsx": ("Page &P of &N", "Page &P sur &N"),
    "cancelled": ("Stage cancelled for this category", "Étape annulée pour cette catégorie"),
    "no one classified": ("No one classified", "Aucun classé"),
    "none": ("None", "Aucun"),
    "penalty": ("penalty", "pénalité"),
    "bonus": ("bonus", "bonification"),
    "credit": ("credit", "crédit"),
    "overall": ("overall", "général"),
    # the lists below the table (docs/rules.md §3: EXP apart from RET/DSQ; time missing is no status)
    "Time missing": ("Time missing", "Temps manquant"),
    "missing stage": (
        "{count} crew(s) without a time on this stage: {numbers}",
        "{count} équipage(s) sans temps sur cette étape : {numbers}",
    ),
    "missing overall": (
        "{count} crew(s) without a time on a counting stage (stage in brackets): {numbers}",
        "{count} équipage(s) sans temps sur une étape comptant (étape entre parenthèses) : {numbers}",
    ),
    "Not classified": ("Not classified", "Non classés"),
    "Did not start or finish": (
        "Did not start or did not finish this stage",
        "N'ont pas pris le départ ou n'ont pas terminé cette étape",
    ),
    "Without nominal time": (
        "Did not start or finish a counting stage, no nominal time",
        "Non partants ou non arrivés sur une étape comptant, sans temps forfaitaire",
    ),
    "Withdrawn on stage": (
        "Retired or disqualified on this stage",
        "Abandons et disqualifications de cette étape",
    ),
    "Withdrawn overall": (
        "Out of the rally: retired or disqualified",
        "Hors course : abandons et disqualifications",
    ),
    "Experience on stage": (
        "Out of competition from this stage (EXP)",
        "Hors compétition à partir de cette étape (EXP)",
    ),
    "Experience overall": ("Out of competition (EXP)", "Hors compétition (EXP)"),
    "no nominal time": ("no nominal time", "pas de temps forfaitaire"),
    # a stewards' interruption (RULES §8): its line on page 1, its crews below the table
    "interrupted": (
        "Stage {n} interrupted ({reason}), {decision}: {rule}",
        "Étape {n} interrompue ({reason}), {decision} : {rule}",
    ),
    "at-waypoint": ("classified at {w}{km}", "classée au {w}{km}"),
    "stopped-at": ("stopped at {t}, time given {d}", "arrêtée à {t}, temps attribué {d}"),
    "stopped-at none": (
        "stopped at {t}, no crew had finished before it",
        "arrêtée à {t}, aucun équipage arrivé avant",
    ),
    "neutralised": ("neutralised {a}–{b}, N = {d}", "neutralisée {a}–{b}, N = {d}"),
    "neutralised none": (
        "neutralised {a}–{b}, no crew passed both",
        "neutralisée {a}–{b}, aucun équipage passé aux deux",
    ),
    "start": ("start", "départ"),
    "finish": ("finish", "arrivée"),
    "Interruption": (
        "Stage interrupted: what the stewards' decision made of each crew's time",
        "Étape interrompue : effet de la décision des commissaires sur chaque équipage",
    ),
    "Effect": ("Decision's effect", "Effet de la décision"),
    "given T": ("no finish before {t}: time given", "non arrivé avant {t} : temps attribué"),
    "given N": ("{a}–{b} in {seg}, counted N", "{a}–{b} en {seg}, compté N"),
    "for stewards": (
        "no passage at {ends}: time kept (+0), for the stewards",
        "pas de passage au {ends} : temps conservé (+0), pour les commissaires",
    ),
    "DNF at": ("finished, no passage at {w}: DNF", "arrivé, pas de passage au {w} : DNF"),
    # the reasons the rules of §8 give a result or a penalty (domain.raid.read_reason)
    "missed WP": ("missed WP{w}{km}", "WP{w} manqué{km}"),
    "no passage, classified at": (
        "no passage at WP{w}: the stage is classified there ({decision})",
        "pas de passage au WP{w} : l'étape y est classée ({decision})",
    ),
    "stopped, time given": ("stopped at {t} ({decision})", "étape arrêtée à {t} ({decision})"),
    "Legend": ("Legend", "Légende"),
    "legend N": ("N = nominal time counted", "N = temps forfaitaire compté"),
    "legend DNS": ("DNS = did not start", "DNS = non partant"),
    "legend DNF": ("DNF = did not finish", "DNF = non arrivé"),
    "legend RET": ("RET = retired", "RET = abandon"),
    "legend DSQ": ("DSQ = disqualified", "DSQ = disqualifié"),
    "legend EXP": ("EXP = out of competition (Experience)", "EXP = hors compétition (Experience)"),
    "legend Change": (
        "Change = places gained (+) or lost (−) since the previous counting stage",
        "Évol. = places gagnées (+) ou perdues (−) depuis l'étape comptant précédente",
    ),
}

_DAYS = (
    ("Monday", "lundi"),
    ("Tuesday", "mardi"),
    ("Wednesday", "mercredi"),
    ("Thursday", "jeudi"),
    ("Friday", "vendredi"),
    ("Saturday", "samedi"),
    ("Sunday", "dimanche"),
)
_MONTHS = (
    ("January", "janvier"),
    ("February", "février"),
    ("March", "mars"),
    ("April", "avril"),
    ("May", "mai"),
    ("June", "juin"),
    ("July", "juillet"),
    ("August", "août"),
    ("September", "septembre"),
    ("October", "octobre"),
    ("November", "novembre"),
    ("December", "décembre"),
)


def _pick(pair: tuple[str, str], language: str) -> str:
    en, fr = pair
    if language == "fr":
        return fr
    if language == "en+fr" and fr != en:
        return f"{en} / {fr}"
    return en


#: French sets a no-break space before ":", ";", "?" and "!" (a line never starts with one).
NBSP = "\u00a0"
_FRENCH_STOPS = re.compile(r"\s*([:;?!])(?=\s|$)")


def french(text: str) -> str:
    """French typography of a template ("Chronométreur:" -> "Chronométreur :", no-break)."""
    return _FRENCH_STOPS.sub(NBSP + r"\1", text)


def say(key: str, language: str, **values: object) -> str:
    """``key`` in the event's sheet language: en, fr, or en+fr ("Time / Temps").

    ``values`` fill the placeholders of each language before the two are joined, so a bilingual
    title reads "Overall after stage 5 / Classement général après l'étape 5". English comes
    first in both renderers. French typography applies to the French words, never to values
    (a time "18:42" keeps its colon).
    """
    en, fr = _TEXT.get(key, (key, key))
    return _pick((en.format(**values), french(fr).format(**values)), language)


def say_label(text: str, language: str) -> str:
    """A label before what is written after it: "Timekeeper:", "Chronométreur :"."""
    return f"{text}{NBSP}:" if language != "en" else f"{text}:"


def say_fact(key: str, language: str, value: str) -> str:
    """A labelled fact of the page's foot: "Ref. S05-CAR-STG"; bilingual, the label only doubles."""
    en, fr = _TEXT[key]
    label = fr if language == "fr" else en if language == "en" else f"{en} / {fr}"
    return f"{label} {value}"


def say_date(year: int, month: int, day: int, weekday: int, language: str) -> str:
    """A date as an official writes it: "Sunday 4 January 2026" / "dimanche 4 janvier 2026".

    Bilingual: "4 January / janvier 2026", short enough for the title block.
    """
    en_month, fr_month = _MONTHS[month - 1]
    if language == "en+fr":
        return f"{day} {en_month} / {fr_month} {year}"
    if language == "fr":
        return f"{_DAYS[weekday][1]} {day} {fr_month} {year}"
    return f"{_DAYS[weekday][0]} {day} {en_month} {year}"


def say_datetime(year: int, month: int, day: int, hhmm: str, zone: str, language: str) -> str:
    """A publication or print time with its time zone: "25 November 2026 09:43 Asia/Riyadh"."""
    if language == "en+fr":
        return f"{day:02d}/{month:02d}/{year} {hhmm} {zone}"
    return f"{day} {_MONTHS[month - 1][1 if language == 'fr' else 0]} {year} {hhmm} {zone}"
