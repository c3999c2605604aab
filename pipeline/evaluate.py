"""Score pipeline output against labeled samples (SPEC section 9), and gate CI on pinned floors.

Predictions are read only from an output folder's CSV tables (releases, blocks, dates, officials,
official_mentions, countries, actions), so scoring does not depend on pipeline internals.

Releases. A gold release_id matches the predicted release_id equal to it, else the one predicted
id that ends with `/` + the gold id (gold `seed/x` <-> predicted `corpus/seed/x`), else the one
predicted id the gold id ends with after a `/`. Each predicted release serves one gold release.
A gold release without a prediction counts all its items as false negatives and all its release
fields as wrong, and is listed in `missing_releases`. Predicted releases absent from the gold are
not scored.

Counting. Every table is scored per release (tp, fp, fn), then micro-averaged by summing the counts
over releases: P = tp / (tp + fp), R = tp / (tp + fn), F1 = 2 tp / (2 tp + fp + fn). A ratio whose
denominator is 0 is reported as null (so an empty prediction has R = 0, P = null, F1 = 0; a table
with nothing in gold and nothing predicted has all three null). An accuracy is correct / compared
over the matched items and is null when nothing matched; it is never 0 or 1 by default.

Text normalisation.
- collapse: whitespace runs become one space, ends stripped.
- tokens (token F1): case-folded text split on anything that is not a letter or digit (Unicode
  aware; `_` is a separator). Token F1 is computed on token multisets: with c common tokens,
  P = c / |pred|, R = c / |gold|; two empty token lists have F1 1, one empty list F1 0.

Tables.
- blocks: multiset of (block_id, first 40 characters of the collapsed, case-folded text).
  Session accuracy over matched blocks: equal session_no (both empty counts as equal).
- release fields: exact match per gold release of title (collapsed, case kept), published, hits
  and event_date; a null gold value is matched by an empty prediction; a gold line without the
  optional `hits` key does not score hits.
- dates: multiset of (block_id, value, value_end). Matched pairs with the same key are formed
  preferring equal (granularity, modifier); granularity and modifier accuracy over them. A gold date
  without granularity takes it from the shape of its value (YYYY-MM-DD day, YYYY-MM month, YYYY
  year); a missing modifier is null.
- officials: one-to-one matching of people. Names match exactly when equal after case-folding and
  removing spaces, dots and hyphens; partially when the predicted name's tokens (split on spaces
  and commas, case-folded, dots and hyphens removed) are a sub-multiset of the gold name's tokens,
  number at least two, and include the gold name's family name. The family name is the gold name's
  first token (Korean, Chinese, Japanese order: "Yeo Seung Bae") or its last token (Western order:
  "Antony Blinken"); the order is not known from the text, so either counts. Exact pairs are taken
  first in gold order, then the most partial pairs possible (maximum bipartite matching).
  Over matched people: title correct when the token F1 of the two titles, with determiners
  (a, an, the) dropped, is >= 0.8 (two empty titles are equal); organization correct when the
  token lists without determiners are equal; country correct when the ISO3 codes are equal (both
  empty counts as equal).
- countries: the set of iso3 per release.
- actions: within a block, a predicted action can match a gold action when the token F1 of their
  contents is >= 0.5; pairs are taken greedily by F1 descending (ties: gold order, then prediction
  order), each action at most once. Type accuracy over matched actions.
- spans (Prodigy/doccano gold, see `goldio`): sets of (start, end, label) per gold line, labels
  DATE, COUNTRY, PERSON compared with dates.csv, countries.csv and official_mentions.csv rows.
  Predicted blocks are placed in the gold text by finding their text in it (the line's block_id, or
  all blocks of its release in order, or, without a release_id, the release whose blocks cover most
  of the text). Limits: a gold text that differs from the predicted block text (other whitespace,
  a cleaner that changed characters) cannot be aligned and scores all its spans as false
  negatives; predicted mentions in blocks the gold text does not contain are not counted; GPE
  spans without an iso3 are ignored. ISO3 accuracy over matched COUNTRY spans whose gold has an
  iso3; value accuracy over matched DATE spans whose gold has a value.
"""

from __future__ import annotations

import dataclasses
import html
import json
import logging
import math
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from .errors import InputNotFound, PipelineError
from .goldio import Gold, SpanDoc, file_sha256, read_gold

LOGGER = logging.getLogger(__name__)

TOKEN = re.compile(r"[^\W_]+")
DETERMINERS = frozenset({"a", "an", "the"})
NAME_DROP = re.compile(r"[\s.\-\u2010-\u2015]+")
NAME_SPLIT = re.compile(r"[\s,]+")
TITLE_F1 = 0.8
ACTION_F1 = 0.5
BLOCK_KEY_CHARS = 40
PRED_TABLES = ("blocks", "dates", "officials", "official_mentions", "countries", "actions")
RELEASE_FIELDS = ("title", "published", "hits", "event_date")
PRF_TABLES = ("blocks", "dates", "officials", "countries", "actions")
SPAN_LABELS = ("DATE", "COUNTRY", "PERSON")

#: score keys pinned by a new floors file.
DEFAULT_FLOOR_KEYS = (
    "blocks_f", "blocks_session_acc",
    "release_title_acc", "release_published_acc", "release_hits_acc", "release_event_date_acc",
    "dates_f", "dates_granularity_acc", "dates_modifier_acc",
    "officials_f", "officials_title_acc", "officials_organization_acc", "officials_country_acc",
    "countries_f", "actions_f", "actions_type_acc",
)
FLOOR_DECIMALS = 4


