"""Country gazetteer: build `models/countries.csv` from pycountry plus the hand-made alias table.

`python -m pipeline.gazetteer` regenerates the file. pycountry is used only by exact iteration and
lookup (its fuzzy search maps "the United States" to the Virgin Islands). Loading is cached.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import BadPatterns
from .settings import DEFAULT_MODELS_DIR

GAZETTEER_FILE = "countries.csv"
ALIASES_FILE = "country_aliases.csv"
STOPLIST_FILE = "country_stoplist.csv"
COLUMNS = ("pattern", "iso3", "form", "id", "country")
FORMS = ("name", "alias", "adjective")
STOP_KINDS = ("phrase", "honorific", "title")
_APOSTROPHES = ("'", "\u2019")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_SLUG = re.compile(r"[^a-z0-9.]+")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One pattern of the gazetteer."""

    pattern: str
    iso3: str
    form: str
    id: str
    country: str


@dataclass(frozen=True, slots=True)
class StopEntry:
    """One not-a-country phrase or person-name marker."""

    pattern: str
    kind: str  # "phrase" / "honorific" / "title"


def _read_csv(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            lines = [line for line in fh if line.strip() and not line.lstrip().startswith("#")]
    except OSError as exc:
        raise BadPatterns(f"{path}: {exc.strerror or exc}") from exc
    rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(lines)]
    for n, row in enumerate(rows, 2):
        if any(not row.get(col) for col in required):
            raise BadPatterns(f"{path}: row {n} lacks one of {', '.join(required)}: {row}")
    return rows


def _check(path: Path, pattern: str, iso3: str, form: str) -> None:
    if form not in FORMS or not re.fullmatch(r"[A-Z]{3}", iso3):
        raise BadPatterns(f"{path}: bad row {pattern!r},{iso3!r},{form!r}")


def _ascii_fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _strip_the(text: str) -> str:
    return _LEADING_THE.sub("", text.strip())


def _iso_variants(name: str) -> list[str]:
    """Readable forms of an ISO short name: "Korea, Republic of" -> "Republic of Korea"."""
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if "," not in name:
        return [name]
    head, tail = (part.strip() for part in name.split(",", 1))
    out = []
    if re.search(r"\bof(?: the)?$", tail, flags=re.IGNORECASE):
        out.append(_strip_the(f"{tail} {head}"))
    out.append(head)  # "Korea" is ambiguous; ambiguous heads are dropped in build_rows
    return out


def short_name(iso3: str) -> str | None:
    """The short English name of an ISO3 code ("South Korea", "United States"), or None."""
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return None
    official = getattr(country, "official_name", None)
    if getattr(country, "common_name", None):
        return country.common_name
    if "," in country.name and official:  # "Virgin Islands, British" -> "British Virgin Islands"
        return _strip_the(official)
    return _iso_variants(country.name)[0]


