"""Country mention rows: one per span of doc.spans["country"] in each block."""

from __future__ import annotations

from ..components.countries import SPANS_KEY
from ..gazetteer import short_name
from ..schema import CountryRow
from . import ReleaseContext


def extract_countries(ctx: ReleaseContext) -> list[CountryRow]:
    """One row per country mention, in block order then text order."""
    rows: list[CountryRow] = []
    for block, doc in zip(ctx.blocks, ctx.docs):
        if SPANS_KEY not in doc.spans:
            continue
        for span in doc.spans[SPANS_KEY]:
            start, end = span.start_char, span.end_char
            if block.text[start:end] != span.text:  # the Doc is not this block's text
                continue
            iso3 = span._.iso3 or span.label_
            rows.append(CountryRow(
                release_id=ctx.release_id, block_id=block.block_id, start=start, end=end,
                text=span.text, iso3=iso3, country=span._.country or short_name(iso3) or iso3,
                form=span._.form or "name", rule_id=span._.rule_id,
            ))
    return rows
