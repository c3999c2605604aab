"""The command line: run, show, exit codes, incremental re-runs."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.export import read_table
from tests.conftest import SEED_TXT


@pytest.fixture()
def archive(tmp_path):
    root = tmp_path / "archive"
    (root / "mofa").mkdir(parents=True)
    shutil.copy(SEED_TXT, root / "mofa" / "seed.txt")
    text = SEED_TXT.read_text(encoding="utf-8")
    (root / "mofa" / "second.txt").write_text(text.replace("October 20", "October 21"),
                                              encoding="utf-8")
    return root


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_help_documents_every_command():
    for name, command in cli.commands.items():
        assert command.help, name
        result = invoke(name, "--help")
        assert result.exit_code == 0 and "Usage" in result.output


def test_cli_run_writes_tables_and_summary(archive, tmp_path):
    out = tmp_path / "out"
    result = invoke("run", str(archive), "--out", str(out), "-q", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "2 releases: 2 ok, 0 error, 0 skipped" in result.output
    releases = list(read_table(out / "releases.csv"))
    assert [r["release_id"] for r in releases] == ["mofa/second", "mofa/seed"]
    assert releases[1]["published"] == "2021-10-22" and releases[1]["hits"] == "820"
    assert (out / "datapackage.json").exists()
    blocks = list(read_table(out / "blocks.csv"))
    assert len(blocks) == 28


def test_cli_rerun_processes_only_changes(archive, tmp_path):
    out = tmp_path / "out"
    invoke("run", str(archive), "--out", str(out), "-q", "--workers", "1")
    first = (out / "blocks.csv").read_bytes()
    again = invoke("run", str(archive), "--out", str(out), "-q", "--workers", "1")
    assert "(0 processed, 2 unchanged)" in again.output
    assert (out / "blocks.csv").read_bytes() == first
    page = archive / "mofa" / "second.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("Mongolia", "Mongolia and Vietnam"),
                    encoding="utf-8")
    changed = invoke("run", str(archive), "--out", str(out), "-q", "--workers", "1")
    assert "(1 processed, 1 unchanged)" in changed.output
    forced = invoke("run", str(archive), "--out", str(out), "-q", "--workers", "1", "--force")
    assert "(2 processed, 0 unchanged)" in forced.output


def test_cli_rule_change_reprocesses_everything(archive, tmp_path):
    from pipeline.settings import DEFAULT_MODELS_DIR

    models = tmp_path / "models"
    shutil.copytree(DEFAULT_MODELS_DIR, models)
    config = tmp_path / "settings.toml"
    config.write_text(f'models_dir = "{models.as_posix()}"\nworkers = 1\n', encoding="utf-8")
    out = tmp_path / "out"
    invoke("run", str(archive), "--out", str(out), "-q", "--config", str(config))
    with (models / "segment.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n# a rule changed\n")
    result = invoke("run", str(archive), "--out", str(out), "-q", "--config", str(config))
    assert "(2 processed, 0 unchanged)" in result.output


def test_cli_every_input_failing_exits_nonzero(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.html").write_bytes(b"")
    result = invoke("run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q",
                    "--workers", "1")
    assert result.exit_code == 1
    rows = list(read_table(tmp_path / "out" / "releases.csv"))
    assert rows[0]["status"] == "error" and "empty.html" in rows[0]["error"]


@pytest.mark.parametrize("args", [["run", "does/not/exist"], ["run", "--format", "xlsx"],
                                  ["run", "--workers", "-1"]])
def test_cli_usage_errors(args, tmp_path):
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "o")])
    assert result.exit_code == 2


def test_cli_show_renders_release():
    result = invoke("show", str(SEED_TXT), "--no-color")
    assert result.exit_code == 0
    assert "2021 Northeast Asia Peace and Cooperation Intergovernmental Meeting" in result.output
    assert "[October 20|DATE]" in result.output
    assert "Actions (" in result.output


def test_cli_excel_safe(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "f.txt").write_text(
        "Title\n\n• Date : 2023-03-04\n\n1. =HYPERLINK(\"x\") is not a formula here.\n",
        encoding="utf-8")
    invoke("run", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "-q", "--excel-safe",
           "--workers", "1")
    blocks = list(read_table(tmp_path / "o" / "blocks.csv"))
    assert blocks[0]["text"].startswith("'=HYPERLINK")
