"""Read and validate gold files: labeled samples (SPEC section 9) and Prodigy/doccano span lines.

A gold file is JSON Lines; a gold folder stands for all `*.jsonl` files under it (sorted; errors
name the file and line). Each non-blank line is one of:

- a labeled sample (`labeled-sample.schema.json`): one release with its blocks, dates, officials,
  countries and actions. Checked against the schema, then for consistency (unique release_id and
  block_id, every date/official/action names an existing block).
- a span line, Prodigy style `{"text", "spans": [{"start", "end", "label", ...}], "meta": {...}}`
  or doccano style `{"text", "label": [[start, end, "LABEL"], ...]}` (also doccano's
  `"entities": [{"start_offset", "end_offset", "label"}]`). Prodigy lines answered `reject` or
  `ignore` are skipped. `release_id` and `block_id` are read from the line or from its `meta`.

Span labels map to the pipeline's mention tables (anything else is ignored and counted):

- `DATE`, `TIMEX`, `TIMEX3` -> `DATE` (dates.csv rows).
- `COUNTRY` -> `COUNTRY` (countries.csv rows); `GPE`, `NORP` and `LOC` count as `COUNTRY` only when
  the span carries an ISO3 code (`"iso3"` on the span or in its `attrs`/`meta`), since spaCy-style
  GPE labels also cover cities and regions, which are not country mentions. doccano triples cannot
  carry attributes, so a label `COUNTRY:KOR` (or `GPE:KOR`) carries the code in the label.
- `PERSON`, `PER`, `OFFICIAL` -> `PERSON` (official_mentions.csv rows).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import BadGold

SCHEMA_FILE = Path(__file__).with_name("labeled-sample.schema.json")
MAX_REPORTED_ERRORS = 20

DATE_LABELS = frozenset({"DATE", "TIMEX", "TIMEX3"})
COUNTRY_LABELS = frozenset({"COUNTRY"})
GEO_LABELS = frozenset({"GPE", "NORP", "LOC"})  # countries only with an iso3
PERSON_LABELS = frozenset({"PERSON", "PER", "OFFICIAL"})
ISO3 = re.compile(r"^[A-Z]{3}$")
SKIPPED_ANSWERS = frozenset({"reject", "ignore"})


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """One gold mention span of a span line, in the line's text."""

    start: int
    end: int
    label: str  # DATE, COUNTRY or PERSON
    iso3: str | None = None
    value: str | None = None


@dataclass(slots=True)
class SpanDoc:
    """One Prodigy/doccano line: a text with its gold spans."""

    line_no: int
    text: str
    release_id: str | None
    block_id: str | None
    spans: list[GoldSpan] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)
    where: str = ""  # "line N", or "FILE: line N" in a gold folder


@dataclass(slots=True)
class Gold:
    """Everything read from one gold file."""

    path: Path
    sha256: str
    releases: list[dict[str, Any]] = field(default_factory=list)
    release_lines: list[int] = field(default_factory=list)
    span_docs: list[SpanDoc] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _field_path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(line)"


def schema_errors(record: Any) -> list[str]:
    """`field: message` for every schema violation of one labeled-sample record."""
    found = []
    for err in sorted(_validator().iter_errors(record), key=lambda e: list(map(str, e.path))):
        where = list(err.absolute_path)
        if err.validator == "required" and isinstance(err.instance, dict):
            for name in err.validator_value:
                if name not in err.instance:
                    found.append(f"field {_field_path([*where, name])}: missing")
            continue
        found.append(f"field {_field_path(where)}: {err.message}")
    return found


def consistency_errors(record: dict[str, Any]) -> list[str]:
    """`field: message` for references to unknown or duplicated blocks in one record."""
    found = []
    seen: set[str] = set()
    for i, block in enumerate(record["blocks"]):
        if block["block_id"] in seen:
            found.append(f"field blocks[{i}].block_id: duplicate block_id {block['block_id']!r}")
        seen.add(block["block_id"])
    for table in ("dates", "actions"):
        for i, item in enumerate(record[table]):
            if item["block_id"] not in seen:
                found.append(f"field {table}[{i}].block_id: no block {item['block_id']!r}")
    for i, person in enumerate(record["officials"]):
        for j, bid in enumerate(person.get("block_ids") or []):
            if bid not in seen:
                found.append(f"field officials[{i}].block_ids[{j}]: no block {bid!r}")
    return found


def text_warnings(record: dict[str, Any], where: str) -> list[str]:
    """Warnings for gold texts that do not occur in their block (scoring does not need them)."""
    texts = {b["block_id"]: b["text"] for b in record["blocks"]}
    out = []
    for table, key in (("dates", "text"), ("actions", "content")):
        for i, item in enumerate(record[table]):
            block = texts.get(item["block_id"])
            if block is not None and item[key] not in block:
                out.append(f"{where}: {table}[{i}].{key} {item[key]!r} is not in block "
                           f"{item['block_id']}")
    return out


