"""pr_actions: agreements, calls and pledges found on the dependency parse (SPEC section 8).

Triggers are DependencyMatcher patterns (`models/actions.jsonl`), matched from their anchor word by
`depmatch.AnchoredMatcher` (same matches, a fraction of the cost); vocabularies of scheduling verbs,
hope/evaluation heads, reporting verbs and party nouns are in `models/action_vocab.toml`. Each
action is written to `doc.spans["action"]` as its content span, with `span.label_` = the type and
the extensions `action_type`, `action_trigger`, `action_actor` (Spans, read from the token
offsets `action_trigger_i` / `action_actor_i`), `action_collective` and `rule_id`.
"""

from __future__ import annotations

import json
import re
import tomllib
import warnings
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..errors import BadPatterns
from .depmatch import AnchoredMatcher, UnsupportedPattern

PATTERNS_FILE = "actions.jsonl"
VOCAB_FILE = "action_vocab.toml"
TYPES = ("agreement", "call", "pledge")

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_CLIMB = ("conj", "advcl", "xcomp", "ccomp", "acl", "relcl", "pcomp", "dep", "parataxis", "aux",
          "auxpass")
_UP_THROUGH = ("ccomp", "xcomp", "advcl", "acl", "pcomp", "pobj", "prep", "dobj", "relcl",
               "advmod", "attr", "oprd", "acomp", "dep")
_PRONOUNS = {"it", "they", "he", "she", "we", "i", "its", "their", "them"}
_COORD = {"and", ",", "as", "while", ";", "also", "further", "furthermore", "then", "but",
          "well", "whereas", "additionally", "moreover", "both"}
_TRAIL = {",", ";", ":", ".", "and", "or", "but", "-", "--", "–", "—", "as", "while", "which"}
_GAP_DEPS = {"det", "poss", "case", "amod", "compound", "nmod", "nummod", "prt", "advmod",
             "quantmod", "punct", "predet", "neg", "auxpass"}
_LATER = {"next", "subsequent", "following", "first", "second", "third", "fourth", "fifth",
          "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"}
_ORDINAL = re.compile(r"\d+(st|nd|rd|th)")
_EVENT_VERBS = {"hold", "host", "convene", "meet", "organize", "organise", "co-host", "have"}
_ADJECTIVAL = {"commit", "determine", "prepare"}  # "is committed to" is not a passive
_CONTRAST = {"while", "whereas", "although", "though", "but"}
_SEPARATORS = {",", ";", ":", "--", "—", "–", "and", "or", "but", "while", "whereas"}
_NUMBER_WORDS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "all": 0, "each": 0}


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """One trigger found by a pattern: anchor verb and the trigger's token range."""

    rule_id: str
    label: str
    anchor: int
    start: int
    end: int
    content_start: int


@dataclass(frozen=True, slots=True)
class _Candidate:
    match: TriggerMatch
    start: int
    end: int
    actor: Span | None
    collective: bool


@dataclass(frozen=True, slots=True)
class ActionVocab:
    """Word lists of `models/action_vocab.toml`, as frozensets."""

    scheduling_verbs: frozenset[str]
    light_verbs: frozenset[str]
    light_objects: frozenset[str]
    blocking_heads: frozenset[str]
    reporting_verbs: frozenset[str]
    party_heads: frozenset[str]
    collective_heads: frozenset[str]
    participant_heads: frozenset[str]
    participant_cues: tuple[str, ...]
    remark_verbs: frozenset[str]
    non_agent_heads: frozenset[str]
    publisher_heads: frozenset[str]


def _models_path(models_dir: str) -> Path:
    if models_dir:
        return Path(models_dir)
    from ..settings import DEFAULT_MODELS_DIR

    return DEFAULT_MODELS_DIR


