"""The run manifest: what was processed, from which content, with which rules, and its rows.

A SQLite file in the output folder (`.pressfacts/state.sqlite`) keeps, per release, the input's size,
mtime and SHA-256, the pipeline fingerprint (package version, model, settings and every rule file)
and the release's rows (compressed JSON). Each chunk of results is committed in one transaction, so
a run killed at any moment loses at most the chunk in flight; the next run redoes only what is
missing, changed, or was produced by other rules.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import OutputNotWritable
from .process import ReleaseResult
from .schema import TABLES
from .settings import Settings

SCHEMA = """
CREATE TABLE IF NOT EXISTS releases (
    release_id TEXT PRIMARY KEY,
    source_path TEXT NOT NULL,
    size INTEGER,
    mtime_ns INTEGER,
    sha256 TEXT,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL,
    payload BLOB NOT NULL
);
"""
RULE_SUFFIXES = (".jsonl", ".json", ".csv", ".toml", ".txt")


def fingerprint(settings: Settings, model_version: str) -> str:
    """A hash of everything that changes the rows a release gives."""
    from . import __version__

    digest = hashlib.sha256()
    relevant = {k: v for k, v in dataclasses.asdict(settings).items()
                if k not in {"out_dir", "workers", "formats", "excel_safe", "models_dir"}}
    digest.update(json.dumps([__version__, model_version, relevant], sort_keys=True,
                             default=str).encode())
    models_dir = Path(settings.models_dir)
    for path in sorted(models_dir.rglob("*")):
        if path.is_file() and path.suffix in RULE_SUFFIXES:
            digest.update(path.relative_to(models_dir).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def encode_result(result: ReleaseResult) -> bytes:
    """Compressed JSON of every table's rows of one release."""
    payload = {name: [dataclasses.astuple(r) for r in rows]
               for name, rows in result.tables().items() if rows}
    return zlib.compress(json.dumps(payload, ensure_ascii=False).encode(), 3)


def decode_result(blob: bytes) -> dict[str, list[Any]]:
    """Rows per table, as records, from `encode_result` output."""
    payload = json.loads(zlib.decompress(blob))
    return {name: [TABLES[name](*values) for values in payload.get(name, [])] for name in TABLES}


class Store:
    """The manifest of one output folder."""

    def __init__(self, out_dir: Path, fingerprint: str) -> None:
        state_dir = Path(out_dir) / ".pressfacts"
        try:
            state_dir.mkdir(parents=True, exist_ok=True)
            self.path = state_dir / "state.sqlite"
            self.db = sqlite3.connect(self.path)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
            # Release ids met in the current pass: on disk, so memory stays flat on huge archives.
            self.db.execute("CREATE TEMP TABLE seen (release_id TEXT PRIMARY KEY, path TEXT)")
        except (OSError, sqlite3.Error) as exc:
            raise OutputNotWritable(f"{state_dir}: {exc}") from exc
        self.fingerprint = fingerprint

    def first_seen(self, release_id: str, path: str) -> str | None:
        """Record a release id met in this pass; the earlier input's path if it was met before."""
        cur = self.db.execute("INSERT OR IGNORE INTO seen VALUES (?, ?)", (release_id, path))
        if cur.rowcount:
            return None
        row = self.db.execute("SELECT path FROM seen WHERE release_id = ?", (release_id,)).fetchone()
        return str(row[0])

    def new_pass(self) -> None:
        """Forget the release ids met so far."""
        self.db.execute("DELETE FROM seen")

    def is_current(self, release_id: str, source_path: str, size: int, mtime_ns: int,
                   sha256: str | None = None) -> bool:
        """True when the stored rows came from this content with the current rules."""
        row = self.db.execute(
            "SELECT source_path, size, mtime_ns, sha256, fingerprint FROM releases "
            "WHERE release_id = ?", (release_id,)).fetchone()
        if row is None or row[4] != self.fingerprint or row[0] != source_path:
            return False
        if (row[1], row[2]) == (size, mtime_ns):
            return True
        return sha256 is not None and row[3] == sha256

    def put_many(self, entries: Iterable[tuple[ReleaseResult, int | None, int | None]]) -> None:
        """Store results (with their input's size and mtime) in one transaction."""
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO releases VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.release.release_id, r.release.source_path, size, mtime,
                  r.release.content_sha256, self.fingerprint, r.release.status,
                  encode_result(r)) for r, size, mtime in entries])

    def rows(self, release_id: str) -> dict[str, list[Any]] | None:
        """The stored rows of a release, or None."""
        row = self.db.execute("SELECT payload FROM releases WHERE release_id = ?",
                              (release_id,)).fetchone()
        return decode_result(row[0]) if row else None

    def iter_rows(self, release_ids: Iterable[str]) -> Iterator[dict[str, list[Any]]]:
        """Stored rows of each release, in the given order (missing ones skipped)."""
        for release_id in release_ids:
            rows = self.rows(release_id)
            if rows is not None:
                yield rows

    def close(self) -> None:
        self.db.close()
