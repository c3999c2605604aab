"""Official rows (placeholder until the officials work lands)."""

from __future__ import annotations

from ..schema import CountryRow, OfficialMentionRow, OfficialRow
from . import ReleaseContext


def extract_officials(
    ctx: ReleaseContext, countries: list[CountryRow]
) -> tuple[list[OfficialRow], list[OfficialMentionRow]]:
    return [], []
