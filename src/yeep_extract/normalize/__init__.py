"""Normalisation: raw value texts → numbers with a status; indicator units; keys."""
