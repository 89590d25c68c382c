"""Municipality profiles: whose report it is, and so which registry files and own-unit words apply.

A report names units of its own municipality ("MBB Kadın ve Aile Hizmetleri D.B.", "Büyükşehir
Belediyesi Sağlık İşleri ...") and of everyone else. Which words mean "our own", and which registry
holds the own departments, depends on the municipality, so none of it is code: each municipality is
one row of ``schemas/municipalities.csv`` (validated like every registry). A second municipality is
added by data alone: a row there and its own registry files beside the shared ones.

The profile of a report is the one given (``run --municipality KEY``), else the one whose name its
front matter prints (the title and any line above the first table), else the one whose key is a word
of the file name ("mersin-yeep-2024.pdf"), else the profile marked ``fallback``. How it was chosen is
kept in the manifest.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from ..textnorm import ascii_fold
from ..vocab import schemas_dir
from .registry_cache import cached

#: Separator of the list-valued columns of ``municipalities.csv``.
LIST_SEPARATOR = ";"
PROFILES_FILE = "municipalities.csv"


class ProfileError(ValueError):
    """An unknown municipality was asked for, or the profiles file is inconsistent."""


@dataclass(frozen=True)
class Municipality:
    """One municipality profile (a row of ``schemas/municipalities.csv``)."""

    key: str
    name: str
    abbreviation: str | None
    #: Phrases that, before a unit's name, mean the municipality's own unit ("Büyükşehir Belediyesi").
    own_words: tuple[str, ...]
    #: Unit registry and alias files under ``schemas/``, read together (shared ones and its own).
    units: tuple[str, ...]
    aliases: tuple[str, ...]
    fallback: bool


@dataclass(frozen=True)
class Choice:
    """The profile of one report and how it was chosen (option, title, file name or fallback)."""

    profile: Municipality
    chosen_by: str

    def as_dict(self) -> dict[str, str]:
        """For the manifest."""
        return {"key": self.profile.key, "name": self.profile.name, "chosen_by": self.chosen_by}


def _split(value: object) -> tuple[str, ...]:
    if not isinstance(value, str):
        return ()
    return tuple(part.strip() for part in value.split(LIST_SEPARATOR) if part.strip())


@cache
def load_profiles(folder: Path | None = None) -> tuple[Municipality, ...]:
    """Every profile of ``folder`` (default ``schemas/``), validated (pandera) and checked: exactly one
    fallback, and every registry file it names present."""
    folder = folder or schemas_dir()
    path = folder / PROFILES_FILE
    profiles = cached("profiles", [path], lambda: _read_profiles(path))
    if sum(p.fallback for p in profiles) != 1:
        raise ProfileError(f"{path}: exactly one profile must have fallback=yes")
    missing = sorted({f for p in profiles for f in (*p.units, *p.aliases) if not (folder / f).is_file()})
    if missing:
        raise ProfileError(f"{path}: registry files not found under {folder}: {missing}")
    return profiles


def _read_profiles(path: Path) -> tuple[Municipality, ...]:
    """The profiles of one file, validated (pandera)."""
    from ..validate import coerce, validate

    with open(path, encoding="utf-8", newline="") as fh:
        frame = coerce("municipalities", pd.DataFrame(list(csv.DictReader(fh))).replace({"": None}))
    failures = validate("municipalities", frame)
    if failures:
        raise ProfileError(f"{path}: " + "; ".join(failures[:5]))
    return tuple(Municipality(r.key, r.name, r.abbreviation if isinstance(r.abbreviation, str) else None,
                              _split(r.own_words), _split(r.units), _split(r.aliases), r.fallback == "yes")
                 for r in frame.itertuples())


def profile(key: str, folder: Path | None = None) -> Municipality:
    """The profile named ``key``; ``ProfileError`` listing the known keys otherwise."""
    profiles = load_profiles(folder)
    for p in profiles:
        if p.key == key:
            return p
    raise ProfileError(f"unknown municipality '{key}' (known: {', '.join(p.key for p in profiles)}; "
                       f"add a row to schemas/{PROFILES_FILE})")


def _words(text: str) -> str:
    """Folded words of ``text`` between single spaces, for whole-word containment."""
    return " " + " ".join(re.findall(r"\w+", ascii_fold(text))) + " "


def choose(option: str | None, front_text: str, file_name: str, folder: Path | None = None) -> Choice:
    """The profile of one report (see the module docstring for the order)."""
    if option:
        return Choice(profile(option, folder), "option")
    profiles = load_profiles(folder)
    front = _words(front_text)
    named = [p for p in profiles if _words(p.name) in front]
    if named:  # the longest name printed: "X Büyükşehir Belediyesi" rather than a district within it
        return Choice(max(named, key=lambda p: (len(p.name), p.key)), "title")
    stem = _words(Path(file_name).stem.replace("-", " ").replace("_", " "))
    by_file = [p for p in profiles if _words(p.key.replace("-", " ")) in stem]
    if len(by_file) == 1:
        return Choice(by_file[0], "file name")
    return Choice(next(p for p in profiles if p.fallback), "fallback")
