"""Unit names: printed organisation names → canonical names from the unit registry, every decision kept.

Reports print one department many ways ("Kadın ve Aile Hiz. D.B.", "Kadın ve Aile Hizmetleri",
"Kadı ve Aile Hizmetleri Dairesi Başkanlığı", "Kadin ve Aile Hizmetleri Daire Baskani" typed without
Turkish letters, "Kadın ve Aile Hizmetlen" through a scanner). The registry is data under ``schemas/``:
the unit files a municipality profile names (``municipalities.csv``; ``units.csv`` shared by all,
``units_<municipality>.csv`` its own: one row per organisation: canonical name, short name, type), the
alias files (known variants a human decided), ``unit_abbreviations.csv`` ("D.B." → "Dairesi
Başkanlığı") and ``unit_words.csv`` (organisation-type words and their variants, filler words).

Names are compared as keys in two key spaces (``Keys``): the Turkish one (``textnorm.match_key``: İ→i,
I→ı, no punctuation) and the folded one (``textnorm.scan_key``: ASCII letters, scanner confusions
folded, type-word variants replaced by their type word). Matching is staged, and the first stage that
decides wins (the stage is recorded):

1. ``exact``: the Turkish key, abbreviations expanded, equals a canonical or short name's;
2. ``alias``: it equals an alias's;
3. ``core``: with the organisation-type words and filler words removed, it equals the core of exactly
   one organisation of a compatible type (a truncated "Kadın ve Aile Hizmetleri Dairesi" lands on the
   department; a "Şube Müdürlüğü" never lands on a "Dairesi Başkanlığı");
4. ``folded``: the same two comparisons (whole name, then core) in the folded key space: "Insan
   Kaynaklari ve Egitim Daire Baskani" and "İnsan Kaynaklan ve Eğitim D.B." are the department. A
   folded key that two organisations share decides nothing;
5. ``fuzzy``: ``fuzzy_score`` (rapidfuzz token scorers) over the folded cores, among organisations of
   a compatible type, is at least ``FUZZY_MIN_SCORE`` and beats the best other organisation by
   ``FUZZY_MIN_MARGIN`` (a missing letter, shortened names);
6. otherwise ``unmatched``: the printed name is kept as it is, never forced onto the nearest name; the
   nearest organisation and why it was not taken are kept (``runner_up``, ``note``).

A cell paragraph that names several institutions is split (``split_entry``) before matching.
Stored names are never folded: folding only builds the keys compared here.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

from ..textnorm import TYPO_MIN_LEN, glyph_key, is_typo_of, match_key, nfc, scan_key
from ..vocab import schemas_dir
from .municipalities import Municipality, load_profiles
from .registry_cache import cached

#: Lowest fuzzy score (0-100, see ``fuzzy_score``) over name cores that may decide a match. One wrong
#: letter in a short name ("Kurumlan", "Paydaslar": 89) passes, as do shortened names ("Sağlık Dairesi
#: Başkanlığı" for "Sağlık İşleri ...": 100); two names printed run together ("Sosyal Hizmetler MERCEK":
#: 82) and two departments sharing one word ("Sosyal Hizmetler" / "Destek Hizmetleri") stay below it.
FUZZY_MIN_SCORE = 88.0
#: How far the best organisation must lead the runner-up (a different organisation). token_set_ratio
#: gives 100 to any name whose words are a subset of another's, so a short name such as "Kadın" could
#: fit several organisations equally: without this lead it stays unmatched instead of being guessed.
FUZZY_MIN_MARGIN = 8.0
#: Where a printed entry may hold several institutions: commas and semicolons always, " ve " only
#: when the parts on both sides are themselves known organisations (see ``split_entry``).
LIST_SEPARATOR = re.compile(r"\s*[,;]\s*")
AND_WORD = re.compile(r"\s+ve\s+", re.IGNORECASE)
SPACE = re.compile(r"\s+")
#: Stages that are sure enough to justify splitting a paragraph at " ve ".
SURE_STAGES = ("exact", "alias", "core", "folded")
UNMATCHED = "unmatched"
MATCHED_STAGES = (*SURE_STAGES, "fuzzy")


class RegistryError(ValueError):
    """The unit registry files are inconsistent (a bug in ``schemas/``, not in a report)."""


@dataclass(frozen=True)
class UnitMatch:
    """One decision: a printed name, the organisation it landed on and why."""

    printed: str
    canonical: str
    stage: str
    score: float | None = None
    runner_up: str | None = None
    runner_up_score: float | None = None
    split_from: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class _Candidate:
    canonical: str
    core: str
    types: frozenset[str]
    #: The core in the space's ``plain`` keys (``glyph_key``: no letter sequences folded), if it has them.
    plain_core: str = ""


@dataclass(frozen=True)
class Keys:
    """One key space: how a printed name becomes a key, and which of its words are not its core."""

    fold: Callable[[str], str]
    #: (whole-word pattern, expansion) of the folded abbreviations and own-name phrases, longest first.
    abbreviations: tuple[tuple[re.Pattern[str], str], ...]
    #: Folded type word or variant → the type word it is replaced by ("daire" → "dairesi").
    type_variants: dict[str, str]
    #: Words left out of cores: fillers ("ve") and the municipality's abbreviation ("mbb"), which says
    #: whose unit it is, not which one.
    stop_words: frozenset[str]
    type_words: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "type_words", frozenset(self.type_variants.values()))

    def key(self, name: str) -> str:
        """Folded key of a name, abbreviations expanded ("Kadın ve Aile Hiz. D.B." → "... dairesi başkanlığı")
        and type-word variants replaced."""
        key, before = self.fold(name), None
        while key != before:  # until nothing changes: one expansion may complete another's pattern
            before = key
            for pattern, expansion in self.abbreviations:
                key = pattern.sub(expansion, key)
        return " ".join(self.type_variants.get(word, word) for word in key.split())

    def _type_words(self, word: str, near: bool = False) -> frozenset[str]:
        """The type words ``word`` may stand for: itself, or the ones it or a variant of them is a typo
        of ("Üdürü" of "Müdürü"), or none. A type word spelled right stands for itself alone unless
        ``near``: then also for the type words it could be a typo of ("Bakanı" of "Başkanı").

        "Baskanlığı" is as close to "Bakanlığı" as to "Başkanlığı", so it may stand for either.
        """
        exact = frozenset({word}) if word in self.type_words else frozenset()
        if len(word) < TYPO_MIN_LEN or (exact and not near):
            return exact
        return exact | {t for v, t in self.type_variants.items() if is_typo_of(word, v)}

    def is_core(self, word: str) -> bool:
        """Whether a word of a key tells organisations apart (neither a type word nor a stop word)."""
        return not self._type_words(word) and word not in self.stop_words

    def split_core(self, key: str, near: bool = False) -> tuple[str, frozenset[frozenset[str]]]:
        """A key's distinctive words (its core) and its organisation-type words.

        Each type word comes as the set of type words it may stand for (one, unless it is a typo;
        ``near``: see ``_type_words``).
        """
        core, types = [], set()
        for word in key.split():
            kinds = self._type_words(word, near)
            if kinds:
                types.add(kinds)
            elif word not in self.stop_words:
                core.append(word)
        return " ".join(core), frozenset(types)


@dataclass(frozen=True)
class _Space:
    """The registry's names in one key space: whole keys and cores of every known name."""

    keys: Keys
    names: dict[str, frozenset[str]]  # whole key → the organisations printed so (one, unless ambiguous)
    candidates: tuple[_Candidate, ...]
    #: Second keys for fuzzy scores: a scanner fold can turn one lost letter into two differences
    #: ("Yöneti" → "yonetn" against "yonetim"), which the ASCII key alone does not.
    plain: Keys | None = None
    #: ``fitting`` per set of type words: few sets occur, and every printed name asks for one.
    _fitting: dict[frozenset[frozenset[str]], list[_Candidate]] = field(default_factory=dict, compare=False)

    def plain_core(self, name: str) -> str:
        """The core of ``name`` in the ``plain`` keys: its words where the space's own key has core
        words (a scanner's "Bakann" is a type word there, not in the plain key); the plain key's own
        split when the two keys do not have the same words."""
        if self.plain is None:
            return ""
        words, plain_words = self.keys.key(name).split(), self.plain.key(name).split()
        if len(words) != len(plain_words):
            return self.plain.split_core(" ".join(plain_words))[0]
        return " ".join(p for w, p in zip(words, plain_words, strict=True) if self.keys.is_core(w))

    def core_and_fitting(self, key: str) -> tuple[str, list[_Candidate]]:
        """A printed key's core and the candidates of fitting types. When no organisation carries
        the type words as spelled ("Dairesi Bakanı": no department is a ministry), each may also
        stand for the type words it could be a typo of ("Dairesi Başkanı"); never otherwise, so
        "Sağlık Bakanlığı" (a ministry) does not land on a department."""
        core, types = self.keys.split_core(key)
        fitting = self.fitting(types)
        if not fitting:
            core, types = self.keys.split_core(key, near=True)
            fitting = self.fitting(types)
        return core, fitting

    def fitting(self, types: frozenset[frozenset[str]]) -> list[_Candidate]:
        """Candidates that carry every type word of a printed name (a department never lands on a
        branch office)."""
        if types not in self._fitting:
            self._fitting[types] = [c for c in self.candidates if all(kinds & c.types for kinds in types)]
        return self._fitting[types]


