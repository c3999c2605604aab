"""Dependency patterns matched from their anchor token, with spaCy's DependencyMatcher semantics.

`spacy.matcher.DependencyMatcher` first runs a token `Matcher` holding every node of every
pattern over every token of the Doc (each set-valued attribute is a Python predicate called per
token), then walks up to the root of each matched token. On our action patterns that was most of
the time of `pr_actions`, although a match needs its anchor: a token with one of a handful of
lemmas ("agree", "call", "pledge"...). `AnchoredMatcher` reads the Doc's attributes once
(`Doc.to_array`), looks the anchors up by lemma or lower-case form, and follows only the
relations the pattern names from there. It returns the same matches, in the same order for a
pattern and anchor, as `DependencyMatcher` on a parsed Doc (checked on the corpus by
`tests/test_components_actions.py`); patterns are still validated by `DependencyMatcher` itself.

Supported: the token attributes `ORTH`/`TEXT`, `LOWER`, `LEMMA`, `POS`, `TAG`, `DEP` with a
string value or `IN` / `NOT_IN` lists, and the relation operators `>`, `<`, `>>`, `<<`, `.`,
`;` (see `OPERATORS`). Anything else is refused when the pattern is added.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, ORTH, POS, TAG
from spacy.matcher import DependencyMatcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

#: pattern attribute -> column of the Doc array read by `_Tree`
ATTRS = {"ORTH": 0, "TEXT": 0, "LOWER": 1, "LEMMA": 2, "POS": 3, "TAG": 4, "DEP": 5}
_COLUMNS = [ORTH, LOWER, LEMMA, POS, TAG, DEP]
_LEXICAL = (0, 1, 2)
#: REL_OP -> meaning (as in spaCy's DependencyMatcher; B is the right node, A the left one)
OPERATORS = {
    ">": "B is a child of A",
    "<": "B is the head of A",
    ">>": "B is a descendant of A",
    "<<": "B is an ancestor of A",
    ".": "B is the token right after A, in the same sentence",
    ";": "B is the token right before A, in the same sentence",
}


class UnsupportedPattern(ValueError):
    """A pattern uses an attribute, predicate or operator this matcher does not implement."""


@dataclass(frozen=True, slots=True)
class _Test:
    column: int
    values: frozenset[int]
    negate: bool


@dataclass(frozen=True, slots=True)
class _Node:
    left: int  # index of the LEFT_ID node (-1 for the anchor)
    op: str
    tests: tuple[_Test, ...]


class _Tree:
    """Columns, heads and children of one parsed Doc."""

    __slots__ = ("_children", "_roots", "cols", "heads", "n")

    def __init__(self, doc: Doc) -> None:
        self.n = len(doc)
        array = doc.to_array(_COLUMNS)
        self.cols = [array[:, c].tolist() for c in range(len(_COLUMNS))]
        rel = doc.to_array(HEAD).astype(numpy.int64).tolist()
        self.heads = [i + r for i, r in enumerate(rel)]
        self._children: list[list[int]] | None = None
        self._roots: list[int] | None = None

    def children(self, i: int) -> list[int]:
        if self._children is None:
            kids: list[list[int]] = [[] for _ in range(self.n)]
            for j, h in enumerate(self.heads):
                if h != j:
                    kids[h].append(j)
            self._children = kids
        return self._children[i]

    def descendants(self, i: int) -> list[int]:
        out: list[int] = []
        stack = list(self.children(i))
        while stack:
            j = stack.pop()
            out.append(j)
            stack.extend(self.children(j))
        return sorted(out)

    def ancestors(self, i: int) -> list[int]:
        out = []
        while self.heads[i] != i:
            i = self.heads[i]
            out.append(i)
        return sorted(out)

    def root(self, i: int) -> int:
        if self._roots is None:
            roots = []
            for j in range(self.n):
                k = j
                while self.heads[k] != k:
                    k = self.heads[k]
                roots.append(k)
            self._roots = roots
        return self._roots[i]

    def related(self, i: int, op: str) -> list[int]:
        if op == ">":
            return self.children(i)
        if op == "<":
            return [self.heads[i]] if self.heads[i] != i else []
        if op == ">>":
            return self.descendants(i)
        if op == "<<":
            return self.ancestors(i)
        if op == ".":
            return [i + 1] if i + 1 < self.n and self.root(i + 1) == self.root(i) else []
        if op == ";":
            return [i - 1] if i > 0 and self.root(i - 1) == self.root(i) else []
        raise UnsupportedPattern(op)  # refused in add(); kept for safety


def _compile_attrs(vocab: Vocab, attrs: dict) -> tuple[_Test, ...]:
    tests = []
    for key, value in attrs.items():
        if key not in ATTRS:
            raise UnsupportedPattern(f"attribute {key}")
        column = ATTRS[key]

        def code(v: str, key: str = key) -> int:
            if key == "POS":
                if v not in POS_IDS:
                    raise UnsupportedPattern(f"POS {v!r}")
                return POS_IDS[v]
            return vocab.strings.add(v)

        if isinstance(value, str):
            tests.append(_Test(column, frozenset([code(value)]), False))
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN"):
            op, words = next(iter(value.items()))
            tests.append(_Test(column, frozenset(code(w) for w in words), op == "NOT_IN"))
        else:
            raise UnsupportedPattern(f"{key}: {value!r}")
    # most selective first: equality and short lists before NOT_IN
    return tuple(sorted(tests, key=lambda t: (t.negate, len(t.values))))


class AnchoredMatcher:
    """A drop-in for `DependencyMatcher.__call__` on parsed Docs, for the patterns we use.

    `add(key, patterns)` takes DependencyMatcher patterns (validated by DependencyMatcher);
    calling the matcher on a Doc gives `[(key_hash, [token index per node]), ...]`: for each
    pattern in the order added, its matches ordered by anchor and then by the positions of the
    following nodes, as DependencyMatcher yields them within one sentence.
    """

    def __init__(self, vocab: Vocab, validate: bool = True) -> None:
        self.vocab = vocab
        self._check = DependencyMatcher(vocab, validate=validate)
        # patterns grouped by the test their anchor is looked up with: (column, values)
        self._groups: dict[tuple[int | None, frozenset[int]], list[tuple[int, tuple[_Node, ...]]]] \
            = {}

    def __len__(self) -> int:
        return sum(len(patterns) for patterns in self._groups.values())

    def add(self, key: str, patterns: list[list[dict]]) -> None:
        self._check.add(key, patterns)  # schema and tree checks, spaCy's own error messages
        key_hash = self.vocab.strings.add(key)
        for pattern in patterns:
            ids: dict[str, int] = {}
            nodes = []
            for n, spec in enumerate(pattern):
                if n == 0:
                    left, op = -1, ""
                else:
                    op = spec["REL_OP"]
                    if op not in OPERATORS:
                        raise UnsupportedPattern(f"REL_OP {op!r}")
                    left = ids[spec["LEFT_ID"]]
                ids[spec["RIGHT_ID"]] = n
                nodes.append(_Node(left, op, _compile_attrs(self.vocab, spec.get("RIGHT_ATTRS",
                                                                                   {}))))
            # the anchor is looked up by a positive test, a word list rather than a tag if it can
            lookup = min((t for t in nodes[0].tests if not t.negate), default=None,
                         key=lambda t: (t.column not in _LEXICAL, len(t.values)))
            group = (None, frozenset()) if lookup is None else (lookup.column, lookup.values)
            self._groups.setdefault(group, []).append((key_hash, tuple(nodes)))

    def __call__(self, doc: Doc) -> list[tuple[int, list[int]]]:
        if not self._groups or not len(doc):
            return []
        tree = _Tree(doc)
        index: dict[int, dict[int, list[int]]] = {}  # column -> value -> token positions
        out: list[tuple[int, list[int]]] = []
        for (column, values), patterns in self._groups.items():
            if column is None:
                anchors: list[int] | range = range(tree.n)
            else:
                if column not in index:
                    by_value: dict[int, list[int]] = defaultdict(list)
                    for i, v in enumerate(tree.cols[column]):
                        by_value[v].append(i)
                    index[column] = by_value
                by_value = index[column]
                if values.isdisjoint(by_value):
                    continue
                anchors = sorted(i for v in values.intersection(by_value) for i in by_value[v])
            for key_hash, nodes in patterns:
                for anchor in anchors:
                    if _passes(tree, anchor, nodes[0].tests):
                        _extend(tree, nodes, [anchor], key_hash, out)
        return out


def _passes(tree: _Tree, i: int, tests: tuple[_Test, ...]) -> bool:
    for test in tests:
        if (tree.cols[test.column][i] in test.values) == test.negate:
            return False
    return True


def _extend(tree: _Tree, nodes: tuple[_Node, ...], chosen: list[int], key_hash: int,
            out: list[tuple[int, list[int]]]) -> None:
    if len(chosen) == len(nodes):
        out.append((key_hash, list(chosen)))
        return
    node = nodes[len(chosen)]
    for j in tree.related(chosen[node.left], node.op):
        if _passes(tree, j, node.tests):
            chosen.append(j)
            _extend(tree, nodes, chosen, key_hash, out)
            chosen.pop()
