"""Render one processed release for the terminal: blocks with highlighted mentions, then facts."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import click

from .process import ReleaseResult

#: mention kind -> (terminal colour, label)
STYLES = {
    "date": ("cyan", "DATE"),
    "country": ("green", "COUNTRY"),
    "official": ("magenta", "OFFICIAL"),
    "action": ("yellow", "ACTION"),
}


def _spans(result: ReleaseResult) -> dict[str, list[tuple[int, int, str]]]:
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for d in result.dates:
        spans[d.block_id].append((d.start, d.end, "date"))
    for c in result.countries:
        spans[c.block_id].append((c.start, c.end, "country"))
    for m in result.official_mentions:
        spans[m.block_id].append((m.start, m.end, "official"))
    for a in result.actions:
        spans[a.block_id].append((a.start, a.end, "action"))
    return spans


def highlight(text: str, spans: list[tuple[int, int, str]], color: bool) -> str:
    """The text with non-overlapping mentions marked (colour, or [brackets|KIND] without)."""
    out, pos = [], 0
    # Shorter spans first at the same start so nested mentions (a country inside an action) show.
    for start, end, kind in sorted(spans, key=lambda s: (s[0], s[1] - s[0])):
        if start < pos:
            continue
        out.append(text[pos:start])
        fg, label = STYLES[kind]
        piece = text[start:end]
        out.append(click.style(piece, fg=fg, bold=True) if color else f"[{piece}|{label}]")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def render(result: ReleaseResult, color: bool = False) -> str:
    """A release as readable text."""
    rel = result.release
    lines = [f"{rel.title or '(no title)'}",
             f"  release {rel.release_id}  site {rel.site}  published {rel.published or '-'}"
             f"  hits {rel.hits if rel.hits is not None else '-'}  event {rel.event_date or '-'}"
             f"  status {rel.status}"]
    if rel.error:
        lines.append(f"  error: {rel.error}")
    spans = _spans(result)
    lines.append("")
    for block in result.blocks:
        session = f" [session {block.session_no}]" if block.session_no is not None else ""
        lines.append(f"{block.block_id:>6}{session} {highlight(block.text, spans[block.block_id], color)}")
    sections: list[tuple[str, list[Any], list[str]]] = [
        ("Dates", result.dates, ["block_id", "text", "value", "value_end", "granularity",
                                 "modifier"]),
        ("Officials", result.officials, ["official_id", "name", "title", "organization",
                                         "country", "block_ids"]),
        ("Countries", result.countries, ["block_id", "text", "iso3", "form"]),
        ("Actions", result.actions, ["block_id", "type", "actor", "actor_countries", "trigger",
                                     "content"]),
    ]
    for title, rows, cols in sections:
        lines += ["", f"{title} ({len(rows)})"]
        for row in rows:
            lines.append("  " + " | ".join(str(getattr(row, c) if getattr(row, c) is not None
                                               else "") for c in cols))
    return "\n".join(lines)