@dataclass(frozen=True)
class UnitRegistry:
    """The registry ready for matching: keys of every known name in both key spaces."""

    exact: dict[str, str]
    alias: dict[str, str]
    turkish: _Space
    folded: _Space

    def normalise(self, name: str) -> str:
        """Turkish key of a name with abbreviations expanded ("Kadın ve Aile Hiz. D.B." → "... dairesi başkanlığı")."""
        return self.turkish.keys.key(name)


def _read(path: Path, table: str) -> pd.DataFrame:
    from ..validate import coerce, validate

    with open(path, encoding="utf-8", newline="") as fh:
        frame = coerce(table, pd.DataFrame(list(csv.DictReader(fh))).replace({"": None}))
    failures = validate(table, frame)
    if failures:
        raise RegistryError(f"{path}: " + "; ".join(failures[:5]))
    return frame


def _read_all(folder: Path, files: tuple[str, ...], table: str) -> pd.DataFrame:
    """Several registry files of one table read as one (a municipality's layered files)."""
    return pd.concat([_read(folder / name, table) for name in files], ignore_index=True)


def _keys(fold: Callable[[str], str], abbreviations: pd.DataFrame, words: pd.DataFrame,
          municipality: Municipality | None, variants: bool) -> Keys:
    """A key space: abbreviations and the municipality's own-name phrases (None: none) folded with
    ``fold``, longest first so "Şb. Md." wins over "Md."; type words (``variants``: and their variants)."""
    pairs = list(zip(abbreviations["abbreviation"], abbreviations["expansion"], strict=True))
    own = municipality.abbreviation or "" if municipality else ""
    if municipality:
        pairs += [(phrase, own) for phrase in (municipality.name, *municipality.own_words)]
    folded = sorted({(fold(a), fold(e)) for a, e in pairs}, key=lambda pair: (-len(pair[0]), pair[0]))
    patterns = tuple((re.compile(rf"(?<!\S){re.escape(a)}(?!\S)"), e) for a, e in folded if a)
    types = words[words["kind"] == "type"]
    type_variants = {fold(w): fold(m) for w, m in zip(types["word"], types["means"], strict=True)
                     if variants or fold(w) == fold(m)}
    stop = {fold(w) for w in words.loc[words["kind"] == "filler", "word"]} | ({fold(own)} if own else set())
    return Keys(fold, patterns, type_variants, frozenset(stop))


