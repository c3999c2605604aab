"""Segment body paragraphs into blocks `P.I` and meeting sessions (SPEC section 2)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import BadPatterns

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
ROMAN = {"i": 1, "v": 5, "x": 10}
SPACES = re.compile(r"[\s\u00a0\u200b\u3000\ufeff]+")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a release body."""

    block_id: str
    para_no: int
    item_no: int
    session_no: int | None
    numbered: bool
    text: str


@dataclass(frozen=True, slots=True)
class SegmentRules:
    """Compiled segmentation rules (models/segment.toml)."""

    number: re.Pattern[str]
    bullet: re.Pattern[str]
    trailing: re.Pattern[str] | None  # end marks cut from the end of a paragraph ("... /End/")
    furniture: tuple[re.Pattern[str], ...]
    session_open: tuple[re.Pattern[str], ...]
    session_leave: tuple[re.Pattern[str], ...]


def load_rules(models_dir: Path) -> SegmentRules:
    """Read and compile models/segment.toml."""
    path = Path(models_dir) / "segment.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        flags = re.IGNORECASE
        return SegmentRules(
            number=re.compile(data["number"]),
            bullet=re.compile(r"^\s*(?:" + "|".join(data["bullets"]) + r")\s*"),
            trailing=re.compile("|".join(f"(?:{p})" for p in data["trailing"]), flags)
            if data.get("trailing") else None,
            furniture=tuple(re.compile(p, flags) for p in data["furniture"]),
            session_open=tuple(re.compile(p, flags) for p in data["session_open"]),
            session_leave=tuple(re.compile(p, flags) for p in data["session_leave"]),
        )
    except (OSError, KeyError, re.error, tomllib.TOMLDecodeError) as exc:
        raise BadPatterns(f"{path}: {exc}") from exc


def collapse(text: str) -> str:
    """Collapse whitespace (including non-breaking and zero-width spaces) to single spaces."""
    return SPACES.sub(" ", text).strip()


def _roman(text: str) -> int:
    total, prev = 0, 0
    for ch in reversed(text.lower()):
        val = ROMAN[ch]
        total = total - val if val < prev else total + val
        prev = max(prev, val)
    return total


def session_number(text: str, rules: SegmentRules) -> tuple[bool, int | None]:
    """(opens a session?, its number) for a block's text."""
    for pattern in rules.session_open:
        match = pattern.search(text)
        if not match:
            continue
        if not match.groups() or match.group(1) is None:
            return True, None
        token = match.group(1).lower()
        if token.isdigit():
            return True, int(token)
        if token in ORDINALS:
            return True, ORDINALS[token]
        digits = re.match(r"\d+", token)
        if digits:
            return True, int(digits.group())
        return True, _roman(token)
    return False, None


def _is_furniture(text: str, rules: SegmentRules) -> bool:
    return any(p.search(text) for p in rules.furniture)


def segment(paragraphs: list[str], rules: SegmentRules) -> list[Block]:
    """Blocks of a body, given its paragraphs in reading order."""
    # Pass 1: classify each paragraph as a numbered paragraph, a bullet item or prose.
    lines: list[tuple[str, int | None, str]] = []  # (kind, printed number, text)
    expected = 1
    for raw in paragraphs:
        text = collapse(raw)
        if rules.trailing is not None and text:
            text = rules.trailing.sub("", text).rstrip()
        if not text or _is_furniture(text, rules):
            continue
        match = rules.number.match(text)
        if match and int(match.group(1)) in (expected, expected + 1) and match.end() < len(text):
            number = int(match.group(1))
            lines.append(("number", number, text[match.end():].strip()))
            expected = number + 1
            continue
        bullet = rules.bullet.match(text)
        if bullet and bullet.end() < len(text):
            body = text[bullet.end():].strip()
            if body and not _is_furniture(body, rules):
                lines.append(("bullet", None, body))
            continue
        lines.append(("prose", None, text))

    numbered = any(kind == "number" for kind, _, _ in lines)
    blocks: list[Block] = []
    if not numbered:
        for i, (_, _, text) in enumerate(lines, start=1):
            opens, number = session_number(text, rules)
            blocks.append(Block(f"{i}.0", i, 0, None, False, text))
        return _assign_sessions(blocks, rules, numbered=False)

    para, item = 0, -1
    for kind, number, text in lines:
        if kind == "number":
            para, item = number or para + 1, 0
        else:
            item += 1
        blocks.append(Block(f"{para}.{item}", para, item, None, kind == "number", text))
    return _assign_sessions(blocks, rules, numbered=True)


def _assign_sessions(blocks: list[Block], rules: SegmentRules, numbered: bool) -> list[Block]:
    out: list[Block] = []
    current: int | None = None
    in_session = False
    for block in blocks:
        opens, number = session_number(block.text, rules)
        heads_paragraph = block.item_no == 0
        if opens:
            current, in_session = number, True
        elif in_session and heads_paragraph and any(p.search(block.text) for p in rules.session_leave):
            current, in_session = None, False
        out.append(Block(block.block_id, block.para_no, block.item_no,
                         current if in_session else None, block.numbered, block.text))
    return out