# -- normalisation ---------------------------------------------------------------------------------
def collapse(text: str | None) -> str:
    """Whitespace runs as one space, ends stripped."""
    return " ".join((text or "").split())


def block_key(text: str | None) -> str:
    """First 40 characters of the collapsed, case-folded text."""
    return collapse(text).casefold()[:BLOCK_KEY_CHARS]


def tokens(text: str | None, drop: frozenset[str] = frozenset()) -> list[str]:
    """Case-folded letter/digit runs of a text, without the words in `drop`."""
    return [t for t in TOKEN.findall((text or "").casefold()) if t not in drop]


def token_f1(gold: list[str], pred: list[str]) -> float:
    """F1 of two token multisets (1.0 when both are empty)."""
    if not gold and not pred:
        return 1.0
    common = sum((Counter(gold) & Counter(pred)).values())
    # 2PR / (P + R) with P = c/|pred|, R = c/|gold|; this form is exact at the thresholds
    return 2 * common / (len(gold) + len(pred))


def name_key(name: str | None) -> str:
    """A name case-folded, without spaces, dots and hyphens."""
    return NAME_DROP.sub("", (name or "").casefold())


def name_tokens(name: str | None) -> list[str]:
    """Tokens of a name: split on spaces and commas, case-folded, without dots and hyphens."""
    out = (NAME_DROP.sub("", t) for t in NAME_SPLIT.split((name or "").casefold()))
    return [t for t in out if t]


def names_match(gold: str | None, pred: str | None) -> int:
    """2 when the names are equal after normalisation, 1 for family name + another token, else 0."""
    gk = name_key(gold)
    if gk and gk == name_key(pred):
        return 2
    gt, pt = name_tokens(gold), name_tokens(pred)
    if len(gt) < 2 or len(pt) < 2 or Counter(pt) - Counter(gt):
        return 0
    return 1 if {gt[0], gt[-1]} & set(pt) else 0


def _none(value: Any) -> Any:
    return None if value in (None, "") else value


def _int(value: Any) -> int | None:
    value = _none(value)
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _granularity(value: str) -> str:
    return {10: "day", 7: "month"}.get(len(value), "year")


