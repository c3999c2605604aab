"""Find input files and decode them the way a browser would.

Inputs are files, folders (walked recursively, sorted) or glob patterns. Nothing is read until a
file's turn comes, so memory does not grow with the number of inputs.
"""

from __future__ import annotations

import codecs
import glob
import hashlib
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import InputNotFound, InputTooLarge, NotAPage, UnreadableInput

LOGGER = logging.getLogger(__name__)

SUFFIXES = frozenset({".html", ".htm", ".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})

# WHATWG encoding labels that browsers map to a wider encoding than Python's codec of that name.
BROWSER_ENCODINGS = {
    "euc-kr": "cp949",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "ksc5601": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
}
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE
)
# Bytes that never occur in a text page (C0 controls other than tab, LF, FF, CR, ESC).
BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file and where it sits under its input root."""

    path: Path
    root: Path
    release_id: str


@dataclass(frozen=True, slots=True)
class RawRelease:
    """A decoded input file."""

    release_id: str
    source_path: str
    kind: str  # "html" or "txt"
    text: str
    encoding: str
    sha256: str


def release_id_for(path: Path, root: Path) -> str:
    """The path relative to the input root, without extension, with `/` separators."""
    rel = path.relative_to(root) if path != root else Path(path.name)
    return rel.with_suffix("").as_posix()


def _walk(root: Path) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=_log_walk_error):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:  # symlink loop: do not descend again
            LOGGER.warning("symlink loop skipped at %s", dirpath)
            dirnames[:] = []
            continue
        seen.add(key)
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if path.suffix.lower() in SUFFIXES:
                yield path


def _log_walk_error(exc: OSError) -> None:
    LOGGER.warning("cannot list %s: %s", exc.filename, exc.strerror)


def _glob_root(pattern: str) -> Path:
    parts: list[str] = []
    for part in Path(pattern).parts:
        if glob.has_magic(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def iter_inputs(specs: Iterable[str | os.PathLike[str]]) -> Iterator[InputFile]:
    """Yield the input files named by files, folders or glob patterns, in a stable order."""
    for spec in specs:
        spec_str = os.fspath(spec)
        path = Path(spec_str)
        if path.is_dir():
            for file in _walk(path):
                yield InputFile(file, path, release_id_for(file, path))
        elif path.is_file() or path.is_symlink():
            yield InputFile(path, path.parent, path.with_suffix("").name)
        elif glob.has_magic(spec_str):
            root = _glob_root(spec_str)
            matches = sorted(glob.glob(spec_str, recursive=True))
            for match in matches:
                mpath = Path(match)
                if mpath.is_file() and mpath.suffix.lower() in SUFFIXES:
                    yield InputFile(mpath, root, release_id_for(mpath, root))
            if not matches:
                raise InputNotFound(f"no file matches {spec_str}")
        else:
            raise InputNotFound(spec_str)


def _normalise_encoding(label: str) -> str | None:
    label = label.strip().lower()
    label = BROWSER_ENCODINGS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def sniff_declared_encoding(data: bytes) -> str | None:
    """The encoding a `<meta charset>` or `http-equiv` declares in the first 4 KB, if any."""
    match = META_CHARSET.search(data[:4096])
    if not match:
        return None
    enc = _normalise_encoding(match.group(1).decode("ascii", "replace"))
    # A page that declares UTF-16 in ASCII bytes cannot be UTF-16 (WHATWG: treat as UTF-8).
    if enc and enc.startswith("utf-16"):
        return "utf-8"
    return enc


def decode(data: bytes, is_html: bool) -> tuple[str, str]:
    """Decode page bytes: BOM, then declared charset, then UTF-8, then detection."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc.replace("-sig", "")
    if is_html:
        declared = sniff_declared_encoding(data)
        if declared:
            try:
                return data.decode(declared), declared
            except UnicodeDecodeError:
                LOGGER.info("declared charset %s does not fit; detecting", declared)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is not None:
        enc = _normalise_encoding(best.encoding) or best.encoding
        return data.decode(enc, errors="replace"), enc
    return data.decode("cp1252", errors="replace"), "cp1252"


def looks_binary(data: bytes) -> bool:
    """True for PDFs, images, archives and other bytes that are not a text page."""
    if data.startswith(BINARY_MAGIC):
        return True
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return len(BINARY_BYTES.findall(head)) > max(8, len(head) // 100)


def read_input(item: InputFile, max_bytes: int) -> RawRelease:
    """Read and decode one input file."""
    try:
        size = item.path.stat().st_size
        if size > max_bytes:
            raise InputTooLarge(f"{item.path} is {size:,} bytes (limit {max_bytes:,})")
        data = item.path.read_bytes()
    except PermissionError as exc:
        raise UnreadableInput(f"{item.path}: permission denied") from exc
    except OSError as exc:
        raise UnreadableInput(f"{item.path}: {exc.strerror or exc}") from exc
    if looks_binary(data):
        raise NotAPage(f"{item.path} holds binary data")
    is_html = item.path.suffix.lower() in HTML_SUFFIXES
    text, encoding = decode(data, is_html)
    text = text.replace("\x00", "")
    return RawRelease(
        release_id=item.release_id,
        source_path=item.path.as_posix(),
        kind="html" if is_html else "txt",
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )
