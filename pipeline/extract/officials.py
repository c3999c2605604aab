"""Official rows: the mentions of doc.spans["official"] resolved to one person each per release."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..schema import CountryRow, OfficialMentionRow, OfficialRow
from . import ReleaseContext

SPANS_KEY = "official"
SURNAME_RULE = "surname_only"
PUBLISHER_ORGS_FILE = "publisher_orgs.csv"
PUBLISHER_OFFICES_FILE = "publisher_offices.csv"
CAPITALS_FILE = "capitals.csv"
RANK_TITLES = frozenset({"amb", "ambassador"})
_CAP = r"[A-Z][\w'’.-]*"
_PHRASE = rf"(?:the )?{_CAP}(?:(?:,| of| and| for| of the| and the)? {_CAP})*"
#: A ministry or mission named in a release, with the country it belongs to after "of".
BODY = re.compile(rf"\b((?:Ministry|Department|Embassy|Consulate(?:-| )General|Consulate|"
                  rf"Permanent Mission|Mission) (?:of|for) {_PHRASE}(?: (?:in|to) {_PHRASE})?)")
#: A mission named by its country's adjective and its place ("Korean Embassy in Poland").
ADJ_MISSION = re.compile(rf"\b((?:{_CAP} )(?:Embassy|Consulate(?:-| )General|Consulate|"
                         rf"Permanent Mission) (?:in|to) {_PHRASE})")
#: One syllable of a romanised Korean given name (Revised and McCune-Reischauer spellings).
KOREAN_SYLLABLE = re.compile(r"^(?:kk|tt|pp|ss|jj|ch|wh|[gkndtrlmbpsjhcyw])?(?:y|w)?"
                             r"(?:ae|eo|eu|eui|ui|oe|oo|ou|ee|ea|ei|ai|oi|a|e|i|o|u)"
                             r"(?:ng|ck|[nmlkgpbt])?$|^(?:a|o|u|e)h$")  # "Min-ah", "Seo-oh"
#: "In Singapore, ...", "While in Kuala Lumpur, ...": the place a sentence is set in.
LOCATIVE = re.compile(r"^\s*(?i:(?:while |when )?(?:in|at) (?:the )?)"
                      r"([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}),")
#: "... the visit to Japan by Prime Minister X": a visitor to the publisher's country.
VISIT_BY = re.compile(r"\b(?:visit|trip|travel|tour)s? to (?:the )?[\w'’. -]{2,40} by (?:the )?$",
                      re.IGNORECASE)
#: "the State Visit of President X to India": a visitor, when the place is the publisher's country.
VISIT_OF = re.compile(r"\b(?:visit|trip|travel|tour)s? of (?:the )?$", re.IGNORECASE)
TO_PLACE = re.compile(r"\s*to (?:the )?")
MISSION_WORDS = frozenset({"ambassador", "consul", "commissioner", "counsellor", "counselor",
                           "attache", "attaché", "chargé", "charge"})
SUFFIX = re.compile(r"^(?:I{1,3}|IV|V|VI{1,3}|IX|X|Jr\.?|Sr\.?)$")
DROP = re.compile(r"[\s.\-‐–'’]+")
WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class _Data:
    family_first: frozenset[str]
    korean: frozenset[str]
    staff: frozenset[str]
    office: frozenset[str]
    publisher_orgs: dict[str, str]
    absent_offices: dict[str, tuple[re.Pattern[str], ...]]
    origins: dict[str, frozenset[str]]
    unique_offices: frozenset[str]
    capitals: dict[str, str]


@lru_cache(maxsize=4)
def _data(models_dir: str) -> _Data:
    """Vocabularies the release-level rules need, read once."""
    from ..components.officials import load_vocabulary

    vocab = load_vocabulary(models_dir)
    orgs: dict[str, str] = {}
    path = Path(models_dir) / PUBLISHER_ORGS_FILE
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                orgs[row["publisher"].strip()] = row["organization"].strip()
    absent: dict[str, list[re.Pattern[str]]] = {}
    path = Path(models_dir) / PUBLISHER_OFFICES_FILE
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                office = re.escape(row["absent_office"].strip().lower())
                absent.setdefault(row["publisher"].strip(), []).append(
                    re.compile(rf"(?<![\w-])(?<!vice )(?<!deputy ){office}\b"))
    capitals: dict[str, str] = {}
    path = Path(models_dir) / CAPITALS_FILE
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                capitals[row["capital"].strip().casefold()] = row["iso3"].strip().upper()
    return _Data(vocab.family_first, vocab.korean, vocab["staff"],
                 vocab["office"] | vocab["private"], orgs,
                 {k: tuple(v) for k, v in absent.items()}, vocab.origins,
                 vocab["unique_office"], capitals)


def name_key(name: str) -> str:
    """A name case-folded without spaces, dots and hyphens (SPEC §9 matching)."""
    return DROP.sub("", name.casefold())


def family_indexes(words: tuple[str, ...], family_first: frozenset[str]) -> tuple[int, ...]:
    """Positions of the word(s) that may be the family name."""
    while len(words) > 1 and SUFFIX.match(words[-1]):  # "Marcos Jr.", "Abdullah II"
        words = words[:-1]
    if len(words) <= 1:
        return (0,) if words else ()
    caps = [i for i, w in enumerate(words)
            if w.isupper() and len(w) > 1 and w.replace("-", "").isalpha()]
    if len(caps) == 1 and len(words) > 1:
        return (caps[0],)
    first, last = words[0].lower(), words[-1].lower()
    if first in family_first:
        if last in family_first and len(words) == 2 and "-" not in words[1]:
            return (0, len(words) - 1)
        return (0,)
    return (len(words) - 1,)


def title_words(title: str | None) -> frozenset[str]:
    """Content words of a title, lower-cased ("Amb." counts as "ambassador")."""
    if not title:
        return frozenset()
    out = set()
    for w in WORD.findall(title.lower()):
        if w in ("the", "of", "for", "and", "at", "on", "to", "in"):
            continue
        out.add("ambassador" if w == "amb" else w)
    return frozenset(out)


@dataclass(slots=True)
class _Mention:
    index: int  # block index
    start: int
    end: int
    text: str
    rule_id: str | None
    name: str
    words: tuple[str, ...]
    title: str | None
    rank: str | None
    org: str | None
    country: str | None
    scope: str | None
    posted: bool = False

    @property
    def short(self) -> bool:
        return len(self.words) == 1


@dataclass(slots=True)
class _Person:
    mentions: list[_Mention] = field(default_factory=list)
    families: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)

    def add(self, m: _Mention, family_first: frozenset[str]) -> None:
        self.mentions.append(m)
        if not m.short or not self.families:
            for i in family_indexes(m.words, family_first):
                self.families.add(m.words[i].casefold())
        self.words.update(w.casefold() for w in m.words)
        self.titles |= title_words(m.title) | title_words(m.rank)

    @property
    def full(self) -> list[_Mention]:
        return [m for m in self.mentions if not m.short]


def _fit(m: _Mention, p: _Person) -> float:
    """How well a short mention's title fits a person (-1: not at all)."""
    words = title_words(m.title)
    if not words or not p.titles:
        return 0.0
    if not words <= p.titles:
        return -1.0
    return len(words) / len(p.titles)


