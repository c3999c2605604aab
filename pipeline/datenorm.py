"""Date normalisation (SPEC §5): parse a mention's text, then resolve it against a reference date.

Pure functions, no spaCy. `parse_date_text` turns a mention ("October 6-7", "early next year",
"November last year", "2014-2017") into a `DateExpr`; `resolve` turns that into ISO `value`,
`value_end`, `granularity` and `modifier` given the release's published date, the tense of the
sentence and a year stated nearby.

Why a hand-written parser rather than dateparser: the mentions are already found by Matcher
patterns, so the grammar is small and closed; dateparser returns None for ranges and for "the end of
the year", and for a bare month or year it invents the missing day/month from the current date,
which must never leak into `value`. A regex grammar gives us the granularity directly.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name[1:], start=1):
    MONTHS[_name.lower()] = _i
    MONTHS[_name.lower()[:3]] = _i
MONTHS["sept"] = 9

WEEKDAYS: dict[str, int] = {}
for _i, _name in enumerate(calendar.day_name):
    WEEKDAYS[_name.lower()] = _i
    WEEKDAYS[_name.lower()[:3]] = _i
WEEKDAYS.update({"tues": 1, "thur": 3, "thurs": 3})

# Regex pieces; "{}" is the name of the capturing group, filled in by _named().
_M = r"(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_D = r"(?P<{}>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_Y = r"(?P<{}>(?:1[89]|20)\d\d)"
_WD = r"(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
_WD_PAREN = re.compile(r"\s*\(\s*" + _WD + r"\s*\.?\s*\)")
_SEP = r"\s*(?:-|~|to|till|until|through|thru|and)\s*"
# "the past year" / "the previous year" are left out: a duration, or counted from another year
_REL = r"(?P<{}>this|last|next|the coming|the current)"

_REL_OFFSET = {"this": 0, "the current": 0, "the coming": 1, "last": -1, "next": 1}


def _named(template: str, name: str) -> str:
    """A regex piece with its capturing group named `name`."""
    return template.format(name)


@dataclass(frozen=True, slots=True)
class Point:
    """One end of a date expression; unset parts are None."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    year_rel: int | None = None  # offset from the reference year ("next year": 1)
    month_rel: int | None = None  # offset from the reference month ("last month": -1)

    @property
    def granularity(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None or self.month_rel is not None:
            return "month"
        return "year"

    @property
    def has_year(self) -> bool:
        return self.year is not None or self.year_rel is not None or self.month_rel is not None


@dataclass(frozen=True, slots=True)
class DateExpr:
    """A parsed date mention: a point or a range, or a weekday."""

    start: Point
    end: Point | None = None
    modifier: str | None = None
    weekday: int | None = None  # set for a bare weekday ("on Wednesday")
    weekday_dir: str | None = None  # "past" / "future" from "last"/"next"

    @property
    def granularity(self) -> str:
        return self.start.granularity if self.weekday is None else "day"


@dataclass(frozen=True, slots=True)
class Resolved:
    """A normalised date (SPEC §5 columns)."""

    value: str
    value_end: str | None
    granularity: str
    modifier: str | None


# ----------------------------------------------------------------------------------------------
# parsing

def _clean(text: str) -> str:
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    text = re.sub(r"\s+", " ", text.strip().lower())
    text = _WD_PAREN.sub("", text)  # "july 18 (tue) to 20 (thu)"
    text = re.sub(r"\s*[()]\s*", " ", text).strip()  # "wednesday (october 20)"
    text = re.sub(r"\s*,\s*", ", ", text)
    return text.strip(" ,")


def _pt(m: re.Match[str], prefix: str) -> Point:
    g = m.groupdict()
    year = g.get(prefix + "y")
    month = g.get(prefix + "m")
    day = g.get(prefix + "d")
    rel = g.get(prefix + "r")
    return Point(
        year=int(year) if year else None,
        month=(int(month) if month.isdigit() else MONTHS[month]) if month else None,
        day=int(day) if day else None,
        year_rel=_REL_OFFSET[rel] if rel else None,
    )


def _yr(p: str) -> str:
    """Optional year after a month/day: ", 2021" or " last year"."""
    return r"(?:,? " + _named(_Y, p + "y") + r"|,? " + _named(_REL, p + "r") + r" year)?"


def _md(p: str) -> str:  # "october 20", "october 20, 2021", "october 20 last year"
    return _named(_M, p + "m") + r" " + _named(_D, p + "d") + _yr(p)


def _dm(p: str) -> str:  # "20 october", "the 20th of october 2021"
    return r"(?:the )?" + _named(_D, p + "d") + r" (?:of )?" + _named(_M, p + "m") + _yr(p)


def _my(p: str) -> str:  # "december 2020", "november last year", "august"
    return _named(_M, p + "m") + _yr(p)


_WDP = r"(?:" + _WD + r",? )?"  # "wednesday, october 20"
_BETWEEN = r"(?:between )?"

# Ordered: the first full match wins.
_POINT_FORMS: list[re.Pattern[str]] = [
    re.compile(_named(_Y, "ay") + r"[.\-/](?P<am>0?[1-9]|1[0-2])[.\-/]"
               r"(?P<ad>0?[1-9]|[12]\d|3[01])\.?"),  # 2021.10.20
    re.compile(_WD + r" (?P<ad>0?[1-9]|[12]\d|3[01])/(?P<am>0?[1-9]|1[0-2])"),  # monday (24/7)
    re.compile(_WDP + _md("a")),
    re.compile(_WDP + _dm("a")),
    re.compile(_my("a")),
    re.compile(r"(?:the )?(?:year )?" + _named(_Y, "ay")),
]
_RANGE_FORMS: list[re.Pattern[str]] = [
    # october 30 to november 2(, 2021); monday, june 27, to wednesday, june 29, 2022
    re.compile(_BETWEEN + _WDP + _md("a") + r",?" + _SEP + _WDP + _md("b")),
    # october 6-7(, 2021)
    re.compile(_BETWEEN + _named(_M, "am") + r" " + _named(_D, "ad") + _SEP + _named(_D, "bd")
               + r"(?:,? " + _named(_Y, "by") + r")?"),
    # 30 october to 2 november 2021
    re.compile(_BETWEEN + _dm("a") + _SEP + _dm("b")),
    # 6-7 october 2021, between 3 and 5 march
    re.compile(_BETWEEN + _named(_D, "ad") + _SEP + _named(_D, "bd") + r" (?:of )?"
               + _named(_M, "bm") + r"(?:,? " + _named(_Y, "by") + r")?"),
    # december 2020 to march 2021, march to may
    re.compile(_BETWEEN + _my("a") + _SEP + _my("b")),
    # 2014-2017, 2014-17
    re.compile(_BETWEEN + _named(_Y, "ay") + _SEP + r"(?P<by>(?:1[89]|20)?\d\d)"),
]
_REL_FORM = re.compile(_named(_REL, "r") + r" (?P<unit>year|month)")
_WEEKDAY_FORM = re.compile(r"(?:(?P<dir>this|last|next|the coming|the following) )?(?P<wd>"
                           + "|".join(WEEKDAYS) + r")\.?")
_MOD_PREFIXES = (
    re.compile(r"(?:the )?(?P<pos>end|beginning|start|middle|first half|second half|latter half|"
               r"1st half|2nd half|early part|later part|latter part) of (?:the )?(?P<rest>.+)"),
    re.compile(r"(?P<pos>early|mid|late|end) ?-? ?(?P<rest>.+)"),
)
_MOD = {"early": "start", "mid": "mid", "late": "end", "end": "end", "beginning": "start",
        "start": "start", "middle": "mid", "first half": "start", "second half": "end",
        "1st half": "start", "2nd half": "end",
        "latter half": "end", "early part": "start", "later part": "end", "latter part": "end"}
APPROX_WORDS = ("around", "approximately", "about", "circa", "roughly")
_APPROX = re.compile(r"(?:" + "|".join(APPROX_WORDS) + r") (?P<rest>.+)")
_YEAR_END = re.compile(r"(?:the )?year-end|(?:the )?year end")


def _parse_plain(text: str) -> DateExpr | None:
    for pattern in _RANGE_FORMS:
        m = pattern.fullmatch(text)
        if m:
            a, b = _pt(m, "a"), _pt(m, "b")
            by = m.groupdict().get("by")
            if by and len(by) == 2 and a.year is not None:  # "2014-17"
                if int(by) <= a.year % 100:  # not a range of years: "2024-05" is May 2024
                    if 1 <= int(by) <= 12 and m.group(0) == f"{a.year}-{by}":
                        return DateExpr(Point(year=a.year, month=int(by)))
                    continue
                b = replace(b, year=a.year // 100 * 100 + int(by))
            return _fill_range(a, b)
    for pattern in _POINT_FORMS:
        m = pattern.fullmatch(text)
        if m:
            return DateExpr(_pt(m, "a"))
    m = _REL_FORM.fullmatch(text)
    if m:
        off = _REL_OFFSET[m["r"]]
        if m["unit"] == "year":
            return DateExpr(Point(year_rel=off))
        return DateExpr(Point(month_rel=off))
    if text in ("year", "month"):  # "the end of the year" -> the current one
        return DateExpr(Point(year_rel=0) if text == "year" else Point(month_rel=0))
    m = _WEEKDAY_FORM.fullmatch(text)
    if m:
        direction = {"last": "past", "next": "future", "the coming": "future",
                     "the following": "future"}.get(m["dir"] or "")
        return DateExpr(Point(), weekday=WEEKDAYS[m["wd"]], weekday_dir=direction)
    return None


def _fill_range(a: Point, b: Point) -> DateExpr:
    """Let each end of a range borrow the parts the other states ("October 6-7", "3-5 March")."""
    if b.month is None and a.month is not None and b.day is not None:
        b = replace(b, month=a.month)
    if a.month is None and b.month is not None and a.day is not None:
        a = replace(a, month=b.month)
    if not b.has_year and a.has_year:
        b = replace(b, year=a.year, year_rel=a.year_rel)
        if _key(b) < _key(a) and b.year is not None:  # December 28 to January 3, 2021
            b = replace(b, year=b.year + 1)
    elif not a.has_year and b.has_year:
        a = replace(a, year=b.year, year_rel=b.year_rel)
        if _key(b) < _key(a) and a.year is not None:
            a = replace(a, year=a.year - 1)
    return DateExpr(a, b)


def _key(p: Point) -> tuple[int, int]:
    return (p.month or 0, p.day or 0)


def parse_date_text(text: str) -> DateExpr | None:
    """Parse a mention's text into a DateExpr, or None when it is no calendar date."""
    t = _clean(text)
    if not t:
        return None
    m = _APPROX.fullmatch(t)
    if m:
        inner = parse_date_text(m["rest"])
        if inner is None or inner.modifier is not None:
            return inner
        return replace(inner, modifier="approx")
    if _YEAR_END.fullmatch(t):
        return DateExpr(Point(year_rel=0), modifier="end")
    for pattern in _MOD_PREFIXES:
        m = pattern.fullmatch(t)
        if m is None:
            continue
        inner = _parse_plain(m["rest"])
        if inner is None or inner.weekday is not None or inner.end is not None:
            continue
        if pattern is _MOD_PREFIXES[0] and inner.start.granularity == "day":
            continue
        return replace(inner, modifier=_MOD[m["pos"]])
    return _parse_plain(t)


# ----------------------------------------------------------------------------------------------
# resolving

#: Tense moves a date across the publication date only when it is more than this many days off:
#: a page dated a day or two before/after the event it reports should not flip the year.
TENSE_SLACK_DAYS = 3
#: A date without a year falls from this many months before publication to this many after.
WINDOW_BEFORE_MONTHS = 9
WINDOW_AFTER_MONTHS = 3

def _month_pos(year: int, month: int, day: float | None) -> float:
    """Position on a month scale: mid-month for a month, the day's fraction for a day."""
    days = calendar.monthrange(year, month)[1]
    frac = 0.5 if day is None else (min(day, days) - 1) / days
    return year * 12 + (month - 1) + frac


def _bounds(year: int, p: Point) -> tuple[dt.date, dt.date]:
    month = p.month or 1
    if p.day is not None:
        d = dt.date(year, month, min(p.day, calendar.monthrange(year, month)[1]))
        return d, d
    if p.month is not None:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def choose_year(p: Point, ref: dt.date, tense: str | None = None,
                anchor_year: int | None = None) -> int:
    """Year of a month/day without one: future tense, else anchor, else the window."""
    candidates = [ref.year - 1, ref.year, ref.year + 1]
    if tense == "future":
        # on or after publication (a few days' slack for pages dated after the event)
        after = ref - dt.timedelta(days=TENSE_SLACK_DAYS)
        if anchor_year is not None and _bounds(anchor_year, p)[1] >= after:
            return anchor_year
        return min(y for y in candidates + [ref.year + 2] if _bounds(y, p)[1] >= after)
    # A reported ("past") month or day keeps the window: the window already reaches nine months
    # back, and a past verb the parser hangs a date on is often not the date's own event
    # ("discussed preparations for the NATO Summit in July").
    if anchor_year is not None:
        return anchor_year
    if p.day is not None:  # exact calendar window for a day
        lo, hi = _add_months(ref, -WINDOW_BEFORE_MONTHS), _add_months(ref, WINDOW_AFTER_MONTHS)

        def day_key(y: int) -> tuple[int, int]:
            d = _bounds(y, p)[0]
            outside = (lo - d).days if d < lo else (d - hi).days if d > hi else 0
            return outside, abs((d - ref).days)

        return min(candidates, key=day_key)
    # a month counts from its middle
    month = p.month or 1
    ref_pos = _month_pos(ref.year, ref.month, ref.day)
    # on the window's edges (exactly nine months before = three after) the nearer one wins
    return min(candidates, key=lambda y: (_window_distance(_month_pos(y, month, None) - ref_pos),
                                          abs(_month_pos(y, month, None) - ref_pos)))


def _add_months(d: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), clamped to the month's length."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    return dt.date(year, month0 + 1, min(d.day, calendar.monthrange(year, month0 + 1)[1]))


def _window_distance(diff: float) -> float:
    if -WINDOW_BEFORE_MONTHS <= diff <= WINDOW_AFTER_MONTHS:
        return 0.0
    return -WINDOW_BEFORE_MONTHS - diff if diff < 0 else diff - WINDOW_AFTER_MONTHS


def _fmt(year: int | None, p: Point) -> str:
    ys = f"{year:04d}" if year is not None else "XXXX"
    if p.day is not None:
        return f"{ys}-{p.month:02d}-{p.day:02d}"
    if p.month is not None:
        return f"{ys}-{p.month:02d}"
    return ys


def _resolve_point(p: Point, ref: dt.date | None, tense: str | None,
                   anchor_year: int | None) -> tuple[str, Point] | None:
    if p.month_rel is not None:
        if ref is None:
            return None
        idx = ref.year * 12 + ref.month - 1 + p.month_rel
        q = Point(month=idx % 12 + 1)
        return _fmt(idx // 12, q), q
    if p.year is not None:
        return _fmt(p.year, p), p
    if p.year_rel is not None:
        if ref is None:
            return None
        return _fmt(ref.year + p.year_rel, p), p
    if p.month is None:
        return None
    if ref is None:
        return _fmt(anchor_year, p), p
    return _fmt(choose_year(p, ref, tense, anchor_year), p), p


def resolve(expr: DateExpr, ref: dt.date | None, tense: str | None = None,
            anchor_year: int | None = None) -> Resolved | None:
    """Normalise a parsed mention against `ref` (published, else event date, else None)."""
    if expr.weekday is not None:
        if ref is None:
            return None
        d = resolve_weekday(expr.weekday, ref, expr.weekday_dir or tense)
        return Resolved(d.isoformat(), None, "day", expr.modifier)
    a = expr.start
    b = expr.end
    if b is not None and not a.has_year and not b.has_year and a.month is not None and ref:
        # a range without a year: pick the start's year, the end follows it
        year = choose_year(a, ref, tense, anchor_year)
        a = replace(a, year=year)
        b = replace(b, year=year + (1 if _key(b) < _key(a) else 0))
    first = _resolve_point(a, ref, tense, anchor_year)
    if first is None:
        return None
    value, pa = first
    value_end = None
    if b is not None:
        second = _resolve_point(b, ref, tense, anchor_year)
        if second is None:
            return None
        value_end = second[0]
    return Resolved(value, value_end, pa.granularity, expr.modifier)


def resolve_weekday(weekday: int, ref: dt.date, tense: str | None) -> dt.date:
    """The date of `weekday` nearest `ref`: on/after it for "future", on/before for "past"."""
    ahead = (weekday - ref.weekday()) % 7
    behind = (ref.weekday() - weekday) % 7
    if tense == "future":
        return ref + dt.timedelta(days=ahead)
    if tense == "past":
        return ref - dt.timedelta(days=behind)
    return ref + dt.timedelta(days=ahead) if ahead < behind else ref - dt.timedelta(days=behind)


def normalise(text: str, ref: dt.date | None, tense: str | None = None,
              anchor_year: int | None = None) -> Resolved | None:
    """Parse and resolve a mention's text in one call."""
    expr = parse_date_text(text)
    return None if expr is None else resolve(expr, ref, tense, anchor_year)