def load_patterns(path: Path) -> list[dict]:
    """Pattern dicts (`id`, `label`, `pattern`) of a JSONL file."""
    patterns = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadPatterns(f"{path}:{n}: {exc}") from exc
        if not {"id", "label", "pattern"} <= entry.keys() or entry["label"] not in TYPES:
            raise BadPatterns(f"{path}:{n}: needs id, label (one of {TYPES}) and pattern")
        if entry.get("actor") not in (None, "collective") or \
                entry.get("content") not in (None, "deontic", "funding", "infinitive"):
            raise BadPatterns(f"{path}:{n}: unknown actor or content constraint")
        patterns.append(entry)
    if not patterns:
        warnings.warn(f"no action patterns in {path}", stacklevel=2)
    return patterns


def load_vocab(path: Path) -> ActionVocab:
    """The action vocabularies of a TOML file."""
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    try:
        sets = {k: frozenset(w.lower() for w in raw[k]) for k in ActionVocab.__slots__
                if k != "participant_cues"}
        return ActionVocab(participant_cues=tuple(w.lower() for w in raw["participant_cues"]),
                           **sets)
    except KeyError as exc:
        raise BadPatterns(f"{path}: missing list {exc}") from exc


@Language.factory(
    "pr_actions",
    assigns=["doc.spans"],
    requires=["token.dep", "token.lemma", "token.pos"],
    default_config={"models_dir": "", "spans_key": "action", "validate": True},
)
def make_actions(nlp: Language, name: str, models_dir: str, spans_key: str,
                 validate: bool) -> ActionFinder:
    return ActionFinder(nlp, name, models_dir=models_dir, spans_key=spans_key, validate=validate)


