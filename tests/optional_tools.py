"""The programs some tests need beyond Python: PostgreSQL (initdb, pg_ctl, psql), a browser
(chromium, chromedriver), LibreOffice and poppler (soffice, pdftotext).

A machine without one skips those tests with the reason and the command that installs it. With
``CI`` set they fail instead (a CI machine that silently skipped them would prove nothing:
``.ci/run`` installs them all), unless ``RALLYDESK_TEST_SKIP`` names the kind: a runner of the
GitHub workflow (.github/workflows/ci.yml) where that program is not installed, said in the
skip reason. An unknown name there is an error, so that a typo never skips nothing in silence.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

#: the kinds RALLYDESK_TEST_SKIP may name (tests/packaging/test_workflow.py holds the workflow to them)
KINDS = ("postgresql", "browser", "office")


def skipped_kinds() -> set[str]:
    """The kinds RALLYDESK_TEST_SKIP names (comma-separated; an unknown one fails the test)."""
    named = {k.strip() for k in os.environ.get("RALLYDESK_TEST_SKIP", "").split(",") if k.strip()}
    unknown = sorted(named - set(KINDS))
    if unknown:
        pytest.fail(
            f"RALLYDESK_TEST_SKIP names {', '.join(unknown)}: expected some of {', '.join(KINDS)}",
            pytrace=False,
        )
    return named


def missing(kind: str, why: str) -> NoReturn:
    """The test cannot run here because a program of ``kind`` is missing (``why`` says which)."""
    assert kind in KINDS, kind
    if kind in skipped_kinds():
        pytest.skip(
            f"{kind} tests skipped: {why} (not installed on this runner: RALLYDESK_TEST_SKIP)"
        )
    if os.environ.get("CI"):
        pytest.fail(f"{kind} tests cannot run on CI: {why}", pytrace=False)
    pytest.skip(f"{kind} tests skipped: {why}")
