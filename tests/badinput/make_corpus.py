"""Generate the bad-input corpus: pages that break naive pipelines.

Run `python tests/badinput/make_corpus.py OUT_DIR`; the tests call `make_corpus(path)`.
Returns {release_id: expected status} (`ok`, `error` or `skipped`, or `ok|error` where either is
a correct, explained outcome).
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

GOOD_BODY = (
    "<p>1. Foreign Minister Park Jin held talks with Mongolian Foreign Minister "
    "Batmunkh Battsetseg on March 3.</p><p>° The two ministers agreed to expand cooperation.</p>"
)


def page(body: str, title: str = "Foreign Ministers' Talks", head: str = "") -> str:
    """A minimal MOFA-like detail page around `body`."""
    return (
        f"<html><head>{head}<title>{title}</title></head><body><div class='board_detail'>"
        f"<div class='bo_head'><h2>{title}</h2><ul><li>Date : 2023-03-04</li><li>hit : 12</li>"
        f"</ul></div><div class='bo_con'>{body}</div></div></body></html>"
    )


def make_corpus(out: Path, big: bool = True) -> dict[str, str]:
    """Write the bad inputs under `out`; return the expected status per release_id."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261127)
    expect: dict[str, str] = {}

    def write(name: str, data: bytes | str, status: str) -> Path:
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expect[str(Path(name).with_suffix("").as_posix())] = status
        return path

    write("empty.html", b"", "error")
    write("whitespace.html", " \n\t \r\n " * 50, "error")
    write("zero.txt", b"", "error")
    write("pdf_named_html.html", b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(4000)),
          "error")
    write("png_named_html.html", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(2000)),
          "error")
    write("random_bytes.htm", bytes(rng.randrange(256) for _ in range(5000)), "error")
    write("truncated.html", page(GOOD_BODY)[:-60], "ok")
    write("unclosed_tags.html", page("<p>1. Talks were held on March 3.<p>° <b>The two sides "
                                     "agreed to meet again.<div><span>"), "ok")
    write("deep_nesting.html", page("<div>" * 100_000 + "<p>1. Deep text.</p>" + "</div>" * 100_000),
          "ok|error")
    write("single_huge_paragraph.html", page("<p>1. " + "word " * 220_000 + "</p>"), "skipped")
    write("misdeclared_charset.html", page(GOOD_BODY.replace("Park Jin", "Park Jin – 박진"),
                                           head='<meta charset="iso-8859-1">'), "ok")
    write("invalid_utf8.html", page(GOOD_BODY).encode() + b"\xff\xfe\xc3\x28 broken", "ok")
    write("mixed_encodings.html", page(GOOD_BODY).encode() + "<p>° 외교부</p>".encode("cp949")
          + "<p>° café</p>".encode("utf-8"), "ok")
    write("nul_bytes.html", page(GOOD_BODY).replace("Minister", "Mini\x00ster"), "ok")
    write("cr_only.txt", "Press Releases\r\rTitle of a release\r\r• Date : 2023-03-04\r• hit : 3\r\r"
          "1. The two sides agreed to meet again.\r° Second item.\r", "ok")
    write("crlf.txt", "Press Releases\r\n\r\nTitle of a release\r\n\r\n• Date : 2023-03-04\r\n"
          "• hit : 3\r\n\r\n1. The two sides agreed to meet again.\r\n° Second item.\r\n", "ok")
    write("korean_page.html", page("<p>1. 박진 외교부 장관은 3월 3일 몽골 외교장관과 회담을 가졌다.</p>",
                                   title="한-몽골 외교장관회담"), "ok|error")
    write("only_image.html", page('<p><img src="photo.jpg" alt=""></p>'), "error")
    write("no_body_text.html", "<html><head><title>Nothing</title></head><body>"
          "<nav><a href='/'>Home</a></nav></body></html>", "error")
    write("many_paragraphs.html", page("".join(
        f"<p>{i}. Paragraph {i} says the ministers met on March 3.</p>" for i in range(1, 2001))),
        "ok")
    # Two files, one release_id: the first (sorted: .htm) is processed, the second skipped.
    write("dup/same_release.html", page(GOOD_BODY), "ok")
    write("dup/same_release.htm", page(GOOD_BODY), "ok+skipped")
    if big:
        write("fifty_mb.html", page("<p>1. " + "x" * (50 * 1024 * 1024) + "</p>"), "skipped")
    # An unreadable file (only meaningful when not running as root) and a symlink loop.
    locked = write("unreadable.html", page(GOOD_BODY), "error" if os.geteuid() != 0 else "ok")
    locked.chmod(0)
    loop_dir = out / "loop"
    loop_dir.mkdir(exist_ok=True)
    if not (loop_dir / "again").exists():
        os.symlink("..", loop_dir / "again")
    return expect


if __name__ == "__main__":
    for release_id, status in make_corpus(Path(sys.argv[1])).items():
        print(f"{release_id}\t{status}")