class ActionFinder:
    """Find action triggers, then their content, actor and type."""

    def __init__(self, nlp: Language, name: str = "pr_actions", *, models_dir: str = "",
                 spans_key: str = "action", validate: bool = True) -> None:
        folder = _models_path(models_dir)
        self.name = name
        self.spans_key = spans_key
        self.vocab = load_vocab(folder / VOCAB_FILE)
        # anchored search from each pattern's first node (see depmatch.py for why not
        # DependencyMatcher itself, whose semantics it keeps)
        self.matcher = AnchoredMatcher(nlp.vocab, validate=validate)
        self._labels: dict[str, str] = {}
        self._trigger_nodes: dict[str, tuple[bool, ...]] = {}
        self._order: dict[str, int] = {}
        self._needs: dict[str, tuple[str | None, str | None]] = {}
        self._ids: dict[int, str] = {}
        for n, entry in enumerate(load_patterns(folder / PATTERNS_FILE)):
            pid = entry["id"]
            if pid in self._labels:
                raise BadPatterns(f"duplicate action pattern id {pid}")
            try:
                self.matcher.add(pid, [entry["pattern"]])
            except UnsupportedPattern as exc:
                raise BadPatterns(f"action pattern {pid}: unsupported {exc}") from exc
            self._ids[nlp.vocab.strings.add(pid)] = pid
            self._labels[pid] = entry["label"]
            # nodes whose RIGHT_ID starts with "_" constrain the match but are not trigger words
            self._trigger_nodes[pid] = tuple(not node["RIGHT_ID"].startswith("_")
                                             for node in entry["pattern"])
            self._order[pid] = n
            # optional constraints: "actor": "collective"; "content": "deontic" / "funding"
            self._needs[pid] = (entry.get("actor"), entry.get("content"))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    # -- finding triggers ----------------------------------------------------------------------
    def match(self, doc: Doc) -> list[TriggerMatch]:
        """Trigger matches that pass the filters, one per anchor verb, in text order."""
        best: dict[int, tuple[tuple[int, int], TriggerMatch]] = {}
        for match_id, token_ids in self.matcher(doc):
            pid = self._ids[match_id]
            words = [t for t, keep in zip(token_ids, self._trigger_nodes[pid]) if keep]
            anchor = token_ids[0]
            last = doc[max(words)]
            if _ends_in_date(last):
                continue  # "decided on May 17 to ...": "on" belongs to a date
            if last.dep_ in ("prep", "prt") and last.lower_ in ("on", "upon", "to", "for") and \
                    not any(c.dep_ in ("pobj", "pcomp") for c in last.children) and \
                    not any(c.dep_ in ("dobj", "xcomp", "ccomp", "advcl", "oprd") and c.i > last.i
                            for c in doc[anchor].children):
                continue  # a stranded preposition: "the projects agreed upon"
            content_start = max(words) + 1
            if _one_phrase(doc, words):
                start, end = min(words), max(words) + 1
            else:  # "decided today, at the Cabinet meeting, to ...": the verb is the trigger
                start, end = anchor, anchor + 1
                if any(c.dep_ == "dobj" and anchor < c.i < max(words)
                       for c in doc[anchor].children):
                    content_start = end  # "committed 5 million pounds to ...": object first
            found = TriggerMatch(pid, self._labels[pid], anchor, start, end, content_start)
            rank = (len(words), -self._order[pid])
            if anchor not in best or rank > best[anchor][0]:
                best[anchor] = (rank, found)
        kept = [m for _, m in best.values() if self._keep(doc, m)]
        return sorted(kept, key=lambda m: m.start)

    def _keep(self, doc: Doc, m: TriggerMatch) -> bool:
        """Filters on the anchor verb: relative clauses, negation, passives, scheduling, hopes."""
        verb = doc[m.anchor]
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("amod", "compound", "pcomp"):
            return False
        if verb.dep_ == "relcl" or verb.dep_ == "acl" and verb.tag_ == "VBN":
            return False  # "the projects that the two sides agreed on": refers to an action
        children = list(verb.children)
        deps = {c.dep_ for c in children}
        if "neg" in deps and m.rule_id != "will_verb":
            return False
        if "auxpass" in deps and verb.lemma_.lower() not in _ADJECTIVAL:
            subj = [c for c in children if c.dep_ == "nsubjpass"]
            if m.label != "agreement" or (subj and subj[0].lower_ != "it"
                                          and m.rule_id != "consensus_reached"):
                return False
        if m.rule_id == "will_verb" and not self._keep_will(verb, children):
            return False
        if m.rule_id == "plan_to" and any(c.dep_ == "xcomp" and self._scheduling(c)
                                          for c in children):
            return False  # "plans to visit ..."
        return not self._blocked(verb)

    def _keep_will(self, verb: Token, children: list[Token]) -> bool:
        """ "X will <verb>" is a pledge when X is a party and the verb is not scheduling."""
        if verb.dep_ in ("relcl", "acl", "pcomp", "csubj", "amod", "advcl"):
            return False
        if self._scheduling(verb):
            return False
        modal = next(c for c in children if c.dep_ == "aux"
                     and c.lower_ in ("will", "'ll", "shall", "would"))
        if modal.lower_ == "would" and self._reporting_head(verb) is None:
            return False
        if any(c.dep_ == "mark" and c.lower_ != "that" for c in children):
            return False  # "as Korea will host ...", "if ...", "so that ...": not a pledge
        subj = self._subject(verb)
        return subj is not None and self._is_party(subj)

    def _scheduling(self, verb: Token) -> bool:
        """ "will visit / meet / hold talks / deliver a speech": the event itself, no pledge."""
        voc = self.vocab
        children = list(verb.children)
        lemma = verb.lemma_.lower()
        scheduling = (lemma in voc.scheduling_verbs or verb.lower_ in voc.scheduling_verbs) and \
            not (lemma in voc.light_verbs and not self._light_object(children))
        if lemma in voc.light_verbs and self._light_object(children):
            scheduling = True
        if lemma in ("continue", "begin", "start", "conclude", "complete", "end", "wrap") and (
                self._light_object(children) or any(c.dep_ in ("prt", "advmod", "prep")
                                                    and c.lower_ in ("on", "onward", "onwards")
                                                    for c in children)):
            scheduling = True  # "will continue his visit to ...", "will continue on to Tokyo"
        return scheduling and not self._next_event(verb, children)

    def _next_event(self, verb: Token, children: list[Token]) -> bool:
        """ "The two sides will hold the tenth round ... next year": jointly fixing a later event."""
        if verb.lemma_.lower() not in _EVENT_VERBS:
            return False
        later = any(t.lower_ in _LATER or t.ent_type_ in ("ORDINAL", "DATE")
                    or _ORDINAL.fullmatch(t.lower_)
                    for c in children if c.dep_ in ("dobj", "prep", "npadvmod")
                    for t in c.subtree)
        if not later:
            return False
        subj = self._subject(verb)
        return subj is not None and self.is_collective(self.actor_span(subj))

    def _light_object(self, children: list[Token]) -> bool:
        objects = [c for c in children if c.dep_ in ("dobj", "prt")]
        objects += [g for c in children if c.dep_ == "prep" for g in c.children
                    if g.dep_ == "pobj"]
        return any(_lemma(o) in self.vocab.light_objects for o in objects)

    def _blocked(self, verb: Token) -> bool:
        """A trigger inside a hope or an evaluation ("hoped that X will ...")."""
        tok = verb
        while tok.dep_ in _UP_THROUGH and tok.head is not tok:
            tok = tok.head
            if tok.lemma_.lower() in self.vocab.blocking_heads or \
                    tok.lower_ in self.vocab.blocking_heads:
                return True
        return False

    def _reporting_head(self, verb: Token) -> Token | None:
        tok = verb
        while tok.dep_ in ("ccomp", "conj", "xcomp") and tok.head is not tok:
            tok = tok.head
            if tok.lemma_.lower() in self.vocab.reporting_verbs:
                return tok
        return None

    # -- actors --------------------------------------------------------------------------------
    def _is_party(self, subj: Token) -> bool:
        voc = self.vocab
        lemma = subj.lemma_.lower()
        if subj.dep_ == "expl" or lemma in voc.non_agent_heads and subj.lower_ not in _PRONOUNS:
            return False
        if subj.lower_ in _PRONOUNS:
            return subj.lower_ not in ("it", "its")
        if subj.ent_type_ in ("PERSON", "GPE", "NORP", "ORG"):
            return True
        words = {t.lemma_.lower() for t in subj.subtree} | {t.lower_ for t in subj.subtree}
        if words & voc.party_heads:
            return True
        doc = subj.doc
        for key in ("country", "official"):
            for span in doc.spans.get(key, []):
                if span.start <= subj.i < span.end:
                    return True
        return False

    def _subject(self, verb: Token) -> Token | None:
        """The acting party of a trigger: its own subject, or one up the clause chain."""
        tok: Token = verb
        for _ in range(12):
            subj = _own_subject(tok)
            if subj is not None:
                if subj.dep_ == "nsubjpass" and (subj.lower_ == "it" or subj.lower_ in
                                                 ("consensus", "agreement", "understanding")):
                    return None  # "It was agreed that ...", "Consensus was reached on ..."
                if subj.lower_ in ("it", "they", "we") and tok.dep_ == "ccomp":
                    head = self._reporting_head(tok)
                    if head is not None:
                        outer = self._subject(head)
                        if outer is not None:
                            return outer
                if self._is_party(subj) or subj.lower_ in _PRONOUNS:
                    return subj
            if tok.dep_ not in _CLIMB or tok.head is tok:
                return subj if subj is not None and subj.dep_ != "expl" else None
            tok = tok.head
        return None

    def actor_span(self, subj: Token) -> Span:
        """The subject noun phrase as written, without relative clauses or appositions."""
        doc = subj.doc
        # "Canada, Australia and New Zealand will ...": commas that join the coordinated list
        chain = [subj]
        for tok in chain:
            chain.extend(c for c in tok.children if c.dep_ == "conj" and c.i > tok.i)
        list_commas = {c.left_edge.i - 1 for c in chain[1:]}
        cut = set()
        for child in subj.children:
            if child.i > subj.i and child.dep_ in ("relcl", "acl", "appos", "advcl", "punct",
                                                    "parataxis") and child.i not in list_commas:
                cut.update(t.i for t in child.subtree)
        start = subj.left_edge.i
        while start < subj.i and doc[start].is_punct:
            start += 1
        end = subj.i + 1
        inside = {t.i for t in subj.subtree}
        for t in doc[subj.i + 1: subj.right_edge.i + 1]:
            if t.i in cut or t.i not in inside or t.text in (",", "(", ";", "--", "—", "–") \
                    and t.i not in list_commas:
                break
            end = t.i + 1
        while end - 1 > subj.i and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
            end -= 1
        return doc[start:end]

    def is_collective(self, actor: Span) -> bool:
        """An actor that stands for several parties jointly ("the two sides", "Participants")."""
        if len(actor) == 0:
            return False
        root = actor.root
        if any(t.dep_ == "conj" and t.head.i == root.i for t in actor):
            return True
        if root.lower_ in ("they", "we"):
            return root.lower_ == "they"  # "They agreed ...": the parties of the release
        if _lemma(root) not in self.vocab.collective_heads or \
                root.tag_ not in ("NNS", "NNPS"):
            return any(t.lower_ in ("both", "two", "three") for t in actor) and \
                root.tag_ in ("NNS", "NNPS")
        if any(t.lower_ in _NUMBER_WORDS or t.like_num for t in actor):
            return True
        countries = [s for s in actor.doc.spans.get("country", [])
                     if s.start >= actor.start and s.end <= actor.end]
        adjectives = [t for t in actor if t.dep_ == "amod" and t.ent_type_ == "NORP"]
        return not countries and not adjectives

    # -- content -------------------------------------------------------------------------------
    def _content(self, doc: Doc, m: TriggerMatch) -> tuple[int, int] | None:
        """Token range of the trigger's complement, trimmed of other clauses and punctuation."""
        verb = doc[m.anchor]
        sent = verb.sent
        start = max(m.end, m.content_start)
        while start < sent.end and doc[start].text in (",", ":", "“", "\"", "‘"):
            start += 1
        if start >= sent.end:
            return None
        if verb.dep_ in ("aux", "auxpass") and verb.head.i > verb.i:
            verb = verb.head  # "France will remain fully mobilized ...": the parse made "remain" aux
        exclude: set[int] = set()
        for child in verb.children:
            if child.i < start:
                continue
            if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and \
                    _after_coordinator(child) and not self._parallel(m, verb, child):
                exclude.update(t.i for t in child.subtree)
                exclude.update(c.i for c in verb.children
                               if c.dep_ in ("cc", "punct") and c.text in _SEPARATORS
                               and child.left_edge.i - 3 <= c.i < child.i)
            elif child.dep_ in ("nsubj", "nsubjpass") and child.i > start:
                exclude.update(t.i for t in child.subtree)
        right = max(verb.right_edge.i, m.end - 1)
        for t in doc[m.start:m.end]:
            right = max(right, t.right_edge.i)
        right = min(right, sent.end - 1)
        end = start
        while end <= right and end not in exclude:
            end += 1
        for t in doc[start + 1:end]:
            # "..., and Minister X invited ...": another party's coordinated clause
            if t.dep_ in ("conj", "ccomp", "parataxis") and t.pos_ in ("VERB", "AUX") and \
                    doc[m.end - 1].lower_ not in ("that", "whether") and \
                    any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in _PRONOUNS
                        for c in t.children) and _after_coordinator(t):
                end = t.left_edge.i
                break
            # ", noting that ...": the actor's own remark after a comma is not the content
            if t.tag_ == "VBG" and doc[t.i - 1].text == "," and \
                    t.lemma_.lower() in self.vocab.remark_verbs:
                end = t.i
                break
            # ", while the Minister said ...": a contrasting clause of another party
            if t.lower_ in _CONTRAST and doc[t.i - 1].text in (",", ";"):
                end = t.i
                break
        # a ", and" that coordinates the next clause ends the content
        while end > start and (doc[end - 1].lower_ in _TRAIL or doc[end - 1].text in
                               (",", ".", ";", ":", "(", "“", "‘")):
            end -= 1
        end = _balance(doc, start, end)
        return (start, end) if end > start else None

    def _parallel(self, m: TriggerMatch, verb: Token, conj: Token) -> bool:
        """A conjoined verb that shares the trigger ("will continue X and expand Y")."""
        if _own_subject(conj) is not None or conj.tag_ != "VB":
            return False
        if conj.left_edge.lower_ == conj.doc[m.content_start - 1].lower_:
            return True  # "agreed to A, and to B", "called on X to A, and on Y to B"
        if m.rule_id == "will_verb":
            return conj.lemma_.lower() not in self.vocab.scheduling_verbs
        return False

    # -- writing -------------------------------------------------------------------------------
    def set_annotations(self, doc: Doc, matches: list[TriggerMatch]) -> None:
        """Write one span per action (the content) to doc.spans[spans_key]."""
        found: list[_Candidate] = []
        for m in matches:
            subj = self._subject(doc[m.anchor])
            actor = self.actor_span(subj) if subj is not None else None
            collective = actor is not None and self.is_collective(actor)
            need_actor, need_content = self._needs[m.rule_id]
            if actor is None and m.label in ("call", "pledge") or need_actor and not collective:
                continue
            content = self._content(doc, m)
            if content is None or need_content and not _content_ok(doc[slice(*content)],
                                                                   need_content):
                continue
            found.append(_Candidate(m, content[0], content[1], actor, collective))
        spans: list[Span] = []
        seen: set[tuple[int, int]] = set()
        for c in self._resolve_overlaps(doc, found):
            if (c.start, c.end) in seen:
                continue
            seen.add((c.start, c.end))
            kind = _type(c.match, doc[c.match.anchor], c.actor, c.collective)
            span = Span(doc, c.start, c.end, label=kind)
            span._.action_type = kind
            span._.action_trigger_i = (c.match.start, c.match.end)
            span._.action_actor_i = (c.actor.start, c.actor.end) if c.actor is not None else None
            span._.action_collective = c.collective
            span._.action_event = c.match.rule_id in ("will_verb", "plan_to") and any(
                _lemma(t) in self.vocab.scheduling_verbs for t in (
                    [doc[c.match.anchor]] + [x for x in doc[c.match.anchor].children
                                             if x.dep_ == "xcomp"]))
            span._.rule_id = c.match.rule_id
            spans.append(span)
        doc.spans[self.spans_key] = spans

    def _resolve_overlaps(self, doc: Doc, found: list[_Candidate]) -> list[_Candidate]:
        """Trim a content at a coordinated next trigger; drop triggers nested in a content."""
        result: list[_Candidate] = []
        dropped: set[int] = set()
        for i, cand in enumerate(found):
            if i in dropped:
                continue
            start, end = cand.start, cand.end
            for j, other in enumerate(found):
                if j == i or j in dropped or not (start <= other.match.start < end):
                    continue
                if self._coordinated(doc, other.match, start):
                    end = self._cut_before(doc, start, other.match.start)
                else:
                    dropped.add(j)
            if end > start:
                result.append(_Candidate(cand.match, start, end, cand.actor, cand.collective))
        return result

    def _coordinated(self, doc: Doc, other: TriggerMatch, start: int) -> bool:
        if _own_subject(doc[other.anchor]) is not None:
            return False  # a clause of its own: nested in the content, not coordinated
        k = other.start - 1
        while k >= start and doc[k].pos_ == "ADV":
            k -= 1
        return k >= start and doc[k].lower_ in _COORD

    def _cut_before(self, doc: Doc, start: int, stop: int) -> int:
        end = stop
        while end > start and (doc[end - 1].lower_ in _TRAIL | _COORD or doc[end - 1].pos_ == "ADV"
                               and doc[end - 1].lower_ in _COORD | {"also"}):
            end -= 1
        return end


