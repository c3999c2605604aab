"""One typed record per output table; field order is column order.

Provenance fields come first. `export` builds every table's header from these records, so an empty
table still has its header.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class ReleaseRow:
    """One input file, whatever happened to it."""

    release_id: str
    source_path: str
    url: str | None = None
    site: str | None = None
    title: str | None = None
    published: str | None = None
    published_time: str | None = None
    hits: int | None = None
    event_date: str | None = None
    n_blocks: int | None = None
    n_sessions: int | None = None
    content_sha256: str | None = None
    status: str = "ok"
    error: str | None = None
    publisher: str | None = None
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class BlockRow:
    """One numbered paragraph, bullet item or prose item of a release body."""

    release_id: str
    block_id: str
    para_no: int
    item_no: int
    session_no: int | None
    numbered: bool
    text: str


@dataclass(frozen=True, slots=True)
class DateRow:
    """One date mention, normalised against the release's published date."""

    release_id: str
    block_id: str
    start: int
    end: int
    text: str
    value: str
    value_end: str | None
    granularity: str
    modifier: str | None
    rule_id: str | None = None


@dataclass(frozen=True, slots=True)
class OfficialRow:
    """One distinct person named in a release."""

    release_id: str
    official_id: int
    name: str
    title: str | None
    organization: str | None
    country: str | None
    n_mentions: int
    block_ids: str


@dataclass(frozen=True, slots=True)
class OfficialMentionRow:
    """One mention of an official (full or short form) in a block."""

    release_id: str
    block_id: str
    start: int
    end: int
    text: str
    official_id: int
    rule_id: str | None = None


@dataclass(frozen=True, slots=True)
class CountryRow:
    """One mention of a country by name, alias or adjective."""

    release_id: str
    block_id: str
    start: int
    end: int
    text: str
    iso3: str
    country: str
    form: str
    rule_id: str | None = None


@dataclass(frozen=True, slots=True)
class ActionRow:
    """One agreement, call or pledge; start/end are the content's span in the block."""

    release_id: str
    block_id: str
    session_no: int | None
    type: str
    actor: str | None
    actor_countries: str | None
    trigger: str
    content: str
    start: int
    end: int
    rule_id: str | None = None


#: table name -> record type, in the order tables are written.
TABLES: dict[str, type] = {
    "releases": ReleaseRow,
    "blocks": BlockRow,
    "dates": DateRow,
    "officials": OfficialRow,
    "official_mentions": OfficialMentionRow,
    "countries": CountryRow,
    "actions": ActionRow,
}


def columns(row_type: type) -> list[str]:
    """Column names of a table, from its record type."""
    return [f.name for f in fields(row_type)]