def _given(words: tuple[str, ...]) -> set[str]:
    return {w.casefold() for w in words if not re.fullmatch(r"[A-Z]\.?", w)}


def _same_full(m: _Mention, p: _Person, family_first: frozenset[str]) -> bool:
    key = name_key(m.name)
    if any(name_key(x.name) == key for x in p.full):
        return True
    fam = {m.words[i].casefold() for i in family_indexes(m.words, family_first)}
    if not fam & p.families:
        return False
    mine = _given(m.words)
    return any(mine <= _given(x.words) or _given(x.words) <= mine for x in p.full)


def _resolve(mentions: list[_Mention], family_first: frozenset[str]) -> list[_Person]:
    """Group mentions into people: full names first, then short references."""
    people: list[_Person] = []
    for m in mentions:
        if m.short:
            continue
        for p in people:
            if _same_full(m, p, family_first):
                p.add(m, family_first)
                break
        else:
            person = _Person()
            person.add(m, family_first)
            people.append(person)
    for m in mentions:
        if not m.short:
            continue
        word = m.words[0].casefold()
        by_family = [p for p in people if word in p.families]
        candidates = by_family or [p for p in people if word in p.words]
        scored = [(_fit(m, p), bool(p.full), -i, p) for i, p in enumerate(candidates)]
        fitting = [x for x in scored if x[0] >= 0]
        if fitting:
            max(fitting, key=lambda x: x[:3])[3].add(m, family_first)
        elif m.title or m.rank or (m.rule_id or "").startswith(("honorific", "counterpart")):
            person = _Person()
            person.add(m, family_first)
            people.append(person)
    return people


