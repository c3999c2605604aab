"""Run the pipeline over an archive: incremental, resumable, on one or more processes or on Dask.

The flow of a run:
1. stream the inputs; an input whose stored rows are current (same content, same rules) is reused;
2. the rest go, in chunks, to an engine (`local`: this process or a pool of worker processes, each
   loading the model once; `dask`: a dask.distributed cluster), and each finished chunk is committed
   to the manifest (`store.Store`);
3. the tables are written from the manifest in input order, so outputs are the same row for row
   whatever the engine, the number of workers, or how many times the run was interrupted.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from .datapackage import write_datapackage
from .errors import DuplicateRelease, OutputNotWritable, PipelineError
from .export import TableWriter
from .ingest import InputFile, iter_inputs
from .process import Processor, ReleaseResult
from .schema import ReleaseRow
from .settings import Settings
from .store import Store, fingerprint

LOGGER = logging.getLogger(__name__)
ENGINES = ("local", "dask")

Entry = tuple[ReleaseResult, int | None, int | None]


@dataclass(slots=True)
class RunSummary:
    """What a run did."""

    inputs: int = 0
    processed: int = 0
    reused: int = 0
    status: dict[str, int] = field(default_factory=lambda: {"ok": 0, "error": 0, "skipped": 0})
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _stat(item: InputFile) -> tuple[int | None, int | None]:
    try:
        st = item.path.stat()
    except OSError:
        return None, None
    return st.st_size, st.st_mtime_ns


# -- work done in a worker (a pool process or a Dask worker) -----------------------------------
_WORKER: dict[str, Processor] = {}


def _processor(settings: Settings) -> Processor:
    key = repr(settings)
    if key not in _WORKER:
        _WORKER.clear()
        _WORKER[key] = Processor(settings)
    return _WORKER[key]


def process_chunk_with(processor: Processor, items: list[InputFile]) -> list[Entry]:
    """Process a chunk of inputs; each result with its input's size and mtime."""
    return [(result, *_stat(item)) for item, result in zip(items, processor.process(items))]


def process_chunk(settings: Settings, items: list[InputFile]) -> list[Entry]:
    """Process one chunk of inputs with this worker's (cached) processor."""
    return process_chunk_with(_processor(settings), items)


# -- engines ------------------------------------------------------------------------------------
def _chunks(items: Iterable[InputFile], size: int) -> Iterator[list[InputFile]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _windowed(submit: Callable[[list[InputFile]], Any], wait: Callable[[Any], list[Entry]],
              chunks: Iterator[list[InputFile]], window: int) -> Iterator[list[Entry]]:
    """Keep at most `window` chunks in flight; yield results in submission order."""
    in_flight: deque[Any] = deque()
    for chunk in chunks:
        in_flight.append(submit(chunk))
        if len(in_flight) >= window:
            yield wait(in_flight.popleft())
    while in_flight:
        yield wait(in_flight.popleft())


def _local_engine(settings: Settings, todo: Iterator[InputFile],
                  processor: Processor | None) -> Iterator[list[Entry]]:
    workers = settings.workers or os.cpu_count() or 1
    chunks = _chunks(todo, settings.releases_per_chunk)
    head = list(islice(chunks, workers))
    if not head:
        return
    if workers == 1 or len(head) <= 1:
        proc = processor or _processor(settings)
        for chunk in [*head, *chunks]:
            yield process_chunk_with(proc, chunk)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers) as pool:
        yield from _windowed(lambda c: pool.apply_async(process_chunk, (settings, c)),
                             lambda fut: fut.get(), iter([*head, *chunks]), 2 * workers)


def _dask_engine(settings: Settings, todo: Iterator[InputFile],
                 scheduler: str | None) -> Iterator[list[Entry]]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise PipelineError("the dask engine needs `pip install -e '.[dask]'`") from exc
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        workers = settings.workers or os.cpu_count() or 1
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        n = max(1, len(client.scheduler_info().get("workers", {})))
        yield from _windowed(
            lambda c: client.submit(process_chunk, settings, c, pure=False),
            lambda fut: fut.result(), _chunks(todo, settings.releases_per_chunk), 2 * n)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# -- the run ------------------------------------------------------------------------------------
def _model_version(settings: Settings) -> str:
    import spacy.util

    return str(spacy.util.get_package_version(settings.model) or settings.model)


def run(specs: list[str], settings: Settings, *, force: bool = False, engine: str = "local",
        scheduler: str | None = None, processor: Processor | None = None,
        progress: Callable[[int], None] | None = None) -> RunSummary:
    """Process the inputs named by `specs` into `settings.out_dir`; see the module docstring."""
    if engine not in ENGINES:
        raise PipelineError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    started = time.perf_counter()
    summary = RunSummary()
    store = Store(settings.out_dir, fingerprint(settings, _model_version(settings)))
    try:
        def todo() -> Iterator[InputFile]:
            for item in iter_inputs(specs):
                summary.inputs += 1
                if store.first_seen(item.release_id, item.path.as_posix()) is not None:
                    continue  # reported as skipped when the tables are written
                size, mtime = _stat(item)
                if (not force and size is not None
                        and store.is_current(item.release_id, item.path.as_posix(), size, mtime)):
                    summary.reused += 1
                    if progress:
                        progress(1)
                    continue
                yield item

        if engine == "dask":
            batches = _dask_engine(settings, todo(), scheduler)
        else:
            batches = _local_engine(settings, todo(), processor)
        for batch in batches:
            store.put_many(batch)
            summary.processed += len(batch)
            if progress:
                progress(len(batch))
        store.new_pass()
        _write_tables(specs, settings, store, summary, processor)
    except (OSError, sqlite3.Error) as exc:  # disk full, folder removed or read-only...
        raise OutputNotWritable(f"{settings.out_dir}: {exc}; earlier tables are left as they "
                                "were") from exc
    finally:
        store.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _write_tables(specs: list[str], settings: Settings, store: Store,
                  summary: RunSummary, processor: Processor | None) -> None:
    with TableWriter(settings.out_dir, excel_safe=settings.excel_safe) as writer:
        for item in iter_inputs(specs):
            path = item.path.as_posix()
            earlier = store.first_seen(item.release_id, path)
            if earlier is not None:
                exc = DuplicateRelease(f"{path} and {earlier} are both release {item.release_id}")
                tables: dict[str, list[Any]] = {"releases": [ReleaseRow(
                    item.release_id, path, status="skipped", error=str(exc))]}
            else:
                tables = store.rows(item.release_id)
                if tables is None:  # the file appeared while the run was going on
                    proc = processor or _processor(settings)
                    entries = process_chunk_with(proc, [item])
                    store.put_many(entries)
                    summary.processed += 1
                    tables = entries[0][0].tables()
            writer.write_result(tables)
            status = tables["releases"][0].status
            summary.status[status] = summary.status.get(status, 0) + 1
    summary.rows = dict(writer.counts)
    write_datapackage(settings.out_dir, settings.formats)
    if "parquet" in settings.formats:
        from .loading import write_parquet

        write_parquet(settings.out_dir)
