"""Headless Chromium for the report tests: screenshots, the DOM after scripts ran, console lines.

Only the standard library (and numpy, when installed, to decode screenshots faster). The browser is
Debian's `chromium` package; tests skip when it is not installed.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

try:
    import numpy as np
except ImportError:  # pragma: no cover - the pure Python path below
    np = None

#: Flags for a quiet, offline, throw-away browser profile.
BASE_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0",
)
CONSOLE = re.compile(r":CONSOLE[:(\]]")


def find_chromium() -> str | None:
    """Path of the chromium executable, or None."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@dataclass(frozen=True)
class BrowserRun:
    """What one chromium invocation printed."""

    returncode: int
    stdout: str
    stderr: str

    def console_lines(self, page: Path | str | None = None) -> list[str]:
        """Console messages (errors, uncaught exceptions, logs) from `page` (any page if None)."""
        lines = []
        for line in self.stderr.splitlines():
            if not (CONSOLE.search(line) or "Uncaught" in line):
                continue
            if page is None or "source: file://" not in line or str(page) in line:
                lines.append(line)
        return lines


def run_chromium(target: Path | str, *flags: str, timeout: float = 300) -> BrowserRun:
    """Run headless chromium on a file (or URL) with a fresh profile folder."""
    exe = find_chromium()
    if exe is None:
        raise FileNotFoundError("chromium is not installed")
    url = target if isinstance(target, str) and "://" in target else Path(target).resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="pf-chromium-") as profile:
        proc = subprocess.run([exe, *BASE_FLAGS, f"--user-data-dir={profile}", *flags, url],
                              capture_output=True, text=True, timeout=timeout,
                              errors="replace")
    return BrowserRun(proc.returncode, proc.stdout, proc.stderr)


def screenshot(page: Path, png: Path, size: tuple[int, int] = (1280, 2000)) -> BrowserRun:
    """Screenshot of the top of a page."""
    return run_chromium(page, f"--screenshot={png}", f"--window-size={size[0]},{size[1]}")


def dump_dom(page: Path, budget_ms: int = 5000) -> BrowserRun:
    """The page's DOM (stdout) after its scripts and timers ran (virtual time budget)."""
    return run_chromium(page, "--dump-dom", f"--virtual-time-budget={budget_ms}")


# -- PNG decoding (stdlib zlib) --------------------------------------------------------------
@dataclass(frozen=True)
class Image:
    """A decoded 8-bit PNG: size, channels and the raw pixel rows."""

    width: int
    height: int
    channels: int
    rows: list[bytes]

    def colours(self, step: int = 7) -> set[bytes]:
        """Distinct pixel values on a grid of every `step`-th row and column."""
        c = self.channels
        seen: set[bytes] = set()
        for row in self.rows[::step]:
            for x in range(0, self.width * c, c * step):
                seen.add(row[x:x + c])
        return seen

    def pixel(self, x: int, y: int) -> bytes:
        c = self.channels
        return self.rows[y][x * c:(x + 1) * c]


def read_png(path: Path) -> Image:
    """Decode an 8-bit grey/RGB/RGBA, non-interlaced PNG (what chromium writes)."""
    data = Path(path).read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None:
        raise ValueError(f"{path}: no IHDR chunk")
    width, height, depth, colour_type, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour_type)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"{path}: unsupported PNG (depth {depth}, colour type {colour_type})")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        _unfilter(kind, line, prev, channels)
        rows.append(bytes(line))
        prev = line
    return Image(width, height, channels, rows)


def _unfilter(kind: int, line: bytearray, prev: bytearray, bpp: int) -> None:
    n = len(line)
    if kind == 0:
        return
    if np is not None and kind in (1, 2):
        cur = np.frombuffer(line, dtype=np.uint8)
        if kind == 2:  # up: add the row above
            out = cur + np.frombuffer(prev, dtype=np.uint8)
        else:  # sub: a running sum per channel
            out = (cur.reshape(-1, bpp).cumsum(axis=0, dtype=np.uint64) & 0xFF).astype(np.uint8)
        line[:] = out.tobytes()
        return
    if kind == 2:  # up
        for i in range(n):
            line[i] = (line[i] + prev[i]) & 0xFF
        return
    for i in range(n):
        a = line[i - bpp] if i >= bpp else 0
        if kind == 1:  # sub
            line[i] = (line[i] + a) & 0xFF
        elif kind == 3:  # average
            line[i] = (line[i] + ((a + prev[i]) >> 1)) & 0xFF
        elif kind == 4:  # paeth
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[i] = (line[i] + pred) & 0xFF
        else:
            raise ValueError(f"bad PNG filter type {kind}")
