"""pr_officials: people named with their office (title before name, apposition, rank, honorific)."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import BadPatterns
from ..settings import DEFAULT_MODELS_DIR
from .wordmatch import WordListMatcher

PATTERNS_FILE = "officials.jsonl"
TITLES_FILE = "titles.csv"
SURNAMES_FILE = "surnames.csv"

# Words that join the parts of a title's complement ("Minister *of* State *at* the ...").
CONNECTORS = frozenset({"of", "for", "at", "on", "to", "and", "&", "in"})
ORG_CONNECTORS = frozenset({"of", "at", "in"})
FUNCTION_WORDS = frozenset({"the", "a", "and", "of", "for", "to", "at", "by", "with", "from",
                            "as", "or", "&"})
GOVERNMENT_BODIES = frozenset({"ministry", "department", "embassy", "consulate", "mission",
                               "government", "office", "agency", "bureau", "cabinet"})
NAME_PARTICLES = frozenset({"van", "von", "de", "da", "di", "du", "del", "der", "den", "dos",
                            "das", "bin", "binti", "ibn", "al", "el", "le", "la"})
ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{1,3}|IX|X|Jr\.?|Sr\.?)$")  # name suffixes
INITIAL = re.compile(r"^(?:(?:[A-Z]\.){1,3}|[A-Z][a-z]?\.)$")
NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.]*(?:['’][^\W\d_]+)?$")
# English derivational endings: a capitalised word with one of these is a complement word
# ("Fisheries", "Proliferation"), not part of a name, unless the model tags it PERSON.
TERM_SUFFIX = re.compile(r"(?:tion|sion|ment|ness|ity|ics|ies|ance|ence|ship|ism|ist|ure|ary|ory|"
                         r"ive|ial|ical|ern|ing|ands|ers|ors|als|ties)$")


BadOfficialPatterns = BadPatterns  # invalid officials patterns or vocabulary


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Word lists of models/titles.csv and models/surnames.csv, by kind (lower-cased)."""

    kinds: dict[str, frozenset[str]]
    family_first: frozenset[str]
    korean: frozenset[str]
    origins: dict[str, frozenset[str]]  # surname -> ISO3 of the countries it comes from

    def __getitem__(self, kind: str) -> frozenset[str]:
        return self.kinds.get(kind, frozenset())


def load_vocabulary(models_dir: str | Path) -> Vocabulary:
    """Read the title vocabularies and the family-name-first surname list."""
    base = Path(models_dir) if str(models_dir) else DEFAULT_MODELS_DIR
    kinds: dict[str, set[str]] = {}
    try:
        with (base / TITLES_FILE).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                kinds.setdefault(row["kind"].strip(), set()).add(row["text"].strip().lower())
        family, korean = set(), set()
        origins: dict[str, set[str]] = {}
        with (base / SURNAMES_FILE).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                name, origin = row["surname"].strip().lower(), row["origin"].strip().upper()
                family.add(name)
                origins.setdefault(name, set()).add(origin)
                if origin == "KOR":
                    korean.add(name)
    except (OSError, KeyError) as exc:
        raise BadOfficialPatterns(f"{base}: {exc}") from exc
    return Vocabulary({k: frozenset(v) for k, v in kinds.items()}, frozenset(family),
                      frozenset(korean), {k: frozenset(v) for k, v in origins.items()})


def load_patterns(models_dir: str | Path, vocab: Vocabulary) -> list[dict]:
    """Read models/officials.jsonl; `"IN": "$kind"` expands to that vocabulary list."""
    base = Path(models_dir) if str(models_dir) else DEFAULT_MODELS_DIR
    path = base / PATTERNS_FILE
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BadOfficialPatterns(f"{path}: {exc}") from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            for tok in entry["pattern"]:
                for attr, value in tok.items():
                    if isinstance(value, dict) and isinstance(value.get("IN"), str):
                        kinds = value["IN"].lstrip("$").split("|")
                        value["IN"] = sorted(set().union(*(vocab[k] for k in kinds)))
            out.append({"id": entry["id"], "label": entry["label"], "pattern": entry["pattern"]})
        except (ValueError, KeyError, TypeError) as exc:
            raise BadOfficialPatterns(f"{path}:{n}: {exc}") from exc
    return out


@dataclass(slots=True)
class Mention:
    """One person mention found in a Doc (token offsets)."""

    start: int
    end: int
    name_start: int
    name_end: int
    rule_id: str
    title: str | None = None
    rank: str | None = None
    organization: str | None = None
    country: str | None = None
    scope: str | None = None  # None (government), "intl" or "private"
    posted: bool = False  # the title named a posting ("Ambassador ... to Viet Nam")
    words: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Unit:
    kind: str  # NAME, TERM, TERMISH, CONN, THE, COUNTRY
    start: int
    end: int
    text: str
    iso3: str | None = None


@Language.factory(
    "pr_officials",
    assigns=["doc.spans"],
    requires=["doc.ents"],
    default_config={"models_dir": "", "spans_key": "official", "validate": True},
)
def make_officials(nlp: Language, name: str, models_dir: str, spans_key: str,
                   validate: bool) -> OfficialsFinder:
    """Build the officials finder."""
    return OfficialsFinder(nlp, name, models_dir=models_dir, spans_key=spans_key,
                           validate=validate)


