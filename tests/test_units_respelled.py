"""Every registry organisation respelled at random (ASCII letters, scanner confusions, type-word
variants, abbreviations, case, one missing letter) maps back to itself and never to another."""

from __future__ import annotations

import random

import pytest
from fixtures.units.respell import respell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yeep_extract.normalize.municipalities import load_profiles
from yeep_extract.normalize.units import load_registry, split_entry

#: No deadline: examples are judged by their results, never by how long a shared machine takes.
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _organisations() -> list[tuple[str, str]]:
    """(municipality key, canonical name) of every organisation of every profile's registry."""
    out = []
    for profile in load_profiles():
        registry = load_registry(municipality=profile)
        out += [(profile.key, name) for name in sorted(set(registry.exact.values()))]
    return out


ORGANISATIONS = _organisations()


@PROPERTY
@given(st.sampled_from(ORGANISATIONS), st.randoms(use_true_random=False))
def test_a_respelled_organisation_maps_back_to_itself(organisation: tuple[str, str], rng: random.Random) -> None:
    key, canonical = organisation
    profile = next(p for p in load_profiles() if p.key == key)
    printed = respell(canonical, rng)
    matches = split_entry(printed, load_registry(municipality=profile))
    assert [m.canonical for m in matches] == [canonical], (printed, matches)


@pytest.mark.parametrize(("key", "canonical"), ORGANISATIONS)
def test_every_organisation_survives_every_respelling_but_a_lost_letter(key: str, canonical: str) -> None:
    """Deterministic sweep: each organisation under 20 seeded respellings without the lost letter."""
    profile = next(p for p in load_profiles() if p.key == key)
    registry = load_registry(municipality=profile)
    for seed in range(20):
        printed = respell(canonical, random.Random(f"{canonical}/{seed}"), missing_letter=False)
        assert [m.canonical for m in split_entry(printed, registry)] == [canonical], printed
