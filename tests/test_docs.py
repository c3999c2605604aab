"""The README stays true: every command documented, its code examples run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline.cli import cli
from tests.conftest import SEED_TXT

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_docs_every_command_in_readme(name):
    assert f"pressfacts {name}" in README


def test_docs_every_table_in_readme():
    from pipeline.schema import TABLES, columns

    for table, row_type in TABLES.items():
        row = next(line for line in README.splitlines() if line.startswith(f"| `{table}.csv`"))
        assert ", ".join(columns(row_type)) in row, table


def test_docs_readme_test_command_is_ci():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    command = "python -m pip install -e '.[test]' && python -m pytest"
    assert command in README and command in ci


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    from pipeline.runner import run
    from pipeline.settings import load_settings

    root = tmp_path_factory.mktemp("docs")
    (root / "in").mkdir()
    shutil.copy(SEED_TXT, root / "in" / "seed.txt")
    run([str(root / "in")], load_settings(out_dir=root / "out", workers=1))
    return root / "out"


def test_docs_readme_python_example(out_dir, monkeypatch):
    code = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    monkeypatch.chdir(out_dir.parent)
    (out_dir.parent / "outputs").symlink_to(out_dir)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - the README's own example
    assert len(namespace["actions"]) > 0


def test_docs_readme_duckdb_example(out_dir, monkeypatch):
    duckdb = pytest.importorskip("duckdb")
    sql = re.search(r"```sql\n(.*?)```", README, re.S).group(1)
    monkeypatch.chdir(out_dir.parent)
    if not (out_dir.parent / "outputs").exists():
        (out_dir.parent / "outputs").symlink_to(out_dir)
    rows = duckdb.sql(sql).fetchall()
    assert rows and rows[0][0] == 2021