def _space(keys: Keys, names: list[tuple[str, str]], plain: Keys | None = None,
           literal: Keys | None = None) -> _Space:
    """The names in one key space. ``literal``: keys that keep the municipality's own name, for a
    second candidate core of a name that prints it ("Çankaya Belediyesi Tüm Birimleri"), so that the
    name printed whole with a letter lost in the municipality's name is still near its organisation."""
    by_key: dict[str, set[str]] = {}
    bare = _Space(keys, {}, (), plain)
    candidates = []
    for name, canonical in names:
        key = keys.key(name)
        by_key.setdefault(key, set()).add(canonical)
        core, types = keys.split_core(key)
        candidates.append(_Candidate(canonical, core, frozenset().union(*types), bare.plain_core(name)))
        literal_core, literal_types = literal.split_core(literal.key(name)) if literal else (core, types)
        if literal_core != core:
            candidates.append(_Candidate(canonical, literal_core, frozenset().union(*literal_types)))
    return _Space(keys, {k: frozenset(v) for k, v in by_key.items()}, tuple(candidates), plain)


def default_municipality(folder: Path | None = None) -> Municipality:
    """The fallback profile (``municipalities.csv``), for callers that name none."""
    return next(p for p in load_profiles(folder) if p.fallback)


@cache
def load_registry(folder: Path | None = None, municipality: Municipality | None = None) -> UnitRegistry:
    """Read and validate (pandera) the registry files of ``folder`` (default ``schemas/``) that the
    municipality's profile names (default: the fallback profile)."""
    folder = folder or schemas_dir()
    municipality = municipality or default_municipality(folder)
    files = [*(folder / name for name in (*municipality.units, *municipality.aliases)),
             folder / "unit_abbreviations.csv", folder / "unit_words.csv"]
    return cached("units", files, lambda: _built_registry(folder, municipality), municipality)