def _korean_looking(words: tuple[str, ...], korean: frozenset[str]) -> bool:
    """A Korean surname, then given-name syllables in Korean spelling (not "Lee Hsien Loong")."""
    if not words or words[0].lower() not in korean or len(words) > 3:
        return False
    syllables = [x for w in words[1:] for x in re.split(r"[-\s]", w.lower().rstrip(".")) if x]
    return all(KOREAN_SYLLABLE.match(x) for x in syllables)


def _mentions(ctx: ReleaseContext) -> list[_Mention]:
    out = []
    for index, doc in enumerate(ctx.docs):
        for span in doc.spans.get(SPANS_KEY, []):
            name = span._.official_name or ""
            words = tuple(span._.official_words or name.split())
            if not words:
                continue
            out.append(_Mention(index, span.start_char, span.end_char, span.text, span._.rule_id,
                                name, words, span._.official_title, span._.official_rank,
                                span._.official_org, span._.official_country,
                                span._.official_scope, bool(span._.official_posted)))
    return out


def _bare_surnames(ctx: ReleaseContext, people: list[_Person],
                   family_first: frozenset[str]) -> None:
    """Add "Blinken said ..." mentions of a surname alone after the person's full name."""
    owners: dict[str, list[_Person]] = {}
    for p in people:
        if p.full:
            for fam in p.families:
                owners.setdefault(fam, []).append(p)
    if not owners:
        return
    for index, doc in enumerate(ctx.docs):
        taken = bytearray(len(doc))
        for span in doc.spans.get(SPANS_KEY, []):
            for i in range(span.start, span.end):
                taken[i] = 1
        for tok in doc:
            if taken[tok.i] or not tok.text[:1].isupper():
                continue
            found = owners.get(tok.text.casefold())
            if not found or len(found) != 1:
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            prv = doc[tok.i - 1] if tok.i > 0 else None
            if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha:
                continue
            if nxt is not None and nxt.text in ("-", "–") and not tok.whitespace_:
                continue
            if (prv is not None and prv.text[:1].isupper() and prv.is_alpha
                    and not prv.is_sent_start):
                continue
            person = found[0]
            first = person.mentions[0]
            if (index, tok.idx) < (first.index, first.start) and not person.full:
                continue
            person.add(_Mention(index, tok.idx, tok.idx + len(tok.text), tok.text, SURNAME_RULE,
                                tok.text, (tok.text,), None, None, None, None, None),
                       family_first)


def _best_title(p: _Person) -> tuple[str | None, _Mention | None]:
    offices = [m for m in p.mentions if m.title and m.title.lower().rstrip(".") not in RANK_TITLES]
    pool = offices or [m for m in p.mentions if m.title]
    if not pool:
        return None, None
    best = max(pool, key=lambda m: (len(title_words(m.title)), -pool.index(m)))
    title = best.title
    if title and title.lower().rstrip(".") == "amb":
        title = "Ambassador"
    return title, best


def _sentence(ctx: ReleaseContext, m: _Mention) -> tuple[int, int]:
    """Character bounds of the sentence a mention stands in (the whole block if unknown)."""
    doc = ctx.docs[m.index]
    try:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            sent = span.sent
            return sent.start_char, sent.end_char
    except (ValueError, AttributeError):
        pass
    return 0, len(ctx.blocks[m.index].text)


@dataclass(slots=True)
class _Scene:
    """What the release-level country rules look at: country mentions and who is where."""

    rows: list[tuple[int, int, int, str]]  # (block, start, end, iso3), foreign countries only
    spans: dict[int, list[tuple[int, int, int]]]  # block -> (start, end, person index)
    countries: dict[int, str | None]  # person index -> country decided so far


def _scene(ctx: ReleaseContext, countries: list[CountryRow], people: list[_Person]) -> _Scene:
    publisher = ctx.publisher
    index = {b.block_id: i for i, b in enumerate(ctx.blocks)}
    rows = [(index[r.block_id], r.start, r.end, r.iso3) for r in countries
            if r.block_id in index and r.iso3 not in (publisher, "PRK")]
    spans: dict[int, list[tuple[int, int, int]]] = {}
    for n, p in enumerate(people):
        for m in p.mentions:
            spans.setdefault(m.index, []).append((m.start, m.end, n))
    return _Scene(rows, spans, {})


