"""A self-contained HTML review report of an output folder, for analysts.

`build_report(out_dir)` reads the tables (`loading.load`) and returns one HTML page: an overview
with inline SVG charts, a searchable and sortable table of actions, a release index, one section per
release with its blocks (mentions highlighted inline) and fact rows, the evaluation scores when a
`pressfacts evaluate --json` file is given, and the releases that failed or were skipped.

Everything is inline (CSS, SVG, a little JavaScript), so the page opens offline; every piece of
text from the tables is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import math
import os
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from .errors import PipelineError

#: Per-release sections in the report (the release index lists every release).
MAX_RELEASE_SECTIONS = 2000
#: Rows of the actions table (the full list is in actions.csv).
MAX_ACTION_ROWS = 10000
#: Rows of the lists of evaluation errors.
MAX_EVAL_ROWS = 1000
#: Bars in the "top" charts and rows in the officials table.
TOP_N = 20
#: Above this many months (bogus dates?), releases over time are counted by year.
MAX_MONTH_BARS = 600

#: mention kind -> (label, colour); the colours follow displaCy's look (pastel boxes).
KINDS = {
    "date": ("DATE", "#bfe1d9"),
    "country": ("COUNTRY", "#feca74"),
    "official": ("OFFICIAL", "#c8b8ff"),
    "action": ("ACTION", "#ffb3a7"),
}
#: action type -> bar colour
ACTION_COLOURS = {"agreement": "#3f8f6b", "call": "#c4622d", "pledge": "#5a5fb0"}
#: when entity spans overlap, the earlier, then longer, then this order wins
PRIORITY = {"official": 0, "country": 1, "date": 2, "action": 3}
#: how far around an action's content its trigger is looked for (characters)
TRIGGER_WINDOW = 80
DASH = "\u2013"


class BadEvalFile(PipelineError):
    """Evaluation scores could not be read"""


# -- small helpers ---------------------------------------------------------------------------------
def esc(value: Any) -> str:
    """Text for HTML (element content or a quoted attribute); empty for None."""
    return "" if value is None else html.escape(str(value), quote=True)


def _num(value: int | float) -> str:
    return f"{value:,}"


def _records(frame: Any) -> list[dict[str, Any]]:
    """DataFrame rows as dicts of plain values: None for missing, dates as YYYY-MM-DD."""
    if frame is None or len(frame) == 0:
        return []
    import pandas as pd

    columns: dict[str, list[Any]] = {}
    for name in frame.columns:
        col = frame[name]
        if pd.api.types.is_datetime64_any_dtype(col):
            col = col.dt.strftime("%Y-%m-%d")
        missing = col.isna().to_numpy()
        values = col.to_numpy(dtype=object).tolist()
        if missing.any():
            values = [None if m else v for v, m in zip(values, missing.tolist())]
        columns[str(name)] = values
    keys = list(columns)
    return [dict(zip(keys, row)) for row in zip(*columns.values())]


def _int(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def _codes(value: Any) -> list[str]:
    """`;`-separated ISO3 codes as a sorted list of distinct codes."""
    if not value:
        return []
    return sorted({c.strip() for c in str(value).split(";") if c.strip()})


# -- charts (inline SVG) ---------------------------------------------------------------------------
def _ticks(vmax: float, n: int = 4) -> list[int]:
    """Integer axis ticks from 0 to at least vmax."""
    if vmax <= 0:
        return [0, 1]
    raw = vmax / n
    mag = 10 ** max(0, math.floor(math.log10(raw))) if raw >= 1 else 1
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    top = int(math.ceil(vmax / step) * step)
    return list(range(0, top + 1, step))


def svg_columns(labels: Sequence[str], values: Sequence[int], title: str,
                unit: str = "releases", height: int = 260,
                xlabels: dict[int, str] | None = None) -> str:
    """A vertical bar chart (one bar per label).

    Without `xlabels` every k-th label is written under its bar, rotated; with `xlabels`
    (bar index -> text), only those, level, after a tick mark (e.g. the year at each January).
    """
    n = len(values)
    if not n:
        return '<p class="muted">No data.</p>'
    left, right, top = 52, 16, 14
    bottom = 28 if xlabels is not None else 70
    step = max(4, min(56, 900 // n))
    width = max(360, left + right + n * step)
    plot_h = height - top - bottom
    base = top + plot_h
    ticks = _ticks(max(values))
    ymax = ticks[-1] or 1
    out = [f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{esc(title)}"><title>{esc(title)}</title>']
    for t in ticks:
        y = base - t / ymax * plot_h
        out.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" '
                   f'y2="{y:.1f}"/><text class="ylab" x="{left - 6}" y="{y + 4:.1f}">{t:,}</text>')
    gap = 0.5 if step < 8 else 1 if step < 14 else 2
    if xlabels is None:
        every = max(1, math.ceil(16 / step))
        rotated = {i: labels[i] for i in range(0, n, every)}
    else:
        rotated = {}
        for i, text in xlabels.items():
            x = left + i * step
            out.append(f'<line class="axis" x1="{x}" x2="{x}" y1="{base}" y2="{base + 8}"/>'
                       f'<text class="tlab" x="{x + 3}" y="{base + 18}">{esc(text)}</text>')
    for i, (label, v) in enumerate(zip(labels, values)):
        x = left + i * step
        h = v / ymax * plot_h
        out.append(f'<rect class="bar" x="{x + gap}" y="{base - h:.1f}" '
                   f'width="{step - 2 * gap}" height="{h:.1f}"><title>{esc(label)}: {v:,} '
                   f'{esc(unit)}</title></rect>')
        if i in rotated:
            cx, cy = x + step / 2, base + 10
            out.append(f'<text class="xlab" x="{cx:.1f}" y="{cy}" '
                       f'transform="rotate(-50 {cx:.1f} {cy})">{esc(label)}</text>')
    out.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{base}" '
               f'y2="{base}"/></svg>')
    return "".join(out)


def svg_hbars(items: Sequence[tuple[str, int]], title: str, unit: str,
              colours: dict[str, str] | None = None, width: int = 560) -> str:
    """A horizontal bar chart: label, bar, value, one row per item (largest first)."""
    if not items:
        return '<p class="muted">No data.</p>'
    row, top = 22, 6
    label_w = min(230, 16 + 7 * max(len(_short(label)) for label, _ in items))
    bar_max = width - label_w - 60
    vmax = max(v for _, v in items) or 1
    height = top * 2 + row * len(items)
    out = [f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{esc(title)}"><title>{esc(title)}</title>']
    for i, (label, v) in enumerate(items):
        y = top + i * row
        w = max(1.0, v / vmax * bar_max)
        fill = f' style="fill:{colours[label]}"' if colours and label in colours else ""
        out.append(f'<text class="hlab" x="{label_w - 8}" y="{y + 15}">{esc(_short(label))}'
                   f'<title>{esc(label)}</title></text>'
                   f'<rect class="bar"{fill} x="{label_w}" y="{y + 3}" width="{w:.1f}" '
                   f'height="{row - 6}"><title>{esc(label)}: {v:,} {esc(unit)}</title></rect>'
                   f'<text class="hval" x="{label_w + w + 5:.1f}" y="{y + 15}">{v:,}</text>')
    out.append(f'<line class="axis" x1="{label_w}" x2="{label_w}" y1="{top}" '
               f'y2="{height - top}"/></svg>')
    return "".join(out)


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "\u2026"


# -- highlighting ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Span:
    """One mention to mark in a block: [start, end) with its kind and a hover text."""

    start: int
    end: int
    kind: str
    note: str = ""
    extra: str = ""  # a small second label (the action type on a trigger)
    action: int = -1  # index of the action a trigger belongs to


@dataclass(frozen=True, slots=True)
class ActionSpan:
    """An action's content span (drawn as an underline) and its trigger, when found."""

    start: int
    end: int
    type: str
    note: str
    trigger: tuple[int, int] | None = None


