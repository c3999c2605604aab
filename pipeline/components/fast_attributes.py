"""pr_fast_attributes: the model's own attribute_ruler and lemmatizer, applied through lookups.

The stock attribute_ruler runs a Matcher of ~180 token patterns over every token, and the rule
lemmatizer makes several Python calls per token; together they cost about a fifth of
en_core_web_sm's time while nearly every token only needs a tag -> POS/MORPH lookup and a cached
lemma. This component reads the model's own rules and tables once and gives the same attributes:
single-token rules are indexed by their conditions and their combined effect is cached per
(tag, lower, dep, is_space); the few multi-token or regex rules still go through a small Matcher;
rules are applied in the ruler's order, later ones winning, exactly as `AttributeRuler` does.
`tests/test_components_fast_attributes.py` checks token-for-token equality with the stock pipeline.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

#: Token attributes a single-token rule may test and still be served from the lookup tables.
SIMPLE_KEYS = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE"})


def _values(condition: Any) -> tuple[Any, ...] | None:
    """The values a pattern condition accepts, or None if it is not a plain/IN condition."""
    if isinstance(condition, str | bool):
        return (condition,)
    if isinstance(condition, dict) and set(condition) == {"IN"}:
        return tuple(condition["IN"])
    return None


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
        self.indices = [rule["index"] for rule in ruler.patterns]
        by_tag: dict[str, list[int]] = defaultdict(list)
        unindexed: list[int] = []
        for n, (_, conditions) in enumerate(self.simple):
            if "TAG" in conditions:
                for tag in conditions["TAG"]:
                    by_tag[tag].append(n)
            else:
                unindexed.append(n)
        self.by_tag = dict(by_tag)
        self.unindexed = unindexed
        self._plans: dict[tuple[int, int, int, bool], tuple[int, ...]] = {}
        self._lemmas: dict[tuple[int, int, int], str] = {}

    @staticmethod
    def _simple_conditions(pattern: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]] | None:
        if len(pattern) != 1 or not set(pattern[0]) <= SIMPLE_KEYS:
            return None
        conditions = {}
        for key, condition in pattern[0].items():
            values = _values(condition)
            if values is None:
                return None
            conditions[key] = values
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
                if all(seen[k] in values for k, values in self.simple[n][1].items())
            }))
            self._plans[key] = plan
        return plan

    def __call__(self, doc: Doc) -> Doc:
        extra: dict[int, list[int]] = defaultdict(list)
        if len(self.matcher):
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                rule = self.matcher_indices[match_id]
                index = self.indices[rule]
                extra[(start if index >= 0 else end) + index].append(rule)
        plans = [self._plan(token) for token in doc]  # conditions read before any change
        for token, plan in zip(doc, plans):
            rules = sorted(plan + tuple(extra[token.i])) if token.i in extra else plan
            for rule in rules:
                set_token_attrs(token, self.rule_attrs[rule])
        if self.lemmatizer is not None:
            self._lemmatize(doc)
        return doc

    def _lemmatize(self, doc: Doc) -> None:
        lemmatizer = self.lemmatizer
        overwrite = getattr(lemmatizer, "overwrite", False)
        cache = self._lemmas
        for token in doc:
            if overwrite or token.lemma == 0:
                key = (token.orth, token.pos, token.morph.key)
                lemma = cache.get(key)
                if lemma is None:
                    lemma = cache[key] = lemmatizer.lemmatize(token)[0]
                token.lemma_ = lemma


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