def _others_own(scene: _Scene, block: int, start: int, end: int, me: int) -> bool:
    """A country mention inside another person's mention ("Ambassador to Japan X") is theirs."""
    return any(a <= start and end <= b and n != me for a, b, n in scene.spans.get(block, ()))


def _locative(ctx: ReleaseContext, countries: list[CountryRow], p: _Person, title: str,
              data: _Data) -> str | None:
    """"In Singapore, EAM called on Prime Minister X": the country a sentence is set in.

    Not for the sentence's subject (the visitor right after the place) or mission staff, who may
    belong to either side.
    """
    if title_words(title) & MISSION_WORDS:
        return None
    m = p.mentions[0]
    text = ctx.blocks[m.index].text
    s_start, _ = _sentence(ctx, m)
    match = LOCATIVE.match(text[s_start:m.start])
    if not match:
        return None
    between = text[s_start + match.end():m.start]
    if not between.strip() or between.strip().lower() in ("the", "h.e.", "mr.", "ms."):
        return None  # the subject of the sentence
    place = match.group(1)
    block_id = ctx.blocks[m.index].block_id
    for row in countries:
        if row.block_id == block_id and s_start + match.start(1) <= row.start \
                and row.end <= s_start + match.end(1):
            return row.iso3
    return data.capitals.get(place.casefold())


def _foreign_guess(ctx: ReleaseContext, countries: list[CountryRow], p: _Person, me: int,
                   scene: _Scene) -> str | None:
    """The foreign country a person without a stated one most likely represents."""
    foreign = [(i, a, iso3) for i, a, _, iso3 in scene.rows]
    blocks = {m.index for m in p.mentions}
    # "X explained Fiji's plans ..., while Y asked for ... Palau's programs": the first country
    # in the person's own clause (up to the next person or the sentence end), when possessive
    for m in p.mentions:
        text = ctx.blocks[m.index].text
        _, s_end = _sentence(ctx, m)
        nxt = min([a for a, _, n in scene.spans.get(m.index, ()) if a >= m.end and n != me]
                  + [s_end])
        clause = sorted((a, b, iso3) for i, a, b, iso3 in scene.rows
                        if i == m.index and m.end <= a and b <= nxt)
        if clause and text[clause[0][1]:clause[0][1] + 2] in ("’s", "'s"):
            return clause[0][2]
    # countries of the person's blocks, except those inside another person's mention
    # ("Ambassador to Japan X", "Minister of Tonga Y")
    in_blocks = {iso3 for i, a, b, iso3 in scene.rows
                 if i in blocks and not _others_own(scene, i, a, b, me)}
    if len(in_blocks) == 1:
        return in_blocks.pop()
    first = p.mentions[0]
    # "Ambassador X conveyed the greetings of Minister Y", "Vice Minister X said that Deputy
    # Prime Minister Y ...": a foreign official named before in the same sentence
    s_start, _ = _sentence(ctx, first)
    before_people = sorted((a, n) for a, _, n in scene.spans.get(first.index, ())
                           if s_start <= a < first.start and n != me)
    for _, n in reversed(before_people):
        iso3 = scene.countries.get(n)
        if iso3 and iso3 not in (ctx.publisher, "PRK"):
            return iso3
    para = ctx.blocks[first.index].para_no
    before = [f for f in foreign if (f[0], f[1]) < (first.index, first.start)
              and ctx.blocks[f[0]].para_no == para]
    if before:
        return max(before)[2]
    publisher = ctx.publisher
    if ctx.title:
        in_title = []
        for row in countries:
            if row.iso3 not in (publisher, "PRK") and row.iso3 not in in_title and re.search(
                    rf"\b{re.escape(row.text)}\b", ctx.title):
                in_title.append(row.iso3)
        if len(in_title) == 1:
            return in_title[0]
    # one foreign country in the whole release ("the Uzbek side" in another paragraph)
    whole = {iso3 for _, _, iso3 in foreign}
    if len(whole) == 1:
        return whole.pop()
    return None


def _own_words(ctx: ReleaseContext, p: _Person, me: int, scene: _Scene) -> str | None:
    """A foreign country written inside the person's own title ("Minister of Foreign Affairs,
    Emigration and Egyptian Expatriates"), not as a posting ("Ambassador to Japan")."""
    for m in p.mentions:
        text = ctx.blocks[m.index].text
        for i, a, b, iso3 in scene.rows:
            if i == m.index and m.start <= a and b <= m.end and not re.search(
                    r"\b(?:to|in|for|on)(?: the)?\s*$", text[m.start:a]):
                return iso3
    return None


