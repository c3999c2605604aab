"""Write result rows to one CSV per table (SPEC section 3), atomically.

Rows stream in; each table goes to a temporary file in the output folder that replaces the final
file only when the whole run has been written, so a crash never leaves a half-written table.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from .errors import OutputNotWritable
from .schema import TABLES, columns

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Permissions of written tables: what a plain open() would give (mkstemp makes files 0600).
FILE_MODE = 0o666 & ~_umask()


def cell(value: Any, excel_safe: bool = False) -> str:
    """One CSV cell: empty for None, `true`/`false` for booleans, text otherwise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if excel_safe and text.startswith(FORMULA_START):
        return "'" + text
    return text


class TableWriter:
    """Stream rows into `<out_dir>/<table>.csv` for every table in schema.TABLES."""

    def __init__(self, out_dir: Path, excel_safe: bool = False) -> None:
        self.out_dir = Path(out_dir)
        self.excel_safe = excel_safe
        self.counts: dict[str, int] = {name: 0 for name in TABLES}
        self._files: dict[str, tuple[IO[str], Any, str]] = {}

    def __enter__(self) -> TableWriter:
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            for name, row_type in TABLES.items():
                fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".csv.part",
                                           dir=self.out_dir)
                os.chmod(tmp, FILE_MODE)
                fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
                writer = csv.writer(fh, lineterminator="\r\n")
                writer.writerow(columns(row_type))
                self._files[name] = (fh, writer, tmp)
        except OSError as exc:
            self._discard()
            raise OutputNotWritable(f"{self.out_dir}: {exc.strerror or exc}") from exc
        return self

    def write(self, table: str, rows: Iterable[Any]) -> None:
        """Append rows (records of the table's type) to a table."""
        _, writer, _ = self._files[table]
        for row in rows:
            writer.writerow([cell(v, self.excel_safe) for v in dataclasses.astuple(row)])
            self.counts[table] += 1

    def write_result(self, tables: dict[str, list[Any]]) -> None:
        """Append every table's rows of one release."""
        for name, rows in tables.items():
            self.write(name, rows)

    def commit(self) -> None:
        """Flush, sync and move every table into place."""
        try:
            for fh, _, _ in self._files.values():
                fh.flush()
                os.fsync(fh.fileno())
                fh.close()
            for name, (_, _, tmp) in self._files.items():
                os.replace(tmp, self.out_dir / f"{name}.csv")
        except OSError as exc:
            self._discard()
            raise OutputNotWritable(f"{self.out_dir}: {exc.strerror or exc}") from exc
        self._files.clear()

    def _discard(self) -> None:
        for fh, _, tmp in self._files.values():
            fh.close()
            Path(tmp).unlink(missing_ok=True)
        self._files.clear()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            self.commit()
        else:
            self._discard()


def read_table(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a written CSV table as dicts of strings."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)