def _built_registry(folder: Path, municipality: Municipality) -> UnitRegistry:
    """``load_registry`` without the cache: the files read, validated and their keys built."""
    units = _read_all(folder, municipality.units, "units_registry")
    aliases = _read_all(folder, municipality.aliases, "unit_aliases")
    abbreviations = _read(folder / "unit_abbreviations.csv", "unit_abbreviations")
    words = _read(folder / "unit_words.csv", "unit_words")
    known = set(units["canonical_name"])
    orphans = sorted(set(aliases["canonical_name"]) - known)
    if orphans:
        raise RegistryError(f"{folder}: aliases of unknown organisations: {orphans}")
    turkish_keys = _keys(match_key, abbreviations, words, municipality, variants=False)
    exact: dict[str, str] = {}
    alias: dict[str, str] = {}
    names: list[tuple[str, str]] = []
    for row in units.itertuples():
        for name in (row.canonical_name, row.short_name):
            if isinstance(name, str):
                _claim(exact, turkish_keys.key(name), row.canonical_name, folder)
                names.append((name, row.canonical_name))
    for row in aliases.itertuples():
        _claim(alias, turkish_keys.key(row.alias), row.canonical_name, folder)
        names.append((row.alias, row.canonical_name))
    folded_keys = _keys(scan_key, abbreviations, words, municipality, variants=True)
    plain_keys = _keys(glyph_key, abbreviations, words, municipality, variants=True)
    literal_keys = _keys(scan_key, abbreviations, words, None, variants=True)
    return UnitRegistry(exact, alias, _space(turkish_keys, names),
                        _space(folded_keys, names, plain_keys, literal_keys))


def _claim(keys: dict[str, str], key: str, canonical: str, folder: Path) -> None:
    if keys.get(key, canonical) != canonical:
        raise RegistryError(f"{folder}: '{key}' names both {keys[key]} and {canonical}")
    keys[key] = canonical


def fuzzy_score(printed_core: str, candidate_core: str) -> float:
    """How well a printed core fits an organisation's core, 0-100 (rapidfuzz).

    A printed name may be a shortened form of the organisation's ("İnsan Kaynakları" for "İnsan
    Kaynakları ve Eğitim"), so when it has fewer words than the candidate, ``token_set_ratio`` gives
    full credit for a subset. A printed name with as many words or more is not shortened: a word it
    does not share is evidence against the candidate ("Uluslararası Çalışm Örgütü" is not "Uluslararası
    Göç Örgütü"; two names run together): the words are compared in their order (``ratio``; a lost
    first letter would reorder sorted words) or sorted (``token_sort_ratio``; words printed in another
    order), whichever fits better.
    """
    if len(printed_core.split()) < len(candidate_core.split()):
        return float(fuzz.token_set_ratio(printed_core, candidate_core))
    return float(max(fuzz.ratio(printed_core, candidate_core), fuzz.token_sort_ratio(printed_core, candidate_core)))


