"""Date mention rows (SPEC §5) and the release's event date (SPEC §4)."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span

from ..datenorm import DateExpr, parse_date_text, resolve
from ..schema import DateRow
from . import ReleaseContext

SPANS_KEY = "date"
#: Words in the first block that put the main event relative to the published date.
DEICTIC_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
#: How many leading blocks event_date looks through for the first dated one.
EVENT_BLOCKS = 3


def extract_dates(ctx: ReleaseContext) -> tuple[list[DateRow], str | None]:
    """DateRows for every mention, and the event date (ISO day) or None."""
    ref = ctx.published or _first_explicit_day(ctx)
    rows: list[DateRow] = []
    main_event: set[tuple[str, int]] = set()  # (block_id, start) of dates on a main verb
    para_no: int | None = None
    para_year: int | None = None
    for block, doc in zip(ctx.blocks, ctx.docs):
        if block.para_no != para_no:
            para_no, para_year = block.para_no, None
        for span in doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else ():
            expr = parse_date_text(span.text)
            if expr is None:
                continue
            # tense counts from publication; without a published date it says nothing
            tense = span._.date_tense if ctx.published is not None else None
            res = resolve(expr, ref, tense, para_year)
            if res is None:
                continue
            if _on_main_verb(span):
                main_event.add((block.block_id, span.start_char))
            rows.append(DateRow(
                release_id=ctx.release_id, block_id=block.block_id, start=span.start_char,
                end=span.end_char, text=span.text, value=res.value, value_end=res.value_end,
                granularity=res.granularity, modifier=res.modifier, rule_id=span._.rule_id,
            ))
            year = _stated_year(expr, res.value)
            if year is not None and res.granularity == "year" and _opens_sentence(span):
                para_year = year
    return rows, event_date(ctx, rows, main_event)


def _opens_sentence(span: Span) -> bool:
    """"In 2018, ...", "Last year, ...": a year that sets the time of what follows (not the
    possessive "This year's Meeting")."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in ("'s", "\u2019s"):
        return False
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return span.start <= 1
    return span.start - span.sent.start <= 1


def _stated_year(expr: DateExpr, value: str) -> int | None:
    """The year a single mention states (explicitly or relative to published), if any."""
    if expr.end is not None or expr.weekday is not None or expr.modifier is not None \
            or not expr.start.has_year:
        return None
    return int(value[:4]) if value[:4].isdigit() else None


def _first_explicit_day(ctx: ReleaseContext) -> dt.date | None:
    """Without a published date: the first day-level date that states its year, in the blocks
    event_date looks at."""
    for doc in ctx.docs[:EVENT_BLOCKS]:
        for span in doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else ():
            expr = parse_date_text(span.text)
            if expr is not None and expr.start.year is not None and expr.start.day is not None:
                res = resolve(expr, None)
                if res is not None:
                    return dt.date.fromisoformat(res.value)
    return None


def event_date(ctx: ReleaseContext, rows: list[DateRow],
               main_event: set[tuple[str, int]] | None = None) -> str | None:
    """The published date shifted by "today"/"yesterday" in the first dated block, else its date.

    Blocks before it with neither ("The below is attributable to Spokesperson ...", "The text of
    the following joint statement was released ...") are skipped, up to EVENT_BLOCKS blocks.
    A dateline block without a verb ("OTTAWA, Ontario, January 3, 2024") says when the page was
    issued, not when the event happened, and is skipped too. Within the block, a date on the
    sentence's main verb ("met ... on October 20") beats one in a subordinate clause
    ("..., who arrived on October 19, ...").
    """
    for block, doc in list(zip(ctx.blocks, ctx.docs))[:EVENT_BLOCKS]:
        if _is_dateline(doc):
            continue
        day_rows = [r for r in rows if r.block_id == block.block_id and r.granularity == "day"
                    and not r.value.startswith("XXXX")]
        deictic = _first_deictic(doc)
        main = [r for r in day_rows if (r.block_id, r.start) in (main_event or ())]
        day_rows = main[:1] + day_rows if main else day_rows
        if deictic is not None and ctx.published is not None:
            # "today" names the event's day even beside other dates (a visit's range)
            return (ctx.published + dt.timedelta(days=deictic)).isoformat()
        if day_rows:
            return day_rows[0].value[:10]
        if any(r.block_id == block.block_id for r in rows):
            return None  # the first dated block gives a month or year only
    return None


def _is_dateline(doc: Doc) -> bool:
    """A block with dates but no verb: a dateline ("May 5, 2023 - Ottawa, Ontario")."""
    if not doc.has_annotation("POS"):
        return False
    return not any(tok.pos_ in ("VERB", "AUX") for tok in doc)


def _on_main_verb(span: Span) -> bool:
    """Whether the date hangs (through prepositions) on its sentence's root verb."""
    tok = span.root
    for _ in range(3):
        if tok.head is tok:
            return False
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok.dep_ == "ROOT"
        if tok.pos_ != "ADP":
            return False
    return False


def _first_deictic(doc: Doc) -> int | None:
    """Day offset from published of the block's first "today"/"yesterday"/"tomorrow"."""
    for tok in doc:
        if tok.lower_ in DEICTIC_DAYS:
            return DEICTIC_DAYS[tok.lower_]
    return None