def find_trigger(text: str, trigger: str | None, start: int, end: int) -> tuple[int, int] | None:
    """The trigger's span next to the content: just before it, else just after it."""
    if not trigger:
        return None
    lo = max(0, start - len(trigger) - TRIGGER_WINDOW)
    i = text.rfind(trigger, lo, start)
    if i >= 0:
        return i, i + len(trigger)
    i = text.find(trigger, end, end + len(trigger) + TRIGGER_WINDOW)
    return (i, i + len(trigger)) if i >= 0 else None


def highlight(text: str, spans: Iterable[Span], actions: Sequence[ActionSpan] = ()) -> str:
    """A block's text as HTML with mentions marked.

    Dates, countries and officials (and each action's trigger) are `<mark>` boxes with a small
    label, like displaCy; they never overlap (the earlier, then longer mention wins). An action's
    content is underlined (`<span class="act" data-a=K>` pieces), so marks nest inside it. Spans
    outside the text are ignored. Removing the labels and tags gives back the text exactly.
    """
    n = len(text)
    cand = [s for s in spans if 0 <= s.start < s.end <= n]
    acts = [(k, a) for k, a in enumerate(actions) if 0 <= a.start < a.end <= n]
    for k, a in acts:
        if a.trigger and 0 <= a.trigger[0] < a.trigger[1] <= n:
            cand.append(Span(a.trigger[0], a.trigger[1], "action", a.note, a.type, k))
    kept: list[Span] = []
    last = 0
    for s in sorted(cand, key=lambda s: (s.start, -(s.end - s.start), PRIORITY[s.kind])):
        if s.start >= last:
            kept.append(s)
            last = s.end
    shown_triggers = {s.action for s in kept if s.kind == "action"}
    bounds = sorted({0, n, *(b for s in kept for b in (s.start, s.end)),
                     *(b for _, a in acts for b in (a.start, a.end))})
    opens = {s.start: s for s in kept}
    tags: dict[int, list[tuple[int, ActionSpan]]] = defaultdict(list)
    for k, a in acts:
        if k not in shown_triggers:
            tags[a.start].append((k, a))
    out: list[str] = []
    current: Span | None = None
    for lo, hi in zip(bounds, bounds[1:]):
        if current is not None and lo == current.end:
            out.append(_close(current))
            current = None
        for k, a in tags.get(lo, ()):
            out.append(f'<span class="atag" data-a="{k}" title="{esc(a.note)}">'
                       f'{esc(a.type)}</span>')
        if lo in opens:
            current = opens[lo]
            out.append(f'<mark class="m-{current.kind}" data-s="{current.start}" '
                       f'data-e="{current.end}" title="{esc(current.note)}">')
        piece = esc(text[lo:hi])
        cover = [k for k, a in acts if a.start <= lo and hi <= a.end]
        if cover:
            cls = "act act2" if len(cover) > 1 else "act"
            out.append(f'<span class="{cls}" data-a="{" ".join(map(str, cover))}">{piece}</span>')
        else:
            out.append(piece)
    if current is not None:
        out.append(_close(current))
    return "".join(out)


def _close(span: Span) -> str:
    extra = f" <i>{esc(span.extra)}</i>" if span.extra else ""
    return f'<span class="lbl">{KINDS[span.kind][0]}{extra}</span></mark>'