def _ambiguous(name: str, stage: str, organisations: set[str] | frozenset[str]) -> UnitMatch:
    """Two organisations share the printed name's key: doubtful, kept as printed, both named."""
    return UnitMatch(name, name, UNMATCHED, None, min(organisations), 100.0,
                     note=f"{stage} spelling fits {' and '.join(sorted(organisations))}")


def match_name(printed: str, registry: UnitRegistry) -> UnitMatch:
    """The organisation one printed name stands for, through the stages in the module docstring."""
    name = nfc(printed)
    key = registry.normalise(name)
    if key in registry.exact:
        return UnitMatch(name, registry.exact[key], "exact", 100.0)
    if key in registry.alias:
        return UnitMatch(name, registry.alias[key], "alias", 100.0)
    core, fitting = registry.turkish.core_and_fitting(key)
    same_core = {c.canonical for c in fitting if core and c.core == core}
    if len(same_core) == 1:
        return UnitMatch(name, same_core.pop(), "core", 100.0)
    folded = registry.folded
    fkey = folded.keys.key(name)
    named = folded.names.get(fkey, frozenset())
    if len(named) == 1:
        return UnitMatch(name, next(iter(named)), "folded", 100.0)
    if len(named) > 1:
        return _ambiguous(name, "folded", named)
    fcore, fitting = folded.core_and_fitting(fkey)
    same_fcore = {c.canonical for c in fitting if fcore and c.core == fcore}
    if len(same_fcore) == 1:
        return UnitMatch(name, same_fcore.pop(), "folded", 100.0)
    if len(same_fcore) > 1:
        return _ambiguous(name, "folded", same_fcore)
    return _fuzzy(name, fcore, folded.plain_core(name), fitting)


def _fuzzy(name: str, core: str, plain_core: str, fitting: list[_Candidate]) -> UnitMatch:
    """The fuzzy stage over folded cores (the better of the ``scan_key`` and the ``glyph_key`` score),
    or unmatched with the nearest organisation and why."""
    best: dict[str, float] = {}
    for cand in fitting:
        if core and cand.core:
            score = fuzzy_score(core, cand.core)
            if plain_core and cand.plain_core:
                score = max(score, fuzzy_score(plain_core, cand.plain_core))
            best[cand.canonical] = max(score, best.get(cand.canonical, 0.0))
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    if not ranked:
        why = "no organisation of a fitting type" if core else "only type words, no name"
        return UnitMatch(name, name, UNMATCHED, note=why)
    (top, top_score), (runner, runner_score) = ranked[0], (ranked[1] if len(ranked) > 1 else (None, 0.0))
    if top_score >= FUZZY_MIN_SCORE and top_score - runner_score >= FUZZY_MIN_MARGIN:
        return UnitMatch(name, top, "fuzzy", round(top_score, 1), runner, round(runner_score, 1) if runner else None)
    why = (f"nearest {top} scores {top_score:.1f} < {FUZZY_MIN_SCORE}" if top_score < FUZZY_MIN_SCORE else
           f"nearest {top} ({top_score:.1f}) leads {runner} ({runner_score:.1f}) by < {FUZZY_MIN_MARGIN}")
    return UnitMatch(name, name, UNMATCHED, None, top, round(top_score, 1), note=why)


