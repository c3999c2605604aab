"""pr_dates: date mentions (SPEC §5) from Matcher patterns plus the model's DATE entities."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..datenorm import APPROX_WORDS, MONTHS, WEEKDAYS, DateExpr, parse_date_text
from ..settings import DEFAULT_MODELS_DIR

SPANS_KEY = "date"
MODEL_RULE_ID = "model_DATE"

PATTERNS_FILE = "dates.jsonl"
#: The Matcher runs on windows from this many tokens before a trigger token to this many after:
#: wider than the longest pattern ("Monday, June 27, to Wednesday, June 29, 2022").
WINDOW_BEFORE = 4
WINDOW_AFTER = 20
_HAS_DIGIT = re.compile(r"\d").search
WORDS_FILE = "date_words.toml"
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
FUTURE_HEADS = frozenset({"plan", "schedule", "expect", "set", "slate", "go", "intend", "due",
                          "aim", "decide", "agree", "will"})
PAST_AUX = frozenset({"was", "were", "had", "has", "have", "been"})
DASHES = frozenset({"-", "\u2013", "\u2014", "~"})
PUNCT_EDGE = frozenset({",", ";", ":", "(", ")", "-", "\u2013", "'s", "\u2019s", "."})


@Language.factory("pr_dates", default_config={"models_dir": ""}, assigns=["doc.spans"],
                  requires=["doc.ents", "token.dep", "token.tag"])
def make_dates(nlp: Language, name: str, models_dir: str) -> DateMatcher:
    """Build the date matcher from `models_dir`/dates.jsonl."""
    return DateMatcher(nlp, name, models_dir=models_dir)


def _data_file(models_dir: str | Path, name: str) -> Path:
    """`name` in `models_dir`, or the project's own copy when that folder has none."""
    path = Path(models_dir or DEFAULT_MODELS_DIR) / name
    return path if path.exists() else DEFAULT_MODELS_DIR / name


def load_words(models_dir: str | Path) -> dict[str, frozenset[str]]:
    """The component's word lists (models/date_words.toml), as sets."""
    with _data_file(models_dir, WORDS_FILE).open("rb") as fh:
        return {key: frozenset(values) for key, values in tomllib.load(fh).items()}


def load_patterns(models_dir: str | Path) -> list[dict]:
    """The date Matcher patterns (one JSON object per line: label, pattern, id)."""
    with _data_file(models_dir, PATTERNS_FILE).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


