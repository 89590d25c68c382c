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


#: Seeded respellings of each organisation in the deterministic sweep (the README quotes the total).
SWEEP_SEEDS = 25


@pytest.mark.parametrize(("key", "canonical"), ORGANISATIONS)
def test_every_organisation_survives_seeded_respellings(key: str, canonical: str) -> None:
    """Deterministic sweep: each organisation under ``SWEEP_SEEDS`` seeded respellings, a lost letter
    in about a third of them."""
    profile = next(p for p in load_profiles() if p.key == key)
    registry = load_registry(municipality=profile)
    for seed in range(SWEEP_SEEDS):
        printed = respell(canonical, random.Random(f"{canonical}/{seed}"))
        assert [m.canonical for m in split_entry(printed, registry)] == [canonical], printed
