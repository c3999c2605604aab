"""Safety: nothing named in a page is fetched or resolved, and nothing is written outside --out."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.export import read_table

XXE_PAGE = """<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd"> <!ENTITY remote SYSTEM "http://example.invalid/x">]>
<html><head><link rel="stylesheet" href="http://example.invalid/a.css">
<script src="http://example.invalid/a.js"></script></head>
<body><img src="http://example.invalid/pixel.gif"><iframe src="http://example.invalid/"></iframe>
<div class="board_detail"><div class="bo_head"><h2>Talks &secret; &remote;</h2>
<ul><li>Date : 2023-03-04</li></ul></div>
<div class="bo_con"><p>1. The two sides agreed to meet again &secret;.</p></div></div></body></html>"""


@pytest.fixture()
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the pipeline tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_safety_no_entity_resolution_no_fetch(tmp_path, no_network):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "xxe.html").write_text(XXE_PAGE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(tmp_path / "in"), "--out", str(out), "-q",
                                      "--workers", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = (out / "blocks.csv").read_text(encoding="utf-8") + \
        (out / "releases.csv").read_text(encoding="utf-8")
    assert "root:" not in text  # /etc/passwd was not read into the tables


@pytest.mark.parametrize("name", ["..evil.html", "=cmd|' calc'!A0.html", "releases.csv.html",
                                  "-rf.html", "con.html", "space name .html"])
def test_safety_writes_only_inside_out(tmp_path, name):
    src = tmp_path / "in"
    src.mkdir()
    (src / name).write_text("<p>1. The two sides agreed to meet again.</p>", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(src), "--out", str(out), "-q", "--workers", "1",
                                      "--excel-safe"])
    assert result.exit_code == 0, result.output
    outside = {p for p in tmp_path.rglob("*")} - {p for p in out.rglob("*")} - \
        {p for p in src.rglob("*")} - {out, src}
    assert not outside
    written = {p.name for p in out.iterdir()}
    assert written <= {"releases.csv", "blocks.csv", "dates.csv", "officials.csv",
                       "official_mentions.csv", "countries.csv", "actions.csv",
                       "datapackage.json", ".pressfacts"}
    row = next(read_table(out / "releases.csv"))
    if name.startswith(("=", "-")):  # --excel-safe: a formula-like id is quoted for spreadsheets
        assert row["release_id"].startswith("'")