class DateMatcher:
    """Find date mentions and write them to doc.spans["date"] with rule_id and tense."""

    def __init__(self, nlp: Language, name: str = "pr_dates", models_dir: str | Path = "",
                 spans_key: str = SPANS_KEY) -> None:
        self.name = name
        self.spans_key = spans_key
        words = load_words(models_dir)
        self.trim_words = words["trim_words"]
        self.year_context = words["year_context"] | self.trim_words
        self.month_context = words["month_context"] | self.trim_words
        self.year_name_before = words["year_name_before"]
        self.year_followers = words["year_followers"]
        self.period_nouns = words["period_nouns"]
        self.duration_before_rel = words["duration_before_rel"]
        self.triggers = words["trigger_words"] | frozenset(MONTHS) | frozenset(
            m + "." for m in MONTHS) | frozenset(WEEKDAYS) | frozenset(w + "." for w in WEEKDAYS)
        self.matcher = Matcher(nlp.vocab, validate=True)
        by_id: dict[str, list[list[dict]]] = {}
        for entry in load_patterns(models_dir):
            by_id.setdefault(entry["id"], []).append(entry["pattern"])
        for rule_id, patterns in by_id.items():
            self.matcher.add(rule_id, patterns)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[tuple[Span, str]]:
        """Candidate mentions with their rule ids: pattern matches first, then model DATEs."""
        found: list[Span] = []
        for match_id, start, end in self._run_matcher(doc):
            span = self._trim(doc, start, end, doc.vocab.strings[match_id])
            if span is not None and self._keep(span):
                found.append(span)
        spans = [self._widen(s) for s in filter_spans(found)]
        taken = {i for s in spans for i in range(s.start, s.end)}
        for ent in doc.ents:
            if ent.label_ != "DATE":
                continue
            span = self._trim(doc, ent.start, ent.end, MODEL_RULE_ID)
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue
            if self._keep(span):
                spans.append(span)
                taken.update(range(span.start, span.end))
        # Span extensions live in doc.user_data keyed by offsets, so rule ids ride on the label
        # until set_annotations writes them.
        return [(s, s.label_) for s in sorted(spans, key=lambda s: s.start)]

    def _run_matcher(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Matcher hits, found only in windows around tokens a date can contain (much faster)."""
        windows: list[list[int]] = []
        for tok in doc:
            if tok.lower_ in self.triggers or _HAS_DIGIT(tok.text):
                start, end = max(0, tok.i - WINDOW_BEFORE), min(len(doc), tok.i + WINDOW_AFTER)
                if windows and start <= windows[-1][1]:
                    windows[-1][1] = end
                else:
                    windows.append([start, end])
        hits = []
        for start, end in windows:
            hits += [(key, start + s, start + e) for key, s, e in self.matcher(doc[start:end])]
        return hits

    def set_annotations(self, doc: Doc, matches: list[tuple[Span, str]]) -> None:
        """Write the spans (overwriting the group) with their rule id and tense."""
        spans = []
        for span, rule_id in matches:
            span = Span(doc, span.start, span.end, label="DATE")
            span._.rule_id = rule_id
            span._.date_tense = tense_of(span)
            spans.append(span)
        doc.spans[self.spans_key] = spans

    def _trim(self, doc: Doc, start: int, end: int, rule_id: str) -> Span | None:
        """Drop context words and edge punctuation; the rule id rides on the label."""
        while start < end and (doc[start].lower_ in self.trim_words
                               or doc[start].text in PUNCT_EDGE):
            start += 1
        while end > start and doc[end - 1].text in PUNCT_EDGE:
            if doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start:end - 1]):
                break  # "July 18 (Tue) to 20 (Thu)"
            end -= 1
        if start >= end:
            return None
        return Span(doc, start, end, label=rule_id)

    def _widen(self, span: Span) -> Span:
        """Take in an "around" before a date: it is the mention's `approx` modifier."""
        doc = span.doc
        if span.start > 0 and doc[span.start - 1].lower_ in APPROX_WORDS \
                and parse_date_text(doc[span.start - 1:span.end].text) is not None:
            return Span(doc, span.start - 1, span.end, label=span.label_)
        return span

    def _keep(self, span: Span) -> bool:
        """SPEC §5 exclusions: only calendar expressions, no years that are part of a name."""
        expr = parse_date_text(span.text)
        if expr is None:
            return False
        doc = span.doc
        prev = doc[span.start - 1] if span.start > 0 else None
        if _is_bare_year(expr, span) and not self._year_is_date(span, prev):
            return False
        if _is_bare_month(expr) and (prev is None or prev.lower_ not in self.month_context):
            return False  # "in May", not "May" the verb or a name
        if _is_year_range(expr) and prev is not None and prev.is_title and prev.is_alpha \
                and not prev.is_sent_start and prev.lower_ not in self.period_nouns:
            return False  # "the Korea-Russia Year of Mutual Exchanges 2020-2021"
        if prev is not None and prev.lower_ == "the" and _starts_name(doc, span.end):
            return False  # "the March 1st Independence Movement", "the 2030 World Expo"
        if expr.start.year_rel is not None and expr.modifier is None and prev is not None \
                and span[0].lower_ in ("last", "past") and prev.lower_ in self.duration_before_rel:
            return False  # "over the last year": a duration
        return True

    def _year_is_date(self, span: Span, prev: Token | None) -> bool:
        """A bare year that is neither part of a name nor a count (see date_words.toml)."""
        doc = span.doc
        nxt = doc[span.end] if span.end < len(doc) else None
        if (prev is not None and prev.text in DASHES) or (nxt is not None and nxt.text in DASHES):
            return False  # one end of a year range the range rules kept or dropped
        if prev is not None and prev.lower_ not in self.year_context and (
                prev.lower_ in self.year_name_before or prev.like_num
                or (prev.is_title and prev.is_alpha and not prev.is_sent_start)):
            return False
        if nxt is None:
            return True
        if _starts_name(doc, span.end):
            return False
        if nxt.lower_ in self.year_followers:
            return True
        return nxt.tag_ not in ("NN", "NNS") and nxt.text != "%"


def _starts_name(doc: Doc, i: int) -> bool:
    """Whether token i is a capitalised word (not a date word) inside a sentence."""
    if i >= len(doc):
        return False
    tok = doc[i]
    return (tok.text[:1].isupper() and tok.is_alpha and not tok.is_sent_start
            and parse_date_text(tok.text) is None)


def _is_bare_month(expr: DateExpr) -> bool:
    """"August": a month with no day, year or modifier."""
    p = expr.start
    return (expr.end is None and expr.weekday is None and expr.modifier is None
            and p.month is not None and p.day is None and not p.has_year)


def _is_year_range(expr: DateExpr) -> bool:
    """"2014-2017"."""
    return expr.end is not None and expr.start.month is None and expr.start.year is not None


def _is_bare_year(expr: DateExpr, span: Span) -> bool:
    """"2016" alone, as one token."""
    return (len(span) == 1 and expr.end is None and expr.weekday is None and expr.modifier is None
            and expr.start.year is not None and expr.start.month is None)


def tense_of(span: Span) -> str | None:
    """"future" / "past" from the verb that governs the span, else None."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ == "since":
        return "past"
    # Only a verb the date hangs on directly ("held on October 20", "to be held in June"): tense
    # taken through a noun ("support for its activities from January") is another event's.
    tok = span.root
    for _ in range(3):
        if tok.head is tok:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return _verb_tense(tok)
        if tok.dep_ not in ("prep", "agent") and tok.pos_ != "ADP":
            return None
    return None


def _verb_tense(verb: Token) -> str | None:
    """Tense of a verb from its auxiliaries and tag; None for the present."""
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & FUTURE_AUX or (verb.lower_ in FUTURE_AUX):
        return "future"
    if "to" in aux:  # "to be held", "plans to visit", "the Summit to be held in June"
        head = verb.head
        # not any noun: "the attempt to launch a satellite on 31 May" is past
        if "be" in aux or head.lemma_ in FUTURE_HEADS or verb.lemma_ == "take" \
                or {c.lower_ for c in head.children} & FUTURE_AUX:
            return "future"
        return None
    if verb.dep_ in ("xcomp", "ccomp", "conj") and verb.head is not verb:
        head_aux = {c.lower_ for c in verb.head.children if c.dep_ in ("aux", "auxpass")}
        if head_aux & FUTURE_AUX:
            return "future"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN" and (aux & PAST_AUX or not aux):
        return "past"
    return None