# -- the data, grouped -----------------------------------------------------------------------------
class _Data:
    """The tables as plain rows, grouped by release."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self.releases = _records(tables.get("releases"))
        self.rows: dict[str, list[dict[str, Any]]] = {
            name: _records(tables.get(name))
            for name in ("blocks", "dates", "officials", "official_mentions", "countries",
                         "actions")}
        self.by_release: dict[str, dict[str, list[dict[str, Any]]]] = {
            name: _group(rows) for name, rows in self.rows.items()}

    def of(self, table: str, release_id: str) -> list[dict[str, Any]]:
        return self.by_release[table].get(release_id, [])


def _group(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row["release_id"]].append(row)
    return out


# -- sections --------------------------------------------------------------------------------------
def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, table_id: str | None = None,
           sortable: bool = True, cls: str = "") -> str:
    """An HTML table; cells are already HTML (escape before)."""
    attrs = f' id="{table_id}"' if table_id else ""
    classes = " ".join(c for c in ("sortable" if sortable else "", cls) if c)
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return (f'<table{attrs} class="{classes}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _filter_box(table_id: str, placeholder: str) -> str:
    return (f'<div class="filterbar"><input type="search" data-filter="{table_id}" '
            f'placeholder="{esc(placeholder)}" aria-label="{esc(placeholder)}"> '
            f'<span class="count" data-count-for="{table_id}"></span></div>')


def _months(published: Iterable[str | None]) -> tuple[list[str], list[int], str, int]:
    """Release counts per month with empty months filled (per year over a very long span)."""
    counts: Counter[str] = Counter()
    missing = 0
    for p in published:
        if p and len(p) >= 7:
            counts[p[:7]] += 1
        else:
            missing += 1
    if not counts:
        return [], [], "month", missing
    first, last = min(counts), max(counts)
    y0, m0, y1, m1 = int(first[:4]), int(first[5:7]), int(last[:4]), int(last[5:7])
    span = (y1 - y0) * 12 + (m1 - m0) + 1
    if span > MAX_MONTH_BARS:
        years: Counter[str] = Counter()
        for k, v in counts.items():
            years[k[:4]] += v
        labels = [f"{y:04d}" for y in range(y0, y1 + 1)]
        return labels, [years.get(y, 0) for y in labels], "year", missing
    labels = []
    for i in range(span):
        y, m = divmod(m0 - 1 + i, 12)
        labels.append(f"{y0 + y:04d}-{m + 1:02d}")
    return labels, [counts.get(k, 0) for k in labels], "month", missing


def _time_chart(labels: list[str], values: list[int], unit: str) -> str:
    """Releases per month (or year); over 36 months the axis shows the year at each January."""
    xlabels = None
    if unit == "month" and len(labels) > 36:
        xlabels = {i: lab[:4] for i, lab in enumerate(labels) if lab.endswith("-01")}
        if min(xlabels, default=len(labels)) >= 6:
            xlabels[0] = labels[0]
    return svg_columns(labels, values, f"Releases per {unit}", xlabels=xlabels)


def _overview(data: _Data) -> str:
    rel = data.releases
    status = Counter(r.get("status") or "ok" for r in rel)
    rows = data.rows
    people = {(r["name"], r.get("country")) for r in rows["officials"]}
    iso3s = {r["iso3"] for r in rows["countries"] if r.get("iso3")}
    cards = [
        ("releases", len(rel), f'{_num(status.get("ok", 0))} ok \u00b7 '
                               f'{_num(status.get("error", 0))} error \u00b7 '
                               f'{_num(status.get("skipped", 0))} skipped'),
        ("blocks", len(rows["blocks"]), "paragraphs, items and bullets"),
        ("dates", len(rows["dates"]), "date mentions"),
        ("officials", len(rows["officials"]),
         f"{_num(len(people))} distinct people \u00b7 {_num(len(rows['official_mentions']))} "
         "mentions"),
        ("countries", len(rows["countries"]), f"mentions of {_num(len(iso3s))} countries"),
        ("actions", len(rows["actions"]), "agreements, calls and pledges"),
    ]
    out = ['<section id="overview"><h2>Overview</h2><div class="cards">']
    for name, n, sub in cards:
        out.append(f'<div class="card"><div class="n">{_num(n)}</div><div class="what">{name}'
                   f'</div><div class="sub">{esc(sub)}</div></div>')
    out.append("</div>")

    labels, values, unit, missing = _months(r.get("published") for r in rel
                                            if (r.get("status") or "ok") == "ok")
    note = f" {_num(missing)} ok release(s) have no published date." if missing else ""
    out.append(f'<h3>Releases over time <span class="muted">(status ok, by {unit} of '
               f'<code>published</code>)</span></h3><div class="scroll">'
               f'{_time_chart(labels, values, unit)}</div>'
               f'<p class="muted">{esc(note)}</p>')

    # countries: by releases mentioning them
    names: dict[str, Counter[str]] = defaultdict(Counter)
    rel_codes: dict[str, set[str]] = defaultdict(set)
    for r in rows["countries"]:
        if r.get("iso3"):
            rel_codes[r["release_id"]].add(r["iso3"])
            names[r["iso3"]][r.get("country") or ""] += 1
    by_country: Counter[str] = Counter()
    for codes in rel_codes.values():
        by_country.update(codes)

    def cname(code: str) -> str:
        name = names[code].most_common(1)[0][0] if names.get(code) else ""
        return f"{code} \u00b7 {name}" if name else code

    top_c = [(cname(c), n) for c, n in _top(by_country)]
    pairs_rel: Counter[tuple[str, str]] = Counter()
    for codes in rel_codes.values():
        pairs_rel.update(itertools.combinations(sorted(codes), 2))
    pairs_act: Counter[tuple[str, str]] = Counter()
    by_actor: Counter[str] = Counter()
    for value, n in Counter(a.get("actor_countries") for a in rows["actions"]).items():
        codes = _codes(value)
        for pair in itertools.combinations(codes, 2):
            pairs_act[pair] += n
        for code in codes:
            by_actor[code] += n
    out.append('<div class="two"><div><h3>Top countries <span class="muted">(releases mentioning '
               'them)</span></h3>'
               f'{svg_hbars(top_c, "Top countries by releases", "releases")}</div>'
               '<div><h3>Action types</h3>')
    types = Counter(a.get("type") or "?" for a in rows["actions"])
    out.append(svg_hbars(types.most_common(), "Actions by type", "actions", ACTION_COLOURS))
    actor_chart = svg_hbars([(cname(c), n) for c, n in _top(by_actor, 10)],
                            "Top actor countries", "actions")
    out.append('<h3>Top actor countries <span class="muted">(actions)</span></h3>'
               f"{actor_chart}</div></div>")
    act_chart = svg_hbars([(DASH.join(p), n) for p, n in _top(pairs_act)],
                          "Top co-actor pairs", "actions")
    rel_chart = svg_hbars([(DASH.join(p), n) for p, n in _top(pairs_rel)],
                          "Top co-mentioned pairs", "releases")
    out.append('<div class="two"><div><h3>Top country pairs <span class="muted">(co-actors of an '
               'action, in <code>actor_countries</code>)</span></h3>'
               f'{act_chart}</div><div><h3>Top country pairs <span class="muted">(co-mentioned '
               f'in a release)</span></h3>{rel_chart}</div></div>')
    out.append(_officials(rows["officials"]))
    out.append("</section>")
    return "".join(out)


def _top(counter: Counter[Any], n: int = TOP_N) -> list[tuple[Any, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _officials(officials: list[dict[str, Any]]) -> str:
    """The most frequent people (by releases naming them)."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for r in officials:
        key = (r["name"], r.get("country") or "")
        g = groups.setdefault(key, {"rel": set(), "mentions": 0, "title": Counter(),
                                    "org": Counter()})
        g["rel"].add(r["release_id"])
        g["mentions"] += _int(r.get("n_mentions")) or 0
        if r.get("title"):
            g["title"][r["title"]] += 1
        if r.get("organization"):
            g["org"][r["organization"]] += 1
    top = sorted(groups.items(), key=lambda kv: (-len(kv[1]["rel"]), -kv[1]["mentions"],
                                                  kv[0]))[:TOP_N]
    rows = []
    for (name, country), g in top:
        title = g["title"].most_common(1)[0][0] if g["title"] else ""
        org = g["org"].most_common(1)[0][0] if g["org"] else ""
        rows.append((esc(name), esc(title), esc(org), esc(country), _num(len(g["rel"])),
                     _num(g["mentions"])))
    body = (_table(["name", "title", "organization", "country", "releases", "mentions"], rows,
                   table_id="officials-top") if rows else '<p class="muted">No officials.</p>')
    return (f'<h3>Most frequent officials <span class="muted">(top {TOP_N} by releases naming '
            f"them; most frequent title and organization)</span></h3>{body}")


