"""Example import files, one per kind the importer accepts (``io/imports.py``'s ``KINDS``),
shipped in ``rallydesk/resources/examples`` and read through ``importlib.resources``: what an
official saves from the import dialog to see the columns and fill them in."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import RallyDeskError
from ..io.imports import ORDER
from ..paths import resource
from .files import explain_os_error


def example_kinds() -> tuple[str, ...]:
    """Every import kind, in the order an import applies them (groups first, adjustments last)."""
    return ORDER


def example_name(kind: str) -> str:
    return f"{kind}-example.csv"


def example_text(kind: str) -> str:
    """The example file of ``kind`` (UTF-8 CSV text)."""
    if kind not in ORDER:
        raise RallyDeskError(f"import kind {kind!r} is unknown; accepted: {', '.join(ORDER)}")
    return resource("examples", f"{kind}.csv").read_text(encoding="utf-8")


def save_example(kind: str, dest: str | Path) -> Path:
    """Write the example of ``kind`` to ``dest`` (a file, or a folder: then its usual name);
    an event file is never overwritten."""
    from ..paths import is_database

    out = Path(dest)
    if out.is_dir():
        out = out / example_name(kind)
    if is_database(out):
        raise RallyDeskError(
            f"{out}: is a database (an event file?), not a CSV file; it is left as it is"
        )
    text = example_text(kind)
    import os
    import tempfile

    from ..paths import user_file_mode

    tmp: str | None = None
    try:  # whole or not at all: a temporary file beside it, renamed over it when written
        fd, tmp = tempfile.mkstemp(prefix=".rallydesk-", suffix=".csv", dir=out.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, user_file_mode())
        os.replace(tmp, out)
        tmp = None
    except OSError as exc:
        raise RallyDeskError(explain_os_error(exc, "cannot be written")) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return out
