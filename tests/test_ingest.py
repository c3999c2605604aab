"""Finding inputs and decoding them like a browser."""

from __future__ import annotations

import codecs
import os

import pytest

from pipeline.errors import InputNotFound, InputTooLarge, NotAPage
from pipeline.ingest import InputFile, decode, iter_inputs, read_input, release_id_for


def test_ingest_release_id_relative_without_extension(tmp_path):
    (tmp_path / "mofa" / "2021").mkdir(parents=True)
    page = tmp_path / "mofa" / "2021" / "seq_321493.html"
    page.write_text("<p>x</p>")
    assert release_id_for(page, tmp_path) == "mofa/2021/seq_321493"


def test_ingest_walks_folders_sorted_and_filters_suffixes(tmp_path):
    for name in ["b.html", "a.txt", "c.htm", "skip.pdf", "sub/d.HTML"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert [i.release_id for i in iter_inputs([tmp_path])] == ["a", "b", "c", "sub/d"]


def test_ingest_glob_and_single_file(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "one.html").write_text("x")
    found = list(iter_inputs([str(tmp_path / "x" / "*.html")]))
    assert [i.release_id for i in found] == ["one"]
    assert [i.release_id for i in iter_inputs([tmp_path / "x" / "one.html"])] == ["one"]


def test_ingest_missing_input_raises(tmp_path):
    with pytest.raises(InputNotFound):
        list(iter_inputs([tmp_path / "nope"]))


def test_ingest_symlink_loop_terminates(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "p.html").write_text("x")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    ids = [i.release_id for i in iter_inputs([tmp_path])]
    assert "a/p" in ids and len(ids) < 5


@pytest.mark.parametrize("data,is_html,text,encoding", [
    (codecs.BOM_UTF8 + "한국".encode(), False, "한국", "utf-8"),
    ('<meta charset="euc-kr"><p>외교부</p>'.encode("cp949"), True, "외교부", "cp949"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=EUC-KR">외교부'.encode("cp949"),
     True, "외교부", "cp949"),
    ('<meta charset="windows-1252"><p>“quoted” – dash</p>'.encode("cp1252"), True, "“quoted” – dash",
     "cp1252"),
    ("plain ütf-8".encode(), False, "plain ütf-8", "utf-8"),
])
def test_ingest_decode_like_a_browser(data, is_html, text, encoding):
    decoded, enc = decode(data, is_html)
    assert text in decoded
    assert enc == encoding


def test_ingest_decode_detects_undeclared_korean():
    data = ("<p>" + "외교부는 오늘 한국과 몽골의 협력 회의를 개최하였다. " * 20 + "</p>").encode("cp949")
    decoded, _ = decode(data, True)
    assert "외교부" in decoded


def test_ingest_rejects_binary_and_large(tmp_path):
    pdf = tmp_path / "fake.html"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 10)
    with pytest.raises(NotAPage):
        read_input(InputFile(pdf, tmp_path, "fake"), max_bytes=10**6)
    big = tmp_path / "big.html"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(InputTooLarge):
        read_input(InputFile(big, tmp_path, "big"), max_bytes=1000)


def test_ingest_read_hashes_bytes(tmp_path):
    page = tmp_path / "p.txt"
    page.write_bytes(b"hello\x00 world")
    raw = read_input(InputFile(page, tmp_path, "p"), max_bytes=10**6)
    assert raw.text == "hello world" and raw.kind == "txt" and len(raw.sha256) == 64