def _actions(data: _Data, anchors: dict[str, str], max_rows: int) -> str:
    actions = data.rows["actions"]
    shown = actions[:max_rows]
    rows = []
    for a in shown:
        rid = a["release_id"]
        link = _link(rid, anchors, a.get("block_id"))
        colour = ACTION_COLOURS.get(a.get("type") or "", "#777")
        rows.append((link, esc(a.get("block_id")),
                     f'<span class="pill" style="background:{colour}">{esc(a.get("type"))}</span>',
                     esc(a.get("actor")), esc((a.get("actor_countries") or "").replace(";", " ")),
                     esc(a.get("trigger")), esc(a.get("content"))))
    note = ""
    if len(actions) > len(shown):
        note = (f'<p class="note">Showing the first {_num(len(shown))} of {_num(len(actions))} '
                "actions; the full list is in <code>actions.csv</code>.</p>")
    body = (_table(["release", "block", "type", "actor", "actor countries", "trigger", "content"],
                   rows, table_id="actions-table", cls="facts")
            if rows else '<p class="muted">No actions.</p>')
    return ('<section id="actions"><h2>Actions</h2><p class="muted">Type in the box to filter '
            "(every word must appear in the row); click a column heading to sort.</p>"
            f'{_filter_box("actions-table", "Filter actions")}{note}{body}</section>')


def _link(rid: str, anchors: dict[str, str], block_id: Any = None) -> str:
    anchor = anchors.get(rid)
    if anchor is None:
        return f"<code>{esc(rid)}</code>"
    target = f"{anchor}-b{block_id}" if block_id else anchor
    return f'<a href="#{esc(target)}"><code>{esc(rid)}</code></a>'


def _link_as(text: str, anchor: str | None) -> str:
    if anchor is None:
        return f"<code>{esc(text)}</code>"
    return f'<a href="#{esc(anchor)}"><code>{esc(text)}</code></a>'


def _index(data: _Data, anchors: dict[str, str]) -> str:
    counts = {name: {rid: len(rows) for rid, rows in data.by_release[name].items()}
              for name in ("dates", "officials", "countries", "actions")}
    rows = []
    for r in data.releases:
        rid = r["release_id"]
        status = r.get("status") or "ok"
        link = _link(rid, anchors) if status == "ok" else f"<code>{esc(rid)}</code>"
        rows.append((link, esc(r.get("title")), esc(r.get("published")),
                     f'<span class="st st-{esc(status)}">{esc(status)}</span>',
                     esc(r.get("n_blocks")),
                     *(str(counts[t].get(rid, 0)) for t in counts)))
    body = _table(["release", "title", "published", "status", "blocks", "dates", "officials",
                   "countries", "actions"], rows, table_id="release-index")
    return ('<section id="index"><h2>Releases</h2>'
            f'{_filter_box("release-index", "Filter releases")}{body}</section>')


def _fields(r: dict[str, Any]) -> str:
    names = ["release_id", "published", "published_time", "event_date", "site", "publisher",
             "hits", "n_blocks", "n_sessions", "encoding", "status", "error", "url",
             "source_path"]
    items = "".join(f"<dt>{n}</dt><dd>{esc(r.get(n))}</dd>" for n in names
                    if r.get(n) is not None)
    return f'<dl class="fields">{items}</dl>'