def _meta(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None and isinstance(obj.get("meta"), dict):
        value = obj["meta"].get(key)
    return None if value is None else str(value)


def _span_label(raw_label: str, attrs: dict[str, Any]) -> tuple[str | None, str | None]:
    """(our label, iso3) for a gold span label, or (None, None) when it is not scored."""
    label, _, code = raw_label.partition(":")
    label = label.strip().upper()
    iso3 = code.strip().upper() or None
    for where in (attrs, attrs.get("attrs"), attrs.get("meta")):
        if isinstance(where, dict) and where.get("iso3"):
            iso3 = str(where["iso3"]).upper()
    if label in DATE_LABELS:
        return "DATE", None
    if label in PERSON_LABELS:
        return "PERSON", None
    if label in COUNTRY_LABELS or (label in GEO_LABELS and iso3):
        return "COUNTRY", iso3
    return None, None


def _raw_spans(obj: dict[str, Any]) -> tuple[str, list[tuple[Any, Any, Any, dict[str, Any]]]]:
    """(field name, [(start, end, label, attributes)]) in any of the supported shapes."""
    out: list[tuple[Any, Any, Any, dict[str, Any]]] = []
    if isinstance(obj.get("spans"), list):
        for s in obj["spans"]:
            if not isinstance(s, dict):
                out.append((None, None, None, {}))
                continue
            out.append((s.get("start"), s.get("end"), s.get("label"), s))
        return "spans", out
    if isinstance(obj.get("entities"), list):
        return "entities", [
            (e.get("start_offset"), e.get("end_offset"), e.get("label"), e)
            if isinstance(e, dict) else (None, None, None, {})
            for e in obj["entities"]
        ]
    labels = obj.get("label", obj.get("labels"))
    name = "label" if "label" in obj else "labels"
    for item in labels if isinstance(labels, list) else []:
        if isinstance(item, list | tuple) and len(item) == 3:
            out.append((item[0], item[1], item[2], {}))
        else:
            out.append((None, None, None, {}))
    return name, out


def is_span_line(obj: Any) -> bool:
    """True for a Prodigy/doccano line (a `text` with spans, labels or entities)."""
    return (isinstance(obj, dict) and "text" in obj and "blocks" not in obj
            and any(k in obj for k in ("spans", "label", "labels", "entities")))


def read_span_line(obj: dict[str, Any], line_no: int) -> tuple[SpanDoc | None, list[str]]:
    """A span line as a SpanDoc (None when the annotator rejected it), and its errors."""
    errors: list[str] = []
    if obj.get("answer") in SKIPPED_ANSWERS:
        return None, errors
    text = obj.get("text")
    if not isinstance(text, str):
        return None, ["field text: must be a string"]
    doc = SpanDoc(line_no, text, _meta(obj, "release_id"), _meta(obj, "block_id"))
    name, raw = _raw_spans(obj)
    if name in ("label", "labels") and not isinstance(obj.get(name), list):
        errors.append(f"field {name}: must be a list of [start, end, label]")
    for i, (start, end, label, attrs) in enumerate(raw):
        where = f"field {name}[{i}]"
        if not isinstance(label, str) or not label:
            errors.append(f"{where}.label: missing or not a string")
            continue
        if type(start) is not int or type(end) is not int:
            errors.append(f"{where}: start and end must be integers")
            continue
        if not 0 <= start <= end <= len(text):
            errors.append(f"{where}: offsets {start}..{end} outside the text (length {len(text)})")
            continue
        ours, iso3 = _span_label(label, attrs)
        if ours is None:
            doc.ignored[label] += 1
            continue
        if iso3 is not None and not ISO3.match(iso3):
            errors.append(f"{where}: iso3 {iso3!r} is not three capital letters")
            continue
        value = attrs.get("value") if isinstance(attrs.get("value"), str) else None
        doc.spans.append(GoldSpan(start, end, ours, iso3, value))
    return doc, errors


def gold_files(path: Path) -> list[Path]:
    """The gold file itself, or every `*.jsonl` file under a gold folder, sorted."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*.jsonl") if p.is_file())
    return [path]


def gold_sha256(path: Path) -> str:
    """SHA-256 of a gold file, or of a gold folder's files (their names and contents)."""
    if not path.is_dir():
        return file_sha256(path)
    digest = hashlib.sha256()
    for file in gold_files(path):
        digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        digest.update(file_sha256(file).encode() + b"\n")
    return digest.hexdigest()


def read_gold(path: str | Path) -> Gold:
    """Read and validate a gold file (or a folder of them); raise BadGold naming line and field."""
    path = Path(path)
    if not path.exists():
        raise BadGold(f"{path}: file not found")
    files = gold_files(path)
    gold = Gold(path, gold_sha256(path))
    errors: list[str] = []
    first_line: dict[str, str] = {}
    for file in files:
        prefix = f"{file.relative_to(path).as_posix()}: " if path.is_dir() else ""
        try:
            lines = file.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(f"{prefix}cannot be read ({exc})")
            continue
        for line_no, line in enumerate(lines, start=1):
            where = f"{prefix}line {line_no}"
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            if is_span_line(obj):
                doc, problems = read_span_line(obj, line_no)
                errors.extend(f"{where}: {p}" for p in problems)
                if doc is not None and not problems:
                    doc.where = where
                    gold.span_docs.append(doc)
                continue
            problems = schema_errors(obj)
            if not problems:
                problems = consistency_errors(obj)
            if not problems:
                rid = obj["release_id"]
                if rid in first_line:
                    problems = [f"field release_id: duplicate of {first_line[rid]} ({rid!r})"]
                else:
                    first_line[rid] = where
            errors.extend(f"{where}: {p}" for p in problems)
            if not problems:
                gold.releases.append(obj)
                gold.release_lines.append(line_no)
                gold.warnings.extend(text_warnings(obj, where))
    if errors:
        shown = errors[:MAX_REPORTED_ERRORS]
        more = len(errors) - len(shown)
        detail = "; ".join(shown) + (f"; ... and {more} more" if more else "")
        raise BadGold(f"{path}: {detail}")
    if not gold.releases and not gold.span_docs:
        raise BadGold(f"{path}: no labeled release or span line")
    return gold
