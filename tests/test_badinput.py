"""The whole CLI on the bad-input corpus: every input accounted for, no crash, the run goes on."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.export import read_table
from tests.badinput.make_corpus import make_corpus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    expect = make_corpus(root / "in")
    out = root / "out"
    result = CliRunner().invoke(cli, ["run", str(root / "in"), "--out", str(out), "-q",
                                      "--workers", "1"], catch_exceptions=False)
    return expect, out, result


def test_badinput_run_completes(bad_run):
    _, out, result = bad_run
    assert result.exit_code == 0, result.output
    assert (out / "releases.csv").exists()


def test_badinput_every_input_has_expected_status(bad_run):
    expect, out, _ = bad_run
    rows: dict[str, list[dict[str, str]]] = {}
    for row in read_table(out / "releases.csv"):
        rows.setdefault(row["release_id"], []).append(row)
    assert set(rows) == set(expect)
    for release_id, wanted in expect.items():
        got = sorted(r["status"] for r in rows[release_id])
        if wanted == "ok+skipped":
            assert got == ["ok", "skipped"], release_id
            continue
        assert len(got) == 1, release_id
        assert got[0] in wanted.split("|"), (release_id, rows[release_id][0]["error"])
        if got[0] != "ok":
            error = rows[release_id][0]["error"]
            assert error and "\n" not in error and release_id.split("/")[-1] in error


def test_badinput_mentions_have_exact_offsets(bad_run):
    _, out, _ = bad_run
    blocks = {(b["release_id"], b["block_id"]): b["text"] for b in read_table(out / "blocks.csv")}
    for table in ("dates", "countries", "official_mentions"):
        for row in read_table(out / f"{table}.csv"):
            text = blocks[(row["release_id"], row["block_id"])]
            assert text[int(row["start"]):int(row["end"])] == row["text"], (table, row)


def test_badinput_many_paragraphs(bad_run):
    _, out, _ = bad_run
    n = sum(1 for b in read_table(out / "blocks.csv") if b["release_id"] == "many_paragraphs")
    assert n == 2000