def _visits_publisher(ctx: ReleaseContext, countries: list[CountryRow], m: _Mention,
                      publisher: str) -> bool:
    """"the visit to Japan by Prime Minister X", "the State Visit of President X to India"."""
    block = ctx.blocks[m.index]
    text = block.text
    here = [r for r in countries if r.block_id == block.block_id and r.iso3 == publisher]
    if VISIT_BY.search(text[:m.start]):
        return bool(here)
    if VISIT_OF.search(text[:m.start]):
        to = TO_PLACE.match(text, m.end)
        return to is not None and any(r.start == to.end() for r in here)
    return False


def _country(ctx: ReleaseContext, countries: list[CountryRow], p: _Person,
             words: tuple[str, ...], title: str, release_isos: set[str], data: _Data,
             taken: set[str], me: int, scene: _Scene) -> str | None:
    """Country of an official whose own mentions state none.

    taken: offices held by one person per government ("prime minister") already given to the
    publisher's official in this release.
    """
    publisher = ctx.publisher
    korean = _korean_looking(words, data.korean)
    if korean and (publisher == "KOR" or "KOR" in release_isos):
        return "KOR"
    if len(words) > 1:
        origins = data.origins.get(words[0].lower(), frozenset()) & release_isos
        if not korean:
            origins -= {"KOR"}
        if len(origins) == 1 and publisher not in data.origins.get(words[0].lower(), ()):
            return next(iter(origins))
    if publisher is None:  # unknown publisher: the country the release speaks of most
        counts = Counter(r.iso3 for r in countries if r.iso3 != "PRK" and r.iso3 != "KOR")
        return counts.most_common(1)[0][0] if counts else None
    own = _own_words(ctx, p, me, scene)
    if own is not None:
        return own
    place = _locative(ctx, countries, p, title, data)
    if place is not None and place != publisher:
        return place
    office = " ".join(WORD.findall(title.lower()))
    first = p.mentions[0]
    visitor = _visits_publisher(ctx, countries, first, publisher)
    foreign = publisher == "KOR" or office in taken or visitor or any(
        pattern.search(title.lower()) for pattern in data.absent_offices.get(publisher or "", ()))
    if not foreign and office in data.unique_offices:
        taken.add(office)
    if foreign:
        return _foreign_guess(ctx, countries, p, me, scene) or publisher
    return publisher


def _bodies(ctx: ReleaseContext, countries: list[CountryRow],
            office: frozenset[str]) -> list[tuple[str, str | None, str, int]]:
    """Ministries and missions the release names: (name, ISO3 it belongs to, kind, block)."""
    by_text = sorted({(r.text, r.iso3) for r in countries}, key=lambda x: -len(x[0]))
    out = []
    for index, block in enumerate(ctx.blocks):
        for match in BODY.finditer(block.text):
            words = match.group(1).split(" ")
            for n, w in enumerate(words):  # "Ministry of Foreign Affairs Spokesperson ..."
                if n > 1 and w.lower().strip(",") in office:
                    words = words[:n]
                    break
            name = " ".join(words).rstrip(",.;:")
            kind = "mission" if re.match(r"Embassy|Consulate|Permanent Mission|Mission", name) \
                else "ministry"
            iso3 = None
            if kind == "ministry":
                name = re.sub(r" (?:in|to) .*$", "", name)  # "... in Hanoi" is where, not who
                for text, code in by_text:
                    cut = re.sub(rf",? of (?:the )?{re.escape(text)}$", "", name)
                    if cut != name:
                        name, iso3 = cut, code
                        break
                word_before = block.text[:match.start()].rstrip().rsplit(" ", 1)[-1]
                for text, code in by_text:
                    if word_before == text:
                        iso3 = code
            else:
                for text, code in by_text:
                    if re.match(rf"\w+(?: General)? of (?:the )?{re.escape(text)}\b", name):
                        iso3 = code
                        break
            out.append((name, iso3, kind, index))
        for match in ADJ_MISSION.finditer(block.text):
            name = match.group(1).rstrip(",.;:")
            adjective = name.split(" ", 1)[0]
            iso3 = next((code for text, code in by_text if text == adjective), None)
            if iso3 is not None:
                out.append((name, iso3, "mission", index))
    return out


