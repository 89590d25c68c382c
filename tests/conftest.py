"""Test-session rules shared by every test module."""

from __future__ import annotations

import os

import pytest


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With ``YEEP_NO_SKIPS=1`` (``.ci/run`` sets it) a skipped test fails the run: in CI every
    tool and font the tests need is installed, so a skip is a check silently not made."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if os.environ.get("YEEP_NO_SKIPS") == "1" and skipped and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True, scope="session")
def _registry_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Registries the tests build are kept in the session's temporary folder
    (``normalize.registry_cache``), not in the user's cache."""
    os.environ["YEEP_EXTRACT_CACHE"] = str(tmp_path_factory.mktemp("registry-cache"))
