"""Tests of the scorer (SPEC section 9), the gold reader and `pressfacts evaluate`."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import BadGold
from pipeline.evaluate import (
    Tally,
    check_floors,
    evaluate,
    evaluate_command,
    match_actions,
    match_people,
    match_releases,
    names_match,
    raise_floors,
    score_dates,
    token_f1,
    tokens,
)
from pipeline.goldio import read_gold

DATA = Path(__file__).parent / "data"
EVAL = DATA / "eval"
GOLD = EVAL / "gold.jsonl"
PARTIAL = EVAL / "pred_partial"
SEED_GOLD = DATA / "seed" / "mofa_2021_neapc_intergovernmental_meeting.gold.jsonl"
TABLES = ("blocks", "dates", "officials", "countries", "actions")
ACCURACIES = (
    "blocks_session", "release_title", "release_published", "release_hits", "release_event_date",
    "dates_granularity", "dates_modifier", "officials_title", "officials_organization",
    "officials_country", "actions_type",
)


def gold_records(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def write_gold(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def write_pred(folder: Path, records: list[dict], country_mentions: dict | None = None,
               release_ids: dict | None = None) -> Path:
    """Write gold-shaped releases as a pressfacts output folder (a perfect prediction of them).

    country_mentions: release_id -> [(block_id, text, iso3, nth occurrence)]; default one row per
    gold iso3 without a position. release_ids: gold id -> predicted id.
    """
    from pipeline.export import TableWriter
    from pipeline.schema import (
        ActionRow,
        BlockRow,
        CountryRow,
        DateRow,
        OfficialMentionRow,
        OfficialRow,
        ReleaseRow,
    )

    with TableWriter(folder) as writer:
        for rec in records:
            rid = (release_ids or {}).get(rec["release_id"], rec["release_id"])
            texts = {b["block_id"]: b["text"] for b in rec["blocks"]}
            tables: dict[str, list] = {name: [] for name in
                                       ("blocks", "dates", "officials", "official_mentions",
                                        "countries", "actions")}
            tables["releases"] = [ReleaseRow(rid, rid + ".html", title=rec["title"],
                                             published=rec["published"], hits=rec.get("hits"),
                                             event_date=rec["event_date"])]
            for b in rec["blocks"]:
                para, item = (int(x) for x in b["block_id"].split("."))
                tables["blocks"].append(BlockRow(rid, b["block_id"], para, item, b["session_no"],
                                                 True, b["text"]))
            for d in rec["dates"]:
                start = texts[d["block_id"]].find(d["text"])
                tables["dates"].append(DateRow(rid, d["block_id"], start, start + len(d["text"]),
                                               d["text"], d["value"], d.get("value_end"),
                                               d["granularity"], d.get("modifier")))
            for i, o in enumerate(rec["officials"], start=1):
                tables["officials"].append(OfficialRow(
                    rid, i, o["name"], o["title"], o["organization"], o["country"],
                    len(o.get("block_ids", [])), ";".join(o.get("block_ids", []))))
                for bid in o.get("block_ids", []):
                    start = texts[bid].find(o["name"])
                    if start >= 0:
                        tables["official_mentions"].append(OfficialMentionRow(
                            rid, bid, start, start + len(o["name"]), o["name"], i))
            mentions = (country_mentions or {}).get(rec["release_id"])
            if mentions is None:
                tables["countries"] = [CountryRow(rid, "1.0", 0, 0, c, c, c, "name")
                                       for c in rec["countries"]]
            for bid, text, iso3, nth in mentions or []:
                start = -1
                for _ in range(nth + 1):
                    start = texts[bid].index(text, start + 1)
                tables["countries"].append(CountryRow(rid, bid, start, start + len(text), text,
                                                      iso3, iso3, "name"))
            for a in rec["actions"]:
                tables["actions"].append(ActionRow(rid, a["block_id"], None, a["type"], a["actor"],
                                                   None, a["trigger"], a["content"], 0, 0))
            writer.write_result(tables)
    return folder


# -- perfect, empty, partial -----------------------------------------------------------------------
@pytest.mark.parametrize("gold_path", [GOLD, SEED_GOLD])
def test_evaluate_perfect_prediction_scores_one(tmp_path, gold_path):
    scores = evaluate(gold_path, write_pred(tmp_path / "out", gold_records(gold_path)))
    for table in TABLES:
        assert (scores[f"{table}_p"], scores[f"{table}_r"], scores[f"{table}_f"]) == (1, 1, 1)
        assert scores[f"{table}_fp"] == scores[f"{table}_fn"] == 0
    for name in ACCURACIES:
        assert scores[f"{name}_acc"] == 1.0, name
    assert scores["missing_releases"] == []


def test_evaluate_empty_prediction_has_zero_recall(tmp_path):
    records = gold_records()
    empty = [{**r, "blocks": [], "dates": [], "officials": [], "countries": [], "actions": []}
             for r in records]
    scores = evaluate(GOLD, write_pred(tmp_path / "out", empty))
    for table in TABLES:
        assert scores[f"{table}_r"] == 0.0
        assert scores[f"{table}_f"] == 0.0
        assert scores[f"{table}_p"] is None  # nothing predicted: precision undefined
        assert scores[f"{table}_tp"] == 0
    for name in ("blocks_session", "dates_granularity", "officials_title", "actions_type"):
        assert scores[f"{name}_acc"] is None  # nothing matched: no accuracy, not 0 or 1
        assert scores[f"{name}_n"] == 0


PARTIAL_EXPECTED = {
    "blocks_tp": 4, "blocks_fp": 2, "blocks_fn": 2, "blocks_session_acc": 0.75,
    "release_title_acc": 0.5, "release_published_acc": 1.0, "release_hits_acc": 1.0,
    "release_event_date_acc": 0.5,
    "dates_tp": 4, "dates_fp": 2, "dates_fn": 2, "dates_granularity_acc": 0.75,
    "dates_modifier_acc": 0.75,
    "officials_tp": 3, "officials_fp": 2, "officials_fn": 1, "officials_title_acc": 1.0,
    "officials_organization_acc": 2 / 3, "officials_country_acc": 2 / 3,
    "countries_tp": 4, "countries_fp": 1, "countries_fn": 1,
    "actions_tp": 3, "actions_fp": 2, "actions_fn": 2, "actions_type_acc": 2 / 3,
    "actions_p": 0.6, "actions_r": 0.6, "actions_f": 0.6, "officials_p": 0.6,
    "officials_r": 0.75, "countries_f": 0.8,
}


@pytest.fixture(scope="module")
def partial_scores():
    return evaluate(GOLD, PARTIAL, details=True)


@pytest.mark.parametrize("key,expected", sorted(PARTIAL_EXPECTED.items()))
def test_evaluate_partial_prediction(partial_scores, key, expected):
    assert partial_scores[key] == pytest.approx(expected)


def test_evaluate_per_release_sums_to_total(partial_scores):
    per = partial_scores["per_release"]
    assert per["mofa/r1"]["pred_release_id"] == "corpus/mofa/r1"  # suffix match
    assert per["stategov/r2"]["pred_release_id"] == "stategov/r2"
    for table in TABLES:
        for c in ("tp", "fp", "fn"):
            assert sum(r[f"{table}_{c}"] for r in per.values()) == partial_scores[f"{table}_{c}"]
    assert "other/r9" not in per  # predictions outside the gold are not scored


def test_evaluate_issues_list_every_error(partial_scores):
    issues = {(i["kind"], i["table"], i["release_id"], i["block_id"], i["text"])
              for i in partial_scores["issues"]}
    assert ("fn", "dates", "mofa/r1", "2.0", "August") in issues
    assert ("fp", "dates", "mofa/r1", "2.0", "August") in issues
    assert ("fp", "officials", "mofa/r1", "2.0", "Jong-kun Choi") in issues
    assert ("fn", "countries", "stategov/r2", None, "KOR") in issues
    assert ("fp", "blocks", "mofa/r1", "3.0", "End of release") in issues
    n_fp = sum(partial_scores[f"{t}_fp"] for t in TABLES)
    assert sum(i["kind"] == "fp" for i in partial_scores["issues"]) == n_fp


# -- matching rules --------------------------------------------------------------------------------
@pytest.mark.parametrize("gold,pred,expected", [
    ("Yeo Seung Bae", "Yeo Seung Bae", 2),
    ("Yeo Seung Bae", "YEO SEUNG-BAE", 2),
    ("Noh Kyu-duk", "Noh Kyuduk", 2),
    ("Noh Kyu-duk", "Noh Kyu Duk", 2),
    ("Antony J. Blinken", "Antony J Blinken", 2),
    ("Yeo Seung Bae", "Yeo Seung", 1),  # Korean order: family name first + one more token
    ("Yeo Seung Bae", "Yeo Bae", 1),
    ("Noh Kyu-duk", "Kyu-duk Noh", 1),  # family name first, written in Western order
    ("Antony J. Blinken", "Antony Blinken", 1),  # Western order: family name last
    ("Sergey Viktorovich Lavrov", "Sergey Lavrov", 1),
    ("Kishida Fumio", "Fumio Kishida", 1),
    ("Yeo Seung Bae", "Yeo", 0),  # family name alone
    ("Antony J. Blinken", "Blinken", 0),
    ("Sergey Viktorovich Lavrov", "Viktorovich", 0),
    ("Ahn Jung Hwan Kim", "Jung Hwan", 0),  # neither first nor last token
    ("Yeo Seung Bae", "Yeo Seung Bae Kim", 0),  # a token the gold name lacks
    ("Yeo Seung Bae", "Kim Seung", 0),
    ("Yeo Seung Bae", "Yeo Yeo", 0),  # multiset: Yeo appears once in gold
    ("Lavrov", "Sergey Lavrov", 0),
])
def test_names_match(gold, pred, expected):
    assert names_match(gold, pred) == expected


@pytest.mark.parametrize("gold,pred,expected", [
    (["Yeo Seung Bae"], ["Yeo Seung Bae", "Yeo Seung"], [(0, 0)]),
    (["Yeo Seung Bae"], ["Yeo Seung", "Yeo Seung Bae"], [(0, 1)]),  # exact name wins
    (["Yeo Seung Bae", "Yeo Seung"], ["Yeo Seung"], [(1, 0)]),
    # both gold names accept "Kim Min"; only one may take it, the other gets its own partial
    (["Kim Min Jae", "Kim Min Su"], ["Kim Min", "Kim Su"], [(0, 0), (1, 1)]),
    (["Kim Min Su", "Kim Min Jae"], ["Kim Min", "Kim Su"], [(0, 1), (1, 0)]),
    ([], ["Yeo Seung Bae"], []),
])
def test_match_people_one_to_one(gold, pred, expected):
    assert match_people(gold, pred) == expected


@pytest.mark.parametrize("gold,pred,expected", [
    ("a b", "a b", 1.0),
    ("The Korean  government", "the korean-government", 1.0),
    ("a b c d", "a b", 2 / 3),
    ("a b c d", "e f", 0.0),
    ("a a b", "a b b", 2 / 3),  # multisets
    ("", "", 1.0),
    ("", "a", 0.0),
])
def test_token_f1(gold, pred, expected):
    assert token_f1(tokens(gold), tokens(pred)) == pytest.approx(expected)


@pytest.mark.parametrize("gold,pred,matched", [
    ("one two three four", "one two three four", True),
    ("one two three four", "one two", True),  # F1 = 2*2/(4+2) = 0.67
    ("one two three", "one", True),  # F1 = 2*1/(3+1) = 0.5, at the threshold
    ("one two three four", "one", False),  # F1 = 0.4
    ("one two three", "one four five", False),  # F1 = 1/3
    ("one two three", "four five six", False),
])
def test_match_actions_threshold(gold, pred, matched):
    assert bool(match_actions([gold], [pred])) is matched


def test_match_actions_one_to_one_best_first():
    gold = ["closer cooperation on climate change", "closer cooperation"]
    pred = ["closer cooperation", "closer cooperation on climate"]
    # F1: g0-p0 0.57, g0-p1 0.89, g1-p0 1.0, g1-p1 0.67 -> g1-p0 first, then g0-p1
    assert [(g, p) for g, p, _ in match_actions(gold, pred)] == [(0, 1), (1, 0)]
    assert len(match_actions(["a b c"], ["a b c", "a b c"])) == 1


def _one(record: dict, **changes) -> dict:
    out = copy.deepcopy(record)
    out.update(changes)
    return out


@pytest.mark.parametrize("n_gold,n_pred,counts", [
    (2, 2, (2, 0, 0)),
    (2, 1, (1, 0, 1)),
    (2, 3, (2, 1, 0)),
    (1, 2, (1, 1, 0)),
])
def test_dates_are_a_multiset(tmp_path, n_gold, n_pred, counts):
    base = gold_records()[0]
    aug = base["dates"][2]  # August in block 2.0
    gold = _one(base, dates=[aug] * n_gold)
    pred = _one(base, dates=[aug] * n_pred)
    scores = evaluate(write_gold(tmp_path / "g.jsonl", [gold]),
                      write_pred(tmp_path / "out", [pred]))
    assert (scores["dates_tp"], scores["dates_fp"], scores["dates_fn"]) == counts


def test_dates_pairing_prefers_equal_attributes(tmp_path):
    base = gold_records()[1]
    end = base["dates"][2]
    gold = _one(base, dates=[end, {**end, "modifier": None}])
    pred = _one(base, dates=[{**end, "modifier": None}, end])
    scores = evaluate(write_gold(tmp_path / "g.jsonl", [gold]),
                      write_pred(tmp_path / "out", [pred]))
    assert scores["dates_tp"] == 2
    assert scores["dates_modifier_acc"] == 1.0


def test_date_value_end_is_part_of_the_key(tmp_path):
    base = gold_records()[1]
    pred = _one(base, dates=[{**d, "value_end": None} for d in base["dates"]])
    scores = evaluate(write_gold(tmp_path / "g.jsonl", [base]),
                      write_pred(tmp_path / "out", [pred]))
    assert (scores["dates_tp"], scores["dates_fp"], scores["dates_fn"]) == (2, 1, 1)


@pytest.mark.parametrize("gold_title,pred_title,ok", [
    ("Deputy Minister for Political Affairs", "the Deputy Minister for Political Affairs", True),
    ("Vice Minister", "Vice Foreign Minister", True),  # F1 0.8
    ("Deputy Secretary of State", "Secretary of State", True),  # F1 0.86
    ("Minister of State", "Minister", False),  # F1 0.5
    ("Deputy Minister for Political Affairs", "Deputy Minister", False),
    (None, None, True),
    (None, "Minister", False),
])
def test_official_title_rule(tmp_path, gold_title, pred_title, ok):
    base = gold_records()[0]
    person = base["officials"][0]
    gold = _one(base, officials=[{**person, "title": gold_title}])
    pred = _one(base, officials=[{**person, "title": pred_title}])
    scores = evaluate(write_gold(tmp_path / "g.jsonl", [gold]),
                      write_pred(tmp_path / "out", [pred]))
    assert scores["officials_tp"] == 1
    assert scores["officials_title_acc"] == (1.0 if ok else 0.0)


def test_missing_release_counts_all_its_items_as_false_negatives(tmp_path):
    first, second = gold_records()
    scores = evaluate(GOLD, write_pred(tmp_path / "out", [first]))
    assert scores["missing_releases"] == ["stategov/r2"]
    assert scores["per_release"]["stategov/r2"]["pred_release_id"] is None
    assert scores["blocks_fn"] == len(second["blocks"])
    assert scores["dates_fn"] == len(second["dates"])
    assert scores["officials_fn"] == len(second["officials"])
    assert scores["countries_fn"] == len(second["countries"])
    assert scores["actions_fn"] == len(second["actions"])
    assert scores["release_title_acc"] == 0.5  # a missing release has every field wrong
    assert scores["blocks_fp"] == 0


@pytest.mark.parametrize("gold,pred,expected", [
    (["seed/x"], ["seed/x"], {"seed/x": "seed/x"}),
    (["seed/x"], ["corpus/seed/x"], {"seed/x": "corpus/seed/x"}),
    (["corpus/seed/x"], ["seed/x"], {"corpus/seed/x": "seed/x"}),
    (["x"], ["a/x", "b/x"], {"x": None}),  # ambiguous
    (["x"], ["ax"], {"x": None}),  # not on a / boundary
    (["a/x", "x"], ["a/x", "b/x"], {"a/x": "a/x", "x": "b/x"}),  # each prediction used once
    (["x"], [], {"x": None}),
])
def test_match_releases(gold, pred, expected):
    assert match_releases(gold, pred)[0] == expected


# -- gold validation -------------------------------------------------------------------------------
def _bad(record: dict, path: str, value) -> dict:
    out = copy.deepcopy(record)
    *parents, last = path.split("/")
    target = out
    for p in parents:
        target = target[int(p)] if p.isdigit() else target[p]
    if value is KeyError:
        del target[last if not last.isdigit() else int(last)]
    else:
        target[int(last) if last.isdigit() else last] = value
    return out


@pytest.mark.parametrize("path,value,field", [
    ("published", "22/10/2021", "field published"),
    ("dates/1/value", "2021-1", "field dates[1].value"),
    ("dates/0/granularity", "week", "field dates[0].granularity"),
    ("officials/0/name", KeyError, "field officials[0].name: missing"),
    ("countries/0", "korea", "field countries[0]"),
    ("actions/0/type", "promise", "field actions[0].type"),
    ("blocks/1/block_id", "1-1", "field blocks[1].block_id"),
    ("title", KeyError, "field title: missing"),
    ("dates/2/block_id", "9.9", "field dates[2].block_id: no block '9.9'"),
    ("officials/1/block_ids", ["1.0", "7.0"], "field officials[1].block_ids[1]"),
    ("blocks/1/block_id", "1.0", "duplicate block_id"),
])
def test_bad_gold_names_line_and_field(tmp_path, path, value, field):
    good, other = gold_records()
    path_ = write_gold(tmp_path / "g.jsonl", [other, _bad(good, path, value)])
    with pytest.raises(BadGold) as err:
        read_gold(path_)
    assert "line 2" in str(err.value)
    assert field in str(err.value)
    assert "line 1" not in str(err.value)


@pytest.mark.parametrize("text,message", [
    ('{"release_id": "x",\n', "line 1: not valid JSON"),
    ("", "no labeled release"),
    ("[1, 2]\n", "line 1: field (line)"),
])
def test_bad_gold_files(tmp_path, text, message):
    path = tmp_path / "g.jsonl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadGold, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_gold(path)


def test_bad_gold_duplicate_release(tmp_path):
    rec = gold_records()[0]
    with pytest.raises(BadGold, match="line 3: field release_id: duplicate of line 1"):
        read_gold(write_gold(tmp_path / "g.jsonl", [rec, gold_records()[1], rec]))


def test_gold_text_not_in_block_is_a_warning(tmp_path):
    rec = gold_records()[0]
    rec["dates"][0]["text"] = "June 19"
    gold = read_gold(write_gold(tmp_path / "g.jsonl", [rec]))
    assert any("dates[0].text" in w for w in gold.warnings)


# -- Prodigy / doccano -----------------------------------------------------------------------------
R2_MENTIONS = {"stategov/r2": [("1.0", "Japanese", "JPN", 0)]}
R1_MENTIONS = {"mofa/r1": [("1.0", "Korea", "KOR", 0), ("1.0", "Mongolia", "MNG", 0),
                           ("1.0", "Mongolia", "MNG", 1), ("2.1", "Mongolia", "MNG", 0)]}


def test_prodigy_spans_perfect(tmp_path):
    gold = read_gold(EVAL / "prodigy.jsonl")
    assert len(gold.span_docs) == 1  # the rejected line is skipped
    assert [s.label for s in gold.span_docs[0].spans] == ["PERSON", "COUNTRY", "PERSON", "DATE",
                                                          "DATE"]
    out = write_pred(tmp_path / "out", gold_records(), R2_MENTIONS)
    scores = evaluate(EVAL / "prodigy.jsonl", out)
    for label in ("", "_date", "_country", "_person"):
        assert scores[f"spans{label}_f"] == 1.0, label
    assert scores["spans_tp"] == 5
    assert scores["spans_country_iso3_acc"] == 1.0
    assert scores["spans_date_value_acc"] == 1.0
    assert any("TITLE not scored" in n for n in scores["notes"])


def test_prodigy_spans_partial(tmp_path):
    records = gold_records()
    records[1]["dates"] = records[1]["dates"][:1]  # October 6-7 not found
    mentions = {"stategov/r2": [("1.0", "Japan", "JPN", 0)]}  # wrong span for "Japanese"
    scores = evaluate(EVAL / "prodigy.jsonl", write_pred(tmp_path / "out", records, mentions))
    assert (scores["spans_date_tp"], scores["spans_date_fn"]) == (1, 1)
    assert (scores["spans_country_tp"], scores["spans_country_fp"],
            scores["spans_country_fn"]) == (0, 1, 1)
    assert scores["spans_country_iso3_acc"] is None
    assert scores["spans_person_f"] == 1.0


def test_doccano_line_found_by_text(tmp_path):
    gold = read_gold(EVAL / "doccano.jsonl")
    labels = sorted(s.label for s in gold.span_docs[0].spans)
    assert labels == ["COUNTRY"] * 3 + ["DATE"] * 2 + ["PERSON"] * 2  # "Seoul" (GPE) ignored
    scores = evaluate(EVAL / "doccano.jsonl",
                      write_pred(tmp_path / "out", gold_records(), R1_MENTIONS))
    # blocks 2.0 and 2.1 are not in the gold text: their mentions are not counted
    assert (scores["spans_tp"], scores["spans_fp"], scores["spans_fn"]) == (7, 0, 0)


@pytest.mark.parametrize("line,message", [
    ({"text": "abc", "spans": [{"start": 0, "end": 9, "label": "DATE"}]}, "field spans[0]"),
    ({"text": "abc", "spans": [{"start": 0, "end": 2}]}, "field spans[0].label"),
    ({"text": "abc", "label": [[0, 2]]}, "field label[0]"),
    ({"text": 5, "label": []}, "field text"),
    ({"text": "abc", "spans": [{"start": 0, "end": 2, "label": "GPE", "iso3": "Ko"}]},
     "field spans[0]: iso3"),
])
def test_bad_span_lines(tmp_path, line, message):
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(BadGold, match="line 1: " + message.replace("[", r"\[")):
        read_gold(path)


# -- the gate --------------------------------------------------------------------------------------
@pytest.mark.parametrize("scores,floors,n_fail", [
    ({"blocks_f": 0.9}, {"blocks_f": 0.9}, 0),
    ({"blocks_f": 0.89}, {"blocks_f": 0.9}, 1),
    ({"blocks_f": None}, {"blocks_f": 0.9}, 1),
    ({"blocks_f": None}, {"blocks_f": 0.0}, 0),
    ({}, {"actions_f": 0.5, "_gold_sha256": "x"}, 1),
])
def test_check_floors(scores, floors, n_fail):
    assert len(check_floors(scores, floors)) == n_fail


def test_raise_floors_never_lowers_without_allow_regression():
    scores = {"blocks_f": 0.87654, "dates_f": 0.5, "gold": "g", "gold_sha256": "abc"}
    floors = {"blocks_f": 0.5, "dates_f": 0.7}
    new, _ = raise_floors(scores, floors, allow_regression=False)
    assert new["blocks_f"] == 0.8765  # rounded down, never above the score
    assert new["dates_f"] == 0.7
    assert new["_gold_sha256"] == "abc"
    new, _ = raise_floors(scores, floors, allow_regression=True)
    assert new["dates_f"] == 0.5


# -- command line ----------------------------------------------------------------------------------
def invoke(*args: str):
    return CliRunner().invoke(evaluate_command, [str(a) for a in args])


def test_cli_table_and_json():
    res = invoke("--gold", GOLD, "--pred", PARTIAL)
    assert res.exit_code == 0, res.output
    assert "officials" in res.output and "0.667" in res.output
    res = invoke("--gold", GOLD, "--pred", PARTIAL, "--json")
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["blocks_tp"] == 4
    assert data["officials_title_acc"] == 1.0
    assert set(data["per_release"]) == {"mofa/r1", "stategov/r2"}


@pytest.mark.parametrize("suffix,marker", [(".md", "| dates | false negative | 2.0 | August"),
                                           (".html", "<td>false negative</td>")])
def test_cli_report(tmp_path, suffix, marker):
    report = tmp_path / f"report{suffix}"
    res = invoke("--gold", GOLD, "--pred", PARTIAL, "--report", report)
    assert res.exit_code == 0
    text = report.read_text(encoding="utf-8")
    assert marker in text
    assert "Jong-kun Choi" in text


@pytest.mark.parametrize("floors,code,messages", [
    ({"blocks_f": 0.6, "actions_f": 0.6}, 0, ["gate passed"]),
    ({"blocks_f": 0.7, "actions_f": 0.61, "dates_f": 0.1}, 1,
     ["blocks_f = 0.6667 is below its floor 0.7000", "actions_f = 0.6000 is below",
      "2 score(s) below"]),
])
def test_cli_gate(tmp_path, floors, code, messages):
    path = tmp_path / "floors.json"
    path.write_text(json.dumps(floors), encoding="utf-8")
    res = invoke("--gold", GOLD, "--pred", PARTIAL, "--gate", path)
    assert res.exit_code == code
    for message in messages:
        assert message in res.stderr
    assert "dates_f" not in res.stderr


def test_cli_update_floors(tmp_path):
    path = tmp_path / "floors.json"
    path.write_text(json.dumps({"blocks_f": 0.9, "dates_f": 0.0}), encoding="utf-8")
    res = invoke("--gold", GOLD, "--pred", PARTIAL, "--gate", path, "--update-floors")
    assert res.exit_code == 1  # blocks_f is below its floor: not lowered
    floors = json.loads(path.read_text())
    assert floors["blocks_f"] == 0.9 and floors["dates_f"] == 0.6666
    assert floors["_gold_sha256"]
    res = invoke("--gold", GOLD, "--pred", PARTIAL, "--gate", path, "--update-floors",
                 "--allow-regression")
    assert res.exit_code == 0
    assert json.loads(path.read_text())["blocks_f"] == 0.6666
    assert invoke("--gold", GOLD, "--pred", PARTIAL, "--gate", path).exit_code == 0


def test_cli_new_floors_file_and_gold_change_warning(tmp_path):
    path = tmp_path / "metrics" / "floors.json"
    res = invoke("--gold", GOLD, "--pred", PARTIAL, "--gate", path, "--update-floors")
    assert res.exit_code == 0
    floors = json.loads(path.read_text())
    assert floors["actions_type_acc"] == 0.6666
    assert "countries_f" in floors
    other = write_gold(tmp_path / "g.jsonl", gold_records()[:1])
    res = invoke("--gold", other, "--pred", PARTIAL, "--gate", path)
    assert "changed since the floors" in res.stderr


@pytest.mark.parametrize("args,message", [
    (["--pred", PARTIAL, "in.html"], "either --pred"),
    ([], "either --pred"),
    (["--pred", PARTIAL, "--update-floors"], "need --gate"),
    (["--pred", PARTIAL, "--gate", "/nonexistent/floors.json"], "not found"),
])
def test_cli_usage_errors(args, message):
    res = invoke("--gold", GOLD, *args)
    assert res.exit_code == 2
    assert message in res.output


def test_cli_bad_gold_exits_with_message(tmp_path):
    rec = gold_records()[0]
    rec["dates"][0]["value"] = "June"
    res = invoke("--gold", write_gold(tmp_path / "g.jsonl", [rec]), "--pred", PARTIAL)
    assert res.exit_code == 1
    assert "line 1: field dates[0].value" in res.output


def test_cli_not_an_output_folder(tmp_path):
    res = invoke("--gold", GOLD, "--pred", tmp_path)
    assert res.exit_code == 1
    assert "releases.csv" in res.output


def test_cli_runs_the_pipeline_on_inputs(tmp_path, monkeypatch):
    """INPUTS go through ingest -> Processor -> TableWriter; the model is replaced by the gold."""
    import pipeline.process
    from pipeline.schema import BlockRow, ReleaseRow

    records = {r["release_id"].split("/")[-1]: r for r in gold_records()}

    class FakeResult:
        def __init__(self, item):
            rec = records[item.path.stem]
            self.release = ReleaseRow(item.release_id, str(item.path), title=rec["title"],
                                      published=rec["published"], hits=rec["hits"],
                                      event_date=rec["event_date"])
            self.blocks = [BlockRow(item.release_id, b["block_id"], 0, 0, b["session_no"], True,
                                    b["text"]) for b in rec["blocks"]]

        def tables(self):
            return {"releases": [self.release], "blocks": self.blocks}

    class FakeProcessor:
        def __init__(self, settings, nlp=None):
            self.settings = settings

        def process(self, items):
            return (FakeResult(item) for item in items)

    monkeypatch.setattr(pipeline.process, "Processor", FakeProcessor)
    corpus = tmp_path / "corpus"
    for sub, name in (("mofa", "r1"), ("stategov", "r2")):
        (corpus / sub).mkdir(parents=True)
        (corpus / sub / f"{name}.txt").write_text("text", encoding="utf-8")
    out = tmp_path / "out"
    res = invoke("--gold", GOLD, corpus, "--out", out, "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["blocks_f"] == 1.0 and data["release_title_acc"] == 1.0
    assert data["dates_r"] == 0.0
    assert (out / "releases.csv").is_file()
    res = invoke("--gold", GOLD, corpus, "--json")  # temporary folder
    assert res.exit_code == 0
    assert json.loads(res.stdout)["blocks_tp"] == 6


# -- properties ------------------------------------------------------------------------------------
DATE_ITEMS = st.tuples(st.sampled_from(["1.0", "1.1", "2.0"]),
                       st.sampled_from(["2021", "2021-08", "2021-10-20"]),
                       st.sampled_from([None, "2021-10-21"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(DATE_ITEMS, max_size=8), st.lists(DATE_ITEMS, max_size=8))
def test_dates_counts_are_multiset_arithmetic(gold, pred):
    from collections import Counter

    def rows(items):
        return [{"block_id": b, "value": v, "value_end": e, "text": v, "start": "0",
                 "granularity": "year", "modifier": None} for b, v, e in items]

    t = Tally()
    score_dates(rows(gold), rows(pred), t, [], "r")
    prf = t.prf["dates"]
    assert prf.tp == sum((Counter(gold) & Counter(pred)).values())
    assert prf.tp + prf.fn == len(gold) and prf.tp + prf.fp == len(pred)


WORDS = st.lists(st.sampled_from(["peace", "cooperation", "the", "region", "trade", "talks"]),
                 min_size=1, max_size=5).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=5), st.lists(WORDS, max_size=5))
def test_action_matching_is_one_to_one_above_threshold(gold, pred):
    pairs = match_actions(gold, pred)
    assert len({g for g, _, _ in pairs}) == len({p for _, p, _ in pairs}) == len(pairs)
    assert all(f1 >= 0.5 and f1 == token_f1(tokens(gold[g]), tokens(pred[p]))
               for g, p, f1 in pairs)
    matched_g, matched_p = {g for g, _, _ in pairs}, {p for _, p, _ in pairs}
    # maximal: no unmatched pair is left that could still be matched
    assert not any(token_f1(tokens(gold[g]), tokens(pred[p])) >= 0.5
                   for g in range(len(gold)) if g not in matched_g
                   for p in range(len(pred)) if p not in matched_p)


def test_gold_folder_reads_every_jsonl_file(tmp_path):
    first, second = gold_records()
    folder = tmp_path / "parts"
    folder.mkdir()
    write_gold(folder / "a.jsonl", [first])
    write_gold(folder / "b.jsonl", [second])
    gold = read_gold(folder)
    assert [r["release_id"] for r in gold.releases] == ["mofa/r1", "stategov/r2"]
    assert evaluate(folder, PARTIAL)["blocks_tp"] == 4
    sha = gold.sha256
    write_gold(folder / "b.jsonl", [second, first])
    with pytest.raises(BadGold, match="b.jsonl: line 2: field release_id: duplicate of a.jsonl: "
                                      "line 1"):
        read_gold(folder)
    write_gold(folder / "b.jsonl", [second])
    assert read_gold(folder).sha256 == sha


def test_hits_not_labeled_is_not_scored(tmp_path):
    first, second = gold_records()
    del first["hits"]
    scores = evaluate(write_gold(tmp_path / "g.jsonl", [first, second]), PARTIAL)
    assert scores["release_hits_n"] == 1
    assert scores["release_title_n"] == 2


def test_excel_safe_quotes_are_undone(tmp_path):
    from pipeline.evaluate import read_predictions

    rec = gold_records()[0]
    rec["blocks"][1]["text"] = "- " + rec["blocks"][1]["text"]
    out = write_pred(tmp_path / "out", [rec])
    csv_path = out / "blocks.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(",- The", ",'- The"),
                        encoding="utf-8")
    assert ",'- The" in csv_path.read_text(encoding="utf-8")
    rows = read_predictions(out).rows("blocks", "mofa/r1")
    assert rows[1]["text"].startswith("- The")