def _organization(ctx: ReleaseContext, p: _Person, title: str | None, country: str | None,
                  bodies: list[tuple[str, str | None, str, int]], data: _Data) -> str | None:
    """The ministry or mission a government official acts for, where the release shows it."""
    words = title_words(title)
    if not words & data.staff or "prime" in words or "president" in words:
        return None
    mission = words & {"ambassador", "consul", "counsellor", "counselor", "attache", "attaché"}
    posted = any(m.posted for m in p.mentions)
    if "minister" in words and "foreign" not in words and not words & {"deputy", "vice"} \
            and not mission:
        return None
    kind = "mission" if mission or posted else "ministry"
    default = data.publisher_orgs.get(country or "") if country == ctx.publisher else None
    blocks = {m.index for m in p.mentions}
    for name, iso3, body_kind, index in bodies:
        if body_kind != kind:
            continue
        if iso3 == country or (iso3 is None and name == default):
            return name
        # an unqualified ministry that is not the publisher's, named beside a foreign official
        if iso3 is None and country != ctx.publisher and kind == "ministry" and index in blocks \
                and name != data.publisher_orgs.get(ctx.publisher or ""):
            return name
    return None if posted else default


def _expand_acronym(org: str, ctx: ReleaseContext) -> str:
    """"PIF" -> "Pacific Islands Forum" where the release spells it out before "(PIF)"."""
    if not org.isupper() or not 2 <= len(org) <= 8:
        return org
    pattern = re.compile(rf"((?:[A-Z][\w'’-]*,? (?:(?:of|for|and|the|on) )*){{1,8}})\({org}\)")
    for block in ctx.blocks:
        match = pattern.search(block.text)
        if not match:
            continue
        words = match.group(1).split()
        for n in range(len(words)):
            cand = words[n:]
            initials = "".join(w[0] for w in cand if w[:1].isupper())
            if initials == org and cand[0][:1].isupper():
                return " ".join(cand).rstrip(",")
    return org


def extract_officials(
    ctx: ReleaseContext, countries: list[CountryRow]
) -> tuple[list[OfficialRow], list[OfficialMentionRow]]:
    """One row per person named in the release and one per mention of them."""
    data = _data(str(ctx.models_dir))
    mentions = _mentions(ctx)
    mentions.sort(key=lambda m: (m.index, m.start))
    people = _resolve(mentions, data.family_first)
    _bare_surnames(ctx, people, data.family_first)
    for p in people:
        p.mentions.sort(key=lambda m: (m.index, m.start))
    people.sort(key=lambda p: (p.mentions[0].index, p.mentions[0].start))
    release_isos = {row.iso3 for row in countries}
    bodies = _bodies(ctx, countries, data.office)
    taken: set[str] = set()
    scene = _scene(ctx, countries, people)
    rows: list[OfficialRow] = []
    mention_rows: list[tuple[int, int, OfficialMentionRow]] = []
    for official_id, p in enumerate(people, start=1):
        full = p.full or p.mentions
        name_m = max(full, key=lambda m: (len(m.words), -full.index(m)))
        title, title_m = _best_title(p)
        scope = "intl" if any(m.scope == "intl" for m in p.mentions) else (
            "private" if title_m is not None and title_m.scope == "private" else None)
        org = title_m.org if title_m is not None and title_m.org else next(
            (m.org for m in p.mentions if m.org), None)
        country = next((m.country for m in p.mentions if m.country), None)
        if scope is not None:
            country = None
        elif country is None and title is not None:
            country = _country(ctx, countries, p, name_m.words, title, release_isos, data,
                               taken, official_id - 1, scene)
        scene.countries[official_id - 1] = country
        if org is None and scope is None:
            org = _organization(ctx, p, title, country, bodies, data)
        if org:
            org = _expand_acronym(org, ctx)
        block_ids: list[str] = []
        for m in p.mentions:
            bid = ctx.blocks[m.index].block_id
            if bid not in block_ids:
                block_ids.append(bid)
            mention_rows.append((m.index, m.start, OfficialMentionRow(
                ctx.release_id, bid, m.start, m.end, m.text, official_id, m.rule_id)))
        rows.append(OfficialRow(ctx.release_id, official_id, name_m.name, title, org, country,
                                len(p.mentions), ";".join(block_ids)))
    mention_rows.sort(key=lambda x: (x[0], x[1]))
    return rows, [row for _, _, row in mention_rows]
