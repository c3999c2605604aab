"""pr_fast_attributes: the model's own attribute_ruler and lemmatizer, applied through lookups.

The stock attribute_ruler runs a Matcher of ~180 token patterns over every token, and the rule
lemmatizer makes several Python calls per token; together they cost about a fifth of
en_core_web_sm's time while nearly every token only needs a tag -> POS/MORPH lookup and a cached
lemma. This component reads the model's own rules and tables once and gives the same attributes:
single-token rules are indexed by their conditions, and their combined effect and the lemma are
cached per (orth, tag, dep, is_space); the few multi-token or regex rules still go through a small Matcher;
rules are applied in the ruler's order, later ones winning, exactly as `AttributeRuler` does.
`tests/test_components_fast_attributes.py` checks token-for-token equality with the stock pipeline.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

#: Token attributes a single-token rule may test and still be served from the lookup tables.
SIMPLE_KEYS = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE"})


def _condition(condition: Any) -> tuple[str, Any] | None:
    """A pattern condition as (kind, values): plain/IN -> ("in", set), NOT_IN -> ("not_in", set),
    REGEX -> ("regex", compiled); None for anything else."""
    if isinstance(condition, str | bool):
        return ("in", frozenset([condition]))
    if isinstance(condition, dict) and len(condition) == 1:
        (op, arg), = condition.items()
        if op == "IN":
            return ("in", frozenset(arg))
        if op == "NOT_IN":
            return ("not_in", frozenset(arg))
        if op == "REGEX":
            return ("regex", re.compile(arg))
    return None


def _holds(kind: str, values: Any, value: Any) -> bool:
    if kind == "in":
        return value in values
    if kind == "not_in":
        return value not in values
    return isinstance(value, str) and values.search(value) is not None


class FastAttributes:
    """Apply an AttributeRuler's rules and a rule lemmatizer with lookups and caches."""

    def __init__(self, nlp: Language, name: str, ruler_name: str,
                 lemmatizer_name: str | None) -> None:
        self.name = name
        ruler = nlp.get_pipe(ruler_name)
        self.lemmatizer = nlp.get_pipe(lemmatizer_name) if lemmatizer_name else None
        self.rule_attrs: list[dict[Any, Any]] = []
        self.simple: list[tuple[int, dict[str, tuple[Any, ...]]]] = []
        self.matcher = Matcher(nlp.vocab)
        self.matcher_indices: dict[int, int] = {}
        self.matcher_patterns: list[list[dict[str, Any]]] = []
        for i, rule in enumerate(ruler.patterns):
            self.rule_attrs.append(normalize_token_attrs(nlp.vocab, rule["attrs"]))
            for pattern in rule["patterns"]:
                conditions = self._simple_conditions(pattern) if rule["index"] in (0, -1) else None
                if conditions is not None:
                    self.simple.append((i, conditions))
                else:
                    key = nlp.vocab.strings.add(f"{name}:{i}:{len(self.matcher)}")
                    self.matcher.add(key, [pattern])
                    self.matcher_indices[key] = i
                    self.matcher_patterns.append(pattern)
        self.indices = [rule["index"] for rule in ruler.patterns]
        by_tag: dict[str, list[int]] = defaultdict(list)
        unindexed: list[int] = []
        for n, (_, conditions) in enumerate(self.simple):
            kind, values = conditions.get("TAG", ("", None))
            if kind == "in":
                for tag in values:
                    by_tag[tag].append(n)
            else:
                unindexed.append(n)
        # Multi-token rules run only on docs holding one of their anchor words or dependencies.
        self.lower_anchors: set[int] = set()
        self.dep_anchors: set[int] = set()
        self.always_match = False
        for pattern in self.matcher_patterns:
            anchor = next(((attr, vals) for attr in ("DEP", "LOWER") for tok in pattern
                           if (c := _condition(tok.get(attr))) and c[0] == "in"
                           for vals in [c[1]]), None)
            if anchor is None:
                self.always_match = True
            else:
                target = self.dep_anchors if anchor[0] == "DEP" else self.lower_anchors
                target.update(nlp.vocab.strings.add(v) for v in anchor[1])
        self.by_tag = dict(by_tag)
        self.unindexed = unindexed
        self.overwrite_lemma = bool(getattr(self.lemmatizer, "overwrite", False))
        self._plans: dict[tuple[int, int, int, bool], tuple[int, ...]] = {}
        # (orth, tag, dep, is_space) -> (merged attributes, lemma id): the whole effect on a token.
        self._tokens: dict[tuple[int, int, int, bool], tuple[dict[Any, Any], int]] = {}

    @staticmethod
    def _simple_conditions(pattern: list[dict[str, Any]]) -> dict[str, tuple[str, Any]] | None:
        if len(pattern) != 1 or not set(pattern[0]) <= SIMPLE_KEYS:
            return None
        conditions = {}
        for key, condition in pattern[0].items():
            parsed = _condition(condition)
            if parsed is None:
                return None
            conditions[key] = parsed
        return conditions

    def _plan(self, token: Token) -> tuple[int, ...]:
        """Indices of the single-token rules that match this kind of token, in rule order."""
        key = (token.tag, token.lower, token.dep, token.is_space)
        plan = self._plans.get(key)
        if plan is None:
            seen = {"TAG": token.tag_, "LOWER": token.lower_, "DEP": token.dep_,
                    "IS_SPACE": token.is_space}
            candidates = self.by_tag.get(token.tag_, []) + self.unindexed
            plan = tuple(sorted({
                self.simple[n][0] for n in candidates
                if all(_holds(kind, values, seen[k])
                       for k, (kind, values) in self.simple[n][1].items())
            }))
            self._plans[key] = plan
        return plan

    def __call__(self, doc: Doc) -> Doc:
        extra: dict[int, list[int]] = defaultdict(list)
        tokens = list(doc)
        if len(self.matcher) and (self.always_match or any(
                t.lower in self.lower_anchors or t.dep in self.dep_anchors for t in tokens)):
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                rule = self.matcher_indices[match_id]
                index = self.indices[rule]
                extra[(start if index >= 0 else end) + index].append(rule)
        # Conditions are read before any change: single-token rules only read their own token,
        # and multi-token matches were all found above.
        cache = self._tokens
        for token in tokens:
            if extra and token.i in extra:
                self._apply_slowly(token, extra[token.i])
                continue
            key = (token.orth, token.tag, token.dep, token.is_space)
            hit = cache.get(key)
            if hit is None:
                hit = cache[key] = self._effect(token)
            attrs, lemma = hit
            if attrs:
                set_token_attrs(token, attrs)
            if lemma and (self.overwrite_lemma or token.lemma == 0):
                token.lemma = lemma
        return doc

    def _effect(self, token: Token) -> tuple[dict[Any, Any], int]:
        """What the rules and the lemmatizer do to a token: merged attributes (later rules win,
        as when applied one by one) and the lemma's string id (0: none or set by a rule)."""
        merged: dict[Any, Any] = {}
        for rule in self._plan(token):
            merged.update(self.rule_attrs[rule])
        if merged:
            set_token_attrs(token, merged)
        lemma = 0
        if self.lemmatizer is not None and (self.overwrite_lemma or token.lemma == 0):
            lemma = token.vocab.strings.add(self.lemmatizer.lemmatize(token)[0])
        return merged, lemma

    def _apply_slowly(self, token: Token, extra_rules: list[int]) -> None:
        for rule in sorted(self._plan(token) + tuple(extra_rules)):
            set_token_attrs(token, self.rule_attrs[rule])
        if self.lemmatizer is not None and (self.overwrite_lemma or token.lemma == 0):
            token.lemma_ = self.lemmatizer.lemmatize(token)[0]


@Language.factory(
    "pr_fast_attributes",
    assigns=["token.pos", "token.morph", "token.lemma"],
    requires=["token.tag"],
    default_config={"ruler_name": "attribute_ruler", "lemmatizer_name": "lemmatizer"},
)
def make_fast_attributes(nlp: Language, name: str, ruler_name: str,
                         lemmatizer_name: str | None) -> FastAttributes:
    """Build the component from the model's own attribute_ruler (and lemmatizer, if named)."""
    return FastAttributes(nlp, name, ruler_name, lemmatizer_name or None)
