"""The per-release pipeline: read -> clean -> segment -> nlp -> extract -> rows.

`Processor` loads the model, site profiles and rules once, then turns a stream of input files into
a stream of `ReleaseResult`s. Blocks of several releases go through `nlp.pipe` together.
A failing release becomes an `error` row; the run goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
import time
from contextlib import contextmanager
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language

from . import clean as clean_mod
from .errors import (
    DuplicateRelease,
    InputTooLarge,
    PipelineError,
    ReleaseTimeout,
    ReleaseTooLarge,
)
from .extract import ReleaseContext
from .extract.actions import extract_actions
from .extract.countries import extract_countries
from .extract.dates import extract_dates
from .extract.officials import extract_officials
from .ingest import InputFile, RawRelease, read_input
from .schema import (
    ActionRow,
    BlockRow,
    CountryRow,
    DateRow,
    OfficialMentionRow,
    OfficialRow,
    ReleaseRow,
)
from .segment import Block, load_rules, segment
from .settings import Settings

LOGGER = logging.getLogger(__name__)


@dataclass(slots=True)
class ReleaseResult:
    """All rows one release contributes to the output tables."""

    release: ReleaseRow
    blocks: list[BlockRow] = field(default_factory=list)
    dates: list[DateRow] = field(default_factory=list)
    officials: list[OfficialRow] = field(default_factory=list)
    official_mentions: list[OfficialMentionRow] = field(default_factory=list)
    countries: list[CountryRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)

    def tables(self) -> dict[str, list]:
        """Rows per table name (see schema.TABLES)."""
        return {
            "releases": [self.release],
            "blocks": self.blocks,
            "dates": self.dates,
            "officials": self.officials,
            "official_mentions": self.official_mentions,
            "countries": self.countries,
            "actions": self.actions,
        }


@dataclass(slots=True)
class _Prepared:
    raw: RawRelease
    cleaned: clean_mod.CleanRelease
    blocks: list[Block]


def _one_line(exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    if not isinstance(exc, PipelineError):
        text = f"{exc.__class__.__name__}: {text}"
    return " ".join(text.split())[:500]


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise ReleaseTimeout if the body runs longer than `seconds` (main thread on Unix only)."""
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise ReleaseTimeout(f"{what} took more than {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


SKIP_ERRORS = (DuplicateRelease, InputTooLarge, ReleaseTooLarge, ReleaseTimeout)


class Processor:
    """Everything loaded once for a run: the nlp pipeline, site profiles, segmentation rules."""

    def __init__(self, settings: Settings, nlp: Language | None = None) -> None:
        from .nlp import build_nlp

        self.settings = settings
        self.nlp = nlp if nlp is not None else build_nlp(settings)
        self.profiles = clean_mod.load_profiles(settings.models_dir)
        self.rules = load_rules(settings.models_dir)

    # -- stage functions ---------------------------------------------------------------------
    def prepare(self, raw: RawRelease) -> _Prepared:
        """Clean and segment one decoded page."""
        cleaned = clean_mod.clean(raw, self.profiles)
        blocks = segment(cleaned.paragraphs, self.rules)
        limit = min(self.nlp.max_length, self.settings.max_block_chars)
        longest = max((len(b.text) for b in blocks), default=0)
        if longest > limit:
            raise ReleaseTooLarge(f"a block of {longest:,} characters (limit {limit:,})")
        return _Prepared(raw, cleaned, blocks)

    def _error(self, item: InputFile, exc: BaseException, status: str = "error") -> ReleaseResult:
        path = item.path.as_posix()
        message = _one_line(exc)
        if path not in message:
            message = f"{path}: {message}"
        LOGGER.warning("%s", message)
        return ReleaseResult(ReleaseRow(
            release_id=item.release_id, source_path=path, status=status, error=message,
        ))

    def _result(self, prep: _Prepared, docs: list) -> ReleaseResult:
        raw, cl, blocks = prep.raw, prep.cleaned, prep.blocks
        ctx = ReleaseContext(
            release_id=raw.release_id, title=cl.title, published=_parse_date(cl.published),
            publisher=cl.publisher, site=cl.site, blocks=blocks, docs=docs,
            models_dir=self.settings.models_dir,
        )
        countries = extract_countries(ctx)
        dates, event_date = extract_dates(ctx)
        officials, mentions = extract_officials(ctx, countries)
        actions = extract_actions(ctx, countries, officials, mentions)
        sessions = {b.session_no for b in blocks if b.session_no is not None}
        release = ReleaseRow(
            release_id=raw.release_id, source_path=raw.source_path, url=cl.url, site=cl.site,
            title=cl.title, published=cl.published, published_time=cl.published_time,
            hits=cl.hits, event_date=event_date, n_blocks=len(blocks), n_sessions=len(sessions),
            content_sha256=raw.sha256, status="ok", error=None, publisher=cl.publisher,
            encoding=raw.encoding,
        )
        block_rows = [
            BlockRow(raw.release_id, b.block_id, b.para_no, b.item_no, b.session_no, b.numbered,
                     b.text)
            for b in blocks
        ]
        return ReleaseResult(release, block_rows, dates, officials, mentions, countries, actions)

    def _docs(self, items: list[tuple[InputFile, _Prepared]]) -> list[list]:
        texts = (
            (block.text, (ri, bi))
            for ri, (_, prep) in enumerate(items)
            for bi, block in enumerate(prep.blocks)
        )
        docs: list[list] = [[] for _ in items]
        for doc, (ri, bi) in self.nlp.pipe(texts, as_tuples=True,
                                           batch_size=self.settings.batch_size):
            doc._.block_id = items[ri][1].blocks[bi].block_id
            docs[ri].append(doc)
        return docs

    def _analyse(self, items: list[tuple[InputFile, _Prepared]]) -> Iterator[ReleaseResult]:
        try:
            all_docs: list[list | BaseException] = list(self._docs(items))
        except Exception:  # a component failed on some block: redo release by release
            LOGGER.warning("batch of %d releases failed in the model; retrying one by one",
                           len(items))
            all_docs = []
            for one in items:
                try:
                    all_docs.extend(self._docs([one]))
                except Exception as exc:
                    all_docs.append(exc)
        for (item, prep), release_docs in zip(items, all_docs):
            if isinstance(release_docs, BaseException):
                yield self._error(item, release_docs)
                continue
            try:
                yield self._result(prep, release_docs)
            except Exception as exc:  # one bad release must not stop the batch
                LOGGER.exception("extraction failed for %s", item.path)
                yield self._error(item, exc)

    def context_for_text(self, paragraphs: list[str], published: str | None = None,
                         publisher: str | None = None, release_id: str = "text",
                         title: str | None = None, site: str = "text") -> ReleaseContext:
        """Segment and process body paragraphs directly (for tests and quick checks)."""
        blocks = segment(paragraphs, self.rules)
        docs = []
        for doc, block in zip(self.nlp.pipe(b.text for b in blocks), blocks):
            doc._.block_id = block.block_id
            docs.append(doc)
        return ReleaseContext(release_id, title, _parse_date(published), publisher, site, blocks,
                              docs, self.settings.models_dir)

    # -- the stream ----------------------------------------------------------------------------
    def process(self, inputs: Iterable[InputFile]) -> Iterator[ReleaseResult]:
        """Results for each input, in input order; one result per input whatever happens."""
        seen: dict[str, str] = {}
        pending: list[tuple[InputFile, _Prepared | ReleaseResult]] = []

        def flush() -> Iterator[ReleaseResult]:
            ready = [(i, p) for i, p in pending if isinstance(p, _Prepared)]
            analysed = iter(self._analyse(ready)) if ready else iter(())
            for _, prep in pending:
                yield next(analysed) if isinstance(prep, _Prepared) else prep
            pending.clear()

        for item in inputs:
            started = time.perf_counter()
            try:
                if item.release_id in seen:
                    raise DuplicateRelease(f"{item.path} and {seen[item.release_id]} are both "
                                           f"release {item.release_id}")
                seen[item.release_id] = item.path.as_posix()
                with time_limit(self.settings.max_seconds, f"cleaning {item.path}"):
                    raw = read_input(item, self.settings.max_bytes)
                    pending.append((item, self.prepare(raw)))
            except SKIP_ERRORS as exc:
                pending.append((item, self._error(item, exc, status="skipped")))
            except Exception as exc:  # report, count, go on
                pending.append((item, self._error(item, exc)))
            LOGGER.debug("prepared %s in %.3fs", item.path, time.perf_counter() - started)
            if len(pending) >= self.settings.releases_per_chunk:
                yield from flush()
        yield from flush()
