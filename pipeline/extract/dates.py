"""Date mention rows and the release's event date (placeholder until the dates work lands)."""

from __future__ import annotations

from ..schema import DateRow
from . import ReleaseContext


def extract_dates(ctx: ReleaseContext) -> tuple[list[DateRow], str | None]:
    return [], None
