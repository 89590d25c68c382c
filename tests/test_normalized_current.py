"""normalized/ is current: a fresh run over raw/ gives the same tables, manifests and descriptors.

Tables are compared as frames and manifests without library versions, not as bytes: another pyarrow
writes other Parquet bytes for the same data. When this fails because the code's output changed on
purpose, regenerate with `yeep-extract run` (no arguments) and commit normalized/.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from yeep_extract.cli import main

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "normalized"


def _without_versions(value: Any) -> Any:
    """The manifest with every library version left out (``versions``, ``*_version``)."""
    if isinstance(value, dict):
        return {k: _without_versions(v) for k, v in value.items() if k != "versions" and not k.endswith("_version")}
    if isinstance(value, list):
        return [_without_versions(v) for v in value]
    return value


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("normalized")
    assert main(["run", str(ROOT / "raw"), "--out", str(out), "--jobs", "1"]) == 0
    return out


def test_same_files(fresh: Path) -> None:
    assert COMMITTED.is_dir(), "normalized/ is missing: run `yeep-extract run` and commit it"
    assert _files(COMMITTED) == _files(fresh)


def test_same_tables(fresh: Path) -> None:
    for path in sorted(COMMITTED.rglob("*.parquet")):
        rel = path.relative_to(COMMITTED)
        pd.testing.assert_frame_equal(pd.read_parquet(path), pd.read_parquet(fresh / rel), obj=str(rel))


def test_same_manifests_and_descriptors(fresh: Path) -> None:
    for path in sorted(COMMITTED.rglob("*.json")):
        rel = path.relative_to(COMMITTED)
        committed = json.loads(path.read_text(encoding="utf-8"))
        regenerated = json.loads((fresh / rel).read_text(encoding="utf-8"))
        assert _without_versions(committed) == _without_versions(regenerated), rel
