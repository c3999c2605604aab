"""Command line: a thin click layer over the library."""

from __future__ import annotations

import logging
import sys
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
@click.option("--workers", type=click.IntRange(min=0),
              help="Worker processes, each loading the model once (0: one per core).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine's processes; dask: a dask.distributed cluster.")
@click.option("--scheduler", help="Dask scheduler address (default: a LocalCluster).")
@click.option("--force", is_flag=True, help="Re-process every input, even unchanged ones.")
@click.option("--batch-size", type=click.IntRange(min=1), help="Blocks per nlp.pipe batch.")
@click.option("--format", "formats", help="Output formats, comma-separated: csv, parquet.")
@click.option("--excel-safe", is_flag=True, default=None,
              help="Prefix cells starting with = + - @ tab or CR with a quote.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, errors only.")
@click.option("-v", "--verbose", count=True, help="More log output (-v, -vv).")
def run(inputs: tuple[str, ...], out_dir: Path | None, config: Path | None, model: str | None,
        workers: int | None, engine: str, scheduler: str | None, force: bool,
        batch_size: int | None, formats: str | None, excel_safe: bool | None, quiet: bool,
        verbose: int) -> None:
    """Process INPUTS (files, folders or globs of .html/.htm/.txt) into CSV tables.

    With no INPUTS, processes the bundled corpus/releases into outputs/. Re-running on the same
    output folder processes only new or changed inputs (all of them when the rules or the model
    changed); an interrupted run resumes where it stopped.

    \b
    Examples:
      pressfacts run
      pressfacts run archive/mofa --out tables/ --workers 2
      pressfacts run 'archive/**/*.html' --model en_core_web_md
      pressfacts run archive/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from .ingest import iter_inputs
    from .runner import run as run_pipeline

    _setup_logging(verbose, quiet)
    fmt_list = None
    if formats is not None:
        fmt_list = [f.strip().lower() for f in formats.split(",") if f.strip()]
        unknown = set(fmt_list) - {"csv", "parquet"}
        if unknown:
            raise click.UsageError(f"unknown format(s): {', '.join(sorted(unknown))}")
    try:
        settings = load_settings(config, out_dir=out_dir, model=model, batch_size=batch_size,
                                 excel_safe=excel_safe, workers=workers, formats=fmt_list)
    except PipelineError as exc:
        raise click.UsageError(str(exc)) from exc
    specs = list(inputs) or [str(DEFAULT_CORPUS_DIR)]
    try:
        total = sum(1 for _ in iter_inputs(specs))
    except PipelineError as exc:
        raise click.UsageError(str(exc)) from exc
    if not total:
        raise click.UsageError(f"no .html/.htm/.txt input found in {' '.join(specs)}")

    from tqdm import tqdm

    show_bar = not quiet and sys.stderr.isatty()
    try:
        with tqdm(total=total, unit="release", disable=not show_bar, file=sys.stderr) as bar:
            summary = run_pipeline(specs, settings, force=force, engine=engine,
                                   scheduler=scheduler, progress=bar.update)
    except PipelineError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("Interrupted: finished chunks are saved in the output folder's manifest and the "
                   "tables were left as they were; run the same command again to resume.",
                   err=True)
        sys.exit(130)
    rows, status = summary.rows, summary.status
    click.echo(
        f"{summary.inputs} releases: {status.get('ok', 0)} ok, {status.get('error', 0)} error, "
        f"{status.get('skipped', 0)} skipped ({summary.processed} processed, {summary.reused} "
        f"unchanged); {rows.get('blocks', 0)} blocks, {rows.get('dates', 0)} dates, "
        f"{rows.get('officials', 0)} officials, {rows.get('countries', 0)} countries, "
        f"{rows.get('actions', 0)} actions; {summary.seconds:.1f}s -> {settings.out_dir}"
    )
    if status.get("ok", 0) == 0:
        sys.exit(1)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A TOML settings file laid over the defaults.")
@click.option("--model", help="spaCy model: an installed package name or a model folder.")
@click.option("--color/--no-color", default=None, help="Colour mentions (default: on a terminal).")
def show(file: Path, config: Path | None, model: str | None, color: bool | None) -> None:
    """Process one release FILE and show its blocks, highlighted mentions and facts.

    \b
    Example:
      pressfacts show corpus/releases/seed/mofa_2021_neapc_intergovernmental_meeting.txt
    """
    from .ingest import iter_inputs
    from .process import Processor
    from .show import render

    _setup_logging(0, True)
    try:
        settings = load_settings(config, model=model)
        processor = Processor(settings)
        result = next(processor.process(iter_inputs([file])))
    except PipelineError as exc:
        raise click.ClickException(str(exc)) from exc
    use_color = sys.stdout.isatty() if color is None else color
    click.echo(render(result, color=use_color), color=use_color)
    if result.release.status != "ok":
        sys.exit(1)


def main() -> None:
    """Entry point of the `pressfacts` command."""
    cli(prog_name="pressfacts")


def _register_commands() -> None:
    from .bench import bench_command
    from .evaluate import evaluate_command
    from .report import report_command

    cli.add_command(evaluate_command, "evaluate")
    cli.add_command(report_command, "report")
    cli.add_command(bench_command, "bench")


_register_commands()
