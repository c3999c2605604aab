"""Benchmark of a run at scale (issue "Archives at scale"). It measures; it asserts nothing.

`bench()` generates N synthetic MOFA-style releases (or takes a folder) and reports, in one run:

- end-to-end throughput of `runner.run` with 1 worker (fresh output folder): releases/s, words/s
  (words = whitespace tokens of the block texts);
- the stock model (`spacy.load(model)`, all its enabled components, same batch size, one process)
  on exactly the same block texts, and the ratio end-to-end / stock;
- the time share of every stage (read, clean, segment, each model component, each `pr_*`
  component, each release-level extraction, write), from a separate profiling pass that calls the
  stage functions itself over the same inputs;
- peak RSS per process (Linux `VmHWM`, see `_peak_rss_mb`), at N and optionally at more sizes;
- speed-up of `runner.run` with 1 vs 2 (or more) workers, next to the stock model's
  `nlp.pipe(n_process=...)` speed-up on the same texts;
- the time of a re-run with no changes on the same output folder, as a share of the first run.

Every timed run happens in a fresh spawned process, so the measuring process's own memory and
loaded models do not leak into the numbers. Nothing in `process.py` or `runner.py` is changed:
the profiling pass wraps the release-level extraction functions from the outside and runs each
pipe component as its own pass over the docs.

The targets of the issue are reported as `met: true/false`, never asserted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import logging
import multiprocessing
import os
import platform
import random
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from .errors import PipelineError
from .settings import DEFAULT_CORPUS_DIR, PROJECT_ROOT, Settings, load_settings

LOGGER = logging.getLogger(__name__)

#: Targets of the issue (reported, not asserted).
TARGETS = {
    "e2e_vs_bare_words_per_s": 0.90,   # end-to-end words/s >= 0.9 x stock model words/s
    "speedup_vs_bare_speedup": 0.95,   # 2-worker speed-up >= 0.95 x bare n_process=2 speed-up
    "peak_rss_per_worker_mb": 700.0,   # per worker process
    "rss_growth_max": 0.10,            # "flat": largest size's peak <= 1.10 x smallest size's
    "rerun_share_max": 0.05,           # re-run with no changes <= 5% of the first run
}

#: Top-level keys of a report (the smoke test checks them).
REPORT_KEYS = ("bench_version", "started", "command", "machine", "settings", "inputs",
               "end_to_end", "bare_model", "e2e_vs_bare", "stages", "rss", "scaling", "rerun",
               "targets", "load_average")
BENCH_VERSION = 1
#: File that marks a scratch folder as the benchmark's (its subfolders are replaced on reuse).
WORKDIR_MARKER = ".pressfacts-bench"

# ===============================================================================================
# Synthetic releases
# ===============================================================================================
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_MONTH_RE = "|".join(MONTHS)

#: (name, adjective, capital, takes "the") of countries rotated into the synthetic releases.
COUNTRIES: tuple[tuple[str, str, str, bool], ...] = (
    ("Germany", "German", "Berlin", False), ("France", "French", "Paris", False),
    ("Italy", "Italian", "Rome", False), ("Spain", "Spanish", "Madrid", False),
    ("Poland", "Polish", "Warsaw", False), ("Netherlands", "Dutch", "The Hague", True),
    ("Sweden", "Swedish", "Stockholm", False), ("Norway", "Norwegian", "Oslo", False),
    ("Finland", "Finnish", "Helsinki", False), ("Denmark", "Danish", "Copenhagen", False),
    ("Hungary", "Hungarian", "Budapest", False), ("Romania", "Romanian", "Bucharest", False),
    ("Ukraine", "Ukrainian", "Kyiv", False), ("Japan", "Japanese", "Tokyo", False),
    ("China", "Chinese", "Beijing", False), ("Mongolia", "Mongolian", "Ulaanbaatar", False),
    ("Vietnam", "Vietnamese", "Hanoi", False), ("Indonesia", "Indonesian", "Jakarta", False),
    ("Malaysia", "Malaysian", "Kuala Lumpur", False), ("Thailand", "Thai", "Bangkok", False),
    ("Philippines", "Philippine", "Manila", True), ("Singapore", "Singaporean", "Singapore", False),
    ("India", "Indian", "New Delhi", False), ("Kazakhstan", "Kazakh", "Astana", False),
    ("Uzbekistan", "Uzbek", "Tashkent", False), ("Australia", "Australian", "Canberra", False),
    ("New Zealand", "New Zealand", "Wellington", False), ("Canada", "Canadian", "Ottawa", False),
    ("United States", "American", "Washington", True), ("Mexico", "Mexican", "Mexico City", False),
    ("Brazil", "Brazilian", "Brasilia", False), ("Chile", "Chilean", "Santiago", False),
    ("Peru", "Peruvian", "Lima", False), ("Paraguay", "Paraguayan", "Asuncion", False),
    ("Argentina", "Argentine", "Buenos Aires", False), ("Kenya", "Kenyan", "Nairobi", False),
    ("Nigeria", "Nigerian", "Abuja", False), ("Ghana", "Ghanaian", "Accra", False),
    ("Ethiopia", "Ethiopian", "Addis Ababa", False), ("Egypt", "Egyptian", "Cairo", False),
    ("Saudi Arabia", "Saudi", "Riyadh", False), ("Qatar", "Qatari", "Doha", False),
    ("United Arab Emirates", "Emirati", "Abu Dhabi", True), ("Russia", "Russian", "Moscow", False),
    ("United Kingdom", "British", "London", True), ("Sudan", "Sudanese", "Khartoum", False),
)
_KO_FAMILY = ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han",
              "Shin", "Seo", "Kwon", "Hwang", "Ahn", "Song", "Hong", "Yoo", "Baek", "Nam", "Moon")
_KO_SYLLABLES = ("min", "jae", "seo", "yeon", "ji", "hoon", "woo", "jin", "hyun", "soo", "young",
                 "ho", "sung", "eun", "kyung", "tae", "dong", "joon", "hee", "won", "sang", "chul")
_JA_FAMILY = ("Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
              "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Matsumoto", "Inoue")
_JA_GIVEN = ("Hiroshi", "Takeshi", "Kenji", "Yuko", "Akiko", "Masato", "Naoki", "Haruka",
             "Daisuke", "Emi", "Satoshi", "Kaori")
_GIVEN = ("Anna", "Lukas", "Maria", "Jonas", "Elena", "Mateo", "Sofia", "Daniel", "Amara",
          "Thomas", "Laura", "Ahmed", "Olga", "Pedro", "Ines", "Kofi", "Nadia", "Marco",
          "Helena", "Samuel", "Rania", "Viktor", "Camila", "Tomasz", "Aisha", "Erik")
_FAMILY = ("Keller", "Moreau", "Rossi", "Novak", "Jensen", "Silva", "Kowalski", "Haddad",
           "Mensah", "Larsen", "Petrov", "Navarro", "Bauer", "Okafor", "Lindqvist", "Farouk",
           "Horvath", "Castillo", "Nyberg", "Rahman", "Dumont", "Santos", "Varga", "Tanaka")

_NUMBER = re.compile(r"^(\d{1,2})([.)])(\s*)")
_DATE = re.compile(
    rf"\b(?P<m1>{_MONTH_RE}) (?P<d1>\d{{1,2}})(?:(?P<rs>-|–| and | to )(?P<d2>\d{{1,2}}))?"
    rf"(?:, (?P<y1>(?:19|20)\d\d))?\b(?!-)"
    rf"|\b(?P<d3>\d{{1,2}}) (?P<m3>{_MONTH_RE})(?: (?P<y3>(?:19|20)\d\d))?\b"
    r"|(?<![\d.,])(?P<y>(?:19|20)\d\d)(?![\d])"
    r"|\b(?P<ord>\d{1,3})(?:st|nd|rd|th)\b")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclasses.dataclass(slots=True)
class _Template:
    key: str
    title: str
    published: dt.date
    lead: list[str]
    groups: list[list[str]]  # numbered paragraph + its bullets / following prose
    numbered: bool
    style: tuple[str, str]   # separator and spacing after the paragraph number ("." and " ")
    names: list[tuple[str, str | None]]  # officials (name, ISO3) from the labeled samples


def _labeled_names(roots: Iterable[Path]) -> dict[str, list[tuple[str, str | None]]]:
    """Officials per release (by file stem) from the labeled dev samples and the seed's gold."""
    names: dict[str, list[tuple[str, str | None]]] = {}
    for root in roots:
        for path in sorted(root.glob("*.jsonl")) if root.is_dir() else [root]:
            if not path.is_file():
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                rec = json.loads(line)
                stem = str(rec.get("release_id", "")).rsplit("/", 1)[-1]
                names[stem] = [(o["name"], o.get("country")) for o in rec.get("officials", [])]
    return names


#: Folders of `corpus/releases` whose MOFA pages are templates (a fixed list, so that pages added
#: elsewhere in the corpus do not change the synthetic releases; the held-out part is never used).
TEMPLATE_DIRS = ("mofa", "other/mofa_kr", "seed")


def load_templates(corpus_dir: Path | None = None) -> list[_Template]:
    """MOFA pages of the corpus (TEMPLATE_DIRS) and the seed, cleaned by the pipeline."""
    from . import clean as clean_mod
    from .ingest import iter_inputs, read_input

    corpus = Path(corpus_dir) if corpus_dir else DEFAULT_CORPUS_DIR
    settings = load_settings()
    profiles = clean_mod.load_profiles(settings.models_dir)
    seed_dir = PROJECT_ROOT / "tests" / "data" / "seed"
    labeled = PROJECT_ROOT / "corpus" / "labeled"
    names = _labeled_names([labeled / "parts", labeled / "dev.jsonl",
                            *sorted(seed_dir.glob("*.gold.jsonl"))])
    specs = [p for p in (*(corpus / d for d in TEMPLATE_DIRS), seed_dir) if p.is_dir()]
    templates: list[_Template] = []
    seen: set[str] = set()
    for item in iter_inputs(specs):
        try:
            raw = read_input(item, settings.max_bytes)
            cl = clean_mod.clean(raw, profiles)
        except Exception:  # a page the cleaner rejects is no template
            continue
        if not cl.site.startswith("mofa_kr") or not cl.published or raw.sha256 in seen:
            continue
        seen.add(raw.sha256)
        lead: list[str] = []
        groups: list[list[str]] = []
        style = (".", " ")
        for para in cl.paragraphs:
            m = _NUMBER.match(para)
            if m:
                if not groups:
                    style = (m.group(2), m.group(3))
                groups.append([para])
            elif groups:
                groups[-1].append(para)
            else:
                lead.append(para)
        numbered = bool(groups)
        if not groups:  # an unnumbered page: every paragraph is a group
            groups, lead = [[p] for p in lead[1:]], lead[:1]
        stem = item.path.stem
        templates.append(_Template(stem, cl.title or "Press Release",
                                   dt.date.fromisoformat(cl.published), lead, groups, numbered,
                                   style, names.get(stem, [])))
    if not templates:
        raise PipelineError(f"no MOFA page to build synthetic releases from in {corpus}")
    return templates


_COUNTRY_WORDS: tuple[dict[str, tuple[int, str]], re.Pattern[str]] | None = None


def _country_words() -> tuple[dict[str, tuple[int, str]], re.Pattern[str]]:
    """Every country name, adjective and capital of COUNTRIES, and one regex for them."""
    global _COUNTRY_WORDS
    if _COUNTRY_WORDS is None:
        words: dict[str, tuple[int, str]] = {}
        for i, (name, adj, capital, _) in enumerate(COUNTRIES):
            words.setdefault(capital, (i, "capital"))
            words.setdefault(adj, (i, "adjective"))
            words[name] = (i, "name")
        for short, name in (("UK", "United Kingdom"), ("U.S.", "United States")):
            words[short] = (words[name][0], "name")
        alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        _COUNTRY_WORDS = words, re.compile(
            rf"(?<![\w.])(?:(?P<art>[Tt]he) )?(?P<w>{alts})(?![\w.])")
    return _COUNTRY_WORDS


class _Rewriter:
    """Consistent substitutions for one synthetic release: countries, names, dates, numbers."""

    def __init__(self, rng: random.Random, published: dt.date) -> None:
        self.rng = rng
        self.published = published
        self.countries: dict[int, int] = {}
        self.names: dict[str, str] = {}
        self._words, self._country_re = _country_words()

    # -- names ----------------------------------------------------------------------------------
    def add_names(self, officials: Sequence[tuple[str, str | None]]) -> None:
        rng = self.rng
        for name, country in officials:
            tokens = name.split()
            for k, tok in enumerate(tokens):
                if tok in self.names or len(tok) < 3 or "." in tok or not tok[:1].isupper():
                    continue
                if country == "KOR":
                    new = (rng.choice(_KO_FAMILY) if k == 0 else
                           "-".join(rng.choice(_KO_SYLLABLES) for _ in tok.split("-")).capitalize())
                elif country == "JPN":
                    new = rng.choice(_JA_FAMILY if k == 0 else _JA_GIVEN)
                else:
                    new = rng.choice(_FAMILY if k == len(tokens) - 1 else _GIVEN)
                self.names[tok] = new.upper() if tok.isupper() and len(tok) > 1 else new

    def _sub_names(self, text: str) -> str:
        if not self.names:
            return text
        alts = "|".join(re.escape(t) for t in sorted(self.names, key=len, reverse=True))
        return re.sub(rf"(?<![\w])({alts})(?![\w])", lambda m: self.names[m.group(1)], text)

    # -- countries ------------------------------------------------------------------------------
    def _target(self, source: int, text: str) -> int:
        if source not in self.countries:
            used = set(self.countries.values())
            free = [i for i, c in enumerate(COUNTRIES) if i not in used and c[0] not in text]
            self.countries[source] = self.rng.choice(free or range(len(COUNTRIES)))
        return self.countries[source]

    def _sub_countries(self, text: str) -> str:
        def repl(m: re.Match[str]) -> str:
            src, kind = self._words[m.group("w")]
            tgt = COUNTRIES[self._target(src, text)]
            word = {"name": tgt[0], "adjective": tgt[1], "capital": tgt[2]}[kind]
            art = m.group("art")
            if kind == "name" and tgt[3]:
                lead = art or ("the" if m.start() == 0 or text[m.start() - 1] == " " else "")
                return f"{lead} {word}" if lead else word
            if kind == "name" and art and COUNTRIES[src][3]:
                return word  # "the Netherlands" -> "Kenya"
            return f"{art} {word}" if art else word

        return self._country_re.sub(repl, text)

    # -- dates and numbers ----------------------------------------------------------------------
    def _sub_dates(self, text: str, base: dt.date) -> str:
        delta = self.published - base
        years = self.published.year - base.year

        def shift(month: str, day: str, year: str | None) -> dt.date | None:
            try:
                return dt.date(int(year or base.year), MONTHS.index(month) + 1,
                               min(int(day), 28 if month == "February" else 31)) + delta
            except ValueError:
                return None

        def repl(m: re.Match[str]) -> str:
            if m.group("m1"):
                new = shift(m.group("m1"), m.group("d1"), m.group("y1"))
                if new is None:
                    return m.group(0)
                out = f"{MONTHS[new.month - 1]} {new.day}"
                if m.group("d2"):
                    end = new + dt.timedelta(days=max(0, int(m.group("d2")) - int(m.group("d1"))))
                    out += m.group("rs") + (str(end.day) if end.month == new.month
                                            else f"{MONTHS[end.month - 1]} {end.day}")
                return out + (f", {new.year}" if m.group("y1") else "")
            if m.group("m3"):
                new = shift(m.group("m3"), m.group("d3"), m.group("y3"))
                if new is None:
                    return m.group(0)
                return f"{new.day} {MONTHS[new.month - 1]}" + (f" {new.year}" if m.group("y3")
                                                               else "")
            if m.group("y"):
                return str(int(m.group("y")) + years)
            return _ordinal(max(1, int(m.group("ord")) + self.rng.randint(-2, 6)))

        return _DATE.sub(repl, text)

    def rewrite(self, text: str, base: dt.date) -> str:
        return self._sub_dates(self._sub_countries(self._sub_names(text)), base)


def _compose(templates: Sequence[_Template], index: int, seed: int
             ) -> tuple[dt.date, str, int, list[str], str]:
    """Title, date, hits, paragraphs and page format of synthetic release `index`."""
    rng = random.Random(f"pressfacts-bench:{seed}:{index}")
    base = templates[(index + seed) % len(templates)]  # rotate through the templates
    published = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(12 * 365))
    rw = _Rewriter(rng, published)
    rw.add_names(base.names)
    # keep the first group, a random subset of the others, maybe the last; add groups of others
    keep = [0] + sorted(rng.sample(range(1, len(base.groups)),
                                   rng.randint(min(1, len(base.groups) - 1),
                                               len(base.groups) - 1)))
    parts: list[tuple[list[str], _Template]] = [(base.groups[i], base) for i in keep]
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3, 4))):
        donor = rng.choice(templates)
        if len(donor.groups) > 1:
            rw.add_names(donor.names)
            at = rng.randint(1, len(parts))
            parts.insert(at, (rng.choice(donor.groups[1:]), donor))
    paragraphs = [rw.rewrite(p, base.published) for p in base.lead]
    number = 0
    for group, tpl in parts:
        for k, para in enumerate(group):
            text = rw.rewrite(para, tpl.published)
            m = _NUMBER.match(text)
            if k == 0 and m:
                text = text[m.end():]
                if base.numbered:
                    number += 1
                    text = f"{number}{base.style[0]}{base.style[1]}{text}"
            paragraphs.append(text)
    title = rw.rewrite(base.title, base.published)
    fmt = rng.choices(("html", "html_euckr", "txt"), weights=(60, 15, 25))[0]
    return published, title, rng.randint(80, 4000), paragraphs, fmt


def _skeletons() -> dict[str, str]:
    """Page furniture of a current and an old (EUC-KR) MOFA page of the corpus."""
    mofa = DEFAULT_CORPUS_DIR / "mofa"
    return {"html": (mofa / "2019" / "seq_320577.html").read_text(encoding="utf-8"),
            "html_euckr": (mofa / "2016" / "seq_316204.html").read_bytes().decode("cp949")}


_BODY = {
    "html": re.compile(r'(<div class="bo_con">\s*).*?(</div>\s*<div class="bo_sns">)', re.S),
    "html_euckr": re.compile(r'(<div class="bo_con">\s*).*?(</div>\s*</div>\s*<p class="btns">)',
                             re.S),
}
_TXT_HEAD = ("Skip navigation\n\nCountries Information\n\n  1. HOME\n  2. Press\n"
             "  3. Press Releases\nPress Releases\nPress Releases 상세보기\n\n")


def _render(fmt: str, skeleton: str, seq: int, published: dt.date, clock: str, hits: int,
            title: str, paragraphs: list[str]) -> bytes:
    if fmt == "txt":
        text = (f"{_TXT_HEAD}{title}\n\n  • Date : {published.isoformat()} {clock}\n"
                f"  • hit : {hits}\n\n" + "\n\n\n".join(paragraphs) + "\n\nList\n")
        return text.encode("utf-8")
    esc = [html.escape(p, quote=False) for p in paragraphs]
    if fmt == "html":
        body = ('<div style="font-family: 굴림, Gulim, Arial; line-height: 1.8;">\n'
                + "".join(f"{p}<br /><br />\n" for p in esc) + "End<br />\n</div>\n\n")
        date = f"{published.isoformat()} {clock}"
    else:
        body = "".join(f'<p style="text-align: justify;"><span style="font-size: 11pt; '
                       f'font-family: Arial;">{p}</span></p>\n<p>&nbsp;</p>\n' for p in esc)
        body += '<p style="text-align: right;">End</p>\n'
        date = published.isoformat()
    page = _BODY[fmt].sub(lambda m: m.group(1) + body + m.group(2), skeleton, count=1)
    etitle = html.escape(title)
    page = re.sub(r"(<div class=\"bo_head\">\s*<h2>).*?(</h2>)",
                  lambda m: m.group(1) + etitle + m.group(2), page, count=1, flags=re.S)
    page = re.sub(r'(property="og:title" content=")[^"]*', lambda m: m.group(1) + etitle, page)
    page = re.sub(r"(Date(?:</span>)? : )[^<]*", lambda m: m.group(1) + date, page, count=1)
    page = re.sub(r"(hit(?:</span>)? : )\d+", lambda m: f"{m.group(1)}{hits}", page, count=1)
    page = re.sub(r"seq=\d+", f"seq={seq}", page)
    if fmt == "html_euckr":
        return page.encode("cp949", errors="xmlcharrefreplace")
    return page.encode("utf-8")


def make_releases(out_dir: str | Path, n: int, seed: int = 0,
                  corpus_dir: Path | None = None) -> list[Path]:
    """Write `n` synthetic MOFA-style releases under `out_dir`; deterministic for a `seed`.

    Each release starts from a MOFA page of the corpus (rotating through them), keeps a random
    subset of its numbered paragraphs, may take paragraphs from other pages, and rotates the
    countries (names, adjectives, capitals), the officials' names (from the labeled samples), the
    dates (shifted to a new publication date between 2014 and 2025), ordinals and hit counts.
    It is written as a current MOFA page (UTF-8), an old one (EUC-KR) or a text dump. Release `i`
    depends only on `seed` and `i`, so a smaller set is a prefix of a larger one.
    """
    out = Path(out_dir)
    templates = load_templates(corpus_dir)
    skeletons = _skeletons()
    paths: list[Path] = []
    for i in range(n):
        published, title, hits, paragraphs, fmt = _compose(templates, i, seed)
        rng = random.Random(f"pressfacts-bench-clock:{seed}:{i}")
        clock = f"{rng.randint(8, 19):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        seq = 330000 + i
        ext = "txt" if fmt == "txt" else "html"
        path = out / "mofa" / str(published.year) / f"seq_{seq}.{ext}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_render(fmt, skeletons.get(fmt, ""), seq, published, clock, hits, title,
                                 paragraphs))
        paths.append(path)
    return paths


# ===============================================================================================
# Measuring helpers
# ===============================================================================================
def _status_kb(pid: int | str, field: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _peak_rss_mb() -> float:
    """Peak RSS of this process in MB.

    Linux `VmHWM` (the high-water mark of this process image). `ru_maxrss` is NOT used when
    `VmHWM` is there: for a process started by spawn (fork/vfork + exec) Linux carries the parent's
    peak over the exec, so a child of a 800 MB parent reports >= 800 MB whatever it uses.
    """
    kb = _status_kb("self", "VmHWM")
    if kb is None:  # not Linux: ru_maxrss (KB on Linux, bytes on macOS)
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if sys.platform == "darwin":
            kb //= 1024
    return round(kb / 1024, 1)


class _ChildPeaks:
    """Polls the peak RSS (VmHWM) of this process's child processes while they run."""

    def __init__(self, interval: float = 0.5, enabled: bool = True) -> None:
        self.interval = interval
        self.enabled = enabled
        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _children(self) -> list[int]:
        me = os.getpid()
        kids: list[int] = []
        try:
            entries = os.listdir("/proc")
        except OSError:
            return kids
        for name in entries:
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as fh:
                    stat = fh.read()
                if int(stat.rsplit(")", 1)[1].split()[1]) != me:
                    continue
                with open(f"/proc/{name}/cmdline", "rb") as fh:
                    if b"resource_tracker" in fh.read():
                        continue
            except (OSError, ValueError, IndexError):
                continue
            kids.append(int(name))
        return kids

    def _scan(self) -> None:
        for pid in self._children():
            kb = _status_kb(pid, "VmHWM")
            if kb:
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), round(kb / 1024, 1))

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._scan()

    def __enter__(self) -> _ChildPeaks:
        if self.enabled:  # off when there are no children: no thread in a timed process
            self._scan()
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._stop.set()
            self._thread.join()


def _child_main(conn: Any, fn_name: str, kwargs: dict[str, Any]) -> None:
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    try:
        result = globals()[fn_name](**kwargs)
        conn.send(("ok", result))
    except BaseException as exc:  # report to the parent, whatever it was
        import traceback

        conn.send(("error", f"{exc.__class__.__name__}: {exc}\n{traceback.format_exc()}"))
    finally:
        conn.close()


def _in_fresh_process(fn_name: str, **kwargs: Any) -> dict[str, Any]:
    """Run one job (a `_job_*` function of this module) in a freshly spawned process."""
    ctx = multiprocessing.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child_main, args=(send, fn_name, kwargs))
    proc.start()
    send.close()
    try:
        status, payload = recv.recv()
    except EOFError:
        proc.join()
        raise PipelineError(f"benchmark job {fn_name} died (exit code {proc.exitcode})") from None
    proc.join()
    if status != "ok":
        raise PipelineError(f"benchmark job {fn_name} failed: {payload}")
    return payload


def _job_run(specs: list[str], settings: Settings, preload: bool) -> dict[str, Any]:
    """One `runner.run` in this (fresh) process; times the model load apart when `preload`."""
    t0 = time.perf_counter()
    from . import runner

    imported = time.perf_counter() - t0
    load = None
    if preload:  # the 1-worker engine reuses this process's cached processor
        t0 = time.perf_counter()
        runner._processor(settings)
        load = time.perf_counter() - t0
    with _ChildPeaks(enabled=settings.workers != 1) as peaks:
        t0 = time.perf_counter()
        summary = runner.run(specs, settings)
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "model_load_s": load, "import_s": imported,
            "inputs": summary.inputs, "processed": summary.processed, "reused": summary.reused,
            "status": dict(summary.status), "rows": dict(summary.rows),
            "peak_rss_mb": _peak_rss_mb(),
            "children_peak_rss_mb": sorted(peaks.peaks.values(), reverse=True)}


def _job_bare(model: str, texts_file: str, batch_size: int, n_process: int) -> dict[str, Any]:
    """The stock model over the block texts: `spacy.load(model)` and `nlp.pipe`."""
    import spacy

    from .nlp import load_model

    t0 = time.perf_counter()
    nlp = load_model(model)
    load = time.perf_counter() - t0
    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    with _ChildPeaks(enabled=n_process > 1) as peaks:
        t0 = time.perf_counter()
        n_docs = 0
        for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            n_docs += 1
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "model_load_s": load, "docs": n_docs,
            "pipe_names": list(nlp.pipe_names), "spacy": spacy.__version__,
            "peak_rss_mb": _peak_rss_mb(),
            "children_peak_rss_mb": sorted(peaks.peaks.values(), reverse=True)}


