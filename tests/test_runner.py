"""Engines and the manifest: same tables whatever the engine, workers or interruptions."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.runner import run
from pipeline.schema import TABLES
from pipeline.settings import load_settings
from tests.conftest import SEED_TXT

pytestmark = pytest.mark.slow

COUNTRIES = ["Mongolia", "Vietnam", "Chile", "Kenya", "Peru", "Norway", "Egypt", "Ghana"]


def make_archive(root: Path, n: int) -> Path:
    """n variants of the seed release (different dates and countries) under root."""
    text = SEED_TXT.read_text(encoding="utf-8")
    for i in range(n):
        page = root / f"batch{i % 3}" / f"release_{i:03d}.txt"
        page.parent.mkdir(parents=True, exist_ok=True)
        variant = text.replace("October 20", f"October {1 + i % 28}").replace(
            "Mongolia", COUNTRIES[i % len(COUNTRIES)])
        page.write_text(variant, encoding="utf-8")
    return root


def tables(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.csv").read_bytes() for name in TABLES}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return make_archive(tmp_path_factory.mktemp("archive"), 24)


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory):
    """A frozen copy of the rules, so every run of this module uses the same fingerprint."""
    import shutil

    from pipeline.settings import DEFAULT_MODELS_DIR

    dest = tmp_path_factory.mktemp("rules") / "models"
    shutil.copytree(DEFAULT_MODELS_DIR, dest)
    return dest


@pytest.fixture(scope="module")
def reference(archive, models_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("ref")
    settings = load_settings(out_dir=out, workers=1, releases_per_chunk=4, models_dir=models_dir)
    summary = run([str(archive)], settings)
    assert summary.status["ok"] == 24
    return tables(out)


def test_runner_two_workers_same_tables(archive, models_dir, reference, tmp_path):
    settings = load_settings(out_dir=tmp_path, workers=2, releases_per_chunk=4,
                             models_dir=models_dir)
    run([str(archive)], settings)
    assert tables(tmp_path) == reference


def test_runner_dask_local_cluster_same_tables(archive, models_dir, reference, tmp_path):
    pytest.importorskip("distributed")
    settings = load_settings(out_dir=tmp_path, workers=2, releases_per_chunk=4,
                             models_dir=models_dir)
    run([str(archive)], settings, engine="dask")
    assert tables(tmp_path) == reference


def test_runner_kill_and_resume_same_tables(archive, models_dir, reference, tmp_path):
    config = tmp_path / "s.toml"
    config.write_text(f'workers = 1\nreleases_per_chunk = 1\nmodels_dir = "{models_dir.as_posix()}"\n',
                      encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline", "run", str(archive), "--out", str(out), "-q",
           "--config", str(config)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    state = out / ".pressfacts" / "state.sqlite"
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if state.exists():
            try:
                db = sqlite3.connect(f"file:{state}?mode=ro", uri=True, timeout=0.2)
                try:
                    stored = db.execute("SELECT count(*) FROM releases").fetchone()[0]
                finally:
                    db.close()
            except sqlite3.Error:
                stored = 0
            if stored >= 2:
                break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (out / "releases.csv").exists()
    resumed = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert "unchanged" in resumed.stdout
    processed = int(resumed.stdout.split("(")[1].split(" processed")[0])
    assert 0 < processed < 24
    assert tables(out) == reference