class OfficialsFinder:
    """Find officials' mentions and split them into name, title, organization and country."""

    def __init__(self, nlp: Language, name: str = "pr_officials", models_dir: str = "",
                 spans_key: str = "official", validate: bool = True) -> None:
        self.name = name
        self.spans_key = spans_key
        self.vocab = load_vocabulary(models_dir)
        v = self.vocab
        self.term_words = (v["office"] | v["modifier"] | v["domain"] | v["org_head"] | v["private"]
                           | v["royal"] | v["state_word"])
        self.left_words = v["office"] | v["modifier"] | v["domain"]
        self.head_words = v["office"] | v["private"]
        self.after_head = v["office"] | v["post_modifier"]
        self.intl = v["intl_org"] | v["intl_org_phrase"]
        self.matcher = WordListMatcher(nlp.vocab, validate=validate)
        by_label: dict[str, list[list[dict]]] = {}
        for entry in load_patterns(models_dir, v):
            key = f"{entry['label']}|{entry['id']}"
            by_label.setdefault(key, []).append(entry["pattern"])
        for key, patterns in by_label.items():
            self.matcher.add(key, patterns, greedy="LONGEST")

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    # -- matching --------------------------------------------------------------------------
    def match(self, doc: Doc) -> list[Mention]:
        """Person mentions of a Doc, in text order, without overlaps."""
        countries: dict[int, Span] = {}
        for span in doc.spans.get("country", []):
            for i in range(span.start, span.end):
                countries[i] = span
        anchors: dict[str, list[tuple[int, int, str]]] = {}
        for key, start, end in self.matcher(doc):
            label, rule_id = doc.vocab.strings[key].split("|", 1)
            anchors.setdefault(label, []).append((start, end, rule_id))
        ctx = _DocView(doc, countries, self)
        found: list[Mention] = []
        used = bytearray(len(doc))

        def free(a: int, b: int) -> bool:
            return not any(used[a:b])

        def take(m: Mention) -> None:
            longer = ctx.with_apposition(replace(m, words=list(m.words)))
            if not free(longer.start, longer.end):
                longer = m
            found.append(longer)
            for i in range(longer.start, longer.end):
                used[i] = 1

        for start, end, rule_id in sorted(anchors.get("OFFICE", [])):
            if used[start]:
                continue
            if not doc[start].text[:1].isupper() and not (
                    doc[start].lower_ in self.vocab["lower_head"] and start - 1 in countries):
                continue
            m = ctx.title_before_name(start, rule_id)
            if m is not None and free(m.start, m.end):
                take(m)
        for label in ("COUNTERPART", "RANK", "HONORIFIC"):
            for start, end, rule_id in sorted(anchors.get(label, [])):
                if not free(start, end):
                    continue
                m = ctx.after_prefix(start, end, label, rule_id)
                if m is not None and free(m.start, m.end):
                    take(m)
        for start, end, rule_id in sorted(anchors.get("PERSON", [])):
            m = ctx.person_entity(start, end, rule_id)
            if m is not None and free(m.start, m.end):
                take(m)
        found.sort(key=lambda m: m.start)
        return found

    def set_annotations(self, doc: Doc, mentions: list[Mention]) -> None:
        """Write the mentions to doc.spans[spans_key] with their attributes."""
        spans = []
        for m in mentions:
            span = Span(doc, m.start, m.end, label="OFFICIAL")
            span._.rule_id = m.rule_id
            name = doc[m.name_start:m.name_end].text
            if name.endswith(".") and not INITIAL.match(doc[m.name_end - 1].text):
                name = name[:-1]  # "Yeo Kun-i." at a sentence end
            span._.official_name = name
            span._.official_name_start = m.name_start
            span._.official_name_end = m.name_end
            span._.official_words = tuple(m.words)
            span._.official_title = m.title
            span._.official_rank = m.rank
            span._.official_org = m.organization
            span._.official_country = m.country
            span._.official_scope = m.scope
            span._.official_posted = m.posted
            spans.append(span)
        doc.spans[self.spans_key] = spans


