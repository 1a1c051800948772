"""The desk's language: English or French, chosen before the first widget exists.

Officials at a French-speaking bivouac read the desk in French; the command line stays English.
The choice is View > Language (System, English, Français), remembered in QSettings and applied on
the next start (Qt has no cheap way to re-translate widgets already built); ``RALLYDESK_LANG=fr|en``
overrides it for tests and screenshots.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

LANGUAGES = ("en", "fr")
#: choices of View > Language: the setting's value and the name shown (in its own language)
CHOICES = (("system", None), ("en", "English"), ("fr", "Français"))

_installed: list[QTranslator] = []  # kept alive: Qt does not own installed translators
_data: list[bytes] = []  # QTranslator.load(bytes) reads them in place, it does not copy


def arg(text: str, *values: object) -> str:
    """Fill %1, %2… in a translated text in one pass, like QString::arg (a value may contain '%2')."""
    return re.sub(
        r"%(\d)",
        lambda m: (
            str(values[int(m.group(1)) - 1]) if 0 < int(m.group(1)) <= len(values) else m.group(0)
        ),
        text,
    )


def mnemonic(text: str) -> str:
    """The letter after the single ``&`` of a menu or tab text ("Time e&ntry": "n"), "" if none."""
    at = text.replace("&&", "").find("&")
    rest = text.replace("&&", "")
    return rest[at + 1].lower() if 0 <= at < len(rest) - 1 else ""


def setting() -> str:
    """What View > Language says: "system" (the default), "en" or "fr"."""
    from .preferences import Preferences

    value = Preferences().language
    return value if value in ("system", *LANGUAGES) else "system"


def chosen_language() -> str:
    """The language to start in: RALLYDESK_LANG, else the setting, else the system's; English otherwise."""
    forced = os.environ.get("RALLYDESK_LANG", "").strip().lower()[:2]
    if forced in LANGUAGES:
        return forced
    chosen = setting()
    if chosen != "system":
        return chosen
    for name in QLocale.system().uiLanguages():
        if name.lower().startswith("fr"):
            return "fr"
    return "en"


def translations_dir() -> Traversable:
    """The package's translations folder (a Traversable: works from a wheel or a bundle too)."""
    return resources.files("rallydesk").joinpath("resources", "translations")


def install(app: QCoreApplication, language: str | None = None) -> str:
    """Install RallyDesk's and Qt's own translators for ``language``; returns the language in use.

    English is the source language: only its plural forms are installed (rallydesk_en.qm, made by
    ``lupdate -pluralonly``: tr("%n change(s)", "", n) says "1 change", "2 changes"). A missing
    .qm falls back to English rather than stopping the desk.
    """
    remove(app)
    language = language or chosen_language()
    if language == "en":
        _load_ours(app, "en")  # English's own plural forms ("1 change", "2 changes") only
        return "en"
    if not _load_ours(app, language):
        return "en"
    qt = QTranslator(app)  # standard buttons (Yes, No, Cancel) and the file dialogs
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return language


def _load_ours(app: QCoreApplication, language: str) -> bool:
    """Install rallydesk_<language>.qm; False when it is missing or unreadable."""
    ours = QTranslator(app)
    data = translations_dir().joinpath(f"rallydesk_{language}.qm")
    try:
        _data.append(data.read_bytes())
        loaded = ours.load(_data[-1])
    except OSError:
        loaded = False
    if not loaded:
        return False
    app.installTranslator(ours)
    _installed.append(ours)
    return True


def remove(app: QCoreApplication) -> None:
    """Back to English (tests switch languages within one process)."""
    while _installed:
        app.removeTranslator(_installed.pop())
    _data.clear()


def stage_label(stage: Any) -> str:
    """How the desk names a stage in its lists: "Prologue", or "Stage 5" (one wording everywhere)."""
    if stage.kind == "prologue":
        return QCoreApplication.translate("Stage", "Prologue")
    return arg(QCoreApplication.translate("Stage", "Stage %1"), stage.number)
