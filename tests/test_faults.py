"""Faults: a full disk or an unusable output folder give a clear error and keep earlier tables;
an interrupted run stops cleanly and the next run resumes."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.export import TableWriter
from tests.conftest import SEED_TXT


@pytest.fixture()
def archive(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(SEED_TXT, root / "seed.txt")
    return root


def run(*args):
    return CliRunner().invoke(cli, ["run", *args, "-q", "--workers", "1"])


def test_faults_disk_full_keeps_previous_tables(archive, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run(str(archive), "--out", str(out)).exit_code == 0
    before = (out / "blocks.csv").read_bytes()

    def full(self, table, rows):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(TableWriter, "write", full)
    result = run(str(archive), "--out", str(out), "--force")
    assert result.exit_code == 1
    assert "No space left on device" in result.output and "left as they were" in result.output
    assert "Traceback" not in result.output
    assert (out / "blocks.csv").read_bytes() == before
    assert not list(out.glob(".*.part"))


def test_faults_output_folder_is_a_file(archive, tmp_path):
    target = tmp_path / "not_a_folder"
    target.write_text("x")
    result = run(str(archive), "--out", str(target / "sub"))
    assert result.exit_code == 1
    assert "Output folder cannot be written" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_faults_sigint_stops_cleanly_and_resumes(tmp_path):
    root = tmp_path / "in"
    text = SEED_TXT.read_text(encoding="utf-8")
    for i in range(16):
        (root / f"r{i:02d}.txt").parent.mkdir(parents=True, exist_ok=True)
        (root / f"r{i:02d}.txt").write_text(text.replace("October 20", f"October {i + 1}"),
                                            encoding="utf-8")
    config = tmp_path / "s.toml"
    config.write_text("workers = 1\nreleases_per_chunk = 1\n", encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline", "run", str(root), "--out", str(out), "-q",
           "--config", str(config)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    state = out / ".pressfacts" / "state.sqlite"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if state.exists() and state.stat().st_size > 0 and (out / ".pressfacts" / "state.sqlite-wal").exists():
            time.sleep(1.0)
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    os.kill(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "run the same command again to resume" in err
    assert "Traceback" not in err
    resumed = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert "16 releases: 16 ok" in resumed.stdout
