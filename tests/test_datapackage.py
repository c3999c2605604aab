"""The Data Package descriptor, typed loading and Parquet output."""

from __future__ import annotations

import pytest

from pipeline.datapackage import descriptor, write_datapackage
from pipeline.export import TableWriter
from pipeline.loading import load, write_parquet
from pipeline.schema import (
    ActionRow,
    BlockRow,
    CountryRow,
    DateRow,
    OfficialMentionRow,
    OfficialRow,
    ReleaseRow,
)


@pytest.fixture()
def out_dir(tmp_path):
    with TableWriter(tmp_path) as w:
        w.write("releases", [
            ReleaseRow("mofa/1", "mofa/1.html", "https://x/1", "mofa_kr", "Talks", "2021-10-22",
                       "13:55:32", 820, "2021-10-20", 2, 1, "ab" * 32, "ok", None, "KOR", "utf-8"),
            ReleaseRow("bad", "bad.html", status="error", error="No release body text found"),
        ])
        w.write("blocks", [BlockRow("mofa/1", "1.0", 1, 0, None, True, "The talks were held."),
                           BlockRow("mofa/1", "1.1", 1, 1, 1, False, "They agreed to meet.")])
        w.write("dates", [DateRow("mofa/1", "1.0", 0, 3, "The", "2021-10", None, "month", None,
                                  "r1")])
        w.write("officials", [OfficialRow("mofa/1", 1, "Park Jin", "Minister", None, "KOR", 1,
                                          "1.0")])
        w.write("official_mentions", [OfficialMentionRow("mofa/1", "1.0", 0, 3, "The", 1)])
        w.write("countries", [CountryRow("mofa/1", "1.0", 0, 3, "The", "KOR", "Korea", "name")])
        w.write("actions", [ActionRow("mofa/1", "1.1", 1, "agreement", "They", "KOR;MNG",
                                      "agreed to", "meet", 15, 19)])
    write_datapackage(tmp_path)
    return tmp_path


def test_datapackage_validates_with_frictionless(out_dir):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(out_dir / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_datapackage_describes_every_column():
    for resource in descriptor()["resources"]:
        for field in resource["schema"]["fields"]:
            assert field.get("description"), (resource["name"], field["name"])


def test_datapackage_detects_bad_rows(out_dir):
    frictionless = pytest.importorskip("frictionless")
    path = out_dir / "actions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("agreement", "gossip"),
                    encoding="utf-8")
    assert not frictionless.validate(out_dir / "datapackage.json").valid


def test_load_types(out_dir):
    tables = load(out_dir)
    rel = tables["releases"]
    assert str(rel["published"].dtype).startswith("datetime64")
    assert str(rel["hits"].dtype) == "Int64" and rel["hits"].isna().tolist() == [False, True]
    assert str(tables["blocks"]["numbered"].dtype) == "boolean"
    assert str(tables["blocks"]["session_no"].dtype) == "Int64"
    assert str(tables["actions"]["type"].dtype) == "category"
    assert str(tables["countries"]["iso3"].dtype) == "category"


def test_write_parquet_round_trip(out_dir):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    write_parquet(out_dir)
    back = pd.read_parquet(out_dir / "releases.parquet")
    assert back["hits"].tolist()[0] == 820 and str(back["hits"].dtype) == "Int64"
