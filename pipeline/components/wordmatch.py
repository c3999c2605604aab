"""Token patterns that are only word lists, matched by a PhraseMatcher; the rest by a Matcher.

A spaCy `Matcher` pattern such as `[{"LOWER": {"IN": [...300 office words...]}}]` calls a Python
set predicate on every token of every Doc. The same pattern as phrases in a `PhraseMatcher`
(one hash lookup per token) finds the same matches at a fraction of the cost. `WordListMatcher`
takes Matcher patterns and, for each one made only of fixed tokens whose spec is a `LOWER`
value / `IN` list (or an `ORTH` value without letters, such as "."), adds the expanded phrases to a
PhraseMatcher on `LOWER`; any other pattern goes to an ordinary `Matcher`. Calling it returns the
matches the Matcher alone would return, `greedy` filtering included, sorted by (start, end, key).
"""

from __future__ import annotations

from itertools import product

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

#: a pattern with more phrase expansions than this goes to the Matcher
MAX_PHRASES = 20_000


def _words(spec: dict) -> list[str] | None:
    """The lower-case forms a token spec accepts, if it is a plain word list; else None."""
    if len(spec) != 1:
        return None
    (attr, value), = spec.items()
    if isinstance(value, str):
        values = [value]
    elif isinstance(value, dict) and list(value) == ["IN"] and \
            all(isinstance(v, str) for v in value["IN"]):
        values = list(value["IN"])
    else:
        return None
    if attr == "LOWER":
        return values if all(v == v.lower() for v in values) else None
    if attr in ("ORTH", "TEXT"):  # equal to LOWER only for strings without cased letters
        return values if all(v.lower() == v.upper() for v in values) else None
    return None


class WordListMatcher:
    """Matcher-compatible `add(key, patterns, greedy=None)` and `__call__(doc)`."""

    def __init__(self, vocab: Vocab, validate: bool = True) -> None:
        self.vocab = vocab
        self._phrases = PhraseMatcher(vocab, attr="LOWER")
        self._matcher = Matcher(vocab, validate=validate)
        self._check = Matcher(vocab, validate=validate)  # validates every pattern as spaCy does
        self._greedy: dict[int, str | None] = {}
        self.phrase_patterns = 0
        self.matcher_patterns = 0

    def add(self, key: str, patterns: list[list[dict]], greedy: str | None = None) -> None:
        self._check.add(key, patterns, greedy=greedy)
        self._check.remove(key)
        key_hash = self.vocab.strings.add(key)
        self._greedy[key_hash] = greedy
        rest = []
        for pattern in patterns:
            words = [_words(spec) for spec in pattern]
            size = 1
            for w in words:
                size *= len(w) if w is not None else MAX_PHRASES + 1
            if not pattern or size > MAX_PHRASES:
                rest.append(pattern)
                continue
            self._phrases.add(key, [Doc(self.vocab, words=list(seq)) for seq in product(*words)])
            self.phrase_patterns += 1
        if rest:
            self._matcher.add(key, rest)
            self.matcher_patterns += len(rest)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        found = set(self._phrases(doc))
        if self.matcher_patterns:
            found.update(self._matcher(doc))
        by_key: dict[int, list[tuple[int, int]]] = {}
        for key, start, end in found:
            by_key.setdefault(key, []).append((start, end))
        out = []
        for key, pairs in by_key.items():
            greedy = self._greedy.get(key)
            if greedy is not None:
                pairs = _filter(pairs, greedy, len(doc))
            out.extend((key, start, end) for start, end in pairs)
        return sorted(out, key=lambda m: (m[1], m[2], m[0]))


def _filter(pairs: list[tuple[int, int]], greedy: str, length: int) -> list[tuple[int, int]]:
    """Non-overlapping matches of one key, as spaCy's Matcher keeps them (FIRST or LONGEST)."""
    if greedy == "FIRST":
        ordered = sorted(pairs, key=lambda p: (p[0], -p[1]))
    elif greedy == "LONGEST":
        ordered = sorted(pairs, key=lambda p: (p[1] - p[0], -p[0]), reverse=True)
    else:
        raise ValueError(f"greedy must be FIRST or LONGEST, not {greedy!r}")
    taken = bytearray(length)
    kept = []
    for start, end in ordered:
        if not any(taken[start:end]):
            kept.append((start, end))
            taken[start:end] = b"\x01" * (end - start)
    return kept
