"""The table-generic CSV writer."""

from __future__ import annotations

import csv

import pytest

from pipeline.errors import OutputNotWritable
from pipeline.export import TableWriter, cell, read_table
from pipeline.schema import TABLES, BlockRow, ReleaseRow, columns


def test_export_empty_tables_get_headers(tmp_path):
    with TableWriter(tmp_path):
        pass
    for name, row_type in TABLES.items():
        with (tmp_path / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == columns(row_type)


def test_export_rows_round_trip_with_quoting(tmp_path):
    text = 'He said "yes", then\nleft'
    with TableWriter(tmp_path) as writer:
        writer.write("blocks", [BlockRow("r/1", "1.0", 1, 0, None, True, text)])
    rows = list(read_table(tmp_path / "blocks.csv"))
    assert rows == [{"release_id": "r/1", "block_id": "1.0", "para_no": "1", "item_no": "0",
                     "session_no": "", "numbered": "true", "text": text}]


def test_export_crash_leaves_previous_tables(tmp_path):
    with TableWriter(tmp_path) as writer:
        writer.write("releases", [ReleaseRow("old", "old.html")])
    with pytest.raises(RuntimeError), TableWriter(tmp_path) as writer:
        writer.write("releases", [ReleaseRow("new", "new.html")])
        raise RuntimeError("crash")
    assert [r["release_id"] for r in read_table(tmp_path / "releases.csv")] == ["old"]
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("value,safe,expected", [
    (None, False, ""), (True, False, "true"), (3, False, "3"),
    ("=HYPERLINK(1)", True, "'=HYPERLINK(1)"), ("=x", False, "=x"), ("-5", True, "'-5"),
    ("plain", True, "plain"),
])
def test_export_cell(value, safe, expected):
    assert cell(value, safe) == expected


def test_export_unwritable_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputNotWritable):
        with TableWriter(blocker / "out"):
            pass