class _DocView:
    """Per-Doc helpers: token classes, name runs and title parsing."""

    def __init__(self, doc: Doc, countries: dict[int, Span], finder: OfficialsFinder) -> None:
        self.doc = doc
        self.countries = countries
        self.f = finder
        self.v = finder.vocab

    # -- token classes ---------------------------------------------------------------------
    def joined(self, i: int) -> bool:
        """Token i is glued to the next one (no whitespace)."""
        return not self.doc[i].whitespace_

    def word_end(self, i: int) -> int:
        """End of the hyphenated word starting at token i ("Kyung-wha", "Director-General")."""
        doc, j = self.doc, i + 1
        # "Ma. Theresa": a short abbreviated given name split from its dot
        if (j + 1 < len(doc) and doc[j].text == "." and self.joined(i) and len(doc[i].text) <= 2
                and doc[i].text[:1].isupper() and doc[j + 1].text[:1].isupper()
                and doc[j + 1].lower_ not in FUNCTION_WORDS
                and doc[j + 1].lower_ not in self.v["nonperson"]
                and doc[j + 1].lower_ not in self.f.term_words
                and not (i > 0 and self.nameish(i - 1, i))):
            return j + 1
        while (j + 1 < len(doc) and doc[j].text in ("-", "–") and self.joined(j - 1)
               and self.joined(j) and doc[j + 1].text.rstrip(".").isalpha()):
            j += 2
        return j

    def acronym(self, i: int) -> bool:
        """Token i is an international organisation's acronym ("UN", "ASEAN"; not "Un")."""
        text = self.doc[i].text
        return text.isupper() and text.lower() in self.v["intl_org"]

    def is_cap(self, i: int) -> bool:
        text = self.doc[i].text
        return bool(text) and text[0].isupper()

    def nameish(self, i: int, j: int) -> bool:
        """Tokens i..j (one hyphenated word) can be part of a person's name."""
        doc = self.doc
        tok = doc[i]
        text, low = tok.text, tok.lower_
        if not text[:1].isupper() or i in self.countries:
            return False
        if low in self.v["honorific"] or low in self.v["nonperson"] or low in self.v["stop"]:
            return False
        if INITIAL.match(text):
            return True
        if not NAME_WORD.match(text):
            return False
        whole = doc[i:j].text.lower()
        if low in self.f.term_words or whole in self.f.term_words or self.acronym(i):
            return False
        if low in FUNCTION_WORDS or tok.tag_ == "VBZ":  # "Park Jin Opens ..." in a headline
            return False
        return not (text.isupper() and len(text) < 3)

    def termish(self, i: int, j: int) -> bool:
        """A capitalised word that looks like an English complement word, not a name."""
        text = self.doc[j - 1].lower_
        return len(text) > 4 and bool(TERM_SUFFIX.search(text))

    # -- name runs -------------------------------------------------------------------------
    def name_run(self, i: int, limit: int | None = None,
                 titled: bool = False) -> tuple[int, list[str]]:
        """Longest name starting at token i: (end, words); `titled`: after a title or prefix."""
        doc = self.doc
        stop = len(doc) if limit is None else limit
        words: list[str] = []
        j = i
        while j < stop:
            tok = doc[j]
            if (tok.lower_ in NAME_PARTICLES and words and j + 1 < stop and self.is_cap(j + 1)
                    and (not tok.text[:1].isupper() or tok.text.isupper())):
                j += 1
                continue
            if words and ROMAN.match(tok.text):
                words.append(tok.text)
                j += 1
                if tok.text in ("Jr", "Sr") and j < stop and doc[j].text == "." and \
                        not tok.whitespace_:
                    j += 1
                continue
            end = self.word_end(j)
            if end > stop or not self.nameish(j, end):
                break
            words.append(doc[j:end].text)
            j = end
        if words and all(w.isupper() or INITIAL.match(w) for w in words):
            # all capitals: an acronym unless the model or a title says it is a name
            if not all(doc[k].ent_type_ == "PERSON" for k in range(i, j)) and not (
                    titled and all(len(w) >= 3 and not INITIAL.match(w) for w in words)):
                return i, []
        if words and INITIAL.match(words[0]) and len(words) == 1:
            return i, []
        return j, words

    # -- units of a title region -----------------------------------------------------------
    def units(self, i: int, stop_at_name_conn: bool = True, compound: bool = True) -> list[_Unit]:
        """Capitalised words, connectors and countries from token i on, up to a stop."""
        doc, out = self.doc, []
        j = i
        while j < len(doc):
            tok = doc[j]
            low = tok.lower_
            country = self.countries.get(j)
            if country is not None and country.start == j:
                out.append(_Unit("COUNTRY", j, country.end, country.text, country._.iso3))
                j = country.end
                continue
            if low == "the" and j + 1 < len(doc) and self.is_cap(j + 1) and out \
                    and out[-1].kind == "CONN":
                out.append(_Unit("THE", j, j + 1, tok.text))
                j += 1
                continue
            if (low in NAME_PARTICLES and out and out[-1].kind == "NAME" and j + 1 < len(doc)
                    and self.is_cap(j + 1) and (not self.is_cap(j) or tok.text.isupper())
                    and j + 1 not in self.countries):
                out.append(_Unit("PART", j, j + 1, tok.text))
                j += 1
                continue
            if low == "," and ((stop_at_name_conn is False and (self._org_comma(out, j)
                                                                or self._list_comma(out, j)))
                               or (stop_at_name_conn and self._list_comma(out, j))):
                out.append(_Unit("CONN", j, j + 1, tok.text))
                j += 1
                continue
            if (low in self.v["honorific"] or low.rstrip(".") in self.v["honorific"]) and \
                    stop_at_name_conn and out is not None and j + 1 < len(doc) and \
                    (self.is_cap(j + 1) or doc[j + 1].text == "."):
                end = j + 2 if doc[j + 1].text == "." else j + 1
                out.append(_Unit("HON", j, end, doc[j:end].text))
                j = end
                continue
            if low in CONNECTORS and not self.is_cap(j) or low == "&":
                nxt = j + 1
                if nxt < len(doc) and doc[nxt].lower_ == "the":
                    nxt += 1
                if nxt >= len(doc) or not (self.is_cap(nxt) or nxt in self.countries):
                    break
                if low == "and" and stop_at_name_conn and not compound and self.starts_title(nxt):
                    break  # "The Secretary and Foreign Minister Park": two people
                if (stop_at_name_conn and low in ("in", "at") and len(out) >= 2
                        and out[-1].kind == "TERMISH" and out[-2].kind == "NAME"):
                    break  # "Foreign Minister Wu Xiaoming in Beijing": the name ends there
                if stop_at_name_conn and out and out[-1].kind == "NAME" and \
                        not self._complement_goes_on(out, low, nxt):
                    org_end = self._org_run(nxt) if low == "of" else None
                    if org_end is not None:  # "Professor Lee Seok-woo of Inha University"
                        out.append(_Unit("CONN", j, j + 1, tok.text))
                        first = nxt + 1 if doc[nxt].lower_ == "the" else nxt
                        out.append(_Unit("POSTORG", first, org_end, doc[first:org_end].text))
                        break
                    country = self.countries.get(nxt)
                    if (low == "of" and country is not None and country.start == nxt
                            and not (country.end < len(doc) and self.is_cap(country.end))):
                        out.append(_Unit("CONN", j, j + 1, tok.text))
                        if nxt > j + 1:
                            out.append(_Unit("THE", j + 1, nxt, doc[j + 1].text))
                        out.append(_Unit("COUNTRY", nxt, country.end, country.text,
                                         country._.iso3))
                    break
                if (low == "and" and not stop_at_name_conn and not self.starts_title(nxt)
                        and self.nameish(nxt, self.word_end(nxt))
                        and not self.termish(nxt, self.word_end(nxt))):
                    break
                out.append(_Unit("CONN", j, j + 1, tok.text))
                j += 1
                continue
            if (tok.text == "(" and j + 2 < len(doc) and doc[j + 2].text == ")" and out
                    and out[-1].kind in ("TERM", "TERMISH")
                    and doc[j + 1].text.isupper() and doc[j + 1].is_alpha):
                out.append(_Unit("PAREN", j, j + 3, doc[j:j + 3].text))  # "... Agency (IAEA)"
                j += 3
                continue
            if not self.is_cap(j):
                break
            end = self.word_end(j)
            low_word = doc[j:end].text.lower()
            if low in self.f.term_words or low_word in self.f.term_words or self.acronym(j):
                out.append(_Unit("TERM", j, end, doc[j:end].text))
            elif out and out[-1].kind == "NAME" and ROMAN.match(tok.text):
                out.append(_Unit("NAME", j, end, doc[j:end].text))
            elif low in self.v["stop"] or low in self.v["honorific"]:
                break
            elif low in self.v["nonperson"]:
                out.append(_Unit("TERM", j, end, doc[j:end].text))
            elif self.nameish(j, end):
                kind = "TERMISH" if self.termish(j, end) else "NAME"
                out.append(_Unit(kind, j, end, doc[j:end].text))
            elif INITIAL.match(tok.text) or ROMAN.match(tok.text):
                out.append(_Unit("NAME", j, end, tok.text))
            else:
                break
            j = end
        while out and out[-1].kind in ("CONN", "THE", "PART"):
            out.pop()
        return out

    def _org_run(self, i: int) -> int | None:
        """End of an organisation's name starting at token i ("Inha University"), if it is one."""
        doc, k = self.doc, i
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        end = None
        while k < len(doc) and k < i + 8 and (self.is_cap(k) or k in self.countries):
            if doc[k].lower_ in self.v["org_head"]:
                end = k + 1
            k += 1
        if end is None or end != k:
            return None
        # "Ministry of Trade, Industry and Energy": the complement after a lone head word
        # (not a country: "of Poland" is whose body it is; not "Korea University and Sir ...").
        first = i + 1 if doc[i].lower_ == "the" else i
        while doc[first].lower_ in self.v["org_head"]:
            if k >= len(doc) or doc[k].lower_ not in ("of", "for", ",", "and", "&"):
                break
            n = k + 1
            if n < len(doc) and doc[n].lower_ == "and" and doc[k].text == ",":
                n += 1
            if n >= len(doc) or not self.is_cap(n) or n in self.countries or \
                    doc[n].lower_ in self.v["stop"] or doc[n].lower_ in self.v["honorific"] or \
                    self.starts_title(n):
                break
            m = n
            while m < len(doc) and m < n + 4 and self.is_cap(m) and m not in self.countries \
                    and not self.nameish_person(m):
                m += 1
            if m == n:
                break
            k = end = m
        return end

    def nameish_person(self, i: int) -> bool:
        """Token i is tagged PERSON by the model (a name, not a body's word)."""
        return self.doc[i].ent_type_ == "PERSON"

    def _list_comma(self, out: list[_Unit], j: int) -> bool:
        """A comma in a complement's list ("for Economic Growth, Energy, and the Environment")."""
        if not out or out[-1].kind not in ("TERM", "TERMISH") or j + 1 >= len(self.doc):
            return False
        if any(u.kind in ("NAME", "HON") for u in out):
            return False
        nxt = j + 1
        if self.doc[nxt].lower_ in ("and", "&"):
            nxt += 1
        if nxt < len(self.doc) and self.doc[nxt].lower_ == "the":
            nxt += 1
        if nxt >= len(self.doc) or not self.is_cap(nxt):
            return False
        low = self.doc[nxt].lower_
        return low in self.v["domain"] and not self.starts_title(nxt)

    def _complement_goes_on(self, out: list[_Unit], low: str, nxt: int) -> bool:
        """"Ministry of New and Renewable Energy": a word taken for a name is a complement word."""
        if low not in ("and", "&") or len(out) < 2 or out[-2].kind == "NAME":
            return False
        last = out[-1]
        doc = self.doc
        if last.text.lower() in self.v.family_first or doc[last.start].ent_type_ == "PERSON":
            return False
        if self.starts_title(nxt):
            return False
        k = nxt
        while k < len(doc) and k < nxt + 4 and self.is_cap(k):
            if doc[k].lower_ in self.f.term_words:
                return True
            k += 1
        return False

    def _org_comma(self, out: list[_Unit], j: int) -> bool:
        """A comma inside an organisation's name ("at the Foreign, Commonwealth and ... Office")."""
        conns = [u for u in out if u.kind == "CONN"]
        if not conns or conns[-1].text.lower() not in ORG_CONNECTORS:
            return False
        doc = self.doc
        for k in range(j + 1, min(len(doc), j + 8)):
            low = doc[k].lower_
            if low in self.v["org_head"] and self.is_cap(k):
                return True
            if not (self.is_cap(k) or low in ("and", "&", ",")):
                return False
        return False

    def starts_title(self, i: int) -> bool:
        """Token i begins another title ("and Chinese Foreign Minister ...")."""
        doc, k = self.doc, i
        while k < len(doc) and k < i + 6:
            if k in self.countries:
                k = self.countries[k].end
                continue
            low = doc[k].lower_
            if not self.is_cap(k) and low not in ("'s", "’s", "-"):
                return False
            if low in self.f.head_words:
                return True
            if low not in self.f.left_words and low not in ("'s", "’s", "-"):
                return False
            k += 1
        return False

    # -- the forms ---------------------------------------------------------------------------
    def left_edge(self, head: int) -> tuple[int, int, str | None, str | None]:
        """(start, start of the title proper, leading country, leading organisation) of a title."""
        doc, k = self.doc, head
        country = org = None
        while k > 0:
            t = k - 1
            if doc[t].text in ("-", "–", "/") and not doc[t].whitespace_ and t > 0 \
                    and self.joined(t - 1):
                k = t
                continue
            if t in self.countries:
                span = self.countries[t]
                return span.start, k, span._.iso3, None
            if doc[t].lower_ in ("'s", "’s") and t - 1 in self.countries:
                span = self.countries[t - 1]
                return span.start, k, span._.iso3, None
            if self.acronym(t):
                return t, k, None, doc[t].text
            if self.is_cap(t) and doc[t].lower_ in self.v["org_head"] and k == head \
                    and doc[t].lower_ not in self.f.left_words:
                s0 = t
                while s0 > 0 and (self.is_cap(s0 - 1) or s0 - 1 in self.countries) and \
                        doc[s0 - 1].lower_ not in self.v["stop"] and doc[s0 - 1].is_alpha and \
                        doc[s0 - 1].lower_ not in FUNCTION_WORDS:
                    s0 -= 1
                if s0 < t:
                    return s0, k, None, doc[s0:t + 1].text
                break
            phrase = next((n for n in (2, 3, 4) if t - n + 1 >= 0 and
                           doc[t - n + 1:t + 1].text.lower() in self.f.intl), None)
            if phrase is not None:
                return t - phrase + 1, k, None, doc[t - phrase + 1:t + 1].text
            if self.is_cap(t) and doc[t].is_alpha and t - 1 in self.countries \
                    and doc[t].lower_ not in self.v["stop"]:
                k = t
                continue
            if self.is_cap(t) and doc[t].lower_ in self.f.left_words:
                k = t
                continue
            break
        return k, k, country, org

    def title_before_name(self, head: int, rule_id: str) -> Mention | None:
        """"Deputy Minister for Political Affairs Yeo Seung Bae", "Minister Kang"."""
        doc = self.doc
        start, core, lead_country, lead_org = self.left_edge(head)
        j = self.word_end(head)
        while j < len(doc) and self.is_cap(j) and doc[j].lower_ in self.f.after_head:
            j = self.word_end(j)
        units = self.units(j, compound=not (start > 0 and doc[start - 1].lower_ == "the"))
        if len(units) >= 2 and units[0].kind == "TERMISH" and units[1].kind == "NAME":
            # a given name with a complement-like ending right after the office word and before
            # a name: "Spokesperson Gregory Alvarado" (not "Minister Meeting", "Ambassador Program")
            units[0] = replace(units[0], kind="NAME")
        if units and units[0].kind in ("TERM", "TERMISH") and not self.acronym(units[0].start) \
                and units[0].text.lower() not in self.v["royal"]:
            return None  # the office word modifies a noun: "Ambassador Program", "Minister Meeting"
        post_org = None
        if len(units) >= 3 and units[-1].kind == "POSTORG":
            post_org = units[-1]
            units = units[:-2]
        post_country, post_end = None, None
        # "Foreign Minister Wang Yi of China"
        if len(units) >= 3 and units[-1].kind == "COUNTRY":
            cut = len(units) - 2 if units[-2].kind == "CONN" else len(units) - 3
            if (cut >= 1 and units[cut].kind == "CONN" and units[cut].text.lower() == "of"
                    and units[cut - 1].kind == "NAME"):
                post_country, post_end = units[-1].iso3, units[-1].end
                units = units[:cut]
        k = len(units)
        while k > 0 and units[k - 1].kind in ("NAME", "PART", "TERMISH"):
            k -= 1
        # English-looking words lead into a name only as complement words ("Fisheries Moon")
        while k < len(units) and units[k].kind in ("TERMISH", "PART"):
            k += 1
        # A connector is followed by the complement, not by the name ("President of KOICA Kim")
        if 0 < k < len(units) and units[k - 1].kind in ("CONN", "THE"):
            if k == len(units) - 1:
                return None
            k += 1
        if k == len(units):
            return self.reverse_apposition(head, start, core, j, units, lead_country, lead_org,
                                           rule_id)
        k = self.adjust_name_start(units, k)
        if k >= len(units):
            return None
        name_start, name_end = units[k].start, units[-1].end
        end, words = self.name_run(name_start, name_end, titled=True)
        if not words or end != name_end:
            return None
        title_units = units[:k]
        while title_units and title_units[-1].kind == "HON":
            title_units = title_units[:-1]
        rank = None
        r = len(title_units)
        while r > 0 and title_units[r - 1].kind == "TERM" and \
                title_units[r - 1].text.lower() in self.v["royal"]:
            r -= 1
        if r < len(title_units) and (r > 0 or j > head + 1 or start < head):
            rank = doc[title_units[r].start:title_units[-1].end].text
            title_units = title_units[:r]
        m = Mention(start, name_end, name_start, name_end, rule_id, words=words)
        if post_end is not None:
            m.end = post_end
        self.fill_title(m, core, j, title_units, lead_country, lead_org)
        if m.country is None:
            m.country = post_country
        if post_org is not None:
            m.end = post_org.end
            if m.organization is None:
                m.organization = post_org.text
                self.set_scope(m)
        m.rank = rank
        return m

    def reverse_apposition(self, head: int, start: int, core: int, head_end: int,
                           units: list[_Unit],
                           lead_country: str | None, lead_org: str | None,
                           rule_id: str) -> Mention | None:
        """"The Foreign Secretary, Philip Hammond, met ...", "..., H.E. Mr Yun Byung-se, met"."""
        doc = self.doc
        end = units[-1].end if units else head_end
        if end >= len(doc) or doc[end].text != ",":
            return None
        # "..., Senator the Hon. Claire Penrose, Minister for Foreign Affairs of Australia, Dr. X":
        # a title that is itself the apposition of the name before it is not X's title.
        if start >= 2 and doc[start - 1].text == "," and self.is_cap(start - 2) \
                and doc[start - 2].lower_ not in FUNCTION_WORDS \
                and (doc[start - 2].ent_type_ == "PERSON" or self.nameish(start - 2, start - 1)):
            return None
        j = end + 1
        while j < len(doc) and (doc[j].lower_ in self.v["honorific"] or doc[j].text == "."
                                or doc[j].lower_ == "the"):
            j += 1
        name_end, words = self.name_run(j)
        if not words or (len(words) < 2 and doc[j].ent_type_ != "PERSON"):
            return None
        after = doc[name_end] if name_end < len(doc) else None
        if after is not None and after.text not in (",", ".", ";", ")") and \
                after.text[:1].isupper() and after.lower_ not in self.v["stop"]:
            return None
        m = Mention(start, name_end, j, name_end, f"{rule_id}+reverse_apposition", words=words)
        self.fill_title(m, core, head_end, units, lead_country, lead_org)
        return m

    def adjust_name_start(self, units: list[_Unit], k: int) -> int:
        """Move the title/name boundary using the model's PERSON tags and surname hints."""
        doc = self.doc
        first = units[k]
        # Extend left over complement-looking words the model tags as part of the person.
        while (k > 0 and units[k - 1].kind == "TERMISH"
               and all(doc[t].ent_type_ == "PERSON" for t in range(units[k - 1].start, first.end))):
            k -= 1
        n_words = sum(1 for u in units[k:] if u.kind == "NAME")
        if any(u.kind == "PART" for u in units[k:]):
            return k
        # "CEO of Hanbit Lithium Choi Dong-hyun": a Korean surname + hyphenated given name ends
        # the run; the words before it belong to the complement.
        last = len(units) - 2
        if (len(units) - k in (3, 4) and last > k
                and all(u.kind in ("NAME", "TERMISH") for u in units[k:])
                and units[last].kind == "NAME"
                and units[last].text.lower() in self.v.korean and "-" in units[-1].text
                and units[k].text.lower() not in self.v.korean
                and doc[units[k].start].ent_type_ != "PERSON"):
            return last
        if n_words > 3:
            ent_start = None
            for u in range(k, len(units)):
                tok = doc[units[u].start]
                if tok.ent_iob_ == "B" and tok.ent_type_ == "PERSON":
                    ent_start = u
            if ent_start is not None and ent_start > k and \
                    doc[units[ent_start - 1].start].ent_type_ != "PERSON":
                return ent_start
            for u in range(k, len(units) - 1):
                if (units[u].text.lower() in self.v.korean and len(units) - u in (2, 3)
                        and (len(units) - u == 3 or "-" in units[-1].text)):
                    return u
            return len(units) - 3 if n_words > 4 else k
        return k

    def fill_title(self, m: Mention, start: int, head_end: int, units: list[_Unit],
                   lead_country: str | None, lead_org: str | None) -> None:
        """Split a title region into title, organisation, country and scope."""
        doc = self.doc
        m.country, m.organization = lead_country, lead_org
        if lead_org is not None and self.is_intl(lead_org):
            m.scope = "intl"
        core_start = start
        while core_start < head_end and doc[core_start].lower_ in ("the", "-"):
            core_start += 1
        pieces: list[tuple[int, int]] = [(core_start, head_end)]
        units = list(units)
        # "of [the] COUNTRY" anywhere in the complement gives the country.
        keep: list[_Unit] = []
        i = 0
        while i < len(units):
            u = units[i]
            if u.kind == "CONN" and u.text.lower() == "of":
                nxt = i + 1
                if nxt < len(units) and units[nxt].kind == "THE":
                    nxt += 1
                # "of the Kingdom of Saudi Arabia"
                k2 = nxt
                while k2 < len(units) and units[k2].kind == "TERM" and \
                        units[k2].text.lower() in self.v["state_word"]:
                    k2 += 1
                if k2 > nxt and k2 + 1 < len(units) and units[k2].kind == "CONN" and \
                        units[k2].text.lower() == "of" and units[k2 + 1].kind == "COUNTRY":
                    nxt = k2 + 1
                if nxt < len(units) and units[nxt].kind == "COUNTRY" and (
                        nxt + 1 == len(units) or units[nxt + 1].kind == "CONN"):
                    if m.country is None:
                        m.country = units[nxt].iso3
                    i = nxt + 1
                    continue
            keep.append(u)
            i += 1
        # "Resident Coordinator in Ethiopia": the posting country is not part of the title.
        keep = [u for n, u in enumerate(keep) if not (
            u.kind == "CONN" and u.text.lower() == "in" and n + 1 < len(keep)
            and keep[n + 1].kind == "COUNTRY"
            and (n + 2 == len(keep) or keep[n + 2].kind in ("CONN", "PAREN")))
            and not (u.kind == "COUNTRY" and n > 0 and keep[n - 1].kind == "CONN"
                     and keep[n - 1].text.lower() == "in"
                     and (n + 1 == len(keep) or keep[n + 1].kind in ("CONN", "PAREN")))]
        # "Ambassador to Korea", "Permanent Representative to the UN ...": the post, not the title.
        for idx, u in enumerate(keep):
            if u.kind == "CONN" and u.text.lower() == "to":
                keep = keep[:idx]
                m.posted = True
                break
        # "at the Federal Foreign Office", "of ASEAN": the organisation, introduced by the last
        # of/at/in before the first organisation word.
        head_words = {w.lower_ for w in doc[core_start:head_end]}
        private = bool(head_words & self.v["private"]) and not head_words & self.v["office"]
        conn = None
        tail: list[_Unit] = []
        for idx, u in enumerate(keep):
            if u.kind == "CONN" and u.text.lower() in ORG_CONNECTORS:
                conn = idx
                continue
            if conn is None or u.kind not in ("TERM", "TERMISH", "NAME", "COUNTRY", "THE"):
                continue
            rest = keep[conn + 1:]
            if rest and rest[0].kind == "THE" and rest[0].text == "the":
                rest = rest[1:]  # a capitalised "The" is part of the name ("The Korea Herald")
            if rest and rest[-1].kind == "PAREN":
                rest = rest[:-1]  # "(IAEA)" after the full name
            # "of the European Union for Foreign Affairs ...": the rest of the office
            tail = []
            cut = next((n for n, r in enumerate(rest) if n > 0 and r.kind == "CONN"
                        and r.text.lower() == "for"), None)
            if cut is not None and self.is_intl(doc[rest[0].start:rest[cut - 1].end].text):
                tail, rest = rest[cut:], rest[:cut]
            if u.kind in ("COUNTRY", "THE") and not private:
                continue
            if rest and rest[0].kind == "COUNTRY" and len(rest) > 1 and \
                    rest[1].text.lower() in GOVERNMENT_BODIES:  # "the US Department of State"
                if m.country is None:
                    m.country = rest[0].iso3
                rest = rest[1:]
            if not rest:
                continue
            text = doc[rest[0].start:rest[-1].end].text
            low = u.text.lower()
            intl = self.is_intl(text)
            acronym = len(rest) == 1 and u.text.isupper() and len(u.text) >= 3
            sole = conn == 0 and not any(x.kind == "CONN" and x.text.lower() in ORG_CONNECTORS
                                         for x in keep[1:])
            if intl or low in self.v["org_head"] or acronym or (private and sole):
                m.organization = text
                if intl:
                    m.scope = "intl"
                keep = keep[:conn] + tail
                break
        while keep and keep[-1].kind in ("CONN", "THE", "PAREN"):
            keep.pop()
        if keep:
            # keep is contiguous except where a country segment was cut out
            pieces = [(core_start, head_end)]
            run_start = keep[0].start
            prev_end = keep[0].end
            for u in keep[1:]:
                if u.start != prev_end:
                    pieces.append((run_start, prev_end))
                    run_start = u.start
                prev_end = u.end
            pieces.append((run_start, prev_end))
        merged: list[list[int]] = []
        for a, b in pieces:
            if a >= b:
                continue
            if merged and merged[-1][1] == a:
                merged[-1][1] = b
            else:
                merged.append([a, b])
        while merged and doc[merged[0][0]].lower_ in ("the", "-"):
            merged[0][0] += 1
            if merged[0][0] >= merged[0][1]:
                merged.pop(0)
        title = " ".join(doc[a:b].text for a, b in merged)
        m.title = title or None
        title_words = {w.lower_ for w in doc[core_start:head_end]}
        if m.scope is None and title_words & self.v["private"] and not (
                title_words & self.v["office"]):
            m.scope = "private"
        self.set_scope(m)

    def set_scope(self, m: Mention) -> None:
        """An official of a university or company is a private person."""
        if m.scope is None and m.organization:
            if self.is_intl(m.organization):
                m.scope = "intl"
            elif any(w in self.v["private_org"] for w in m.organization.lower().split()):
                m.scope = "private"

    def is_intl(self, text: str) -> bool:
        """An international organisation's name ("UN", "Pacific Islands Forum Secretariat")."""
        low = text.lower()
        if any(w in self.v["intl_org"] for w in re.findall(r"[\w-]+", low)):
            return True
        return any(re.search(rf"\b{re.escape(p)}\b", low) for p in self.v["intl_org_phrase"])

    def with_apposition(self, m: Mention) -> Mention:
        """Extend a mention by ", Minister of State at the Federal Foreign Office of Germany"."""
        doc = self.doc
        i = m.name_end
        if m.title and m.rank is None and not self._rank_only(m.title):
            return m
        if i >= len(doc) or doc[i].text != ",":
            return m
        j = i + 1
        while j < len(doc) and doc[j].lower_ in ("the", "a", "an", "former", "then", "current"):
            j += 1
        # Find the office head: a few modifier / country words, then an office word.
        head = None
        k = j
        while k < len(doc) and k < j + 8:
            if k in self.countries:
                k = self.countries[k].end
                continue
            low = doc[k].lower_
            if k == j and j > i + 1 and doc[j - 1].lower_ in ("a", "an") and \
                    low in self.v["private"]:  # "Kim Soo-jin, a professor at ..."
                head = k
                break
            if not self.is_cap(k) and low not in ("'s", "’s", "-"):
                break
            if low in self.f.head_words:
                head = k
                break
            if low in self.f.left_words or low in ("'s", "’s", "-") or self.acronym(k):
                k += 1
                continue
            break
        if head is None:
            return m
        start, core, lead_country, lead_org = self.left_edge(head)
        if start < j:
            return m
        h_end = self.word_end(head)
        while h_end < len(doc) and self.is_cap(h_end) and doc[h_end].lower_ in self.f.after_head:
            h_end = self.word_end(h_end)
        units = self.units(h_end, stop_at_name_conn=False)
        if units and units[0].kind == "NAME":
            words = self.name_run(units[0].start, titled=True)[1]
            if len(words) >= 2 or doc[units[0].start].ent_type_ == "PERSON":
                return m  # ", Professor Lim Jae-won of ...": a title before another person's name
        # ", Ambassador of the Kingdom of Norway Ingrid Haugen": a title and another person's name.
        run = len(units)
        while run > 0 and units[run - 1].kind == "NAME":
            run -= 1
        if len(units) - run >= 2 and run > 0 and units[run - 1].kind == "COUNTRY":
            return m
        # An apposition title ends where a new name would begin; keep complement words only.
        while units and units[-1].kind == "NAME" and len(units) > 1 and units[-2].kind == "NAME":
            units.pop()
        end = units[-1].end if units else h_end
        rank = m.title
        self.fill_title(m, core, h_end, units, lead_country, lead_org)
        m.rank = rank
        m.end = end
        m.rule_id = f"{m.rule_id}+apposition"
        return m

    def _rank_only(self, title: str) -> bool:
        return title.lower().rstrip(".") in {"amb", "ambassador"}

    def after_prefix(self, start: int, end: int, label: str, rule_id: str) -> Mention | None:
        """"Amb. Noh Kyu-duk", "Mr. Lim Jock Hoi", "his Chinese counterpart Wang Yi"."""
        doc = self.doc
        j = end
        while j < len(doc) and (doc[j].lower_ in self.v["honorific"] or doc[j].text == "."):
            j += 1
        name_end, words = self.name_run(j, titled=True)
        if not words:
            return None
        m = Mention(start, name_end, j, name_end, rule_id, words=words)
        if label == "RANK":
            m.title = doc[start:end].text
            m.rank = m.title
        elif label == "COUNTERPART":
            begin, _, country, _ = self.left_edge(start)
            m.country = country
            m.start = begin if country else start
        return m

    def person_entity(self, start: int, end: int, rule_id: str) -> Mention | None:
        """A PERSON entity of the model that reads as a name (not "Meeting", "Terms of ...")."""
        doc = self.doc
        while end > start and doc[end - 1].lower_ in ("'s", "’s", "'", "’"):
            end -= 1
        while start < end and (doc[start].lower_ in self.v["honorific"]
                               or doc[start].text == "."):
            start += 1
        if start >= end:
            return None
        name_end, words = self.name_run(start)
        if not words or name_end < end:
            return None
        return Mention(start, name_end, start, name_end, rule_id, words=words)