def _type(m: TriggerMatch, verb: Token, actor: Span | None, collective: bool) -> str:
    """The action type: the pattern's label, with the actor deciding a few verbs."""
    if m.label == "pledge" and collective and (
            m.rule_id in ("will_verb", "reaffirm_commitment", "plan_to", "commit_to",
                          "commit_to_inf", "pledge_that", "pledge_obj", "pledge_prep")
            or any(t.lemma_.lower() == "commitment" and t.dep_ == "dobj" for t in verb.children)):
        return "agreement"  # "the two sides will ...", "reaffirmed their commitment to"
    if m.label == "agreement" and verb.lemma_.lower() in ("decide", "resolve") and \
            actor is not None and not collective:
        return "pledge"  # one party decided to do something
    return m.label


_DEONTIC = {"should", "must", "need", "necessary", "necessity", "important", "importance",
            "essential", "crucial", "vital", "imperative", "require", "will", "would", "shall",
            "ought", "continue", "have to", "urgent", "critical"}
_FUNDING = {"funding", "fund", "aid", "assistance", "package", "contribution", "grant", "loan",
            "donation", "investment", "support", "million", "billion", "dollar", "pound", "euro",
            "won", "yen", "$", "£", "€", "¥", "₩"}


def _content_ok(content: Span, need: str) -> bool:
    """A content constraint: "deontic" (something to be done), "funding", "infinitive"."""
    if need == "infinitive":
        return any(t.lower_ == "to" and t.dep_ == "aux" and t.head.tag_ == "VB" for t in content)
    words = {t.lemma_.lower() for t in content} | {t.lower_ for t in content}
    if need == "deontic":
        return bool(words & _DEONTIC)
    return bool(words & _FUNDING) or any(t.ent_type_ == "MONEY" for t in content)