def _release_section(r: dict[str, Any], anchor: str, data: _Data) -> str:
    rid = r["release_id"]
    blocks = data.of("blocks", rid)
    dates, countries = data.of("dates", rid), data.of("countries", rid)
    officials, mentions = data.of("officials", rid), data.of("official_mentions", rid)
    actions = data.of("actions", rid)
    people = {_int(o.get("official_id")): o for o in officials}
    spans: dict[str, list[Span]] = defaultdict(list)
    for d in dates:
        value = d.get("value") or ""
        if d.get("value_end"):
            value += f"..{d['value_end']}"
        note = " ".join(x for x in (value, d.get("granularity"), d.get("modifier")) if x)
        spans[d["block_id"]].append(Span(_int(d["start"]), _int(d["end"]), "date", note))
    for c in countries:
        note = " ".join(x for x in (c.get("iso3"), c.get("country"), f"({c.get('form')})") if x)
        spans[c["block_id"]].append(Span(_int(c["start"]), _int(c["end"]), "country", note))
    for m in mentions:
        o = people.get(_int(m.get("official_id"))) or {}
        note = ", ".join(x for x in (o.get("name"), o.get("title"), o.get("organization"),
                                     o.get("country")) if x)
        spans[m["block_id"]].append(Span(_int(m["start"]), _int(m["end"]), "official", note))
    texts = {b["block_id"]: b.get("text") or "" for b in blocks}
    acts: dict[str, list[ActionSpan]] = defaultdict(list)
    for a in actions:
        text = texts.get(a["block_id"], "")
        start, end = _int(a["start"]), _int(a["end"])
        if start is None or end is None:
            continue
        note = (f"{a.get('type')}: {a.get('actor') or '?'} "
                f"[{(a.get('actor_countries') or '').replace(';', ' ')}] {a.get('trigger')}")
        acts[a["block_id"]].append(ActionSpan(start, end, a.get("type") or "", note,
                                              find_trigger(text, a.get("trigger"), start, end)))
    out = [f'<section class="release" id="{anchor}"><h3><span class="rid">{esc(rid)}</span> '
           f'{esc(r.get("title") or "(no title)")}</h3>{_fields(r)}<div class="blocks">']
    for b in blocks:
        bid = b["block_id"]
        session = b.get("session_no")
        tag = f'<span class="sess">session {esc(session)}</span>' if session is not None else ""
        marked = highlight(texts[bid], [s for s in spans[bid] if s.start is not None
                                        and s.end is not None], acts.get(bid, ()))
        out.append(f'<div class="block" id="{anchor}-b{esc(bid)}"><span class="bid">{esc(bid)}'
                   f'</span>{tag}<p class="btext" data-block="{esc(bid)}">{marked}</p></div>')
    if not blocks:
        out.append('<p class="muted">No blocks.</p>')
    out.append("</div>")
    facts = [
        ("Dates", dates, ["block_id", "text", "value", "value_end", "granularity", "modifier"]),
        ("Officials", officials, ["official_id", "name", "title", "organization", "country",
                                  "n_mentions", "block_ids"]),
        ("Countries", countries, ["block_id", "text", "iso3", "country", "form"]),
        ("Actions", actions, ["block_id", "type", "actor", "actor_countries", "trigger",
                              "content"]),
    ]
    summary = ", ".join(f"{len(rows)} {title.lower()}" for title, rows, _ in facts)
    out.append(f'<details class="facts" open><summary>Facts: {esc(summary)}</summary>')
    for title, rows, cols in facts:
        if rows:
            out.append(f"<h4>{title}</h4>")
            out.append(_table(cols, ([esc(row.get(c)) for c in cols] for row in rows),
                              sortable=False, cls="facts"))
    out.append('</details><p class="up"><a href="#index">\u2191 release index</a></p></section>')
    return "".join(out)


def _releases(data: _Data, anchors: dict[str, str], n_ok: int) -> str:
    out = ['<section id="releases"><h2>Release details</h2>']
    if len(anchors) < n_ok:
        out.append(f'<p class="note">Sections are included for the first {_num(len(anchors))} of '
                   f"{_num(n_ok)} releases with status ok (setting <code>--max-releases</code>); "
                   "the others are listed in the release index only.</p>")
    legend = "".join(f'<mark class="m-{k}">example<span class="lbl">{label}</span></mark> '
                     for k, (label, _) in KINDS.items())
    out.append(f'<p class="legend">{legend} <span class="act">underlined</span>: the content of '
               "an action (the ACTION box is its trigger). Hover a mark for details.</p>")
    for r in data.releases:
        anchor = anchors.get(r["release_id"])
        if anchor is not None:
            out.append(_release_section(r, anchor, data))
    out.append("</section>")
    return "".join(out)


def _problems(data: _Data) -> str:
    bad = [r for r in data.releases if (r.get("status") or "ok") != "ok"]
    out = ['<section id="problems"><h2>Errors and skipped releases</h2>']
    if not bad:
        out.append('<p class="muted">None: every release has status ok.</p></section>')
        return "".join(out)
    reasons = Counter((r.get("status"), (r.get("error") or "").split(":")[0]) for r in bad)
    out.append("<p>" + "; ".join(f'{_num(n)} {esc(s)}: {esc(e) or "(no message)"}'
                                 for (s, e), n in reasons.most_common()) + "</p>")
    rows = [(f"<code>{esc(r['release_id'])}</code>",
             f'<span class="st st-{esc(r.get("status"))}">{esc(r.get("status"))}</span>',
             esc(r.get("error")), f"<code>{esc(r.get('source_path'))}</code>") for r in bad]
    out.append(_filter_box("problems-table", "Filter errors"))
    out.append(_table(["release", "status", "error", "source path"], rows,
                      table_id="problems-table"))
    out.append("</section>")
    return "".join(out)


# -- evaluation ------------------------------------------------------------------------------------
SCORE_SUFFIXES = ("_p", "_r", "_f", "_acc")
COUNT_SUFFIXES = ("_tp", "_fp", "_fn", "_n")