def _generated() -> list[tuple[str, str]]:
    """(pattern, iso3) pairs from ISO 3166-1 names, official names and common names."""
    import pycountry

    pairs: list[tuple[str, str]] = []
    for country in pycountry.countries:
        names = _iso_variants(country.name)
        for attr in ("official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.extend(_iso_variants(_strip_the(value)))
        pairs.extend((name, country.alpha_3) for name in names)
    return pairs


def _plural(adjective: str) -> str | None:
    if re.search(r"(?:an|i|ot)$", adjective):
        return adjective + "s"
    return None


def _variants(pattern: str) -> list[str]:
    out = [pattern]
    folded = _ascii_fold(pattern)
    out.append(folded)
    for text in list(out):
        for a, b in (_APOSTROPHES, _APOSTROPHES[::-1]):
            if a in text:
                out.append(text.replace(a, b))
    return list(dict.fromkeys(out))


def build_rows(models_dir: Path = DEFAULT_MODELS_DIR) -> list[GazetteerEntry]:
    """All gazetteer rows: aliases first (they win), then unambiguous ISO-derived names.

    The `country` column is the alias table's first `name` row for the code, else pycountry's.
    """
    path = Path(models_dir) / ALIASES_FILE
    aliases = _read_csv(path, ("pattern", "iso3", "form"))
    chosen: dict[str, tuple[str, str]] = {}  # pattern -> (iso3, form)
    alias_names: dict[str, str] = {}
    for row in aliases:
        pattern, iso3, form = _strip_the(row["pattern"]), row["iso3"], row["form"]
        _check(path, pattern, iso3, form)
        texts = _variants(pattern)
        if form == "adjective" and (plural := _plural(pattern)):
            texts.extend(_variants(plural))
        for text in texts:
            chosen.setdefault(text, (iso3, form))
        if form == "name":
            alias_names.setdefault(iso3, pattern)
    generated: dict[str, set[str]] = {}
    for name, iso3 in _generated():
        for text in _variants(name):
            generated.setdefault(text, set()).add(iso3)
    for text, codes in generated.items():
        if text not in chosen and len(codes) == 1:
            chosen[text] = (codes.pop(), "name")
    rows = []
    seen_ids: set[str] = set()
    for text, (iso3, form) in sorted(chosen.items(), key=lambda kv: (kv[1][0], kv[1][1], kv[0])):
        slug = _SLUG.sub("-", _ascii_fold(text).lower()).strip("-") or "x"
        rid, n = f"{iso3}.{form}.{slug}", 2
        while rid in seen_ids:  # "U.S." and "US" share a slug
            rid, n = f"{iso3}.{form}.{slug}-{n}", n + 1
        seen_ids.add(rid)
        country = alias_names.get(iso3) or short_name(iso3) or iso3
        rows.append(GazetteerEntry(text, iso3, form, rid, country))
    return rows


def write_gazetteer(models_dir: Path = DEFAULT_MODELS_DIR) -> Path:
    """Regenerate `countries.csv` in `models_dir`; returns its path."""
    path = Path(models_dir) / GAZETTEER_FILE
    rows = build_rows(models_dir)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([row.pattern, row.iso3, row.form, row.id, row.country])
    return path


@lru_cache(maxsize=8)
def load_gazetteer(models_dir: str = "") -> tuple[GazetteerEntry, ...]:
    """The rows of `countries.csv` (read once per folder)."""
    path = (Path(models_dir) if models_dir else DEFAULT_MODELS_DIR) / GAZETTEER_FILE
    entries = []
    for r in _read_csv(path, COLUMNS):
        _check(path, r["pattern"], r["iso3"], r["form"])
        entries.append(GazetteerEntry(r["pattern"], r["iso3"], r["form"], r["id"], r["country"]))
    if len({e.id for e in entries}) != len(entries):
        raise BadPatterns(f"{path}: duplicate ids")
    return tuple(entries)


@lru_cache(maxsize=8)
def load_stoplist(models_dir: str = "") -> tuple[StopEntry, ...]:
    """The not-a-country phrases and honorifics of `country_stoplist.csv` (read once)."""
    path = (Path(models_dir) if models_dir else DEFAULT_MODELS_DIR) / STOPLIST_FILE
    entries = tuple(StopEntry(r["pattern"], r["kind"]) for r in _read_csv(path, ("pattern", "kind")))
    if bad := [e for e in entries if e.kind not in STOP_KINDS]:
        raise BadPatterns(f"{path}: unknown kind(s) {sorted({e.kind for e in bad})}")
    return entries


@lru_cache(maxsize=8)
def country_names(models_dir: str = "") -> dict[str, str]:
    """ISO3 -> short English name, for every code in the gazetteer."""
    return {e.iso3: e.country for e in load_gazetteer(models_dir)}


@lru_cache(maxsize=8)
def _by_pattern(models_dir: str = "") -> dict[str, GazetteerEntry]:
    index: dict[str, GazetteerEntry] = {}
    for entry in load_gazetteer(models_dir):
        index.setdefault(entry.pattern, entry)
        index.setdefault(entry.pattern.upper(), entry)
    return index


def lookup_country(text: str, models_dir: str = "") -> GazetteerEntry | None:
    """The gazetteer entry whose pattern is exactly `text` (a leading "the" ignored), or None."""
    return _by_pattern(models_dir).get(_strip_the(" ".join(text.split())))


def main(argv: list[str] | None = None) -> int:
    """Command line: regenerate the gazetteer (optionally in another models folder)."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else DEFAULT_MODELS_DIR
    path = write_gazetteer(folder)
    print(f"wrote {path}")  # noqa: T201  (command-line entry point)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
