"""Command line: a thin click layer over the library."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import click

from . import __version__
from .errors import PipelineError
from .settings import DEFAULT_CORPUS_DIR, load_settings

LOGGER = logging.getLogger("pipeline")


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pressfacts")
def cli() -> None:
    """pressfacts: tables of facts from scraped government press releases."""


@cli.command()
@click.argument("inputs", nargs=-1)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: outputs).")
@click.option("--config", "config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A TOML settings file laid over the defaults.")
@click.option("--model", help="spaCy model: an installed package name or a model folder.")
@click.option("--batch-size", type=click.IntRange(min=1), help="Blocks per nlp.pipe batch.")
@click.option("--excel-safe", is_flag=True, default=None,
              help="Prefix cells starting with = + - @ tab or CR with a quote.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, errors only.")
@click.option("-v", "--verbose", count=True, help="More log output (-v, -vv).")
def run(inputs: tuple[str, ...], out_dir: Path | None, config: Path | None, model: str | None,
        batch_size: int | None, excel_safe: bool | None, quiet: bool, verbose: int) -> None:
    """Process INPUTS (files, folders or globs of .html/.htm/.txt) into CSV tables.

    With no INPUTS, processes the bundled corpus/releases into outputs/.

    \b
    Examples:
      pressfacts run
      pressfacts run archive/mofa --out tables/
      pressfacts run 'archive/**/*.html' --model en_core_web_md
    """
    from .export import TableWriter
    from .ingest import iter_inputs
    from .process import Processor

    _setup_logging(verbose, quiet)
    try:
        settings = load_settings(config, out_dir=out_dir, model=model, batch_size=batch_size,
                                 excel_safe=excel_safe)
    except PipelineError as exc:
        raise click.UsageError(str(exc)) from exc
    specs = list(inputs) or [str(DEFAULT_CORPUS_DIR)]
    started = time.perf_counter()
    try:
        items = list(iter_inputs(specs))
        processor = Processor(settings)
    except PipelineError as exc:
        raise click.UsageError(str(exc)) from exc
    if not items:
        raise click.UsageError(f"no .html/.htm/.txt input found in {' '.join(specs)}")

    status: dict[str, int] = {"ok": 0, "error": 0, "skipped": 0}
    show_bar = not quiet and sys.stderr.isatty()
    from tqdm import tqdm

    try:
        with TableWriter(settings.out_dir, excel_safe=settings.excel_safe) as writer, \
                tqdm(total=len(items), unit="release", disable=not show_bar,
                     file=sys.stderr) as bar:
            for result in processor.process(items):
                writer.write_result(result.tables())
                status[result.release.status] = status.get(result.release.status, 0) + 1
                bar.update(1)
    except PipelineError as exc:
        raise click.ClickException(str(exc)) from exc
    elapsed = time.perf_counter() - started
    counts = writer.counts
    click.echo(
        f"{len(items)} releases: {status['ok']} ok, {status['error']} error, "
        f"{status['skipped']} skipped; {counts['blocks']} blocks, {counts['dates']} dates, "
        f"{counts['officials']} officials, {counts['countries']} countries, "
        f"{counts['actions']} actions; {elapsed:.1f}s -> {settings.out_dir}"
    )
    if status["ok"] == 0:
        sys.exit(1)


def main() -> None:
    """Entry point of the `pressfacts` command."""
    cli(prog_name="pressfacts")


def _register_optional_commands() -> None:
    try:
        from .evaluate import evaluate_command
    except ImportError:
        return
    cli.add_command(evaluate_command, "evaluate")


_register_optional_commands()
