"""Clean a decoded page into release fields and body paragraphs (SPEC section 1).

Interface (the rest of the pipeline relies on it):

- `load_profiles(models_dir) -> Profiles`: the site profiles in `models/sites/`, loaded once.
- `clean(raw, profiles) -> CleanRelease`.

How a page is read is data: `models/sites/*.toml` holds one profile per site (how to recognise it,
selectors for title, date, hits and body, furniture to drop, the publisher) plus `_common.toml`,
whose lists every profile extends. The profile marked `fallback = true` (generic) is used for
pages no other profile claims, and for any field a site profile cannot find on its page. There is
no site-specific branch in this module.

HTML is parsed with lxml's HTML parser (no network, no external entities) and walked without
recursion; a page too deep for the parser is flattened to text and read like a text dump.
"""

from __future__ import annotations

import html as html_entities
import logging
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .errors import BadPatterns, NoBody
from .ingest import RawRelease

LOGGER = logging.getLogger(__name__)

SITES_DIR = "sites"
COMMON_FILE = "_common.toml"

# Elements that never hold release text, wherever they are (their tails still count).
DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "base", "svg", "math",
    "iframe", "frame", "frameset", "object", "embed", "applet", "canvas", "map", "area", "audio", "video",
    "source", "track", "picture", "img", "input", "select", "option", "optgroup", "textarea", "button",
    "label", "datalist", "output", "progress", "meter", "dialog", "nav", "footer", "aside", "menu",
})
# Elements that start and end a visual line.
BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dir", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "html", "legend", "li", "main", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
LIST_TAGS = frozenset({"ol", "ul", "dir"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Blocks that are not part of a title even when a broken page nests them in its heading.
TITLE_SKIP_TAGS = ("ul", "ol", "dl", "table", "div", "p", "form")
# Elements whose text is scored when no body selector matches (readability-style density).
DENSITY_TAGS = frozenset({"p", "pre", "blockquote", "li", "td", "div", "section", "article", "span", "font"})
DENSITY_MIN_CHARS = 25
# Lines near the top of a main area searched for a dateline.
DATELINE_SCAN_LINES = 40
# Elements found by their class name ("news-date", "hits") hold a field only when this short (a
# listing wrapper named "view" or "date-list" does not).
FIELD_MAX_CHARS = 80
HITS_MAX_CHARS = 40
# A line under a chrome heading this long, ending a sentence, ends the chrome section.
PROSE_MIN_CHARS = 100
# Place / issuer lines right above a dateline that go with it ("Ministry of Foreign Affairs" /
# "Capital City" / "5 May 2023").
SIGNATURE_LINES = 3
# Lines of a text dump before its body searched for a dateline when it has no `Date :` line.
DUMP_DATELINE_SCAN_LINES = 30

WHITESPACE = re.compile(r"\s+")
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
WORD_CHAR = re.compile(r"\w")
# Every date pattern has a four-digit year: lines without one need no closer look.
YEAR = re.compile(r"(?:19|20)\d\d")
# A list bullet in front of a furniture line ("• Prev : ..."); tried off when matching furniture.
LEADING_BULLET = re.compile(r"^[•·▪◦○\-–*>]\s*")
LOOKS_HTML = re.compile(r"\A\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<\?xml[^>]*>\s*<html\b)", re.I)
CLOCK_TIME = re.compile(r"\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\.?\s?m\.?)?", re.I)
# Flat-text fallback for pages the parser cannot build a tree of.
FLAT_DROP = re.compile(r"<(?=[snth])(script|style|noscript|template|svg|head|title)\b.*?</\1\s*>", re.I | re.S)
FLAT_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)[^>]*>|<[^>]*>")
FLAT_COMMENT = re.compile(r"<!--.*?-->", re.S)
# lxml refuses a str that declares its encoding; the text is decoded already.
XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>")
BLANK_RUN = re.compile(r"\n[ \t\r\f\v]*(?:\n[ \t\r\f\v]*)+")

_STRING = etree.XPath("string()")
# Recovering HTML parser: no network, no external entities. huge_tree lifts libxml2's 10 MB text
# and depth-256 limits (depth is then capped at 2048; deeper pages go the flat-text way).
HTML_PARSER = etree.HTMLParser(
    recover=True, no_network=True, remove_comments=True, remove_pis=True, huge_tree=True,
    collect_ids=False, default_doctype=False,
)


@dataclass(slots=True)
class CleanRelease:
    """Release fields and body paragraphs of one page."""

    title: str | None
    published: str | None  # YYYY-MM-DD
    published_time: str | None  # HH:MM:SS
    hits: int | None
    url: str | None
    site: str  # name of the site profile that matched ("generic" for the fallback)
    publisher: str | None  # ISO3 of the publishing government, when known
    # Body paragraphs in reading order, whitespace collapsed, printed numbers and bullet
    # markers kept (segmenting strips them), empty paragraphs dropped.
    paragraphs: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- CSS selectors
#
# Profiles name elements with a subset of CSS: tag, .class, #id, [attr], [attr=value], joined by
# descendant (space) or child (>) combinators, and comma groups. They are matched against one
# index of the page in Python: libxml2 would scan the whole tree per selector (about 1 us per
# element), which is 30 ms for 30 selectors on a 1,000-element page.

CSS_TOKEN = re.compile(r"""
    \s*(?P<child>>)\s*
  | (?P<space>\s+)
  | (?P<tag>\*|[a-zA-Z][\w-]*)
  | \.(?P<cls>-?[_a-zA-Z][\w-]*)
  | \#(?P<ident>[\w-]+)
  | \[\s*(?P<attr>[\w:-]+)\s*(?:=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[\w-]+))\s*)?\]
""", re.X)


@dataclass(frozen=True, slots=True)
class _Compound:
    """tag.class#id[attr=value] without combinators."""

    tag: str | None
    classes: tuple[str, ...]
    ident: str | None
    attrs: tuple[tuple[str, str | None], ...]

    def matches(self, el: etree._Element) -> bool:
        if self.tag is not None and el.tag != self.tag:
            return False
        if self.ident is not None and el.get("id") != self.ident:
            return False
        if self.classes:
            names = (el.get("class") or "").split()
            if not all(c in names for c in self.classes):
                return False
        for name, value in self.attrs:
            got = el.get(name)
            if got is None or (value is not None and got != value):
                return False
        return True


@dataclass(frozen=True, slots=True)
class CssSelector:
    """One selector of the supported CSS subset."""

    css: str
    # Right to left: (compound, combinator joining it to the compound on its left).
    chain: tuple[tuple[_Compound, str], ...]

    @classmethod
    def compile(cls, css: str) -> CssSelector:
        """Parse `css` (ValueError outside the supported subset)."""
        compounds: list[_Compound] = []
        combinators: list[str] = []
        parts: dict[str, Any] | None = None
        text, pos = css.strip(), 0
        while pos < len(text):
            m = CSS_TOKEN.match(text, pos)
            if m is None:
                raise ValueError(f"unsupported CSS at {text[pos:]!r}")
            pos = m.end()
            if m["child"] or m["space"]:
                if parts is None:
                    raise ValueError("a combinator needs a selector on its left")
                compounds.append(_compound(parts))
                combinators.append(">" if m["child"] else " ")
                parts = None
                continue
            if parts is None:
                parts = {"tag": None, "classes": [], "ident": None, "attrs": []}
            elif m["tag"]:
                raise ValueError(f"the tag must come first in {css!r}")
            if m["tag"]:
                parts["tag"] = None if m["tag"] == "*" else m["tag"].lower()
            elif m["cls"]:
                parts["classes"].append(m["cls"])
            elif m["ident"]:
                parts["ident"] = m["ident"]
            else:
                value = m["dq"] if m["dq"] is not None else m["sq"] if m["sq"] is not None else m["bare"]
                parts["attrs"].append((m["attr"].lower(), value))
        if parts is None:
            raise ValueError(f"empty or dangling selector {css!r}")
        compounds.append(_compound(parts))
        chain = tuple((compounds[i], combinators[i - 1] if i else " ") for i in range(len(compounds) - 1, -1, -1))
        return cls(css, chain)

    def matches(self, el: etree._Element) -> bool:
        """True when `el` matches."""
        if not self.chain[0][0].matches(el):
            return False
        # Nearest matching ancestor for each step (greedy; exact for descendant-only chains).
        current = el
        for i in range(1, len(self.chain)):
            compound, combinator = self.chain[i][0], self.chain[i - 1][1]
            if combinator == ">":
                parent = current.getparent()
                if parent is None or not compound.matches(parent):
                    return False
                current = parent
            else:
                current = next((a for a in current.iterancestors() if compound.matches(a)), None)
                if current is None:
                    return False
        return True


def _compound(parts: dict[str, Any]) -> _Compound:
    return _Compound(parts["tag"], tuple(parts["classes"]), parts["ident"], tuple(parts["attrs"]))


class _PageIndex:
    """Elements of one page by tag, class, id and attribute name, in document order."""

    __slots__ = ("root", "by_tag", "by_class", "by_id", "by_attr", "named")

    def __init__(self, root: etree._Element, attr_names: Iterable[str]) -> None:
        self.root = root
        self.by_tag: dict[str, list[etree._Element]] = {}
        self.by_class: dict[str, list[etree._Element]] = {}
        self.by_id: dict[str, list[etree._Element]] = {}
        self.by_attr: dict[str, list[etree._Element]] = {a: [] for a in attr_names}
        self.named: list[etree._Element] = []  # elements with a class or an id
        by_tag, by_class, by_attr, named = self.by_tag, self.by_class, self.by_attr, self.named
        for el in root.iter():  # the hot loop of a page: plain dict/list work, one keys() call
            tag = el.tag
            if tag.__class__ is not str:
                continue
            found = by_tag.get(tag)
            if found is None:
                by_tag[tag] = [el]
            else:
                found.append(el)
            keys = el.keys()
            if not keys:
                continue
            if "class" in keys or "id" in keys:
                named.append(el)
            for key in keys:
                if key == "class":
                    for name in set(el.get("class", "").split()):
                        found = by_class.get(name)
                        if found is None:
                            by_class[name] = [el]
                        else:
                            found.append(el)
                elif key == "id":
                    self.by_id.setdefault(el.get("id", ""), []).append(el)
                elif key in by_attr:
                    by_attr[key].append(el)

    def select(self, sel: CssSelector) -> list[etree._Element]:
        """Elements of the page matching `sel`, in document order."""
        last = sel.chain[0][0]
        candidates = self._lookup(last)
        if candidates is None:
            # A bare tag ("li" in ".bo_head li"): look only under the nearest compound that has a
            # class, id or attribute, instead of testing every <li> of the page.
            anchor = next((c for c, _ in sel.chain[1:] if self._lookup(c) is not None), None)
            if anchor is None:
                candidates = self.by_tag.get(last.tag, []) if last.tag else [
                    el for el in self.root.iter() if isinstance(el.tag, str)]
            else:
                seen: set[etree._Element] = set()
                candidates = []
                for top in self._lookup(anchor) or ():
                    if not anchor.matches(top):
                        continue
                    for el in (top.iterdescendants(last.tag) if last.tag else top.iterdescendants()):
                        if el not in seen and isinstance(el.tag, str):
                            seen.add(el)
                            candidates.append(el)
        return [el for el in candidates if sel.matches(el)]

    def _lookup(self, compound: _Compound) -> list[etree._Element] | None:
        """Indexed candidates for a compound with an id, class or attribute; None for a bare tag."""
        if compound.ident is not None:
            return self.by_id.get(compound.ident, [])
        if compound.classes:
            return min((self.by_class.get(c, []) for c in compound.classes), key=len)
        if compound.attrs and compound.attrs[0][0] in self.by_attr:
            return self.by_attr[compound.attrs[0][0]]
        return None

    def first(self, selectors: Iterable[CssSelector]) -> Iterable[etree._Element]:
        """Matches of each selector in turn (earlier selectors first)."""
        for sel in selectors:
            yield from self.select(sel)


def _is_inside(el: etree._Element, root: etree._Element) -> bool:
    return any(a is root for a in el.iterancestors())


# --------------------------------------------------------------------------- profiles


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """One site's rules, compiled."""

    name: str
    order: int
    fallback: bool
    publisher: str | None
    hosts: tuple[str, ...]
    match_selectors: tuple[CssSelector, ...]
    html_patterns: tuple[re.Pattern[str], ...]
    text_patterns: tuple[re.Pattern[str], ...]
    title_selectors: tuple[CssSelector, ...]
    title_meta: tuple[str, ...]
    title_late_selectors: tuple[CssSelector, ...]
    use_title_tag: bool
    date_selectors: tuple[CssSelector, ...]
    date_attrs: tuple[str, ...]
    date_meta: tuple[str, ...]
    date_late_selectors: tuple[CssSelector, ...]
    dateline: bool
    hits_selectors: tuple[CssSelector, ...]
    body_selectors: tuple[CssSelector, ...]
    drop_selectors: tuple[CssSelector, ...]
    drop_lines: re.Pattern[str] | None
    drop_headings: bool
    link_density: float
    number_lists: bool
    min_chars: int
    publisher_hosts: tuple[tuple[str, str], ...]
    publisher_names: tuple[tuple[re.Pattern[str], str], ...]
    publisher_meta: tuple[str, ...]

    def claims_host(self, host: str) -> bool:
        """True when `host` is one of the profile's hosts or a subdomain of one."""
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def claims_page(self, index: _PageIndex, raw_text: str) -> bool:
        """True when the page's markup (and raw text) carries the profile's signs."""
        if not self.match_selectors and not self.html_patterns:
            return False
        if self.match_selectors and not any(index.select(sel) for sel in self.match_selectors):
            return False
        return not self.html_patterns or any(p.search(raw_text) for p in self.html_patterns)

    def claims_text(self, text: str) -> bool:
        """True when a text dump's head or tail carries the profile's words."""
        return any(p.search(text) for p in self.text_patterns)


@dataclass(frozen=True, slots=True)
class Profiles:
    """All site profiles (ordered, fallback last) and the rules they share."""

    sites: tuple[SiteProfile, ...]
    url_link_rels: tuple[str, ...]
    url_meta: tuple[str, ...]
    url_raw: tuple[re.Pattern[str], ...]
    url_text: tuple[re.Pattern[str], ...]
    title_suffix: re.Pattern[str]
    date_patterns: tuple[re.Pattern[str], ...]
    month_names: Mapping[str, int]
    dateline_labels: re.Pattern[str]
    dateline_place: re.Pattern[str] | None  # a word that may stand beside a date on a dateline
    dateline_place_words: int
    date_class_words: re.Pattern[str] | None
    date_class_skip: re.Pattern[str] | None
    hits_patterns: tuple[re.Pattern[str], ...]
    hits_class_words: re.Pattern[str] | None
    drop_class: re.Pattern[str] | None
    lone_marker: re.Pattern[str]
    numbered_heading: re.Pattern[str]
    chrome_sections: re.Pattern[str] | None  # headings whose section is chrome ("Associated links")
    stop_lines: re.Pattern[str] | None
    dump_date_line: re.Pattern[str]
    dump_hits_line: re.Pattern[str]
    dump_meta_line: re.Pattern[str]
    dump_hint_lines: int
    attr_names: frozenset[str]  # attributes that selectors test first (indexed per page)

    @property
    def generic(self) -> SiteProfile:
        """The fallback profile."""
        return self.sites[-1]


_PROFILE_KEYS: dict[str, frozenset[str]] = {
    "": frozenset({"name", "order", "publisher", "fallback", "description",
                   "match", "title", "date", "hits", "body"}),
    "match": frozenset({"hosts", "selectors", "html_patterns", "text_patterns"}),
    "title": frozenset({"selectors", "meta", "late_selectors", "use_title_tag"}),
    "date": frozenset({"selectors", "attrs", "meta", "late_selectors", "dateline"}),
    "hits": frozenset({"selectors"}),
    "body": frozenset({"selectors", "drop", "drop_lines", "drop_headings", "link_density", "number_lists",
                       "min_chars"}),
    "publisher": frozenset({"hosts", "names", "meta"}),
}
_COMMON_KEYS: dict[str, frozenset[str]] = {
    "": frozenset({"url", "title", "date", "hits", "body", "text_dump"}),
    "url": frozenset({"link_rels", "meta", "raw_patterns", "text_patterns"}),
    "title": frozenset({"suffix"}),
    "date": frozenset({"month_names", "patterns", "dateline_labels", "dateline_place", "dateline_place_words",
                       "class_words", "class_skip"}),
    "hits": frozenset({"patterns", "class_words"}),
    "body": frozenset({"drop", "drop_class", "drop_lines", "stop_lines", "lone_marker", "numbered_heading",
                       "chrome_sections", "drop_headings", "link_density", "number_lists", "min_chars"}),
    "text_dump": frozenset({"date_line", "hits_line", "meta_line", "hint_lines"}),
}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise BadPatterns(f"{path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise BadPatterns(f"{path} is not valid TOML: {exc}") from exc


def _check_keys(data: Mapping[str, Any], allowed: Mapping[str, frozenset[str]], where: Path) -> None:
    unknown = sorted(set(data) - allowed[""])
    for section, keys in allowed.items():
        value = data.get(section) if section else None
        if isinstance(value, dict):
            unknown += [f"{section}.{k}" for k in sorted(set(value) - keys)]
    if unknown:
        raise BadPatterns(f"{where}: unknown key(s) {', '.join(unknown)}")


def _regex(pattern: str, where: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise BadPatterns(f"{where}: bad regex {pattern!r}: {exc}") from exc


def _regexes(patterns: Iterable[str], where: str) -> tuple[re.Pattern[str], ...]:
    return tuple(_regex(p, where) for p in patterns)


def _line_regex(patterns: Sequence[str], where: str) -> re.Pattern[str] | None:
    """One regex that must match a whole line, from alternatives."""
    for p in patterns:
        _regex(p, where)
    return _regex("(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", where) if patterns else None


def _css(selectors: Iterable[str], where: str) -> tuple[CssSelector, ...]:
    out = []
    for css in selectors:
        for part in css.split(","):  # a group is its members, tried in the order written
            try:
                out.append(CssSelector.compile(part))
            except ValueError as exc:
                raise BadPatterns(f"{where}: bad CSS selector {css!r}: {exc}") from exc
    return tuple(out)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadPatterns(f"{where}: expected a list of strings")
    return tuple(value)


def _compile_site(data: dict[str, Any], common: dict[str, Any], path: Path) -> SiteProfile:
    where = str(path)
    _check_keys(data, _PROFILE_KEYS, path)
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise BadPatterns(f"{where}: a profile needs a name")
    order = data.get("order")
    if not isinstance(order, int):
        raise BadPatterns(f"{where}: a profile needs an integer order")
    match, title, dat, hits = (data.get(k, {}) for k in ("match", "title", "date", "hits"))
    body, pub, publisher = data.get("body", {}), {}, data.get("publisher")
    if isinstance(publisher, dict):  # a [publisher] table: rules to find the country, none fixed
        pub, publisher = publisher, None
    if publisher is not None and not (isinstance(publisher, str) and re.fullmatch(r"[A-Z]{3}", publisher)):
        raise BadPatterns(f"{where}: publisher must be an ISO 3166-1 alpha-3 code")
    cbody = common.get("body", {})
    names = []
    for item in pub.get("names", []):
        if not isinstance(item, dict) or not {"pattern", "iso3"} <= set(item):
            raise BadPatterns(f"{where}: publisher.names items need pattern and iso3")
        names.append((_regex(item["pattern"], where), str(item["iso3"])))
    hosts_table = pub.get("hosts", {})
    return SiteProfile(
        name=name,
        order=order,
        fallback=bool(data.get("fallback", False)),
        publisher=publisher,
        hosts=tuple(h.lower().lstrip(".") for h in _strings(match.get("hosts"), where)),
        match_selectors=_css(_strings(match.get("selectors"), where), where),
        # Searched over whole pages: case-sensitive, so that literal patterns stay fast.
        html_patterns=tuple(_regex(x, where, 0) for x in _strings(match.get("html_patterns"), where)),
        text_patterns=tuple(_regex(x, where, 0) for x in _strings(match.get("text_patterns"), where)),
        title_selectors=_css(_strings(title.get("selectors"), where), where),
        title_meta=tuple(m.lower() for m in _strings(title.get("meta"), where)),
        title_late_selectors=_css(_strings(title.get("late_selectors"), where), where),
        use_title_tag=bool(title.get("use_title_tag", False)),
        date_selectors=_css(_strings(dat.get("selectors"), where), where),
        date_attrs=_strings(dat.get("attrs"), where),
        date_meta=tuple(m.lower() for m in _strings(dat.get("meta"), where)),
        date_late_selectors=_css(_strings(dat.get("late_selectors"), where), where),
        dateline=bool(dat.get("dateline", False)),
        hits_selectors=_css(_strings(hits.get("selectors"), where), where),
        body_selectors=_css(_strings(body.get("selectors"), where), where),
        drop_selectors=_css(_strings(body.get("drop"), where) + _strings(cbody.get("drop"), "_common"), where),
        drop_lines=_line_regex(
            _strings(body.get("drop_lines"), where) + _strings(cbody.get("drop_lines"), "_common"), where
        ),
        drop_headings=bool(body.get("drop_headings", cbody.get("drop_headings", False))),
        link_density=float(body.get("link_density", cbody.get("link_density", 0.0))),
        number_lists=bool(body.get("number_lists", cbody.get("number_lists", False))),
        min_chars=int(body.get("min_chars", cbody.get("min_chars", 1))),
        publisher_hosts=tuple(sorted(
            ((str(k).lower(), str(v)) for k, v in hosts_table.items()), key=lambda kv: -len(kv[0])
        )),
        publisher_names=tuple(names),
        publisher_meta=tuple(m.lower() for m in _strings(pub.get("meta"), where)),
    )


def _all_selectors(site: SiteProfile) -> Iterable[CssSelector]:
    for name in ("match_selectors", "title_selectors", "title_late_selectors", "date_selectors",
                 "date_late_selectors", "hits_selectors", "body_selectors", "drop_selectors"):
        yield from getattr(site, name)


def load_profiles(models_dir: Path) -> Profiles:
    """Load and compile `models_dir/sites/*.toml` (or `models_dir/*.toml`), once per process."""
    models_dir = Path(models_dir)
    folder = models_dir / SITES_DIR if (models_dir / SITES_DIR).is_dir() else models_dir
    common_path = folder / COMMON_FILE
    common = _read_toml(common_path)
    _check_keys(common, _COMMON_KEYS, common_path)
    where = str(common_path)
    sites = sorted(
        (_compile_site(_read_toml(p), common, p) for p in sorted(folder.glob("*.toml"))
         if not p.name.startswith("_")),
        key=lambda s: s.order,
    )
    if not sites or not sites[-1].fallback or sum(s.fallback for s in sites) != 1:
        raise BadPatterns(f"{folder}: exactly one profile, the last by order, must be the fallback")
    names = [s.name for s in sites]
    if len(set(names)) != len(names):
        raise BadPatterns(f"{folder}: profile names must be unique")
    cdate, curl, cbody, cdump, chits = (common.get(k, {}) for k in ("date", "url", "body", "text_dump", "hits"))
    months = {str(k).lower(): int(v) for k, v in cdate.get("month_names", {}).items()}
    month_alt = "|".join(sorted(map(re.escape, months), key=len, reverse=True)) or "(?!)"
    date_patterns = tuple(
        _regex(p.replace("{month_name}", month_alt), where) for p in _strings(cdate.get("patterns"), where)
    )
    labels = cdate.get("dateline_labels", r"\s")
    return Profiles(
        sites=tuple(sites),
        url_link_rels=tuple(r.lower() for r in _strings(curl.get("link_rels"), where)),
        url_meta=tuple(m.lower() for m in _strings(curl.get("meta"), where)),
        url_raw=_regexes(_strings(curl.get("raw_patterns"), where), where),
        url_text=tuple(_regex(p, where, re.I | re.M) for p in _strings(curl.get("text_patterns"), where)),
        title_suffix=_regex(common.get("title", {}).get("suffix", "(?!)"), where),
        date_patterns=date_patterns,
        month_names=months,
        dateline_labels=_regex(f"(?:{labels})|{CLOCK_TIME.pattern}", where),
        dateline_place=_regex(f"(?:{cdate['dateline_place']})", where) if cdate.get("dateline_place") else None,
        dateline_place_words=int(cdate.get("dateline_place_words", 0)),
        date_class_words=_regex(cdate["class_words"], where) if cdate.get("class_words") else None,
        date_class_skip=_regex(cdate["class_skip"], where) if cdate.get("class_skip") else None,
        hits_patterns=_regexes(_strings(chits.get("patterns"), where), where),
        hits_class_words=_regex(chits["class_words"], where) if chits.get("class_words") else None,
        drop_class=_regex(cbody["drop_class"], where) if cbody.get("drop_class") else None,
        lone_marker=_regex(cbody.get("lone_marker", "(?!)"), where),
        numbered_heading=_regex(cbody.get("numbered_heading", "(?!)"), where),
        chrome_sections=_line_regex(_strings(cbody.get("chrome_sections"), where), where),
        stop_lines=_line_regex(_strings(cbody.get("stop_lines"), where), where),
        dump_date_line=_regex(cdump.get("date_line", "(?!)"), where),
        dump_hits_line=_regex(cdump.get("hits_line", "(?!)"), where),
        dump_meta_line=_regex(cdump.get("meta_line", "(?!)"), where),
        dump_hint_lines=int(cdump.get("hint_lines", 15)),
        attr_names=frozenset(
            sel.chain[0][0].attrs[0][0] for site in sites for sel in _all_selectors(site)
            if sel.chain[0][0].attrs
        ),
    )


# --------------------------------------------------------------------------- small helpers


def collapse(text: str) -> str:
    """Whitespace (NBSP included) collapsed to single spaces, invisible characters removed."""
    return WHITESPACE.sub(" ", INVISIBLE.sub("", text)).strip()


def _text(el: etree._Element) -> str:
    return collapse(str(_STRING(el)))


def _field_text(el: etree._Element) -> str:
    """An element's text with its visual lines joined by spaces ("Date" "2020.07.08" -> "Date 2020.07.08")."""
    return " ".join(line.text for line in _walk_lines(el, set(), False))


def _title_text(el: etree._Element) -> str:
    """A title element's text, without lists or boxes an unclosed heading swallowed."""
    skip = {d for d in el.iterdescendants(*TITLE_SKIP_TAGS)}
    return " ".join(line.text for line in _walk_lines(el, skip, False))


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None


def parse_date(text: str, profiles: Profiles) -> tuple[str, str | None, re.Match[str]] | None:
    """The leftmost valid date in `text`: (YYYY-MM-DD, HH:MM:SS or None, match)."""
    best: tuple[str, str | None, re.Match[str]] | None = None
    for pattern in profiles.date_patterns:
        for m in pattern.finditer(text):
            if best is not None and m.start() >= best[2].start():
                break
            month_raw = m.group("month")
            month = int(month_raw) if month_raw.isdigit() else profiles.month_names.get(month_raw.lower(), 0)
            try:
                day = Date(int(m.group("year")), month, int(m.group("day")))
            except ValueError:
                continue
            clock = None
            groups = m.groupdict()
            if groups.get("hour") is not None and groups.get("minute") is not None:
                h, mi, s = int(groups["hour"]), int(groups["minute"]), int(groups.get("second") or 0)
                if h < 24 and mi < 60 and s < 60:
                    clock = f"{h:02d}:{mi:02d}:{s:02d}"
            best = (day.isoformat(), clock, m)
            break
    return best


def _is_dateline(line: str, profiles: Profiles) -> bool:
    """True when a line is only a date, with at most a label ("Published", a weekday, a time) and
    a place or issuer in capitalised words ("May 5, 2023 – Ottawa, Ontario – Global Affairs Canada")."""
    if len(line) > 80 or not YEAR.search(line):
        return False
    found = parse_date(line, profiles)
    if found is None:
        return False
    m = found[2]
    rest = line[: m.start()] + " " + line[m.end():]
    words = profiles.dateline_labels.sub(" ", rest).split()
    if not words:
        return True
    place = profiles.dateline_place
    return place is not None and len(words) <= profiles.dateline_place_words and all(
        place.fullmatch(w) for w in words)


def _is_prose(line: _Line) -> bool:
    """True when a body line reads as a paragraph of text, not a link, label or caption."""
    text = line.text
    return line.link_share < 0.5 and len(text) >= PROSE_MIN_CHARS and text[-1:] in ".!?\"”’)"


def _is_signature(line: str, profiles: Profiles) -> bool:
    """True when a line could be the place or issuer printed above a dateline ("New Delhi",
    "MINISTRY OF FOREIGN AFFAIRS SINGAPORE"): a few capitalised words, no sentence."""
    place = profiles.dateline_place
    if place is None or len(line) > 60 or line[-1:] in ".!?:;\"”’":
        return False
    words = line.replace(",", " ").split()
    return 0 < len(words) <= profiles.dateline_place_words and all(place.fullmatch(w) for w in words) \
        and any(w[:1].isupper() for w in words)


def _parse_hits(text: str, profiles: Profiles) -> int | None:
    for pattern in profiles.hits_patterns:
        m = pattern.search(text)
        if m:
            return int(m.group("hits").replace(",", ""))
    return None


# --------------------------------------------------------------------------- HTML to lines


@dataclass(slots=True)
class _Line:
    text: str
    link_share: float = 0.0
    heading: bool = False  # the line is (part of) an h1-h6 element


class _LineWriter:
    """Collects the visual lines of a subtree, as a browser would break them."""

    __slots__ = ("lines", "parts", "chars", "link_chars", "link_depth", "pre_depth", "heading_depth")

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self.parts: list[str] = []
        self.chars = 0
        self.link_chars = 0
        self.link_depth = 0
        self.pre_depth = 0
        self.heading_depth = 0

    def add(self, text: str) -> None:
        if self.pre_depth and "\n" in text:
            first, *rest = text.split("\n")
            self._add(first)
            for piece in rest:
                self.flush()
                self._add(piece)
        else:
            self._add(text)

    def _add(self, text: str) -> None:
        self.parts.append(text)
        n = len(text.strip())
        self.chars += n
        if self.link_depth:
            self.link_chars += n

    def flush(self) -> None:
        if self.parts:
            text = collapse("".join(self.parts))
            if text:
                share = self.link_chars / self.chars if self.chars else 0.0
                self.lines.append(_Line(text, share, self.heading_depth > 0))
            self.parts.clear()
            self.chars = self.link_chars = 0


def _walk_lines(root: etree._Element, skip: set[etree._Element], number_lists: bool,
                limit: int = 0) -> list[_Line]:
    """The visual lines of `root`'s subtree, without the `skip` subtrees; no recursion.

    limit (int): stop after this many lines (0: no limit).
    """
    out = _LineWriter()
    lists: list[list[Any]] = []  # [tag, counter] of the open lists
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        dropped = not isinstance(tag, str) or tag in DROP_TAGS or el in skip
        if event == "start":
            if dropped:
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS or tag == "br":
                out.flush()
            if tag in LIST_TAGS:
                start = el.get("start", "1")
                lists.append([tag, int(start) - 1 if start.strip().lstrip("-").isdigit() else 0])
            elif tag == "li" and lists:
                _number_item(el, lists, number_lists, out)
            elif tag == "a":
                out.link_depth += 1
            elif tag == "pre":
                out.pre_depth += 1
            elif tag in HEADING_TAGS:
                out.heading_depth += 1
            if el.text:
                out.add(el.text)
        else:
            if not dropped:
                if tag in LIST_TAGS and lists:
                    lists.pop()
                elif tag == "a":
                    out.link_depth = max(0, out.link_depth - 1)
                elif tag == "pre":
                    out.pre_depth = max(0, out.pre_depth - 1)
                if tag in BLOCK_TAGS:
                    out.flush()  # before leaving a heading, so that its line is marked as one
                    if limit and len(out.lines) >= limit:
                        return out.lines
                if tag in HEADING_TAGS:
                    out.heading_depth = max(0, out.heading_depth - 1)
            if el.tail and el is not root:
                out.add(el.tail)
    out.flush()
    return out.lines


def _number_item(el: etree._Element, lists: list[list[Any]], number_lists: bool, out: _LineWriter) -> None:
    """Count an <li>; print its number as a browser would for items of a top-level <ol>."""
    current = lists[-1]
    value = el.get("value", "")
    current[1] = int(value) if value.strip().isdigit() else current[1] + 1
    parent = el.getparent()
    kind = (parent.get("type") if parent is not None else None) or "1"
    if number_lists and current[0] == "ol" and len(lists) == 1 and kind == "1":
        out.add(f"{current[1]}. ")


def _drop_set(root: etree._Element, profile: SiteProfile, profiles: Profiles,
              index: _PageIndex) -> set[etree._Element]:
    """Elements inside `root` that are furniture (never `root` itself)."""
    skip = {el for sel in profile.drop_selectors for el in index.select(sel) if _is_inside(el, root)}
    if profiles.drop_class is not None:
        total = len(_STRING(root))
        for el in index.named:
            if el in skip or not profiles.drop_class.search(f"{el.get('class', '')} {el.get('id', '')}"):
                continue
            # Guard against a wrapper whose name happens to contain a word ("content-with-sidebar").
            if _is_inside(el, root) and len(_STRING(el)) <= total / 2:
                skip.add(el)
    skip.discard(root)
    return skip


def _densest(doc: etree._Element) -> etree._Element | None:
    """The element whose children hold the most paragraph text that is not link text."""
    scores: dict[etree._Element, float] = {}
    for el in doc.iter(*DENSITY_TAGS):
        if el.tag in ("p", "pre", "blockquote", "li"):
            n = len(collapse(str(_STRING(el)))) - sum(len(str(_STRING(a)).strip()) for a in el.iter("a"))
        else:
            n = len((el.text or "").strip()) + sum(len((c.tail or "").strip()) for c in el)
        if n < DENSITY_MIN_CHARS:
            continue
        parent = el.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0.0) + n
            grand = parent.getparent()
            if grand is not None:
                scores[grand] = scores.get(grand, 0.0) + n / 2
    return max(scores, key=scores.__getitem__) if scores else None


# --------------------------------------------------------------------------- page fields


def _meta_map(index: _PageIndex) -> dict[str, str]:
    meta: dict[str, str] = {}
    for el in index.by_tag.get("meta", []):
        key = el.get("property") or el.get("name") or el.get("itemprop") or ""
        content = el.get("content")
        if key and content and collapse(content):
            meta.setdefault(key.strip().lower(), collapse(content))
    return meta


def _page_url(index: _PageIndex, raw_text: str, meta: Mapping[str, str],
              profiles: Profiles) -> tuple[str | None, str | None]:
    """The page's own URL, and the host it says it lives on (also from <base href>)."""
    base = next((b.get("href") for b in index.by_tag.get("base", []) if b.get("href")), None)
    url = None
    for link in index.by_tag.get("link", []):
        rels = (link.get("rel") or "").lower().split()
        if link.get("href") and any(r in rels for r in profiles.url_link_rels):
            url = link.get("href", "").strip()
            break
    if not url:
        url = next((meta[m] for m in profiles.url_meta if meta.get(m)), None)
    if not url:
        head = raw_text[:4096]
        for pattern in profiles.url_raw:
            m = pattern.search(head)
            if m:
                url = m.group("url")
                break
    if url and base and not _host(url):
        url = urljoin(base, url)
    return url or None, _host(url) or _host(base)


def _strip_title_suffix(title: str, meta: Mapping[str, str], profiles: Profiles,
                        generic: SiteProfile) -> str:
    m = profiles.title_suffix.search(title)
    if not m:
        return title
    site = collapse(m.group("site"))
    site_name = meta.get("og:site_name", "")
    known = (site_name and site.casefold() == site_name.casefold()) or any(
        p.fullmatch(site) for p, _ in generic.publisher_names
    )
    if m.group("sep") in ("|", "::") or known:
        return title[: m.start()].strip() or title
    return title


def _find_title(index: _PageIndex, meta: Mapping[str, str], chain: Sequence[SiteProfile],
                profiles: Profiles) -> str | None:
    for prof in chain:
        for el in index.first(prof.title_selectors):
            text = _title_text(el)
            if text:
                return text
        for name in prof.title_meta:
            if meta.get(name):
                return _strip_title_suffix(meta[name], meta, profiles, profiles.generic)
        for el in index.first(prof.title_late_selectors):
            text = _title_text(el)
            if text:
                return text
        if prof.use_title_tag:
            for el in index.by_tag.get("title", []):
                text = _text(el)
                if text:
                    return _strip_title_suffix(text, meta, profiles, profiles.generic)
    return None


# Machine-readable date values (attributes, meta tags) that the profiles' regexes do not cover
# ("Fri, 05 May 2023 10:00:00 GMT", "20230505T1000") go to dateparser, which handles the long tail of
# formats. REQUIRE_PARTS keeps it from inventing a missing day or month; it is built once, lazily.
DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
}
_DATEPARSER: list[Any] = []


def machine_date(value: str) -> tuple[str, str | None] | None:
    """(YYYY-MM-DD, HH:MM:SS or None) of a machine-readable date value, via dateparser."""
    value = value.strip()
    if not value or len(value) > 64 or not re.search(r"\d{4}", value):
        return None
    if not _DATEPARSER:
        from dateparser.date import DateDataParser

        _DATEPARSER.append(DateDataParser(languages=["en"], settings=DATEPARSER_SETTINGS))
    try:
        data = _DATEPARSER[0].get_date_data(value)
    except (ValueError, OverflowError, TypeError):
        return None
    if data is None or data.date_obj is None or data.period != "day":
        return None
    when = data.date_obj
    clock = when.strftime("%H:%M:%S") if (when.hour, when.minute, when.second) != (0, 0, 0) else None
    return when.date().isoformat(), clock


def _date_from(el: etree._Element, attrs: Sequence[str], profiles: Profiles) -> tuple[str, str | None] | None:
    for attr in attrs:
        value = el.get(attr)
        if value:
            found = parse_date(value, profiles)
            if found:
                return found[0], found[1]
            machine = machine_date(value)
            if machine:
                return machine
    found = parse_date(_field_text(el), profiles)
    return (found[0], found[1]) if found else None


def _find_date(index: _PageIndex, meta: Mapping[str, str], chain: Sequence[SiteProfile],
               profiles: Profiles, area: _MainArea) -> tuple[str, str | None] | None:
    """Selectors, then meta tags, then a dateline in the main area, then loose selectors, then an
    element of the main area whose class names it a date."""
    for prof in chain:
        for el in index.first(prof.date_selectors):
            found = _date_from(el, prof.date_attrs, profiles)
            if found:
                return found
        for name in prof.date_meta:
            if meta.get(name):
                found = parse_date(meta[name], profiles)
                if found:
                    return found[0], found[1]
                machine = machine_date(meta[name])
                if machine:
                    return machine
    if any(p.dateline for p in chain):
        for line in area.lines():
            if _is_dateline(line.text, profiles):
                found = parse_date(line.text, profiles)
                if found:
                    return found[0], found[1]
    for prof in chain:
        for el in index.first(prof.date_late_selectors):
            found = _date_from(el, prof.date_attrs, profiles)
            if found:
                return found
    element = area.element()
    return _date_by_class(index, element, profiles) if element is not None else None


def _date_by_class(index: _PageIndex, area: etree._Element, profiles: Profiles) -> tuple[str, str | None] | None:
    """A short element of the main area named as a date ("news-date", "post_date") holding one."""
    if profiles.date_class_words is None:
        return None
    for el in _named_like(index, profiles.date_class_words, profiles.date_class_skip, area):
        text = _field_text(el)
        if len(text) <= FIELD_MAX_CHARS and YEAR.search(text):
            found = parse_date(text, profiles)
            if found:
                return found[0], found[1]
    return None


def _find_hits(index: _PageIndex, chain: Sequence[SiteProfile], profiles: Profiles,
               area: _MainArea) -> int | None:
    """Selectors, then a short element of the main area named as a counter ("<dd class="hits">")."""
    for prof in chain:
        for el in index.first(prof.hits_selectors):
            hits = _parse_hits(_field_text(el), profiles)
            if hits is not None:
                return hits
    element = area.element()
    if profiles.hits_class_words is None or element is None:
        return None
    for el in _named_like(index, profiles.hits_class_words, None, element):
        text = _field_text(el)
        hits = _parse_hits(text, profiles) if len(text) <= HITS_MAX_CHARS else None
        if hits is not None:
            return hits
    return None


_CLASS_MATCHES: dict[tuple[re.Pattern[str], str], bool] = {}


def _class_matches(pattern: re.Pattern[str], name: str) -> bool:
    """pattern.search(name), remembered across pages (class names repeat from page to page)."""
    key = (pattern, name)
    found = _CLASS_MATCHES.get(key)
    if found is None:
        if len(_CLASS_MATCHES) > 100_000:
            _CLASS_MATCHES.clear()
        found = _CLASS_MATCHES[key] = pattern.search(name) is not None
    return found


def _named_like(index: _PageIndex, words: re.Pattern[str], skip: re.Pattern[str] | None,
                area: etree._Element) -> list[etree._Element]:
    """Elements inside `area` (or `area` itself) with a class or id that `words` finds and `skip`
    does not, in document order."""
    found: set[etree._Element] = set()
    for table in (index.by_class, index.by_id):
        for name, els in table.items():
            if _class_matches(words, name):
                found.update(els)
    if not found:
        return []
    out = []
    for el in index.named:
        if el not in found:
            continue
        if skip is not None and _class_matches(skip, f"{el.get('class', '')} {el.get('id', '')}"):
            continue
        if el is area or _is_inside(el, area):
            out.append(el)
    return out


class _MainArea:
    """The page's main area (first <main>/<article> with text, else the body's parent) and its
    first lines, both found only when a field needs them."""

    __slots__ = ("index", "body_el", "body_lines", "_element", "_lines")

    def __init__(self, index: _PageIndex, body_el: etree._Element | None, body_lines: list[_Line]) -> None:
        self.index, self.body_el, self.body_lines = index, body_el, body_lines
        self._element: list[etree._Element | None] = []
        self._lines: list[_Line] | None = None

    def element(self) -> etree._Element | None:
        if not self._element:
            areas = self.index.by_tag.get("main", []) + self.index.by_tag.get("article", [])
            area = next((el for el in areas if WORD_CHAR.search(str(_STRING(el)))), None)
            if area is None and self.body_el is not None:
                area = self.body_el.getparent()
            self._element.append(area)
        return self._element[0]

    def lines(self) -> list[_Line]:
        """The area's first lines, then the body's (a dateline or a view count is looked for there)."""
        if self._lines is None:
            area = self.element()
            lines = _walk_lines(area, set(), False, DATELINE_SCAN_LINES) if area is not None else []
            self._lines = lines[:DATELINE_SCAN_LINES] + self.body_lines[:DATELINE_SCAN_LINES]
        return self._lines


def _find_body(index: _PageIndex, chain: Sequence[SiteProfile]
               ) -> tuple[etree._Element | None, SiteProfile]:
    """The body element and the profile whose rules found it."""
    short: tuple[etree._Element, SiteProfile] | None = None
    for prof in chain:
        for el in index.first(prof.body_selectors):
            n = len(_text(el))
            if n >= prof.min_chars:
                return el, prof
            if n and short is None:
                short = (el, prof)
    densest = _densest(index.root)
    if densest is None and short is not None:
        return short
    return densest, chain[-1]


def _chrome_text(index: _PageIndex, body: etree._Element | None) -> str:
    """Text of the page's chrome that may name its publisher: <title>, logo alt texts, the footer."""
    parts = [_text(t) for t in index.by_tag.get("title", [])]
    parts += [img.get("alt", "") for img in index.by_tag.get("img", [])
              if img.get("alt") and (body is None or not _is_inside(img, body))]
    parts += [_text(f) for f in index.by_tag.get("footer", []) + index.by_id.get("footer", [])]
    return "\n".join(p for p in parts if p)


def _publisher(profile: SiteProfile, host: str | None, meta: Mapping[str, str], hint_text: str,
               generic: SiteProfile) -> str | None:
    if profile.publisher:
        return profile.publisher
    for prof in (profile, generic):
        if host:
            labels = host.split(".")
            for suffix, iso3 in prof.publisher_hosts:
                n = suffix.count(".") + 1
                if ".".join(labels[-n:]) == suffix:
                    return iso3
        texts = [meta[m] for m in prof.publisher_meta if meta.get(m)] + ([hint_text] if hint_text else [])
        for pattern, iso3 in prof.publisher_names:
            if any(pattern.search(t) for t in texts):
                return iso3
    return None


# --------------------------------------------------------------------------- paragraphs


def _paragraphs(lines: Iterable[_Line], title: str | None, profile: SiteProfile,
                profiles: Profiles) -> list[str]:
    """Body lines without furniture, title and datelines; lone markers joined to the next line.

    A dateline takes with it the place or issuer lines just above it ("New Delhi" / "September 22,
    2023" closing a release).
    """
    title_key = collapse(title).casefold() if title else None
    out: list[str] = []
    pending_marker = ""
    adjacent = 0  # how many of the last lines of `out` came one after another, up to this line
    in_chrome = False  # under the label of a chrome section
    for line in lines:
        text = line.text  # already collapsed
        if not text:
            continue
        kept, adjacent = adjacent, 0
        if profiles.stop_lines is not None and line.link_share < 0.5 and profiles.stop_lines.fullmatch(text):
            if out:
                break  # "Media enquiries", "- 30 -": contacts follow, the release is over
            continue  # a "Contact" line above the release is navigation
        if profiles.chrome_sections is not None and profiles.chrome_sections.fullmatch(text):
            in_chrome = True  # "Associated links", "Related news": chrome up to the next heading
            continue
        if in_chrome:
            if not (line.heading or _is_prose(line)):
                continue
            in_chrome = False  # a heading, or a paragraph of text: the section was a label
        if line.heading and profile.drop_headings and not profiles.numbered_heading.match(text):
            continue  # an unnumbered sub-heading is a label, not a paragraph
        if profiles.lone_marker.fullmatch(text):
            pending_marker = f"{pending_marker} {text}".strip()
            continue
        if not WORD_CHAR.search(text):
            continue
        if profile.drop_lines is not None and (
                profile.drop_lines.fullmatch(text) or profile.drop_lines.fullmatch(LEADING_BULLET.sub("", text))):
            continue
        if title_key and text.casefold() == title_key:
            continue
        if _is_dateline(text, profiles):
            for _ in range(min(kept, SIGNATURE_LINES) if not pending_marker else 0):
                if not _is_signature(out[-1], profiles):
                    break
                out.pop()
            continue
        if profile.link_density and line.link_share >= profile.link_density:
            continue
        if pending_marker:
            text = f"{pending_marker} {text}"
            pending_marker = ""
        out.append(text)
        adjacent = kept + 1
    return out


# --------------------------------------------------------------------------- text dumps


def _soft_wrapped(prev: str, nxt: str, profiles: Profiles) -> bool:
    """True when `nxt` continues the sentence of `prev` (a hard-wrapped text file)."""
    first = nxt.lstrip()[:1]
    return bool(first) and first.islower() and not prev.rstrip().endswith((".", ":", ";", "!", "?")) \
        and not profiles.lone_marker.match(nxt.lstrip())


def _clean_text(text: str, profiles: Profiles) -> CleanRelease:
    """Read a text dump: navigation lines, title, `Date :` / `hit :` lines, then the body."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    url = next((m.group("url") for p in profiles.url_text if (m := p.search(text[:8192]))), None)
    # A `URL: ...` line names the page; it is not body text.
    lines = [x for x in lines if not any(p.match(x) for p in profiles.url_text)]
    header_at = _dump_header(lines, profiles)
    published = clock = None
    hits = None
    if header_at is not None:
        end = header_at
        while end < len(lines):
            line, text = lines[end], collapse(lines[end])
            d = profiles.dump_date_line.match(line)
            h = profiles.dump_hits_line.match(line)
            if d or (end == header_at and not h):  # `Date : ...`, or the dateline that opened it
                found = parse_date(d.group("value") if d else text, profiles)
                if found and published is None:
                    published, clock = found[0], found[1]
            elif h:
                hits = int(h.group("value").replace(",", "")) if hits is None else hits
            elif text and not profiles.dump_meta_line.match(line):
                break
            end += 1
        head = lines[:header_at]
        body = [_Line(t) for x in lines[end:] if (t := collapse(x))]
    else:
        head = []
        body = [_Line(p) for p in _text_paragraphs(lines, profiles)]
    n = profiles.dump_hint_lines
    hint_text = "\n".join(head[-n:] + head[:n] + [x.text for x in body[-n:]]) if head else text
    host = _host(url)
    profile = _profile_for_host(host, profiles) or next(
        (p for p in profiles.sites if p.text_patterns and p.claims_text(hint_text)), profiles.generic)
    # The title is the last line above the header that is not furniture (a byline, a label).
    furniture = [p.drop_lines for p in (profile, profiles.generic) if p.drop_lines is not None]
    title = next((collapse(x) for x in reversed(head)
                  if collapse(x) and not any(f.fullmatch(collapse(x)) for f in furniture)), None)
    paragraphs = _paragraphs(body, title, profile, profiles)
    if not paragraphs:
        raise NoBody("the text holds no body lines")
    return CleanRelease(
        title=title or None, published=published, published_time=clock, hits=hits, url=url,
        site=profile.name,
        publisher=_publisher(profile, host, {}, hint_text, profiles.generic),
        paragraphs=paragraphs,
    )


def _dump_header(lines: Sequence[str], profiles: Profiles) -> int | None:
    """Index of the first `Date :` / `hit :` line, else of an early dateline-only line."""
    for i, line in enumerate(lines):
        if profiles.dump_date_line.match(line) or profiles.dump_hits_line.match(line):
            return i
    seen = 0
    for i, line in enumerate(lines):
        text = collapse(line)
        if not text:
            continue
        seen += 1
        if seen > DUMP_DATELINE_SCAN_LINES:
            break
        if _is_dateline(text, profiles):
            return i
    return None


def _text_paragraphs(lines: Sequence[str], profiles: Profiles) -> list[str]:
    """A plain text's paragraphs: one per line, hard-wrapped sentences joined."""
    out: list[str] = []
    previous_blank = True
    for raw in lines:
        text = collapse(raw)
        if not text:
            previous_blank = True
            continue
        if out and not previous_blank and _soft_wrapped(out[-1], text, profiles):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
        previous_blank = False
    return out


def _profile_for_host(host: str | None, profiles: Profiles) -> SiteProfile | None:
    """The first profile (by order) whose hosts include `host`."""
    return next((p for p in profiles.sites if host and p.claims_host(host)), None)


# --------------------------------------------------------------------------- HTML pages


def _parse(text: str) -> etree._Element | None:
    """The page's tree, or None when the parser gave up on it (too deep, empty)."""
    parser = HTML_PARSER
    try:
        doc = etree.fromstring(XML_DECLARATION.sub("", text, count=1), parser)
    except (etree.XMLSyntaxError, etree.ParserError, ValueError) as exc:
        LOGGER.info("HTML parser failed (%s); reading the page as flat text", exc)
        return None
    if any("Excessive depth" in e.message for e in parser.error_log):
        LOGGER.info("page nested too deep for the parser; reading it as flat text")
        return None
    return doc


def _flat_tag(m: re.Match[str]) -> str:
    name = (m.group(1) or "").lower()
    return "\n" if name in BLOCK_TAGS or name == "br" else ""


def flatten_html(text: str) -> str:
    """A page's text with line breaks at block elements, for pages the parser cannot handle."""
    text = FLAT_COMMENT.sub(" ", text)
    text = FLAT_DROP.sub("\n", text)
    text = FLAT_TAG.sub(_flat_tag, text)
    return BLANK_RUN.sub("\n\n", html_entities.unescape(text))


def _clean_html(doc: etree._Element, raw_text: str, profiles: Profiles) -> CleanRelease:
    index = _PageIndex(doc, profiles.attr_names)
    meta = _meta_map(index)
    url, host = _page_url(index, raw_text, meta, profiles)
    profile = _profile_for_host(host, profiles) or next(
        (p for p in profiles.sites if p.claims_page(index, raw_text)), profiles.generic)
    chain = (profile,) if profile.fallback else (profile, profiles.generic)
    title = _find_title(index, meta, chain, profiles)
    body_el, body_profile = _find_body(index, chain)
    body_lines: list[_Line] = []
    if body_el is not None:
        skip = _drop_set(body_el, body_profile, profiles, index)
        body_lines += _walk_lines(body_el, skip, body_profile.number_lists)

    area = _MainArea(index, body_el, body_lines)
    found = _find_date(index, meta, chain, profiles, area)
    paragraphs = _paragraphs(body_lines, title, body_profile, profiles)
    if not paragraphs:
        raise NoBody("no body text in the page")
    return CleanRelease(
        title=title,
        published=found[0] if found else None,
        published_time=found[1] if found else None,
        hits=_find_hits(index, chain, profiles, area),
        url=url,
        site=profile.name,
        publisher=_publisher(profile, host, meta, _chrome_text(index, body_el), profiles.generic),
        paragraphs=paragraphs,
    )


def clean(raw: RawRelease, profiles: Profiles) -> CleanRelease:
    """Release fields and body paragraphs of one decoded page (HTML or text dump)."""
    text = raw.text
    if raw.kind != "html" and not LOOKS_HTML.match(text):
        return _clean_text(text, profiles)
    doc = _parse(text) if text.strip() else None
    if doc is None:
        if not text.strip():
            raise NoBody("the page is empty")
        return _clean_text(flatten_html(text), profiles)
    try:
        return _clean_html(doc, text, profiles)
    except RecursionError:
        LOGGER.warning("%s: page too deep to walk; reading it as flat text", raw.release_id)
        return _clean_text(flatten_html(text), profiles)