def _one_phrase(doc: Doc, words: list[int]) -> bool:
    """Trigger words close together, with only modifiers ("their", "ironclad") between them."""
    lo, hi = min(words), max(words)
    if hi - lo + 1 > len(words) + 8:
        return False
    return all((doc[i].dep_ in _GAP_DEPS or doc[i].lower_.endswith(("self", "selves")))
               and doc[i].text not in (",", ";", ":")
               and doc[i].ent_type_ not in ("DATE", "TIME")
               for i in range(lo, hi + 1) if i not in words)


def _ends_in_date(tok: Token) -> bool:
    """A preposition whose object is a date or a time."""
    return tok.dep_ == "prep" and any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME")
                                      for c in tok.children)


def _lemma(tok: Token) -> str:
    """Lower-case lemma; capitalised plurals ("Ministers") keep their "s" in the model."""
    lemma = tok.lemma_.lower()
    if tok.tag_ in ("NNS", "NNPS") and lemma == tok.lower_ and lemma.endswith("s"):
        return lemma[:-1]
    return lemma


def _own_subject(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ in _SUBJ or child.dep_ == "expl":
            return child
    return None


def _after_coordinator(tok: Token) -> bool:
    """A conjunct that opens with "and", "or", "but" or a comma (not a misattached clause)."""
    k = tok.left_edge.i - 1
    doc = tok.doc
    while k >= 0 and doc[k].pos_ == "ADV":
        k -= 1
    return k >= 0 and doc[k].lower_ in (",", ";", "and", "or", "but", "while", "whereas")


def _balance(doc: Doc, start: int, end: int) -> int:
    """Drop a trailing unbalanced closing bracket or quote."""
    while end > start:
        text = doc[start:end].text
        last = doc[end - 1].text
        if last in (")", "]") and text.count("(") + text.count("[") < \
                text.count(")") + text.count("]"):
            end -= 1
        elif last in ("”", "’") and text.count("“") + text.count("‘") < \
                text.count("”") + text.count("’") - text.count("’s"):
            end -= 1
        else:
            break
    return end
