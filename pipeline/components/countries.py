"""pr_countries: country mentions (name, alias, adjective) from the gazetteer, in doc.spans["country"]."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..gazetteer import GazetteerEntry, load_gazetteer, load_stoplist

SPANS_KEY = "country"
_STOP = "STOP"

#: Infixes added to the tokenizer so that compounds split into one token per country: "U.S.-ROK",
#: "U.S./Japan" (a separator after an abbreviation's final dot), "Korea(ROK)-U.S." (brackets glued
#: to words), "Korea·Japan", "Korea\u2010Japan", "Korea、Japan" (middle dots, Unicode hyphens,
#: ideographic comma). spaCy already splits "Korea-Mexico" and "Korea–Japan".
EXTRA_INFIXES: tuple[str, ...] = (
    r"(?<=[A-Za-z]\.)[\-\u2010\u2011\u2013\u2014/](?=[A-Z])",
    r"(?<=\))[\-\u2010\u2011\u2013\u2014/](?=[A-Z])",
    r"(?<=[A-Za-z])[()](?=[A-Z])",
    r"(?<=[A-Z])\)(?=[\-\u2010\u2011\u2013\u2014/])",
    r"(?<=[A-Za-z])[\u00b7\u30fb\u2027\u2010\u2011\u3001](?=[A-Za-z])",
)


def add_compound_infixes(nlp: Language) -> None:
    """Extend the tokenizer's infixes with EXTRA_INFIXES (idempotent)."""
    tokenizer = nlp.tokenizer
    finditer = getattr(tokenizer, "infix_finditer", None)
    old = finditer.__self__.pattern if finditer is not None else ""
    missing = [p for p in EXTRA_INFIXES if p not in old]
    if missing:
        tokenizer.infix_finditer = re.compile("|".join([*missing, *([old] if old else [])])).finditer


@Language.factory(
    "pr_countries",
    assigns=["doc.spans", "span._.iso3", "span._.form", "span._.country", "span._.rule_id"],
    requires=["doc.ents"],
    default_config={"models_dir": "", "spans_key": SPANS_KEY, "split_compounds": True},
)
def make_countries(nlp: Language, name: str, models_dir: str, spans_key: str,
                   split_compounds: bool) -> CountryMatcher:
    """Build the country matcher over the gazetteer in `models_dir`."""
    if split_compounds:
        add_compound_infixes(nlp)
    return CountryMatcher(nlp, name, models_dir=models_dir, spans_key=spans_key)


def _without_spaces(doc: Doc) -> tuple[Doc, list[int] | range]:
    """The Doc without whitespace tokens ("United\xa0 States"), and each token's index in `doc`."""
    if not any(t.is_space for t in doc):
        return doc, range(len(doc))
    index = [t.i for t in doc if not t.is_space]
    return Doc(doc.vocab, words=[doc[i].text for i in index]), index


class CountryMatcher:
    """Longest case-sensitive gazetteer matches, minus stop phrases and parts of person names."""

    def __init__(self, nlp: Language, name: str = "pr_countries", models_dir: str = "",
                 spans_key: str = SPANS_KEY) -> None:
        self.name = name
        self.spans_key = spans_key
        self.entries: dict[int, GazetteerEntry] = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.stop_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_id: dict[str, list[str]] = {}
        for entry in load_gazetteer(models_dir):
            self.entries[nlp.vocab.strings.add(entry.id)] = entry
            texts = [entry.pattern]
            if entry.pattern.upper() != entry.pattern:
                texts.append(entry.pattern.upper())  # "KOREA", "REPUBLIC OF KOREA"
            by_id[entry.id] = texts
        for key, texts in by_id.items():
            self.matcher.add(key, list(nlp.tokenizer.pipe(texts)))
        stops = load_stoplist(models_dir)
        phrases = [s.pattern for s in stops if s.kind == "phrase"]
        if phrases:
            self.stop_matcher.add(_STOP, list(nlp.tokenizer.pipe(phrases)))
        self.name_markers = frozenset(
            s.pattern.lower() for s in stops if s.kind in ("honorific", "title"))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def match(self, doc: Doc) -> list[tuple[int, int, GazetteerEntry]]:
        """Country matches kept after longest-match, stop phrases and person-name filtering."""
        view, index = _without_spaces(doc)
        found = [(index[s], index[e - 1] + 1, self.entries[k]) for k, s, e in self.matcher(view)]
        if not found:
            return []
        stops = [(index[s], index[e - 1] + 1, None) for _, s, e in self.stop_matcher(view)]
        # Longest first; on equal length a stop phrase wins, then the earlier start.
        ranked = sorted([*found, *stops], key=lambda m: (m[0] - m[1], m[2] is not None, m[0]))
        taken = bytearray(len(doc))
        kept: list[tuple[int, int, GazetteerEntry]] = []
        for start, end, entry in ranked:
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            if entry is not None and not self._in_person_name(doc, start, end, entry.form):
                kept.append((start, end, entry))
        kept.sort(key=lambda m: m[0])
        return kept

    def _in_person_name(self, doc: Doc, start: int, end: int, form: str) -> bool:
        prev = start - 1
        while prev >= 0 and doc[prev].is_space:
            prev -= 1
        if prev >= 0 and doc[prev].lower_ in self.name_markers:
            return True
        # Given names are one token ("Israel Katz", "Michael Jordan"); "Costa Rica" is no name, and
        # an adjective glued to a name by the model ("Korean Ambassador Kim") is still a mention.
        if end - start > 1 or form == "adjective" or doc[start].ent_type_ != "PERSON":
            return False
        for e in doc.ents:  # only reached for the rare match tagged PERSON
            if e.label_ == "PERSON" and e.start <= start and end <= e.end:
                if e.end - e.start == 1:
                    return False  # the whole "person" is the country word: a tagging slip
                # "the Ambassador of Jordan Mohammad Al-Kayed": the model glued country and name
                return not (e.start == start and prev >= 0 and doc[prev].pos_ == "ADP")
        return False

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, GazetteerEntry]]) -> None:
        """Write the matches to doc.spans[spans_key] (replacing what was there)."""
        spans = []
        for start, end, entry in matches:
            span = Span(doc, start, end, label=entry.iso3)
            span._.iso3 = entry.iso3
            span._.form = entry.form
            span._.country = entry.country
            span._.rule_id = entry.id
            spans.append(span)
        doc.spans[self.spans_key] = spans