def read_eval(eval_json: str | Path | dict[str, Any]) -> dict[str, Any]:
    """The scores of `pressfacts evaluate --json`, from a file (or as given)."""
    if isinstance(eval_json, dict):
        return eval_json
    path = Path(eval_json)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadEvalFile(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise BadEvalFile(f"{path}: expected a JSON object of scores")
    return data


def _is_num(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _score_cell(value: Any) -> str:
    if not _is_num(value):
        return '<span class="muted">\u2013</span>'
    pct = max(0.0, min(1.0, float(value))) * 100
    return (f'<span class="score" data-v="{value}"><span class="sbar" style="width:{pct:.0f}%">'
            f"</span>{value:.3f}</span>")


def _evaluation(scores: dict[str, Any], anchors: dict[str, str],
                blocks: set[tuple[str, str]]) -> str:
    flat = scores
    if not any(k.endswith(SCORE_SUFFIXES) for k in flat):
        nested = [v for v in scores.values() if isinstance(v, dict)
                  and any(k.endswith(SCORE_SUFFIXES) for k in v)]
        flat = nested[0] if nested else scores
    out = ['<section id="evaluation"><h2>Evaluation</h2>']
    info = [(k, v) for k, v in scores.items()
            if (isinstance(v, str) or _is_num(v))
            and not k.endswith(SCORE_SUFFIXES + COUNT_SUFFIXES)]
    if info:
        out.append('<dl class="fields">' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>"
                                                   for k, v in info) + "</dl>")
    prf: dict[str, dict[str, Any]] = {}
    acc: list[tuple[str, Any, Any]] = []
    for k, v in flat.items():
        if not (_is_num(v) or v is None):
            continue
        if k.endswith("_acc"):
            acc.append((k[:-4], v, flat.get(k[:-4] + "_n")))
        else:
            for suffix in ("_p", "_r", "_f"):
                if k.endswith(suffix):
                    prf.setdefault(k[: -len(suffix)], {})[suffix] = v
    if prf:
        rows = []
        for name, d in prf.items():
            counts = [flat.get(f"{name}{s}") for s in ("_tp", "_fp", "_fn")]
            rows.append((esc(name), *(_score_cell(d.get(s)) for s in ("_p", "_r", "_f")),
                         *(esc(c) if _is_num(c) else "" for c in counts)))
        out.append("<h3>Precision, recall, F1</h3>")
        out.append(_table(["score", "P", "R", "F1", "tp", "fp", "fn"], rows, table_id="eval-prf"))
    if acc:
        out.append("<h3>Attribute accuracy</h3>")
        out.append(_table(["score", "accuracy", "n"],
                          [(esc(n), _score_cell(v), esc(c) if _is_num(c) else "")
                           for n, v, c in acc], table_id="eval-acc"))
    if not prf and not acc:
        out.append('<p class="muted">The scores file has no keys ending in _p, _r, _f or _acc.'
                   "</p>")
    per = scores.get("per_release")
    if isinstance(per, dict) and per:
        cols = sorted({k for v in per.values() if isinstance(v, dict) for k in v
                       if k.endswith("_f")})
        if cols:
            items = [(rid, v) for rid, v in per.items() if isinstance(v, dict)]
            items.sort(key=lambda kv: _mean(kv[1].get(c) for c in cols))
            rows = [(_link_as(rid, anchors.get(str(v.get("pred_release_id") or rid))),
                     *(_score_cell(v.get(c)) for c in cols))
                    for rid, v in items[:MAX_EVAL_ROWS]]
            out.append('<h3>Per release (F1) <span class="muted">(lowest mean F1 first)</span>'
                       "</h3>")
            out.append(_filter_box("eval-per-release", "Filter releases"))
            out.append(_table(["release", *cols], rows, table_id="eval-per-release"))
    for key, value in scores.items():
        if not isinstance(value, list):
            continue
        out.append(f"<h3>{esc(key.replace('_', ' ').capitalize())} "
                   f'<span class="muted">({_num(len(value))})</span></h3>')
        if not value:
            out.append('<p class="muted">None.</p>')
            continue
        shown = value[:MAX_EVAL_ROWS]
        if len(shown) < len(value):
            out.append(f'<p class="note">Showing the first {_num(len(shown))} of '
                       f"{_num(len(value))}.</p>")
        if all(isinstance(v, dict) for v in shown):
            cols = list(dict.fromkeys(k for v in shown for k in v))
            table_id = f"eval-{len(out)}"
            out.append(_filter_box(table_id, f"Filter {key.replace('_', ' ')}"))
            cells = ([_issue_cell(v, c, anchors, blocks) for c in cols] for v in shown)
            out.append(_table(cols, cells, table_id=table_id, cls="facts"))
        else:
            out.append("<ul>" + "".join(f"<li>{esc(_plain(v))}</li>" for v in shown) + "</ul>")
    out.append("</section>")
    return "".join(out)


def _mean(values: Iterable[Any]) -> float:
    nums = [float(v) for v in values if _is_num(v)]
    return sum(nums) / len(nums) if nums else 2.0


def _issue_cell(row: dict[str, Any], col: str, anchors: dict[str, str],
                blocks: set[tuple[str, str]]) -> str:
    """A cell of a list of errors; a release id links to its section (block) when there is one."""
    value = row.get(col)
    if col == "release_id" and isinstance(value, str) and value in anchors:
        block = row.get("block_id")
        return _link(value, anchors, block if (value, block) in blocks else None)
    return esc(_plain(value))


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# -- the page --------------------------------------------------------------------------------------
CSS = """
:root{--fg:#1d2330;--muted:#6a7283;--line:#dde1e8;--bg:#fff;--soft:#f5f7fa;--accent:#2f5f9e}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,
sans-serif;color:var(--fg);background:var(--bg)}
header{padding:18px 28px 8px;border-bottom:1px solid var(--line)}
header h1{margin:0;font-size:22px}
nav{position:sticky;top:0;z-index:5;background:#fffffff0;border-bottom:1px solid var(--line);
padding:6px 28px}
nav a{margin-right:16px;color:var(--accent);text-decoration:none;font-weight:600}
main{padding:0 28px 40px;max-width:1400px}
h2{margin:28px 0 10px;padding-top:8px;border-top:2px solid var(--fg);font-size:19px}
h3{margin:20px 0 8px;font-size:15px} h4{margin:12px 0 4px;font-size:13px}
.muted{color:var(--muted);font-weight:normal}
.note{background:#fff7dd;border:1px solid #f0dc9a;padding:6px 10px;border-radius:4px}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 16px;flex:1 1 150px;
background:var(--soft)}
.card .n{font-size:24px;font-weight:700}.card .what{font-weight:600}
.card .sub{color:var(--muted);font-size:12px}
.two{display:flex;flex-wrap:wrap;gap:8px 40px}.two>div{flex:1 1 520px;min-width:0}
.scroll{overflow-x:auto}
svg.chart{display:block;font-size:11px}
svg .bar{fill:#4a78b5}svg .bar:hover{fill:#22436f}
svg .grid{stroke:#e6e9ef}svg .axis{stroke:#8a93a3}
svg text{fill:#333}svg .ylab{text-anchor:end}svg .xlab{text-anchor:end}
svg .hlab{text-anchor:end}svg .tlab{fill:#555}svg .hval{fill:#555}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);position:sticky;top:34px;z-index:1}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th:after{content:" \\2195";color:#aab}
table.sortable th[aria-sort=ascending]:after{content:" \\2191";color:var(--fg)}
table.sortable th[aria-sort=descending]:after{content:" \\2193";color:var(--fg)}
th{white-space:nowrap}
#actions-table td:nth-child(2),#actions-table td:nth-child(3){white-space:nowrap}
#actions-table td:last-child{min-width:360px}
td code{overflow-wrap:anywhere}td:has(>a>code),td:has(>code){min-width:13em}
tbody tr:hover{background:#f3f6fb}
.filterbar{margin:6px 0}.filterbar input{width:340px;padding:5px 8px;border:1px solid #b9c0cc;
border-radius:4px;font:inherit}
.count{color:var(--muted);margin-left:8px}
.pill{color:#fff;border-radius:9px;padding:0 7px;font-size:12px}
.st{border-radius:9px;padding:0 7px;font-size:12px;background:#e3eee3}
.st-error{background:#f6d2d2}.st-skipped{background:#eee3c8}
.score{display:inline-block;position:relative;min-width:90px;padding:0 4px}
.sbar{position:absolute;left:0;top:2px;bottom:2px;background:#cfe0f5;z-index:-1}
section.release{border:1px solid var(--line);border-radius:6px;padding:4px 16px 6px;
margin:16px 0;scroll-margin-top:40px}
section.release h3 .rid{font:12px ui-monospace,Menlo,Consolas,monospace;color:var(--muted);
margin-right:8px}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:0 14px;margin:6px 0;
font-size:12px}
dl.fields dt{color:var(--muted)}dl.fields dd{margin:0;overflow-wrap:anywhere}
.block{display:flex;gap:10px;padding:3px 0;border-top:1px dotted var(--line);
scroll-margin-top:40px}
.block:target{background:#fff7dd}
.bid{flex:0 0 44px;color:var(--muted);font:12px/2.2 ui-monospace,Menlo,Consolas,monospace;
text-align:right}
.sess{flex:0 0 auto;font-size:11px;color:#fff;background:#8a93a3;border-radius:8px;
padding:0 6px;height:18px;margin-top:7px}
.btext{margin:0;line-height:2.3;flex:1}
mark{padding:.12em .4em;margin:0 .1em;border-radius:.35em;line-height:1;color:inherit;
box-decoration-break:clone;-webkit-box-decoration-break:clone}
mark .lbl{font-size:.62em;font-weight:700;letter-spacing:.03em;margin-left:.45em;
vertical-align:middle;text-transform:uppercase;color:#333}
mark .lbl i{font-style:normal;font-weight:600;text-transform:lowercase;opacity:.8}
.m-date{background:#bfe1d9}.m-country{background:#feca74}.m-official{background:#c8b8ff}
.m-action{background:#ffb3a7}
.act{text-decoration:underline;text-decoration-color:#e0604c;text-decoration-thickness:2px;
text-underline-offset:5px}
.act2{text-decoration-style:double}
.atag{font-size:.62em;font-weight:700;text-transform:uppercase;background:#ffb3a7;
border-radius:.35em;padding:0 .35em;margin-right:.25em;vertical-align:middle}
.legend{font-size:13px}
details.facts summary{cursor:pointer;color:var(--accent);font-weight:600;margin:6px 0}
.up{font-size:12px;margin:4px 0}
a{color:var(--accent)}
"""

JS = """
(function(){
"use strict";
var root=document.documentElement;
window.addEventListener("error",function(e){root.setAttribute("data-js-error",String(e.message));});
function rowsOf(t){return Array.prototype.slice.call(t.tBodies[0].rows);}
function setupFilter(input){
  var t=document.getElementById(input.getAttribute("data-filter"));
  if(!t||!t.tBodies.length)return;
  var rows=rowsOf(t),texts=null,timer=null;
  var counter=document.querySelector('[data-count-for="'+t.id+'"]');
  function apply(){
    if(!texts)texts=rows.map(function(r){return r.textContent.toLowerCase();});
    var words=input.value.toLowerCase().split(/\\s+/).filter(Boolean),shown=0;
    for(var i=0;i<rows.length;i++){
      var ok=true;
      for(var j=0;j<words.length&&ok;j++)ok=texts[i].indexOf(words[j])>=0;
      rows[i].hidden=!ok;if(ok)shown++;
    }
    if(counter)counter.textContent=shown+" of "+rows.length+" rows";
  }
  input.addEventListener("input",function(){
    clearTimeout(timer);timer=setTimeout(apply,rows.length>2000?150:0);});
  apply();
}
function cellKey(cell){
  if(!cell)return "";
  var marked=cell.querySelector("[data-v]");
  return marked?marked.getAttribute("data-v"):cell.textContent.trim();
}
function setupSort(t){
  if(!t.tHead||!t.tBodies.length)return;
  var ths=t.tHead.rows[0].cells;
  Array.prototype.forEach.call(ths,function(th,col){
    th.tabIndex=0;th.setAttribute("aria-sort","none");
    function go(){
      var dir=th.getAttribute("aria-sort")==="ascending"?-1:1;
      Array.prototype.forEach.call(ths,function(h){h.setAttribute("aria-sort","none");});
      th.setAttribute("aria-sort",dir>0?"ascending":"descending");
      var rows=rowsOf(t),keys=rows.map(function(r){return cellKey(r.cells[col]);});
      var numeric=keys.every(function(k){return k===""||!isNaN(Number(k.replace(/,/g,"")));});
      var idx=rows.map(function(_,i){return i;});
      idx.sort(function(a,b){
        var x=keys[a],y=keys[b];
        if(x===""&&y!=="")return 1;if(y===""&&x!=="")return -1;
        var c=numeric?Number(x.replace(/,/g,""))-Number(y.replace(/,/g,"")):
          x.localeCompare(y,undefined,{numeric:true,sensitivity:"base"});
        return c!==0?c*dir:a-b;
      });
      var frag=document.createDocumentFragment();
      idx.forEach(function(i){frag.appendChild(rows[i]);});
      t.tBodies[0].appendChild(frag);
    }
    th.addEventListener("click",go);
    th.addEventListener("keydown",function(e){
      if(e.key==="Enter"||e.key===" "){e.preventDefault();go();}});
  });
}
Array.prototype.forEach.call(document.querySelectorAll("input[data-filter]"),setupFilter);
Array.prototype.forEach.call(document.querySelectorAll("table.sortable"),setupSort);
root.setAttribute("data-js","ready");
})();
"""


def build_report(out_dir: str | Path, eval_json: str | Path | dict[str, Any] | None = None, *,
                 max_releases: int = MAX_RELEASE_SECTIONS,
                 max_actions: int = MAX_ACTION_ROWS, tables: dict[str, Any] | None = None,
                 title: str | None = None) -> str:
    """The HTML review report of an output folder (tables read with `loading.load`).

    `eval_json`: the scores of `pressfacts evaluate --json` (a path or the parsed dict), shown in an
    evaluation section. `max_releases`: how many releases (status ok, in table order) get a
    section of their own; `max_actions`: rows of the actions table. `tables` skips the loading.
    """
    if tables is None:
        from .loading import load

        tables = load(out_dir)
    scores = read_eval(eval_json) if eval_json is not None else None
    data = _Data(tables)
    tables = None  # the rows are copied: let the frames go
    ok = [r for r in data.releases if (r.get("status") or "ok") == "ok"]
    anchors = {r["release_id"]: f"r{i}" for i, r in enumerate(ok[: max(0, max_releases)])}
    name = title or f"pressfacts report: {Path(out_dir).resolve().name or out_dir}"
    generated = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    nav = [("overview", "Overview"), ("actions", "Actions"), ("index", "Releases"),
           ("releases", "Release details")]
    if scores is not None:
        nav.append(("evaluation", "Evaluation"))
    nav.append(("problems", "Errors"))
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(name)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{esc(name)}</h1><p class=\"muted\">Tables in <code>{esc(out_dir)}</code>"
        f" \u00b7 generated {esc(generated)} \u00b7 {_num(len(data.releases))} releases</p>"
        "</header>",
        "<nav>" + "".join(f'<a href="#{k}">{v}</a>' for k, v in nav) + "</nav><main>",
        _overview(data),
        _actions(data, anchors, max_actions),
        _index(data, anchors),
        _releases(data, anchors, len(ok)),
    ]
    if scores is not None:
        blocks = {(b["release_id"], b["block_id"]) for b in data.rows["blocks"]
                  if b["release_id"] in anchors}
        parts.append(_evaluation(scores, anchors, blocks))
    parts += [_problems(data), f"</main><script>{JS}</script></body></html>\n"]
    return "".join(parts)


