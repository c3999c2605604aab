"""A Frictionless Data Package (`datapackage.json`) describing the output tables.

Field types come from the typed records in `schema.py`; R, pandas, DuckDB and spreadsheets that read
Data Packages load the tables with the right types and keys.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import typing
from pathlib import Path
from typing import Any

from . import __version__
from . import schema as sch
from .export import FILE_MODE
from .schema import TABLES

DATE_FIELDS = {"published", "event_date"}
ENUMS = {
    ("releases", "status"): ["ok", "error", "skipped"],
    ("dates", "granularity"): ["day", "month", "year"],
    ("dates", "modifier"): ["start", "mid", "end", "approx"],
    ("countries", "form"): ["name", "alias", "adjective"],
    ("actions", "type"): ["agreement", "call", "pledge"],
}
PRIMARY_KEYS = {
    "releases": ["release_id"],
    "blocks": ["release_id", "block_id"],
    "officials": ["release_id", "official_id"],
}
BLOCK_TABLES = ("dates", "official_mentions", "countries", "actions")
DESCRIPTIONS = {
    "release_id": "Input path relative to the input root, without extension, '/'-separated.",
    "source_path": "Path of the input file as given to the run.",
    "url": "Canonical URL of the page, when the page states it.",
    "site": "Site profile that cleaned the page ('generic' for the fallback).",
    "title": "Release title as shown, whitespace collapsed.",
    "published": "Date the page shows for the release.",
    "published_time": "Time of day the page shows with the date (HH:MM:SS).",
    "hits": "View count shown on the page.",
    "event_date": "Date of the main event the release reports.",
    "n_blocks": "Number of blocks of the release body.",
    "n_sessions": "Number of distinct numbered meeting sessions.",
    "content_sha256": "SHA-256 of the input file's bytes.",
    "status": "ok, error (the input could not be processed) or skipped (a limit or a duplicate).",
    "error": "What was wrong with the input, in one line.",
    "publisher": "ISO 3166-1 alpha-3 code of the publishing government.",
    "encoding": "Character encoding the page was decoded with.",
    "block_id": "Block 'P.I': printed paragraph number P, item I (0: the paragraph's own text).",
    "para_no": "Paragraph number P.",
    "item_no": "Item number I within the paragraph (0: the numbered paragraph itself).",
    "session_no": "Number of the meeting session the block belongs to.",
    "numbered": "Whether the paragraph number is printed in the release.",
    "text": "Text (of the block, or of the mention: block text[start:end]).",
    "start": "Start character offset in the block text.",
    "end": "End character offset in the block text (exclusive).",
    "value": "ISO date, month or year (XXXX when the year is unknown).",
    "value_end": "End of a range, ISO.",
    "granularity": "day, month or year.",
    "modifier": "start, mid, end (early/mid/late, the end of) or approx.",
    "rule_id": "Id of the pattern that found the mention (models/*).",
    "official_id": "Person number within the release, in order of first mention.",
    "name": "Fullest form of the person's name in the release.",
    "organization": "Body the person's office belongs to.",
    "country": "ISO3 of the person's government, or the country's short name (countries table).",
    "n_mentions": "Number of mentions of the person.",
    "block_ids": "Blocks mentioning the person, ';'-separated, in order.",
    "iso3": "ISO 3166-1 alpha-3 code.",
    "form": "name, alias or adjective.",
    "type": "agreement, call or pledge.",
    "actor": "The party that agreed, called or pledged, as written.",
    "actor_countries": "ISO3 codes the actor resolves to, ';'-separated.",
    "trigger": "Words that make it an action.",
    "content": "What was agreed, called for or pledged.",
}


def _field_type(table: str, name: str, annotation: Any) -> str:
    if name in DATE_FIELDS:
        return "date"
    if name == "published_time":
        return "time"
    args = set(typing.get_args(annotation)) or {annotation}
    args.discard(type(None))
    kind = args.pop() if len(args) == 1 else str
    return {int: "integer", bool: "boolean", float: "number"}.get(kind, "string")


def table_schema(table: str, row_type: type) -> dict[str, Any]:
    """Frictionless Table Schema of one table."""
    hints = typing.get_type_hints(row_type, vars(sch))
    fields = []
    for f in dataclasses.fields(row_type):
        spec: dict[str, Any] = {"name": f.name, "type": _field_type(table, f.name, hints[f.name])}
        if f.name in DESCRIPTIONS:
            spec["description"] = DESCRIPTIONS[f.name]
        if spec["type"] == "boolean":
            spec["trueValues"], spec["falseValues"] = ["true"], ["false"]
        if (table, f.name) in ENUMS:
            spec["constraints"] = {"enum": ENUMS[(table, f.name)]}
        fields.append(spec)
    out: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if table in PRIMARY_KEYS:
        out["primaryKey"] = PRIMARY_KEYS[table]
    fks = []
    if table != "releases":
        fks.append({"fields": ["release_id"],
                    "reference": {"resource": "releases", "fields": ["release_id"]}})
    if table in BLOCK_TABLES:
        fks.append({"fields": ["release_id", "block_id"],
                    "reference": {"resource": "blocks", "fields": ["release_id", "block_id"]}})
    if table == "official_mentions":
        fks.append({"fields": ["release_id", "official_id"],
                    "reference": {"resource": "officials", "fields": ["release_id", "official_id"]}})
    if fks:
        out["foreignKeys"] = fks
    return out


def descriptor(formats: tuple[str, ...] = ("csv",)) -> dict[str, Any]:
    """The Data Package descriptor of an output folder."""
    resources = []
    for table, row_type in TABLES.items():
        resources.append({
            "name": table,
            "path": f"{table}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": (row_type.__doc__ or "").strip(),
            "schema": table_schema(table, row_type),
        })
    return {
        "profile": "tabular-data-package",
        "name": "pressfacts-output",
        "title": "Facts extracted from press releases by pressfacts",
        "version": __version__,
        "resources": resources,
    }


def write_datapackage(out_dir: Path, formats: tuple[str, ...] = ("csv",)) -> Path:
    """Write `datapackage.json` into an output folder (atomically)."""
    path = Path(out_dir) / "datapackage.json"
    fd, tmp = tempfile.mkstemp(prefix=".datapackage.", dir=out_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(descriptor(formats), fh, indent=2)
        fh.write("\n")
    os.chmod(tmp, FILE_MODE)
    os.replace(tmp, path)
    return path