# ===============================================================================================
# The profiling pass: each stage timed on its own
# ===============================================================================================
def _chunked(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _stage_of(pipe_name: str) -> str:
    """`rules:NAME` for the project's components (`pr_*`), `model:NAME` for the model's own."""
    return ("rules:" if pipe_name.startswith("pr_") else "model:") + pipe_name


def profile_stages(specs: list[str], settings: Settings) -> dict[str, Any]:
    """Time every stage on the inputs, in this process; also return the block texts.

    read: `ingest.read_input`; clean and segment: `Processor.prepare` with `clean.clean` and
    `process.segment` wrapped; model and rules: `make_doc`, then each component of `nlp.pipeline`
    as its own pass over the chunk's docs (`pipe` with the run's batch size, as `nlp.pipe` calls
    it); extract: `Processor._result` with the four release-level functions wrapped (the rest of
    `_result`, building the rows, is `extract:rows`); write: committing each chunk to the manifest
    (`Store.put_many`) plus writing the tables from it (a `runner.run` on `settings.out_dir` whose
    inputs are all current, so it only checks the manifest and writes the tables).
    """
    from . import clean as clean_mod
    from . import process as process_mod
    from . import runner
    from .ingest import iter_inputs, read_input
    from .process import Processor
    from .store import Store, fingerprint

    t0 = time.perf_counter()
    processor = Processor(settings)
    load = time.perf_counter() - t0
    nlp = processor.nlp
    acc: dict[str, float] = {"read": 0.0, "clean": 0.0, "segment": 0.0, "model:tokenizer": 0.0}
    for name, _ in nlp.pipeline:
        acc[_stage_of(name)] = 0.0
    for key in ("extract:countries", "extract:dates", "extract:officials", "extract:actions",
                "extract:rows", "write"):
        acc[key] = 0.0

    def timed(key: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                acc[key] += time.perf_counter() - start
        return wrapper

    # (module, attribute, stage) of the functions timed from the outside
    patches = [(clean_mod, "clean", "clean"), (process_mod, "segment", "segment")] + [
        (process_mod, f"extract_{what}", f"extract:{what}")
        for what in ("countries", "dates", "officials", "actions")]
    originals = [(mod, attr, getattr(mod, attr)) for mod, attr, _ in patches]
    extract_keys = [key for _, _, key in patches if key.startswith("extract:")]
    texts: list[str] = []
    counts = {"ok": 0, "error": 0}
    items = list(iter_inputs(specs))
    store = Store(settings.out_dir, fingerprint(settings, runner._model_version(settings)))
    started = time.perf_counter()
    try:
        for (mod, attr, key), (_, _, fn) in zip(patches, originals):
            setattr(mod, attr, timed(key, fn))
        for chunk in _chunked(items, settings.releases_per_chunk):
            entries: list[Any] = []
            prepared: list[tuple[Any, Any, tuple[int | None, int | None]]] = []
            for item in chunk:
                try:
                    st = item.path.stat()
                    stat: tuple[int | None, int | None] = (st.st_size, st.st_mtime_ns)
                except OSError:
                    stat = (None, None)
                try:
                    t = time.perf_counter()
                    raw = read_input(item, settings.max_bytes)
                    acc["read"] += time.perf_counter() - t
                    prepared.append((item, processor.prepare(raw), stat))
                except Exception as exc:
                    entries.append((processor._error(item, exc), *stat))
                    counts["error"] += 1
            chunk_texts = [b.text for _, p, _ in prepared for b in p.blocks]
            texts.extend(chunk_texts)
            t = time.perf_counter()
            docs = [nlp.make_doc(text) for text in chunk_texts]
            acc["model:tokenizer"] += time.perf_counter() - t
            for name, proc in nlp.pipeline:
                t = time.perf_counter()
                if hasattr(proc, "pipe"):
                    docs = list(proc.pipe(docs, batch_size=settings.batch_size))
                else:
                    docs = [proc(doc) for doc in docs]
                acc[_stage_of(name)] += time.perf_counter() - t
            at = 0
            for item, prep, stat in prepared:
                release_docs = docs[at:at + len(prep.blocks)]
                at += len(prep.blocks)
                for doc, block in zip(release_docs, prep.blocks):
                    doc._.block_id = block.block_id
                before = sum(acc[k] for k in extract_keys)
                t = time.perf_counter()
                try:
                    result = processor._result(prep, release_docs)
                    counts["ok"] += 1
                except Exception as exc:
                    result = processor._error(item, exc)
                    counts["error"] += 1
                inner = sum(acc[k] for k in extract_keys) - before
                acc["extract:rows"] += time.perf_counter() - t - inner
                entries.append((result, *stat))
            t = time.perf_counter()
            store.put_many(entries)
            acc["write"] += time.perf_counter() - t
    finally:
        for mod, attr, fn in originals:
            setattr(mod, attr, fn)
        store.close()
    t = time.perf_counter()
    summary = runner.run(specs, settings, processor=processor)
    acc["write"] += time.perf_counter() - t
    if summary.processed:
        LOGGER.warning("profiling pass: the table write re-processed %d inputs",
                       summary.processed)
    wall = time.perf_counter() - started
    total = sum(acc.values())
    groups = {g: sum(v for k, v in acc.items() if k.startswith(g + ":"))
              for g in ("model", "rules", "extract")}
    group_seconds = {"read": acc["read"], "clean": acc["clean"], "segment": acc["segment"],
                     **groups, "write": acc["write"]}
    return {
        "seconds": {k: round(v, 4) for k, v in acc.items()},
        "share": {k: round(v / total, 4) if total else None for k, v in acc.items()},
        "group_seconds": {k: round(v, 4) for k, v in group_seconds.items()},
        "group_share": {k: round(v / total, 4) if total else None
                        for k, v in group_seconds.items()},
        "total_s": round(total, 3), "wall_s": round(wall, 3), "model_load_s": round(load, 3),
        "pipe_names": list(nlp.pipe_names), "releases": counts,
        "write_rerun_processed": summary.processed, "_texts": texts,
    }


# ===============================================================================================
# The benchmark
# ===============================================================================================
def _machine(settings: Settings) -> dict[str, Any]:
    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = _status_kb_file("/proc/meminfo", "MemTotal")
    import spacy
    import spacy.util

    from . import __version__

    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {"nproc": affinity or os.cpu_count(), "cpu_count": os.cpu_count(), "cpu_model": cpu,
            "ram_gb": round(ram / 1024 / 1024, 1) if ram else None,
            "platform": platform.platform(), "python": platform.python_version(),
            "spacy": spacy.__version__, "model": settings.model,
            "model_version": spacy.util.get_package_version(settings.model),
            "pressfacts": __version__, "git_commit": _git_commit()}


def _git_commit() -> str | None:
    """The checked-out commit of the project (read only; uncommitted edits are not shown)."""
    import subprocess

    try:
        out = subprocess.run(["git", "-C", str(PROJECT_ROOT), "rev-parse", "HEAD"],
                             capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def _status_kb_file(path: str, field: str) -> int | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _digest(folder: Path) -> tuple[int, str]:
    """Total bytes and one SHA-256 of every file under `folder` (paths and contents)."""
    import hashlib

    digest = hashlib.sha256()
    total = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        total += len(data)
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(data).digest())
    return total, digest.hexdigest()


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 4) if a is not None and b else None


def _met(value: float | None, target: float, higher_is_better: bool) -> bool | None:
    if value is None:
        return None
    return value >= target if higher_is_better else value <= target


def bench(n: int = 1000, input_dir: str | Path | None = None, workers_list: Sequence[int] = (1, 2),
          rss_at: Sequence[int] = (), seed: int = 0, workdir: str | Path | None = None,
          keep: bool = False, config: str | Path | None = None, model: str | None = None,
          command: str | None = None, log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Measure a run at scale; return the report (a JSON-able dict, keys in REPORT_KEYS)."""
    say = log or (lambda msg: LOGGER.info("%s", msg))
    workers_list = sorted(set(int(w) for w in workers_list) | {1})
    started = dt.datetime.now().astimezone()
    scratch = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="pressfacts-bench-"))
    marker = scratch / WORKDIR_MARKER
    if scratch.is_dir() and any(scratch.iterdir()) and not marker.exists():
        raise PipelineError(f"{scratch} is not empty and not a benchmark folder (no "
                            f"{WORKDIR_MARKER}); give an empty or new folder as --workdir")
    scratch.mkdir(parents=True, exist_ok=True)
    marker.touch()
    loads: dict[str, list[float] | None] = {"start": _loadavg()}
    try:
        base = load_settings(config, model=model)
        # the rules are copied once so that edits to models/ during the benchmark cannot change
        # the fingerprint between the first run and the re-run
        models = scratch / "models"
        if models.exists():
            shutil.rmtree(models)
        shutil.copytree(base.models_dir, models)
        base = base.replace(models_dir=models)
        if input_dir is not None:
            source = Path(input_dir)
            origin = str(source)
        else:
            source = scratch / "releases"
            if source.exists():
                shutil.rmtree(source)
            say(f"generating {n} synthetic releases (seed {seed}) in {source}")
            make_releases(source, n, seed)
            origin = "generated"
        specs = [str(source)]
        n_inputs = sum(1 for p in source.rglob("*") if p.suffix.lower() in
                       (".html", ".htm", ".txt") and p.is_file())
        n_bytes, digest = _digest(source)

        def out(name: str) -> Settings:
            folder = scratch / name
            if folder.exists():
                shutil.rmtree(folder)
            return base.replace(out_dir=folder)

        # 1. profiling pass (also yields the block texts)
        say("profiling pass: each stage timed on its own")
        prof = profile_stages(specs, out("out_profile").replace(workers=1))
        texts = prof.pop("_texts")
        words = sum(len(t.split()) for t in texts)
        texts_file = scratch / "block_texts.json"
        texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        loads["after_profile"] = _loadavg()

        # 2. the stock model on the same texts, n_process = each worker count
        bare: dict[int, dict[str, Any]] = {}
        for w in workers_list:
            say(f"stock model: nlp.pipe(n_process={w}) on {len(texts)} block texts")
            bare[w] = _in_fresh_process("_job_bare", model=base.model, texts_file=str(texts_file),
                                        batch_size=base.batch_size, n_process=w)
        loads["after_bare"] = _loadavg()

        # 3. runner.run with each worker count, fresh output folders
        runs: dict[int, dict[str, Any]] = {}
        for w in workers_list:
            say(f"runner.run with {w} worker(s), fresh output folder")
            runs[w] = _in_fresh_process("_job_run", specs=specs,
                                        settings=out(f"out_w{w}").replace(workers=w),
                                        preload=(w == 1))
        loads["after_runs"] = _loadavg()

        # 4. re-run with no changes on the 1-worker output folder
        say("re-run with no changes on the same output folder")
        rerun = _in_fresh_process("_job_run", specs=specs,
                                  settings=base.replace(out_dir=scratch / "out_w1", workers=1),
                                  preload=False)

        # 5. peak RSS at other sizes (1 worker: the run's process is the worker)
        rss_sizes: list[dict[str, Any]] = []
        for size in rss_at:
            if input_dir is None and size == n:
                res = runs[1]
            else:
                folder = scratch / f"releases_{size}"
                if folder.exists():
                    shutil.rmtree(folder)
                say(f"RSS at {size} releases: generating and running with 1 worker")
                make_releases(folder, size, seed)
                res = _in_fresh_process("_job_run", specs=[str(folder)],
                                        settings=out(f"out_rss_{size}").replace(workers=1),
                                        preload=False)
            rss_sizes.append({"releases": size, "peak_rss_mb": res["peak_rss_mb"],
                              "seconds": round(res["seconds"], 2)})
        loads["end"] = _loadavg()
    finally:
        if not keep and workdir is None:
            shutil.rmtree(scratch, ignore_errors=True)

    one = runs[1]
    first_total = one["seconds"] + (one["model_load_s"] or 0.0)
    e2e_wps = words / one["seconds"] if one["seconds"] else None
    bare_wps = words / bare[1]["seconds"] if bare[1]["seconds"] else None
    releases = one["processed"]
    scaling: dict[str, Any] = {"runs": {}, "bare": {}}
    for w in workers_list:
        r = runs[w]
        wall = r["seconds"] + (r["model_load_s"] or 0.0)  # as `pressfacts run --workers w`
        kids = r["children_peak_rss_mb"]
        scaling["runs"][str(w)] = {
            "seconds": round(wall, 3), "speedup": _ratio(first_total, wall),
            "pool_used": bool(kids) if w > 1 else False,
            "main_peak_rss_mb": r["peak_rss_mb"], "worker_peak_rss_mb": kids[:w]}
        b = bare[w]
        scaling["bare"][str(w)] = {"seconds": round(b["seconds"], 3),
                                   "speedup": _ratio(bare[1]["seconds"], b["seconds"])}
        scaling["runs"][str(w)]["speedup_vs_bare_speedup"] = _ratio(
            scaling["runs"][str(w)]["speedup"], scaling["bare"][str(w)]["speedup"])
    top = str(max(workers_list))
    worker_rss = [one["peak_rss_mb"]] + [m for w in workers_list if w > 1
                                         for m in runs[w]["children_peak_rss_mb"][:w]]
    peak_worker = max(worker_rss + [r["peak_rss_mb"] for r in rss_sizes])
    growth = None
    if len(rss_sizes) >= 2:
        by_size = sorted(rss_sizes, key=lambda r: r["releases"])
        growth = _ratio(by_size[-1]["peak_rss_mb"] - by_size[0]["peak_rss_mb"],
                        by_size[0]["peak_rss_mb"])
    rerun_share = _ratio(rerun["seconds"], first_total)
    e2e_ratio = _ratio(e2e_wps, bare_wps)
    speedup_ratio = scaling["runs"][top]["speedup_vs_bare_speedup"] if top != "1" else None
    report: dict[str, Any] = {
        "bench_version": BENCH_VERSION,
        "started": started.isoformat(timespec="seconds"),
        "command": command,
        "machine": _machine(base),
        "settings": {"batch_size": base.batch_size, "releases_per_chunk": base.releases_per_chunk,
                     "model": base.model, "workers_list": workers_list, "seed": seed},
        "inputs": {"source": origin, "files": n_inputs, "bytes": n_bytes, "sha256": digest,
                   "releases_ok": one["status"].get("ok", 0),
                   "releases_error": one["status"].get("error", 0),
                   "releases_skipped": one["status"].get("skipped", 0),
                   "blocks": len(texts), "words": words, "rows": one["rows"]},
        "end_to_end": {"workers": 1, "model_load_s": round(one["model_load_s"] or 0.0, 3),
                       "run_s": round(one["seconds"], 3), "wall_s": round(first_total, 3),
                       "releases_per_s": round(releases / one["seconds"], 2),
                       "words_per_s": round(e2e_wps or 0.0, 1),
                       "words_per_s_incl_load": round(words / first_total, 1)},
        "bare_model": {"pipe_names": bare[1]["pipe_names"], "batch_size": base.batch_size,
                       "seconds": round(bare[1]["seconds"], 3),
                       "words_per_s": round(bare_wps or 0.0, 1),
                       "model_load_s": round(bare[1]["model_load_s"], 3)},
        "e2e_vs_bare": e2e_ratio,
        "stages": prof,
        "rss": {"unit": "MB (peak, VmHWM)", "one_worker_process_mb": one["peak_rss_mb"],
                "per_worker_max_mb": peak_worker, "at_sizes": rss_sizes, "growth": growth},
        "scaling": scaling,
        "rerun": {"seconds": round(rerun["seconds"], 3), "share_of_first": rerun_share,
                  "processed": rerun["processed"], "reused": rerun["reused"],
                  "import_s": round(rerun["import_s"], 3)},
        "targets": {
            "e2e_vs_bare_words_per_s": {"value": e2e_ratio,
                                        "target": TARGETS["e2e_vs_bare_words_per_s"],
                                        "met": _met(e2e_ratio,
                                                    TARGETS["e2e_vs_bare_words_per_s"], True)},
            "speedup_vs_bare_speedup": {"value": speedup_ratio,
                                        "target": TARGETS["speedup_vs_bare_speedup"],
                                        "met": _met(speedup_ratio,
                                                    TARGETS["speedup_vs_bare_speedup"], True)},
            "peak_rss_per_worker_mb": {"value": peak_worker,
                                       "target": TARGETS["peak_rss_per_worker_mb"],
                                       "met": _met(peak_worker,
                                                   TARGETS["peak_rss_per_worker_mb"], False)},
            "rss_flat": {"value": growth, "target": TARGETS["rss_growth_max"],
                         "met": _met(growth, TARGETS["rss_growth_max"], False)},
            "rerun_share": {"value": rerun_share, "target": TARGETS["rerun_share_max"],
                            "met": _met(rerun_share, TARGETS["rerun_share_max"], False)},
        },
        "load_average": loads,
    }
    return report


# ===============================================================================================
# Printing
# ===============================================================================================
def _fmt(value: Any, spec: str = "") -> str:
    if value is None:
        return "-"
    return format(value, spec) if spec else str(value)


def format_report(report: dict[str, Any]) -> str:
    """A readable text table of a report."""
    m, inp, e2e, bare = report["machine"], report["inputs"], report["end_to_end"], \
        report["bare_model"]
    st, sc, rss, rr = report["stages"], report["scaling"], report["rss"], report["rerun"]
    lines = [
        f"pressfacts bench  {report['started']}",
        f"machine: {m['nproc']} CPUs ({m['cpu_model']}), {m['ram_gb']} GB RAM; Python "
        f"{m['python']}, spaCy {m['spacy']}, {m['model']} {m['model_version']}",
        f"load average (1/5/15 min): start {report['load_average'].get('start')}, "
        f"end {report['load_average'].get('end')}",
        f"inputs: {inp['files']} files ({inp['source']}), {inp['releases_ok']} ok / "
        f"{inp['releases_error']} error / {inp['releases_skipped']} skipped; {inp['blocks']} "
        f"blocks, {inp['words']} words",
        f"pipeline: {', '.join(st.get('pipe_names', []))}",
        "",
        "throughput (1 worker)                     value",
        f"  end-to-end releases/s               {e2e['releases_per_s']:>10.2f}",
        f"  end-to-end words/s                  {e2e['words_per_s']:>10.0f}"
        f"   (run {e2e['run_s']:.1f}s + model load {e2e['model_load_s']:.1f}s)",
        f"  stock model words/s                 {bare['words_per_s']:>10.0f}"
        f"   ({'+'.join(bare['pipe_names'])}, batch {bare['batch_size']})",
        f"  end-to-end / stock                  {_fmt(report['e2e_vs_bare'], '>10.3f')}",
        "",
        "stage                                 seconds    share",
    ]
    for key, sec in st["seconds"].items():
        lines.append(f"  {key:<34}{sec:>9.2f}   {100 * (st['share'][key] or 0):5.1f}%")
    lines.append(f"  {'total (profiling pass)':<34}{st['total_s']:>9.2f}")
    lines.append("  groups: " + ", ".join(f"{k} {100 * (v or 0):.1f}%"
                                          for k, v in st["group_share"].items()))
    lines += ["", "scaling          run s   speed-up   stock s   stock speed-up   ratio"]
    for w, r in sc["runs"].items():
        b = sc["bare"][w]
        lines.append(f"  {w} worker(s) {r['seconds']:>9.1f} {_fmt(r['speedup'], '>10.2f')} "
                     f"{b['seconds']:>9.1f} {_fmt(b['speedup'], '>16.2f')} "
                     f"{_fmt(r['speedup_vs_bare_speedup'], '>7.3f')}"
                     + ("" if w == "1" or r["pool_used"] else "  (no pool: one chunk only)"))
    lines += ["", "peak RSS (MB, VmHWM)"]
    lines.append(f"  1 worker (the run's process)        {rss['one_worker_process_mb']:>10.1f}")
    for w, r in sc["runs"].items():
        if w != "1":
            lines.append(f"  {w} workers: main {r['main_peak_rss_mb']:.1f}, workers "
                         + ", ".join(f"{x:.1f}" for x in r["worker_peak_rss_mb"]))
    for row in rss["at_sizes"]:
        lines.append(f"  at {row['releases']:>6} releases (1 worker)"
                     f"     {row['peak_rss_mb']:>10.1f}")
    lines += ["", f"re-run, no changes: {rr['seconds']:.2f}s = "
              f"{100 * (rr['share_of_first'] or 0):.1f}% of the first run "
              f"({rr['reused']} unchanged, {rr['processed']} processed)", "",
              "targets (reported, not asserted)"]
    for name, t in report["targets"].items():
        met = {True: "met", False: "NOT met", None: "not measured"}[t["met"]]
        lines.append(f"  {name:<28} value {_fmt(t['value']):>10}  target {t['target']:<6} {met}")
    return "\n".join(lines)


# ===============================================================================================
# Command line
# ===============================================================================================
def _int_list(value: str | None, what: str) -> list[int]:
    if not value:
        return []
    try:
        out = [int(x) for x in value.replace(" ", "").split(",") if x]
    except ValueError:
        raise click.BadParameter(f"{what} must be comma-separated integers, got {value!r}")
    if any(x < 1 for x in out):
        raise click.BadParameter(f"{what} must be positive")
    return out


def _command_line(ctx: click.Context) -> str:
    """An equivalent command line: the options whose values differ from their defaults."""
    import shlex

    words = ["pressfacts", "bench"]
    for param in ctx.command.params:
        if not isinstance(param, click.Option):
            continue
        value = ctx.params.get(param.name)
        if value is None or value == param.default or (param.is_flag and not value):
            continue
        words.append(param.opts[0])
        if not param.is_flag:
            words.append(shlex.quote(str(value)))
    return " ".join(words)


@click.command("bench")
@click.option("--n", "n", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Synthetic releases to generate (ignored with --input).")
@click.option("--input", "input_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Benchmark on this folder of releases instead of synthetic ones.")
@click.option("--workers-list", default="1,2", show_default=True,
              help="Worker counts for the scaling runs (and the stock model's n_process).")
@click.option("--rss-at", default=None,
              help="Also measure peak RSS (1 worker) at these sizes, e.g. 1000,20000.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the synthetic releases.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--out", "out_path", type=click.Path(path_type=Path),
              help="Also write the JSON report here (a .json file, or a folder).")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path),
              help="Scratch folder for releases and outputs (default: a temporary one, removed).")
@click.option("--keep", is_flag=True, help="Keep the temporary scratch folder.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A TOML settings file laid over the defaults.")
@click.option("--model", help="spaCy model: an installed package name or a model folder.")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def bench_command(n: int, input_dir: Path | None, workers_list: str, rss_at: str | None,
                  seed: int, as_json: bool, out_path: Path | None, workdir: Path | None,
                  keep: bool, config: Path | None, model: str | None, quiet: bool) -> None:
    """Measure throughput, stage shares, memory and scaling of a run; assert nothing.

    \b
    Examples:
      pressfacts bench                              # 1000 synthetic releases
      pressfacts bench --n 200 --workers-list 1,2 --json --out bench.json
      pressfacts bench --input archive/ --rss-at 1000,20000
    """
    workers = _int_list(workers_list, "--workers-list") or [1, 2]
    sizes = _int_list(rss_at, "--rss-at")

    def say(msg: str) -> None:
        if not quiet:
            click.echo(f"[{time.strftime('%H:%M:%S')}] {msg}", err=True)

    command = _command_line(click.get_current_context())
    try:
        report = bench(n=n, input_dir=input_dir, workers_list=workers, rss_at=sizes, seed=seed,
                       workdir=workdir, keep=keep, config=config, model=model, command=command,
                       log=say)
    except PipelineError as exc:
        raise click.ClickException(str(exc)) from exc
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if out_path is not None:
        target = out_path
        if out_path.is_dir() or not out_path.suffix:
            out_path.mkdir(parents=True, exist_ok=True)
            target = out_path / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
        target.write_text(text + "\n", encoding="utf-8")
        say(f"report written to {target}")
    click.echo(text if as_json else format_report(report))
