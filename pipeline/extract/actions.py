"""Action rows: the pr_actions spans with the actor resolved to ISO3 codes (SPEC section 8)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from ..components.actions import VOCAB_FILE, ActionVocab, load_vocab
from ..schema import ActionRow, CountryRow, OfficialMentionRow, OfficialRow
from ..segment import Block
from . import ReleaseContext

_NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}
_ALL = {"all", "each", "every"}
_SELF = {"we", "i", "our", "us"}
_PERSON = {"he", "she", "his", "her"}
_LAST = 10**9
_LIST_GAP = re.compile(r"(\s|,|;|/|·|and|as well as|&|the|\(\w+\))*", re.IGNORECASE)
_JOINT = re.compile(r"\bjoint\b|communiqu|declaration", re.IGNORECASE)
_JOINT_PLEDGES = {"will_verb", "reaffirm_commitment"}


@lru_cache(maxsize=4)
def _vocab(models_dir: str) -> ActionVocab:
    return load_vocab(Path(models_dir) / VOCAB_FILE)


class ActorResolver:
    """Resolve actors of one release to ISO3 codes, in order of first mention in the release."""

    def __init__(self, ctx: ReleaseContext, countries: list[CountryRow],
                 officials: list[OfficialRow], mentions: list[OfficialMentionRow],
                 vocab: ActionVocab | None = None) -> None:
        self.ctx = ctx
        self.vocab = vocab or _vocab(str(ctx.models_dir))
        self.publisher = ctx.publisher
        position = {b.block_id: i for i, b in enumerate(ctx.blocks)}
        self._pos = position
        ordered = sorted(countries, key=lambda c: (position.get(c.block_id, _LAST), c.start))
        self.order: dict[str, int] = {}
        for c in ordered:
            self.order.setdefault(c.iso3, len(self.order))
        self.counts = Counter(c.iso3 for c in countries)
        self._first_block: dict[str, int] = {}
        for c in ordered:
            self._first_block.setdefault(c.iso3, position.get(c.block_id, _LAST))
        self.lead = {c for c, i in self._first_block.items() if i == 0}
        self.by_block: dict[str, list[CountryRow]] = {}
        for c in ordered:
            self.by_block.setdefault(c.block_id, []).append(c)
        self.official_country = {o.official_id: o.country for o in officials}
        self.mentions = sorted(mentions, key=lambda m: (position.get(m.block_id, _LAST), m.start))
        self.participants = self._participant_list()
        self.last: list[str] = []  # countries of the previous actor, for "They ..."

    # -- release context -------------------------------------------------------------------
    def _sort(self, codes: list[str]) -> list[str]:
        unique = list(dict.fromkeys(c for c in codes if c))
        return sorted(unique, key=lambda c: (self.order.get(c, _LAST), unique.index(c)))

    def _participant_list(self) -> list[str]:
        """Countries listed as participants ("six participating countries -- Korea, China, ...")."""
        best: list[str] = []
        for block, doc in zip(self.ctx.blocks, self.ctx.docs):
            rows = self.by_block.get(block.block_id, [])
            if len({r.iso3 for r in rows}) < 3:
                continue
            for sent in doc.sents:
                text = sent.text.lower()
                if not any(cue in text for cue in self.vocab.participant_cues):
                    continue
                inside = [r for r in rows if sent.start_char <= r.start < sent.end_char]
                for run in _enumerations(block.text, inside):
                    codes = self._sort([r.iso3 for r in run])
                    if len(codes) > len(best):
                        best = codes
        if len(best) < 3:
            return []
        # the publishing government takes part in the meeting it reports
        return self._sort(best + [self.publisher]) if self.publisher else best

    def bilateral(self) -> list[str]:
        """The two parties of a bilateral release: the publisher and the other country."""
        others = [c for c in self.order if c != self.publisher]
        others.sort(key=lambda c: (c not in self.lead, -self.counts[c], self.order[c]))
        pair = ([self.publisher] if self.publisher else []) + others
        return self._sort(pair[:2])

    def group(self, size: int | None) -> list[str]:
        """The parties a collective actor stands for (`size` from "the two/three ...")."""
        if size == 2:
            return self.bilateral()
        if self.participants and (size is None or size == len(self.participants)):
            return self.participants
        if size:
            others = sorted((c for c in self.order if c != self.publisher),
                            key=lambda c: (-self.counts[c], self.order[c]))
            return self._sort(([self.publisher] if self.publisher else []) + others[:size - 1])
        # no list of participants: the publisher and the countries of the opening blocks
        lead = [c for c in self.order if self._first_block.get(c, _LAST) <= 1]
        lead = self._sort(([self.publisher] if self.publisher else []) + lead)
        if len(lead) >= 2:
            return lead
        return self._sort(list(self.order)) if len(self.order) > 2 else self.bilateral()

    # -- one actor ---------------------------------------------------------------------------
    def resolve(self, block: Block, actor: Span | None, collective: bool,
                action_start: int = 0) -> list[str]:
        """ISO3 codes of an actor span found in `block` (None: an impersonal "it was agreed")."""
        if actor is None:
            return self.group(None if self.participants else 2)
        start, end = actor.start_char, actor.end_char
        codes = [c.iso3 for c in self.by_block.get(block.block_id, [])
                 if c.start >= start and c.end <= end]
        for m in self.mentions:
            if m.block_id == block.block_id and m.start >= start and m.end <= end:
                codes.append(self.official_country.get(m.official_id) or "")
        words = [t.lower_ for t in actor]
        root = actor.root
        if root.lower_ == "they":
            return list(self.last) if self.last else self.group(None if self.participants else 2)
        if collective and not [c for c in codes if c]:
            size = next((_NUMBERS[w] for w in words if w in _NUMBERS), None)
            if size is None and root.lemma_.lower() not in self.vocab.participant_heads and \
                    root.lower_ != "we" and not _ALL & set(words):
                size = 2 if not self.participants else None
            return self.group(size)
        if not [c for c in codes if c]:
            lemma = root.lemma_.lower()
            if root.lower_ in _PERSON:
                codes.append(self._previous_official(block, action_start))
            elif root.lower_ in _SELF or lemma in self.vocab.publisher_heads:
                codes.append(self.publisher or "")
        return self._sort(codes)

    def _previous_official(self, block: Block, start: int) -> str:
        here = (self._pos.get(block.block_id, _LAST), start)
        country = ""
        for m in self.mentions:
            if (self._pos.get(m.block_id, _LAST), m.start) > here:
                break
            country = self.official_country.get(m.official_id) or country
        return country


def _enumerations(text: str, rows: list[CountryRow]) -> list[list[CountryRow]]:
    """Runs of country mentions separated only by commas, "and", "the" and the like."""
    runs: list[list[CountryRow]] = []
    for row in sorted(rows, key=lambda r: r.start):
        if runs and _LIST_GAP.fullmatch(text[runs[-1][-1].end:row.start]):
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs


def extract_actions(
    ctx: ReleaseContext,
    countries: list[CountryRow],
    officials: list[OfficialRow],
    mentions: list[OfficialMentionRow],
) -> list[ActionRow]:
    """One row per action span of the release's docs, in block order."""
    resolver: ActorResolver | None = None
    rows: list[ActionRow] = []
    joint = bool(ctx.title and _JOINT.search(ctx.title))
    for block, doc in zip(ctx.blocks, ctx.docs):
        spans = _spans(doc)
        if not spans:
            continue
        if resolver is None:
            resolver = ActorResolver(ctx, countries, officials, mentions)
        for span in spans:
            if span._.action_event and block is ctx.blocks[0]:
                continue  # the first block announces the event itself: scheduling, no agreement
            actor = span._.action_actor
            trigger = span._.action_trigger
            kind = span._.action_type or span.label_
            collective = bool(span._.action_collective)
            if joint and actor is not None and actor.root.lower_ == "we":
                # "We will ..." in a joint statement speaks for all its signatories
                collective = True
                if kind == "pledge" and span._.rule_id in _JOINT_PLEDGES:
                    kind = "agreement"
            codes = resolver.resolve(block, actor, collective, span.start_char)
            resolver.last = codes
            start, end = _trim(block.text, span.start_char, span.end_char)
            if end <= start:
                continue
            rows.append(ActionRow(
                release_id=ctx.release_id, block_id=block.block_id, session_no=block.session_no,
                type=kind,
                actor=_clean(actor.text) if actor is not None else None,
                actor_countries=";".join(codes) or None,
                trigger=_clean(trigger.text) if trigger is not None else "",
                content=block.text[start:end], start=start, end=end,
                rule_id=span._.rule_id,
            ))
    return rows


def _spans(doc: Doc) -> list[Span]:
    return sorted(doc.spans["action"], key=lambda s: s.start) if "action" in doc.spans else []


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Character offsets without surrounding spaces or a final period the tokenizer kept."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
