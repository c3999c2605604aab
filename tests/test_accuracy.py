"""Accuracy gate: the pipeline on the bundled labeled corpus must not fall below pinned floors.

The test part (`corpus/labeled/test.jsonl`, pages under `corpus/releases/heldout/`) is held out from
rule building; its floors live in `metrics/floors.json` and are only ever raised.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import check_floors, evaluate, read_floors
from pipeline.runner import run
from pipeline.settings import load_settings

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "releases"
LABELED = ROOT / "corpus" / "labeled"
FLOORS = ROOT / "metrics"


@pytest.fixture(scope="module")
def predictions(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus_out")
    summary = run([str(CORPUS)], load_settings(out_dir=out, workers=1))
    assert summary.status["error"] == 0
    return out


@pytest.mark.parametrize("part,floors", [("test", "floors.json"), ("dev", "floors-dev.json")])
def test_accuracy_above_floors(predictions, part, floors):
    scores = evaluate(LABELED / f"{part}.jsonl", predictions)
    below = check_floors(scores, read_floors(FLOORS / floors))
    assert not below, "\n".join(below)


def test_accuracy_seed_is_solved(predictions):
    scores = evaluate(ROOT / "tests" / "data" / "seed" /
                      "mofa_2021_neapc_intergovernmental_meeting.gold.jsonl", predictions)
    for key in ("blocks_f", "dates_f", "officials_f", "countries_f", "actions_f",
                "blocks_session_acc", "release_title_acc", "release_published_acc",
                "release_hits_acc", "release_event_date_acc"):
        assert scores[key] == 1.0, (key, scores[key])
