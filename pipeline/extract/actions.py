"""Action rows (placeholder until the actions work lands)."""

from __future__ import annotations

from ..schema import ActionRow, CountryRow, OfficialMentionRow, OfficialRow
from . import ReleaseContext


def extract_actions(
    ctx: ReleaseContext,
    countries: list[CountryRow],
    officials: list[OfficialRow],
    mentions: list[OfficialMentionRow],
) -> list[ActionRow]:
    return []