# -- counting --------------------------------------------------------------------------------------
def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass(slots=True)
class PRF:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def p(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def r(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)


@dataclass(slots=True)
class Acc:
    """Correct out of compared."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.correct += bool(ok)
        self.total += 1

    @property
    def value(self) -> float | None:
        return _ratio(self.correct, self.total)


@dataclass(slots=True)
class Tally:
    """Counts of one release or of a whole set."""

    prf: dict[str, PRF] = field(default_factory=dict)
    acc: dict[str, Acc] = field(default_factory=dict)

    def p(self, name: str) -> PRF:
        return self.prf.setdefault(name, PRF())

    def a(self, name: str) -> Acc:
        return self.acc.setdefault(name, Acc())

    def add(self, other: Tally) -> None:
        for name, prf in other.prf.items():
            self.p(name).add(prf)
        for name, acc in other.acc.items():
            mine = self.a(name)
            mine.correct += acc.correct
            mine.total += acc.total

    def flat(self) -> dict[str, Any]:
        """`{table}_p/_r/_f/_tp/_fp/_fn` and `{name}_acc/_n` as one flat dict."""
        out: dict[str, Any] = {}
        for name, prf in self.prf.items():
            out.update({f"{name}_p": prf.p, f"{name}_r": prf.r, f"{name}_f": prf.f,
                        f"{name}_tp": prf.tp, f"{name}_fp": prf.fp, f"{name}_fn": prf.fn})
        for name, acc in self.acc.items():
            out[f"{name}_acc"] = acc.value
            out[f"{name}_n"] = acc.total
        return out


@dataclass(frozen=True, slots=True)
class Issue:
    """One false positive, false negative or wrong attribute, for the report."""

    kind: str  # fp, fn, wrong, missing
    table: str
    release_id: str
    block_id: str | None
    text: str
    detail: str = ""


# -- predictions -----------------------------------------------------------------------------------
@dataclass(slots=True)
class Predictions:
    """An output folder's tables, rows grouped by release_id."""

    releases: dict[str, dict[str, str]]
    tables: dict[str, dict[str, list[dict[str, str]]]]
    missing_tables: list[str]

    def rows(self, table: str, release_id: str | None) -> list[dict[str, str]]:
        if release_id is None:
            return []
        return self.tables.get(table, {}).get(release_id, [])

    @property
    def release_ids(self) -> list[str]:
        ids = dict.fromkeys(self.releases)
        for by_release in self.tables.values():
            ids.update(dict.fromkeys(by_release))
        return list(ids)


def _unquote(row: dict[str, str]) -> dict[str, str]:
    """Undo `--excel-safe`: a quote before a formula-like start is not part of the text."""
    from .export import FORMULA_START

    return {k: v[1:] if v and v[0] == "'" and v[1:2] and v[1] in FORMULA_START else v
            for k, v in row.items()}


def read_predictions(pred_dir: str | Path) -> Predictions:
    """Read the CSV tables of an output folder (releases.csv is required)."""
    from .export import read_table

    pred_dir = Path(pred_dir)
    if not (pred_dir / "releases.csv").is_file():
        raise InputNotFound(f"{pred_dir / 'releases.csv'} (not a pressfacts output folder)")
    releases = {row["release_id"]: _unquote(row)
                for row in read_table(pred_dir / "releases.csv")}
    tables: dict[str, dict[str, list[dict[str, str]]]] = {}
    missing = []
    for name in PRED_TABLES:
        path = pred_dir / f"{name}.csv"
        by_release: dict[str, list[dict[str, str]]] = defaultdict(list)
        if path.is_file():
            for row in read_table(path):
                by_release[row["release_id"]].append(_unquote(row))
        else:
            missing.append(name)
        tables[name] = dict(by_release)
    return Predictions(releases, tables, missing)


def match_releases(gold_ids: Iterable[str], pred_ids: Iterable[str]
                   ) -> tuple[dict[str, str | None], list[str]]:
    """Gold release_id -> predicted release_id (exact, else unique suffix on `/`), and notes."""
    gold_ids, pred_ids = list(gold_ids), list(pred_ids)
    pred_set = set(pred_ids)
    mapping: dict[str, str | None] = {g: (g if g in pred_set else None) for g in gold_ids}
    used = {p for p in mapping.values() if p}
    notes = []
    for g in gold_ids:
        if mapping[g]:
            continue
        for found in ([p for p in pred_ids if p.endswith("/" + g)],
                      [p for p in pred_ids if g.endswith("/" + p)]):
            found = [p for p in found if p not in used]
            if len(found) == 1:
                mapping[g] = found[0]
                used.add(found[0])
                break
            if len(found) > 1:
                notes.append(f"{g}: ambiguous, matches {', '.join(sorted(found))}")
                break
    return mapping, notes


# -- scoring one release ---------------------------------------------------------------------------
def score_blocks(gold: list[dict[str, Any]], pred: list[dict[str, str]], t: Tally,
                 issues: list[Issue], rid: str) -> None:
    """Blocks as a multiset of (block_id, text key); session accuracy over matched blocks."""
    prf, sess = t.p("blocks"), t.a("blocks_session")
    waiting: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in pred:
        waiting[(row["block_id"], block_key(row["text"]))].append(row)
    for g in gold:
        queue = waiting.get((g["block_id"], block_key(g["text"])))
        if not queue:
            prf.fn += 1
            issues.append(Issue("fn", "blocks", rid, g["block_id"], g["text"]))
            continue
        row = queue.pop(0)
        prf.tp += 1
        got = _int(row.get("session_no"))
        sess.add(got == g["session_no"])
        if got != g["session_no"]:
            issues.append(Issue("wrong", "blocks", rid, g["block_id"], g["text"],
                                f"session_no: gold {g['session_no']}, predicted {got}"))
    for queue in waiting.values():
        for row in queue:
            prf.fp += 1
            issues.append(Issue("fp", "blocks", rid, row["block_id"], row["text"]))


def score_fields(gold: dict[str, Any], pred: dict[str, str] | None, t: Tally,
                 issues: list[Issue], rid: str) -> None:
    """Exact match of title, published, hits and event_date."""
    for name in RELEASE_FIELDS:
        if name not in gold:  # hits is optional in the schema: not labeled, not scored
            continue
        want = gold[name]
        if pred is None:
            t.a(f"release_{name}").add(False)
            continue
        got: Any = pred.get(name)
        if name == "title":
            want, got = collapse(want), collapse(got)
        elif name == "hits":
            got = _int(got)
        else:
            got = _none(got)
        t.a(f"release_{name}").add(want == got)
        if want != got:
            issues.append(Issue("wrong", "releases", rid, None, str(want),
                                f"{name}: gold {want!r}, predicted {got!r}"))


def _date_key(item: dict[str, Any]) -> tuple[str, str, str | None]:
    return item["block_id"], item["value"], _none(item.get("value_end"))


def score_dates(gold: list[dict[str, Any]], pred: list[dict[str, str]], t: Tally,
                issues: list[Issue], rid: str) -> None:
    """Dates as a multiset of (block_id, value, value_end); granularity and modifier accuracy."""
    prf, gran, mod = t.p("dates"), t.a("dates_granularity"), t.a("dates_modifier")
    g_by: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    p_by: dict[tuple, list[dict[str, str]]] = defaultdict(list)
    for item in gold:
        g_by[_date_key(item)].append(item)
    for row in sorted(pred, key=lambda r: (_int(r.get("start")) or 0)):
        p_by[_date_key(row)].append(row)

    def attrs(item: dict[str, Any], is_gold: bool) -> tuple[str | None, str | None]:
        g = item.get("granularity") or (_granularity(item["value"]) if is_gold else None)
        return g, _none(item.get("modifier"))

    for key in list(dict.fromkeys([*g_by, *p_by])):
        golds, preds = list(g_by.get(key, [])), list(p_by.get(key, []))
        pairs = []
        for g in list(golds):  # equal attributes first, so pairing never costs accuracy
            same = next((p for p in preds if attrs(p, False) == attrs(g, True)), None)
            if same is not None:
                pairs.append((g, same))
                golds.remove(g)
                preds.remove(same)
        pairs.extend(zip(golds, preds, strict=False))
        n = min(len(golds), len(preds))
        golds, preds = golds[n:], preds[n:]
        for g, p in pairs:
            prf.tp += 1
            (gg, gm), (pg, pm) = attrs(g, True), attrs(p, False)
            gran.add(gg == pg)
            mod.add(gm == pm)
            if (gg, gm) != (pg, pm):
                issues.append(Issue("wrong", "dates", rid, key[0], g["text"],
                                    f"granularity/modifier: gold {gg}/{gm}, predicted {pg}/{pm}"))
        for g in golds:
            prf.fn += 1
            issues.append(Issue("fn", "dates", rid, key[0], g["text"],
                                f"value {key[1]}" + (f"..{key[2]}" if key[2] else "")))
        for p in preds:
            prf.fp += 1
            issues.append(Issue("fp", "dates", rid, key[0], p.get("text", ""),
                                f"value {key[1]}" + (f"..{key[2]}" if key[2] else "")))


def match_people(gold_names: list[str], pred_names: list[str]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs: exact names first, then most partial pairs."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for gi, g in enumerate(gold_names):
        for pi, p in enumerate(pred_names):
            if pi not in used and names_match(g, p) == 2:
                pairs[gi] = pi
                used.add(pi)
                break
    edges = {gi: [pi for pi, p in enumerate(pred_names) if pi not in used and names_match(g, p)]
             for gi, g in enumerate(gold_names) if gi not in pairs}
    owner: dict[int, int] = {}  # pred index -> gold index (partial pairs)

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in edges[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in edges:
        augment(gi, set())
    pairs.update({gi: pi for pi, gi in owner.items()})
    return sorted(pairs.items())


def _title_ok(gold: str | None, pred: str | None) -> bool:
    return token_f1(tokens(gold, DETERMINERS), tokens(pred, DETERMINERS)) >= TITLE_F1


def score_officials(gold: list[dict[str, Any]], pred: list[dict[str, str]], t: Tally,
                    issues: list[Issue], rid: str) -> None:
    """People matched one-to-one by name; title, organization and country accuracy."""
    prf = t.p("officials")
    for name in ("title", "organization", "country"):
        t.a(f"officials_{name}")  # present (null) even when nobody matched
    pairs = match_people([g["name"] for g in gold], [p["name"] for p in pred])
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        prf.tp += 1
        checks = {
            "title": _title_ok(g["title"], _none(p.get("title"))),
            "organization": tokens(g["organization"], DETERMINERS)
            == tokens(_none(p.get("organization")), DETERMINERS),
            "country": _none(g["country"]) == _none(p.get("country")),
        }
        for name, ok in checks.items():
            t.a(f"officials_{name}").add(ok)
            if not ok:
                issues.append(Issue("wrong", "officials", rid, None, g["name"],
                                    f"{name}: gold {g[name]!r}, predicted "
                                    f"{_none(p.get(name))!r} (as {p['name']!r})"))
    matched_g, matched_p = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
    for gi, g in enumerate(gold):
        if gi not in matched_g:
            prf.fn += 1
            issues.append(Issue("fn", "officials", rid, ";".join(g.get("block_ids") or []) or None,
                                g["name"], g.get("title") or ""))
    for pi, p in enumerate(pred):
        if pi not in matched_p:
            prf.fp += 1
            issues.append(Issue("fp", "officials", rid, p.get("block_ids") or None, p["name"],
                                p.get("title") or ""))


def score_countries(gold: list[str], pred: list[dict[str, str]], t: Tally,
                    issues: list[Issue], rid: str) -> None:
    """The set of iso3 codes of a release."""
    prf = t.p("countries")
    first: dict[str, dict[str, str]] = {}
    for row in pred:
        if _none(row.get("iso3")):
            first.setdefault(row["iso3"], row)
    want = set(gold)
    prf.tp += len(want & first.keys())
    for code in sorted(want - first.keys()):
        prf.fn += 1
        issues.append(Issue("fn", "countries", rid, None, code))
    for code in sorted(first.keys() - want):
        prf.fp += 1
        row = first[code]
        issues.append(Issue("fp", "countries", rid, row.get("block_id"), code,
                            f"first mention {row.get('text', '')!r}"))


def match_actions(gold: list[str], pred: list[str]) -> list[tuple[int, int, float]]:
    """Greedy one-to-one (gold index, pred index, F1) pairs with content token F1 >= 0.5."""
    g_tok, p_tok = [tokens(c) for c in gold], [tokens(c) for c in pred]
    cands = [(token_f1(gt, pt), gi, pi) for gi, gt in enumerate(g_tok)
             for pi, pt in enumerate(p_tok)]
    cands = sorted((c for c in cands if c[0] >= ACTION_F1), key=lambda c: (-c[0], c[1], c[2]))
    pairs, g_used, p_used = [], set(), set()
    for f1, gi, pi in cands:
        if gi not in g_used and pi not in p_used:
            pairs.append((gi, pi, f1))
            g_used.add(gi)
            p_used.add(pi)
    return sorted(pairs)


def score_actions(gold: list[dict[str, Any]], pred: list[dict[str, str]], t: Tally,
                  issues: list[Issue], rid: str) -> None:
    """Actions matched per block by content token F1; type accuracy over matched."""
    prf, typ = t.p("actions"), t.a("actions_type")
    g_by: dict[str, list[dict[str, Any]]] = defaultdict(list)
    p_by: dict[str, list[dict[str, str]]] = defaultdict(list)
    for g in gold:
        g_by[g["block_id"]].append(g)
    for p in pred:
        p_by[p["block_id"]].append(p)
    for bid in dict.fromkeys([*g_by, *p_by]):
        golds, preds = g_by.get(bid, []), p_by.get(bid, [])
        pairs = match_actions([g["content"] for g in golds], [p["content"] for p in preds])
        for gi, pi, f1 in pairs:
            prf.tp += 1
            ok = golds[gi]["type"] == preds[pi].get("type")
            typ.add(ok)
            if not ok:
                issues.append(Issue("wrong", "actions", rid, bid, golds[gi]["content"],
                                    f"type: gold {golds[gi]['type']}, predicted "
                                    f"{preds[pi].get('type')} (content F1 {f1:.2f})"))
        for gi in sorted(set(range(len(golds))) - {g for g, _, _ in pairs}):
            prf.fn += 1
            g = golds[gi]
            issues.append(Issue("fn", "actions", rid, bid, g["content"],
                                f"{g['type']}: {g['actor']} | {g['trigger']}"))
        for pi in sorted(set(range(len(preds))) - {p for _, p, _ in pairs}):
            prf.fp += 1
            p = preds[pi]
            issues.append(Issue("fp", "actions", rid, bid, p.get("content", ""),
                                f"{p.get('type')}: {p.get('actor') or ''} | {p.get('trigger')}"))


def score_release(gold: dict[str, Any], preds: Predictions, pred_id: str | None,
                  issues: list[Issue]) -> Tally:
    """Every table of one gold release against its predicted release (None: missing)."""
    t = Tally()
    rid = gold["release_id"]
    if pred_id is None:
        issues.append(Issue("missing", "releases", rid, None, gold.get("title") or "",
                            "no predicted release"))
    score_blocks(gold["blocks"], preds.rows("blocks", pred_id), t, issues, rid)
    score_fields(gold, preds.releases.get(pred_id) if pred_id else None, t, issues, rid)
    score_dates(gold["dates"], preds.rows("dates", pred_id), t, issues, rid)
    score_officials(gold["officials"], preds.rows("officials", pred_id), t, issues, rid)
    score_countries(gold["countries"], preds.rows("countries", pred_id), t, issues, rid)
    score_actions(gold["actions"], preds.rows("actions", pred_id), t, issues, rid)
    return t


# -- span lines (Prodigy / doccano) ----------------------------------------------------------------
def _mentions(preds: Predictions, rid: str, bid: str) -> list[tuple[int, int, str, str | None]]:
    """Predicted (start, end, label, iso3-or-value) mentions of one block."""
    out = []
    for table, label, extra in (("dates", "DATE", "value"), ("countries", "COUNTRY", "iso3"),
                                ("official_mentions", "PERSON", None)):
        for row in preds.rows(table, rid):
            if row["block_id"] == bid:
                start, end = _int(row.get("start")), _int(row.get("end"))
                if start is not None and end is not None:
                    out.append((start, end, label, _none(row.get(extra)) if extra else None))
    return out


def _place_blocks(text: str, blocks: list[dict[str, str]]) -> list[tuple[str, int]]:
    """(block_id, offset in text) of the blocks found in order in a gold text."""
    placed, cursor = [], 0
    for b in blocks:
        body = b["text"]
        if not body:
            continue
        at = text.find(body, cursor)
        if at < 0:
            at = text.find(body)
        if at >= 0:
            placed.append((b["block_id"], at))
            cursor = at + len(body)
    return placed


def _align(doc: SpanDoc, preds: Predictions, pred_id: str | None
           ) -> tuple[str | None, list[tuple[str, int]]]:
    """The predicted release and (block_id, offset) placements for one span line."""
    if pred_id is not None:
        blocks = preds.rows("blocks", pred_id)
        if doc.block_id is not None:
            blocks = [b for b in blocks if b["block_id"] == doc.block_id]
        return pred_id, _place_blocks(doc.text, blocks)
    if doc.release_id is not None:
        return None, []
    best: tuple[int, str | None, list[tuple[str, int]]] = (0, None, [])
    for rid in preds.release_ids:
        blocks = preds.rows("blocks", rid)
        placed = _place_blocks(doc.text, blocks)
        lengths = {b["block_id"]: len(b["text"]) for b in blocks}
        covered = sum(lengths[bid] for bid, _ in placed)
        if covered > best[0]:
            best = (covered, rid, placed)
    return best[1], best[2]


def score_span_doc(doc: SpanDoc, preds: Predictions, pred_id: str | None,
                   issues: list[Issue]) -> Tally:
    """Gold spans of one line against the predicted mentions placed in its text."""
    t = Tally()
    t.a("spans_country_iso3")
    t.a("spans_date_value")
    rid_shown = doc.release_id or (doc.where or f"line {doc.line_no}")
    rid, placed = _align(doc, preds, pred_id)
    if not placed:
        issues.append(Issue("missing", "spans", rid_shown, doc.block_id, doc.text[:80],
                            "no predicted block found in this text"))
    pred: dict[tuple[int, int, str], str | None] = {}
    for bid, offset in placed:
        for start, end, label, extra in _mentions(preds, rid or "", bid):
            pred.setdefault((start + offset, end + offset, label), extra)
    gold = {(s.start, s.end, s.label): s for s in doc.spans}
    for label in SPAN_LABELS:
        prf, total = t.p(f"spans_{label.lower()}"), t.p("spans")
        g_keys = {k for k in gold if k[2] == label}
        p_keys = {k for k in pred if k[2] == label}
        for part in (prf, total):
            part.tp += len(g_keys & p_keys)
            part.fn += len(g_keys - p_keys)
            part.fp += len(p_keys - g_keys)
        for key in sorted(g_keys & p_keys):
            span, got = gold[key], pred[key]
            want = span.iso3 if label == "COUNTRY" else span.value if label == "DATE" else None
            if want is not None:
                name = "spans_country_iso3" if label == "COUNTRY" else "spans_date_value"
                t.a(name).add(want == got)
                if want != got:
                    issues.append(Issue("wrong", "spans", rid_shown, doc.block_id,
                                        doc.text[key[0]:key[1]], f"{label}: gold {want}, "
                                        f"predicted {got}"))
        for kind, keys in (("fn", g_keys - p_keys), ("fp", p_keys - g_keys)):
            for s, e, lab in sorted(keys):
                issues.append(Issue(kind, "spans", rid_shown, doc.block_id, doc.text[s:e],
                                    f"{lab} {s}..{e}"))
    return t


# -- the whole set ---------------------------------------------------------------------------------
@dataclass(slots=True)
class Evaluation:
    """Scores of a gold file against an output folder, with every error for the report."""

    gold: Gold
    total: Tally
    per_release: dict[str, tuple[str | None, Tally]]
    issues: list[Issue]
    missing: list[str]
    notes: list[str]

    def scores(self) -> dict[str, Any]:
        """Flat scores, then `per_release` and the lists of problems."""
        out: dict[str, Any] = {
            "gold": str(self.gold.path),
            "gold_sha256": self.gold.sha256,
            "n_releases": len(self.gold.releases),
            "n_span_lines": len(self.gold.span_docs),
            "n_missing": len(self.missing),
        }
        out.update(self.total.flat())
        out["missing_releases"] = self.missing
        out["notes"] = self.notes
        out["per_release"] = {rid: {"pred_release_id": pid, **t.flat()}
                              for rid, (pid, t) in self.per_release.items()}
        return out


def score(gold: Gold, preds: Predictions) -> Evaluation:
    """Score every gold release and span line against the predictions."""
    total = Tally()
    per_release: dict[str, tuple[str | None, Tally]] = {}
    issues: list[Issue] = []
    gold_ids = [g["release_id"] for g in gold.releases]
    span_ids = [d.release_id for d in gold.span_docs if d.release_id is not None]
    mapping, notes = match_releases(dict.fromkeys([*gold_ids, *span_ids]), preds.release_ids)
    notes = list(gold.warnings) + notes
    notes += [f"prediction table {name}.csv not found, read as empty"
              for name in preds.missing_tables]
    missing = []
    for record in gold.releases:
        rid = record["release_id"]
        pid = mapping.get(rid)
        if pid is None:
            missing.append(rid)
        elif preds.releases.get(pid, {}).get("status", "ok") not in ("ok", ""):
            row = preds.releases[pid]
            notes.append(f"{rid}: predicted release {pid} has status {row['status']}"
                         f"{': ' + row['error'] if row.get('error') else ''}")
        t = score_release(record, preds, pid, issues)
        total.add(t)
        per_release[rid] = (pid, t)
    for doc in gold.span_docs:
        pid = mapping.get(doc.release_id) if doc.release_id else None
        if doc.release_id and pid is None and doc.release_id not in missing:
            missing.append(doc.release_id)
        t = score_span_doc(doc, preds, pid, issues)
        total.add(t)
        key = doc.release_id or (doc.where or f"line {doc.line_no}")
        if key in per_release:
            per_release[key][1].add(t)
        else:
            per_release[key] = (pid, t)
        for label, n in doc.ignored.items():
            notes.append(f"{doc.where or doc.line_no}: {n} span(s) labeled {label} not scored")
    return Evaluation(gold, total, per_release, issues, missing, notes)


def evaluate(gold_path: str | Path, pred_dir: str | Path, *, silent: bool = True,
             details: bool = False) -> dict[str, Any]:
    """Scores of an output folder against a gold file; `details` adds every error as `issues`."""
    evaluation = score(read_gold(gold_path), read_predictions(pred_dir))
    log = LOGGER.debug if silent else LOGGER.warning
    for rid in evaluation.missing:
        log("gold release %s has no prediction", rid)
    for note in evaluation.notes:
        log("%s", note)
    out = evaluation.scores()
    if details:
        out["issues"] = [dataclasses.asdict(i) for i in evaluation.issues]
    return out


# -- output ----------------------------------------------------------------------------------------
def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def format_scores(scores: dict[str, Any]) -> str:
    """A readable table of the scores for the terminal."""
    acc_names = {
        "blocks": ["blocks_session"],
        "dates": ["dates_granularity", "dates_modifier"],
        "officials": ["officials_title", "officials_organization", "officials_country"],
        "actions": ["actions_type"],
        "spans_country": ["spans_country_iso3"],
        "spans_date": ["spans_date_value"],
    }
    tables = [t for t in (*PRF_TABLES, "spans", "spans_date", "spans_country", "spans_person")
              if f"{t}_tp" in scores]
    lines = [f"{'table':<16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}  accuracy"]
    for name in tables:
        accs = []
        for a in acc_names.get(name, []):
            if f"{a}_n" in scores:
                label = a.removeprefix(name + "_")
                accs.append(f"{label} {_fmt(scores[f'{a}_acc'])} (n={scores[f'{a}_n']})")
        lines.append(f"{name:<16}{_fmt(scores[f'{name}_p']):>7}{_fmt(scores[f'{name}_r']):>7}"
                     f"{_fmt(scores[f'{name}_f']):>7}{scores[f'{name}_tp']:>6}"
                     f"{scores[f'{name}_fp']:>6}{scores[f'{name}_fn']:>6}  {', '.join(accs)}")
    fields = [f"{f} {_fmt(scores[f'release_{f}_acc'])}" for f in RELEASE_FIELDS
              if f"release_{f}_n" in scores]
    if fields:
        n = scores[f"release_{RELEASE_FIELDS[0]}_n"]
        lines.append(f"{'release fields':<16}{'':>39}  {', '.join(fields)} (n={n})")
    lines.append(f"{scores['n_releases']} gold releases, {scores['n_span_lines']} span lines, "
                 f"{scores['n_missing']} without prediction")
    for rid in scores["missing_releases"]:
        lines.append(f"  missing: {rid}")
    return "\n".join(lines)


KIND_NAMES = {"fn": "false negative", "fp": "false positive", "wrong": "wrong attribute",
              "missing": "missing"}


def render_report(evaluation: Evaluation, html_format: bool = False) -> str:
    """Every false positive, false negative and wrong attribute, grouped by release."""
    by_release: dict[str, list[Issue]] = defaultdict(list)
    for issue in evaluation.issues:
        by_release[issue.release_id].append(issue)
    order = {"missing": 0, "fn": 1, "fp": 2, "wrong": 3}
    head = ["table", "kind", "block", "text", "detail"]
    scores = evaluation.scores()
    if html_format:
        esc = html.escape
        parts = ["<!doctype html><meta charset=utf-8><title>pressfacts evaluation</title>",
                 "<style>td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}"
                 "table{border-collapse:collapse}</style>",
                 f"<h1>Evaluation against {esc(str(evaluation.gold.path))}</h1>",
                 f"<pre>{esc(format_scores(scores))}</pre>"]
        for rid, issues in by_release.items():
            parts.append(f"<h2>{esc(rid)}</h2><table><tr>"
                         + "".join(f"<th>{h}</th>" for h in head) + "</tr>")
            for i in sorted(issues, key=lambda i: (i.table, order[i.kind])):
                cells = [i.table, KIND_NAMES[i.kind], i.block_id or "", i.text, i.detail]
                parts.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>")
            parts.append("</table>")
        return "\n".join(parts) + "\n"

    def md(text: str) -> str:
        return collapse(text).replace("|", "\\|")

    parts = [f"# Evaluation against {evaluation.gold.path}", "", "```",
             format_scores(scores), "```", ""]
    if not by_release:
        parts.append("No errors.")
    for rid, issues in by_release.items():
        parts += [f"## {rid}", "", "| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
        for i in sorted(issues, key=lambda i: (i.table, order[i.kind])):
            cells = [i.table, KIND_NAMES[i.kind], i.block_id or "", i.text, i.detail]
            parts.append("| " + " | ".join(md(c) for c in cells) + " |")
        parts.append("")
    return "\n".join(parts) + "\n"


# -- the gate --------------------------------------------------------------------------------------
def read_floors(path: Path) -> dict[str, Any]:
    """A floors file: score name -> floor, plus `_`-prefixed metadata."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise click.ClickException(f"{path} must hold a JSON object of score: floor")
    bad = [k for k, v in data.items() if not k.startswith("_")
           and (isinstance(v, bool) or not isinstance(v, int | float))]
    if bad:
        raise click.ClickException(f"{path}: floors must be numbers: {', '.join(bad)}")
    return data


def check_floors(scores: dict[str, Any], floors: dict[str, Any]) -> list[str]:
    """One message per score below its floor (an unmeasured score fails a floor above 0)."""
    failures = []
    for key, floor in floors.items():
        if key.startswith("_"):
            continue
        value = scores.get(key)
        if value is None:
            if floor > 0:
                failures.append(f"{key}: not measured (floor {floor:.4f})")
        elif value < floor - 1e-9:
            failures.append(f"{key} = {value:.4f} is below its floor {floor:.4f}")
    return failures


def _floor_of(value: float) -> float:
    return math.floor(value * 10**FLOOR_DECIMALS + 1e-6) / 10**FLOOR_DECIMALS


def raise_floors(scores: dict[str, Any], floors: dict[str, Any], allow_regression: bool
                 ) -> tuple[dict[str, Any], list[str]]:
    """Floors raised to the scores (lowered only with allow_regression), and what changed."""
    new = dict(floors)
    changes = []
    keys = [k for k in floors if not k.startswith("_")] or list(DEFAULT_FLOOR_KEYS)
    for key in keys:
        value = scores.get(key)
        if value is None:
            continue
        old = floors.get(key)
        target = _floor_of(value)
        if old is None or target > old or (allow_regression and target < old):
            new[key] = target
            changes.append(f"{key}: {old if old is not None else 'unset'} -> {target:.4f}")
    new["_gold"] = scores.get("gold")
    new["_gold_sha256"] = scores.get("gold_sha256")
    return new, changes


# -- command line ----------------------------------------------------------------------------------
def _run_pipeline(inputs: tuple[str, ...], out_dir: Path, config: Path | None,
                  model: str | None) -> None:
    from .export import TableWriter
    from .ingest import iter_inputs
    from .process import Processor
    from .settings import load_settings

    settings = load_settings(config, out_dir=out_dir, model=model)
    items = list(iter_inputs(inputs))
    if not items:
        raise click.UsageError(f"no .html/.htm/.txt input found in {' '.join(inputs)}")
    processor = Processor(settings)
    with TableWriter(settings.out_dir, excel_safe=False) as writer:
        for result in processor.process(items):
            writer.write_result(result.tables())


@click.command("evaluate")
@click.argument("inputs", nargs=-1)
@click.option("--gold", "gold_path", required=True,
              type=click.Path(exists=True, path_type=Path),
              help="Labeled samples (JSON Lines, or a folder of *.jsonl; also Prodigy/doccano "
                   "span lines).")
@click.option("--pred", "pred_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Output folder of `pressfacts run` to score (instead of INPUTS).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="With INPUTS: keep the pipeline's tables here (default: a temporary folder).")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With INPUTS: a TOML settings file laid over the defaults.")
@click.option("--model", help="With INPUTS: spaCy model name or folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every error to FILE (.html/.htm: HTML, otherwise Markdown).")
@click.option("--gate", "gate_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Floors file (JSON): exit 1 when a score is below its floor.")
@click.option("--update-floors", is_flag=True,
              help="Raise the floors in the --gate file to the current scores.")
@click.option("--allow-regression", is_flag=True,
              help="With --update-floors: also lower floors to the current scores.")
@click.option("-q", "--quiet", is_flag=True, help="Errors only on stderr.")
def evaluate_command(inputs: tuple[str, ...], gold_path: Path, pred_dir: Path | None,
                     out_dir: Path | None, config: Path | None, model: str | None,
                     as_json: bool, report_path: Path | None, gate_path: Path | None,
                     update_floors: bool, allow_regression: bool, quiet: bool) -> None:
    """Score pipeline output against labeled samples (SPEC section 9).

    Give either --pred OUTPUT_DIR (tables written by `pressfacts run`) or INPUTS to run the
    pipeline on first.

    \b
    Examples:
      pressfacts evaluate --gold corpus/labeled/gold.jsonl --pred outputs
      pressfacts evaluate --gold gold.jsonl corpus/releases --report errors.md
      pressfacts evaluate --gold gold.jsonl --pred outputs --gate metrics/floors.json
    """
    if bool(pred_dir) == bool(inputs):
        raise click.UsageError("give either --pred OUTPUT_DIR or INPUTS to run the pipeline on")
    if (update_floors or allow_regression) and gate_path is None:
        raise click.UsageError("--update-floors and --allow-regression need --gate FLOORS.json")
    if allow_regression and not update_floors:
        raise click.UsageError("--allow-regression only applies with --update-floors")
    if gate_path is not None and not update_floors and not gate_path.is_file():
        raise click.UsageError(f"floors file {gate_path} not found (create it with "
                               "--update-floors)")

    def warn(message: str) -> None:
        if not quiet:
            click.echo(f"warning: {message}", err=True)

    try:
        gold = read_gold(gold_path)
        if inputs:
            if out_dir is not None:
                _run_pipeline(inputs, out_dir, config, model)
                preds = read_predictions(out_dir)
            else:
                with tempfile.TemporaryDirectory(prefix="pressfacts-eval-") as tmp:
                    _run_pipeline(inputs, Path(tmp), config, model)
                    preds = read_predictions(tmp)
        else:
            preds = read_predictions(pred_dir)  # type: ignore[arg-type]
        evaluation = score(gold, preds)
    except PipelineError as exc:
        raise click.ClickException(str(exc)) from exc
    scores = evaluation.scores()
    for note in evaluation.notes:
        warn(note)
    for rid in evaluation.missing:
        warn(f"gold release {rid} has no prediction; its items count as false negatives")

    if report_path is not None:
        is_html = report_path.suffix.lower() in (".html", ".htm")
        report_path.write_text(render_report(evaluation, is_html), encoding="utf-8")
    click.echo(json.dumps(scores, indent=2, ensure_ascii=False) if as_json
               else format_scores(scores))

    if gate_path is None:
        return
    floors = read_floors(gate_path) if gate_path.is_file() else {}
    pinned = floors.get("_gold_sha256")
    if pinned and pinned != scores["gold_sha256"]:
        warn(f"gold file {gold_path} changed since the floors in {gate_path} were pinned "
             f"(sha256 {pinned[:12]} -> {scores['gold_sha256'][:12]})")
    failures = check_floors(scores, floors)
    if update_floors:
        new, changes = raise_floors(scores, floors, allow_regression)
        gate_path.parent.mkdir(parents=True, exist_ok=True)
        gate_path.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
        for change in changes:
            click.echo(f"floor {change}", err=True)
        if allow_regression:
            failures = []
    if failures:
        for failure in failures:
            click.echo(f"gate: {failure}", err=True)
        click.echo(f"gate failed: {len(failures)} score(s) below their floor in {gate_path}",
                   err=True)
        sys.exit(1)
    if not quiet:
        click.echo(f"gate passed ({gate_path})", err=True)


__all__ = ["evaluate", "evaluate_command", "score", "read_predictions", "match_releases",
           "token_f1", "names_match", "check_floors", "raise_floors", "file_sha256"]
