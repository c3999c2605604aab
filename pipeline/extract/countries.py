"""Country mention rows (placeholder until the countries work lands)."""

from __future__ import annotations

from ..schema import CountryRow
from . import ReleaseContext


def extract_countries(ctx: ReleaseContext) -> list[CountryRow]:
    return []