def write_report(out_dir: str | Path, out_file: str | Path | None = None,
                 eval_json: str | Path | dict[str, Any] | None = None, **options: Any) -> Path:
    """Build the report and write it (atomically) to `out_file` (default OUT_DIR/report.html)."""
    target = Path(out_file) if out_file is not None else Path(out_dir) / "report.html"
    page = build_report(out_dir, eval_json, **options)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(page)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@click.command("report")
@click.argument("out_dir", metavar="OUTPUT_DIR",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write (default: OUTPUT_DIR/report.html).")
@click.option("--eval", "eval_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Scores from `pressfacts evaluate --json` to show in an evaluation section.")
@click.option("--max-releases", type=click.IntRange(min=0), default=MAX_RELEASE_SECTIONS,
              show_default=True, help="Releases that get a section of their own.")
@click.option("--max-actions", type=click.IntRange(min=0), default=MAX_ACTION_ROWS,
              show_default=True, help="Rows of the actions table.")
def report_command(out_dir: Path, out_file: Path | None, eval_path: Path | None,
                   max_releases: int, max_actions: int) -> None:
    """Write a self-contained HTML review report of the tables in OUTPUT_DIR.

    One file that opens offline in any browser: counts and charts, a searchable table of actions,
    the releases with their mentions highlighted, evaluation scores and the failed inputs.

    \b
    Examples:
      pressfacts report outputs
      pressfacts report tables/ --out review.html --eval scores.json
    """
    started = time.perf_counter()
    try:
        path = write_report(out_dir, out_file, eval_path, max_releases=max_releases,
                            max_actions=max_actions)
    except PipelineError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write the report: {exc}") from exc
    size = path.stat().st_size
    click.echo(f"report: {size / 1024:,.0f} KB in {time.perf_counter() - started:.1f}s -> {path}")
