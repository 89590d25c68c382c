"""Registries built once per content of their files (``normalize.registry_cache``): a run reads a
kept registry only when it was built from the very same files by the very same code, sees any change
to a file at once, never keeps one that fails validation, and works on without a usable cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from yeep_extract.normalize import indicators, municipalities, units
from yeep_extract.normalize.registry_cache import OFF

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of ``schemas/`` and an empty cache folder of this test's own."""
    copy = tmp_path / "schemas"
    shutil.copytree(ROOT / "schemas", copy)
    monkeypatch.setenv("YEEP_EXTRACT_CACHE", str(tmp_path / "cache"))
    return copy


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Count the calls of ``module.name`` (the uncached build)."""
    calls: list[int] = []
    build = getattr(module, name)

    def counted(*args: object) -> object:
        calls.append(1)
        return build(*args)

    monkeypatch.setattr(module, name, counted)
    return calls


def _units(folder: Path) -> units.UnitRegistry:
    """The unit registry of ``folder`` as a new process loads it (the in-process memo bypassed)."""
    profile = municipalities.load_profiles.__wrapped__(folder)
    return units.load_registry.__wrapped__(folder, next(p for p in profile if p.key == "mersin"))


def test_a_registry_is_built_once_and_read_back_equal(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = _counting(monkeypatch, units, "_built_registry")
    first, second = _units(folder), _units(folder)
    assert len(built) == 1
    assert second == first and second is not first  # read back from the cache folder
    read = _counting(monkeypatch, indicators, "_read_registry")
    path = indicators.registry_path(folder)
    assert indicators.load_registry(path).equals(indicators.load_registry(path))
    assert len(read) == 1


def test_a_changed_file_is_read_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = _counting(monkeypatch, units, "_built_registry")
    before = _units(folder)
    assert units.match_name("Kedi Bakım Evi", before).stage == "unmatched"
    with open(folder / "unit_aliases.csv", "a", encoding="utf-8") as fh:
        fh.write("Kedi Bakım Evi,Sağlık İşleri Dairesi Başkanlığı,seen in a report\n")
    after = _units(folder)
    assert len(built) == 2
    assert units.match_name("Kedi Bakım Evi", after).canonical == "Sağlık İşleri Dairesi Başkanlığı"
    assert len(list((folder.parent / "cache").glob("units-*"))) == 1  # the new entry replaced the old


def test_a_registry_failing_validation_raises_every_time(folder: Path) -> None:
    with open(folder / "units.csv", "a", encoding="utf-8") as fh:
        fh.write("Bir Birim,,not_a_type,\n")
    for _ in range(2):
        with pytest.raises(units.RegistryError, match="isin"):
            _units(folder)
    assert not list((folder.parent / "cache").glob("units-*"))


def test_an_unreadable_entry_or_no_cache_builds_anew(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = _counting(monkeypatch, units, "_built_registry")
    first = _units(folder)
    (entry,) = (folder.parent / "cache").glob("units-*")
    entry.write_bytes(entry.read_bytes()[:100])  # cut short
    assert _units(folder) == first
    assert len(built) == 2
    monkeypatch.setenv("YEEP_EXTRACT_CACHE", OFF)
    assert _units(folder) == first
    assert len(built) == 3
    monkeypatch.setenv("YEEP_EXTRACT_CACHE", str(entry))  # a file where the folder should be: not writable
    assert _units(folder) == first
    assert len(built) == 4
