"""Smoke tests of the benchmark (pipeline/bench.py): structure only, no timing is checked."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from pipeline import bench as bench_mod


def test_synthetic_releases_are_deterministic_and_prefix_stable(tmp_path):
    a = bench_mod.make_releases(tmp_path / "a", 5, seed=3)
    b = bench_mod.make_releases(tmp_path / "b", 3, seed=3)
    c = bench_mod.make_releases(tmp_path / "c", 3, seed=4)
    assert len(a) == 5 and len({p.name for p in a}) == 5
    assert [p.read_bytes() for p in a[:3]] == [p.read_bytes() for p in b]
    assert [p.read_bytes() for p in b] != [p.read_bytes() for p in c]


def test_synthetic_releases_go_through_the_pipeline(tmp_path, processor):
    from pipeline.ingest import iter_inputs

    bench_mod.make_releases(tmp_path, 6, seed=0)
    results = list(processor.process(iter_inputs([tmp_path])))
    assert len(results) == 6
    assert all(r.release.status == "ok" for r in results)
    assert all(r.release.site.startswith("mofa_kr") and r.release.published for r in results)
    assert all(len(r.blocks) >= 2 for r in results)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return bench_mod.bench(n=6, workers_list=(1, 2), rss_at=(6, 8), seed=0,
                           workdir=tmp_path_factory.mktemp("bench"))


@pytest.mark.slow
def test_report_has_every_key(report):
    assert set(bench_mod.REPORT_KEYS) <= set(report)
    json.dumps(report)  # JSON-able
    assert report["inputs"]["files"] == 6 and report["inputs"]["words"] > 0
    assert report["inputs"]["releases_ok"] == 6
    for key in ("releases_per_s", "words_per_s", "run_s", "model_load_s", "wall_s"):
        assert key in report["end_to_end"]
    assert {"pipe_names", "seconds", "words_per_s", "batch_size"} <= set(report["bare_model"])
    stages = report["stages"]["seconds"]
    for key in ("read", "clean", "segment", "model:tokenizer", "model:parser", "model:ner",
                "rules:pr_countries", "rules:pr_dates", "rules:pr_officials", "rules:pr_actions",
                "extract:countries", "extract:dates", "extract:officials", "extract:actions",
                "write"):
        assert key in stages
    assert report["stages"]["write_rerun_processed"] == 0
    assert set(report["stages"]["group_share"]) == {"read", "clean", "segment", "model", "rules",
                                                    "extract", "write"}
    assert set(report["scaling"]["runs"]) == set(report["scaling"]["bare"]) == {"1", "2"}
    for row in report["scaling"]["runs"].values():
        assert {"seconds", "speedup", "speedup_vs_bare_speedup", "main_peak_rss_mb",
                "worker_peak_rss_mb", "pool_used"} <= set(row)
    assert [r["releases"] for r in report["rss"]["at_sizes"]] == [6, 8]
    assert report["rss"]["per_worker_max_mb"] > 0
    assert report["rerun"]["reused"] == 6 and report["rerun"]["processed"] == 0
    assert set(report["targets"]) == {"e2e_vs_bare_words_per_s", "speedup_vs_bare_speedup",
                                      "peak_rss_per_worker_mb", "rss_flat", "rerun_share"}
    assert all({"value", "target", "met"} <= set(t) for t in report["targets"].values())
    assert "end-to-end words/s" in bench_mod.format_report(report)


@pytest.mark.slow
def test_command_prints_and_writes_the_report(report, tmp_path, monkeypatch):
    calls = []

    def fake_bench(**kwargs):
        calls.append(kwargs)
        return report

    monkeypatch.setattr(bench_mod, "bench", fake_bench)
    group = click.Group()
    group.add_command(bench_mod.bench_command, "bench")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(group, ["bench", "--n", "6", "--workers-list", "1,2",
                                        "--rss-at", "6,8", "--json", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["inputs"] == report["inputs"]
    assert json.loads(out.read_text(encoding="utf-8"))["inputs"] == report["inputs"]
    assert calls[0]["n"] == 6 and calls[0]["workers_list"] == [1, 2]
    assert calls[0]["rss_at"] == [6, 8]
    result = CliRunner().invoke(group, ["bench", "--workers-list", "1,x"])
    assert result.exit_code != 0


def test_refuses_a_workdir_that_is_not_its_own(tmp_path):
    from pipeline.errors import PipelineError

    (tmp_path / "models").mkdir()
    with pytest.raises(PipelineError, match="not a benchmark folder"):
        bench_mod.bench(n=1, workdir=tmp_path)
    assert (tmp_path / "models").is_dir()