def split_entry(entry: str, registry: UnitRegistry) -> list[UnitMatch]:
    """One printed paragraph → one match per institution it names.

    A paragraph that is itself surely a known name is never split ("Basın Yayın ve Halkla İlişkiler
    Dairesi Başkanlığı" is one unit). Otherwise it is split at commas and semicolons; a part at a " ve "
    whose both sides are surely known ("Emniyet Müdürlüğü ve STK'lar"); and a part that matches nothing
    at the spaces between names that each match ("Mersin Üniversitesi STK'lar": two names whose line
    break was lost).
    """
    whole = match_name(entry, registry)
    if whole.stage in SURE_STAGES:
        return [whole]
    matches = [m for part in LIST_SEPARATOR.split(nfc(entry)) if part for m in _split_part(part, registry)]
    if len(matches) <= 1:
        return [whole]
    return [UnitMatch(m.printed, m.canonical, m.stage, m.score, m.runner_up, m.runner_up_score, nfc(entry), m.note)
            for m in matches]


def _split_part(part: str, registry: UnitRegistry) -> list[UnitMatch]:
    whole = match_name(part, registry)
    if whole.stage in SURE_STAGES:
        return [whole]
    by_and = _split_at(part, AND_WORD, SURE_STAGES, registry)
    if by_and:
        return by_and
    if whole.stage == UNMATCHED:
        by_space = _split_at(part, SPACE, MATCHED_STAGES, registry)
        if by_space:
            return by_space
    return [whole]


def _split_at(text: str, separator: re.Pattern[str], accept: tuple[str, ...],
              registry: UnitRegistry) -> list[UnitMatch] | None:
    """Matches of the parts of ``text`` cut at ``separator``, each part in an ``accept`` stage, or None.

    The longest matching left part is tried first, so "Sağlık Dairesi Başkanlığı Kadın ..." is cut
    after "Başkanlığı", not after "Sağlık".
    """
    for sep in reversed(list(separator.finditer(text))):
        left = match_name(text[: sep.start()], registry)
        if left.stage not in accept:
            continue
        right = match_name(text[sep.end():], registry)
        if right.stage in accept:
            return [left, right]
        rest = _split_at(text[sep.end():], separator, accept, registry)
        if rest:
            return [left, *rest]
    return None


def canonical_lists(lists: pd.Series, role: str, registry: UnitRegistry) -> tuple[list[list[str]], pd.DataFrame]:
    """Canonical name lists for a column of printed lists, and the decisions counted per printed name."""
    out: list[list[str]] = []
    decisions: list[UnitMatch] = []
    seen: dict[str, list[UnitMatch]] = {}  # a report names the same units on row after row
    for printed in lists:
        matches = [m for entry in printed
                   for m in (seen[entry] if entry in seen else seen.setdefault(entry, split_entry(entry, registry)))]
        out.append([m.canonical for m in matches])
        decisions += matches
    frame = pd.DataFrame([m.__dict__ for m in decisions], columns=list(UnitMatch.__dataclass_fields__))
    frame["role"] = role
    keys = ["role", *UnitMatch.__dataclass_fields__]
    counted = frame.groupby(keys, dropna=False, sort=True).size().rename("count").reset_index()
    return out, counted


def suggested_alias_row(match: pd.Series) -> str:
    """A CSV line for ``schemas/unit_aliases.csv`` that a human checks, corrects and pastes.

    For an unmatched name the nearest organisation (kept in ``runner_up``) is the suggestion.
    """
    guess = match["runner_up"] if isinstance(match["runner_up"], str) else "<canonical name>"
    line = io.StringIO()
    csv.writer(line, lineterminator="").writerow(
        [match["printed"], guess, f"variant seen as {match['role']} unit ({match['note']})"])
    return line.getvalue()


def canonical_units(rows: pd.DataFrame, registry: UnitRegistry | None = None,
                    ) -> tuple[list[list[str]], list[list[str]], pd.DataFrame]:
    """Canonical responsible and supporting lists of indicator rows, and every decision (unit_matches)."""
    registry = registry or load_registry()
    responsible, by_responsible = canonical_lists(rows["responsible_units_printed"], "responsible", registry)
    supporting, by_supporting = canonical_lists(rows["supporting_units_printed"], "supporting", registry)
    return responsible, supporting, pd.concat([by_responsible, by_supporting], ignore_index=True)
