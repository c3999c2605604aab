"""The HTML review report: sections, escaping, offline only, highlight offsets, a real browser."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.export import TableWriter
from pipeline.report import (
    ActionSpan,
    BadEvalFile,
    Span,
    _months,
    build_report,
    find_trigger,
    highlight,
    report_command,
    svg_columns,
    write_report,
)
from pipeline.schema import (
    ActionRow,
    BlockRow,
    CountryRow,
    DateRow,
    OfficialMentionRow,
    OfficialRow,
    ReleaseRow,
)
from tests import browser

B10 = "Minister Park Jin met Japan's Foreign Minister on October 6 in Seoul."
B11 = "The two sides agreed to expand cooperation with the United States and China."
B20 = 'Korea said <script>alert("x")</script> & more on 5 May.'
EVIL = '<img src="https://evil.example/x.png" onerror="alert(1)">'


def _at(text: str, part: str) -> tuple[int, int]:
    i = text.index(part)
    return i, i + len(part)


@pytest.fixture()
def out_dir(tmp_path):
    out = tmp_path / "out"
    with TableWriter(out) as w:
        w.write("releases", [
            ReleaseRow("mofa/1", "mofa/1.html", "https://www.mofa.go.kr/1", "mofa_kr",
                       "Talks <b>bold</b> & co", "2021-10-22", None, 820, "2021-10-20", 2, 0,
                       "ab" * 32, "ok", None, "KOR", "utf-8"),
            ReleaseRow("mofa/2", "mofa/2.html", None, "mofa_kr", EVIL, "2022-01-03", None, None,
                       None, 1, 0, "cd" * 32, "ok", None, "KOR", "utf-8"),
            ReleaseRow("bad", "bad.html", status="error",
                       error="No release body text found: <nothing> in bad.html"),
            ReleaseRow("dup", "dup.html", status="skipped",
                       error="Another input has the same release_id: mofa/1"),
        ])
        w.write("blocks", [BlockRow("mofa/1", "1.0", 1, 0, None, True, B10),
                           BlockRow("mofa/1", "1.1", 1, 1, 1, False, B11),
                           BlockRow("mofa/2", "2.0", 2, 0, None, True, B20)])
        s, e = _at(B10, "October 6")
        w.write("dates", [DateRow("mofa/1", "1.0", s, e, "October 6", "2021-10-06", None, "day",
                                  None),
                          DateRow("mofa/2", "2.0", *_at(B20, "5 May"), "5 May", "2022-05-05",
                                  None, "day", None)])
        w.write("officials", [OfficialRow("mofa/1", 1, "Park Jin", "Minister", "MOFA", "KOR", 1,
                                          "1.0")])
        w.write("official_mentions", [OfficialMentionRow("mofa/1", "1.0",
                                                         *_at(B10, "Minister Park Jin"),
                                                         "Minister Park Jin", 1)])
        w.write("countries", [
            CountryRow("mofa/1", "1.0", *_at(B10, "Japan"), "Japan", "JPN", "Japan", "name"),
            CountryRow("mofa/1", "1.1", *_at(B11, "the United States"), "the United States",
                       "USA", "United States", "name"),
            CountryRow("mofa/1", "1.1", *_at(B11, "China"), "China", "CHN", "China", "name"),
            CountryRow("mofa/2", "2.0", *_at(B20, "Korea"), "Korea", "KOR", "South Korea",
                       "alias"),
        ])
        content = "expand cooperation with the United States and China"
        w.write("actions", [ActionRow("mofa/1", "1.1", 1, "agreement", "The two sides",
                                      "KOR;JPN;USA", "agreed to", content, *_at(B11, content)),
                            ActionRow("mofa/2", "2.0", None, "pledge", "Korea <x>", "KOR",
                                      "said", '<script>alert("x")</script> & more',
                                      *_at(B20, '<script>alert("x")</script> & more'))])
    return out


@pytest.fixture()
def scores_file(tmp_path):
    scores = {
        "gold": "corpus/labeled/dev.jsonl", "n_releases": 2,
        "dates_p": 0.75, "dates_r": 0.5, "dates_f": 0.6, "dates_tp": 3, "dates_fp": 1,
        "dates_fn": 3, "actions_p": None, "actions_r": None, "actions_f": None,
        "dates_granularity_acc": 1.0, "dates_granularity_n": 3, "countries_f": 0.9,
        "missing_releases": ["mofa/9"], "notes": ["a <note>"],
        "issues": [{"kind": "fn", "table": "dates", "release_id": "mofa/1", "block_id": "1.0",
                    "text": "<i>October</i>", "detail": ""}],
        "per_release": {"mofa/1": {"pred_release_id": "mofa/1", "dates_f": 0.5}},
    }
    path = tmp_path / "scores.json"
    path.write_text(json.dumps(scores), encoding="utf-8")
    return path


class Marks(HTMLParser):
    """Each block paragraph: its text without labels, its marks and its underlined pieces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: dict[str, dict] = {}
        self.block: dict | None = None
        self.stack: list[tuple[str, dict]] = []
        self.label_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "p" and a.get("class") == "btext":
            self.block = {"text": "", "marks": [], "acts": {}}
            self.blocks[a["data-block"]] = self.block
        if self.block is None:
            return
        self.stack.append((tag, a))
        if self.label_depth or (tag == "span" and a.get("class") in ("lbl", "atag")):
            self.label_depth += 1
        elif tag == "mark":
            self.block["marks"].append({"kind": a["class"][2:], "s": int(a["data-s"]),
                                        "e": int(a["data-e"]), "at": len(self.block["text"]),
                                        "text": ""})

    def handle_endtag(self, tag):
        if self.block is None:
            return
        self.stack.pop()
        if self.label_depth:
            self.label_depth -= 1
        if tag == "p" and not self.stack:
            self.block = None

    def handle_data(self, data):
        if self.block is None or self.label_depth:
            return
        self.block["text"] += data
        if any(t == "mark" for t, _ in self.stack):
            self.block["marks"][-1]["text"] += data
        for t, a in self.stack:
            if t == "span" and "act" in a.get("class", "").split():
                for k in a["data-a"].split():
                    self.block["acts"][k] = self.block["acts"].get(k, "") + data


def _section(page: str, section_id: str) -> str:
    start = page.index(f'<section id="{section_id}"')
    return page[start:page.index("</section>", start)]


# -- content -----------------------------------------------------------------------------------
def test_report_has_every_section(out_dir):
    page = build_report(out_dir)
    for sid in ("overview", "actions", "index", "releases", "problems"):
        assert f'<section id="{sid}"' in page
    assert 'id="evaluation"' not in page
    assert page.count("<svg") >= 6  # months, countries, types, actors, two pair charts
    assert "Releases per month" in page and "2021-10" in page and "2021-11" in page  # gap filled
    assert 'id="actions-table"' in page and 'data-filter="actions-table"' in page
    overview = _section(page, "overview")
    assert "KOR\u2013USA" in overview and "JPN\u2013KOR" in overview  # co-actor pairs
    assert "Park Jin" in overview  # most frequent officials
    # a section per ok release, linked from the index and from the actions table
    assert 'id="r0"' in page and 'id="r1"' in page and 'href="#r0"' in page
    assert 'href="#r0-b1.1"' in page and 'id="r0-b1.1"' in page
    problems = _section(page, "problems")
    assert "No release body text found: &lt;nothing&gt; in bad.html" in problems
    assert "skipped" in problems and "Another input has the same release_id" in problems


def test_report_escapes_text(out_dir):
    page = build_report(out_dir)
    # the only script is the report's own; block text, titles and actions stay text
    assert page.count("<script") == 1 and page.count("</script>") == 1
    assert "alert(" not in page.split("<script>")[1]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in page
    assert "Talks &lt;b&gt;bold&lt;/b&gt; &amp; co" in page and "<b>bold" not in page
    assert "<img" not in page and "onerror=" not in page.replace("onerror=&quot;", "")
    assert "Korea &lt;x&gt;" in page


def test_report_has_no_external_references(out_dir, scores_file):
    page = build_report(out_dir, scores_file)
    attr = re.compile(r"""\b(?:src|href|srcset|action|poster|data|xlink:href)\s*=\s*["']?\s*"""
                      r"""(?:[a-z][a-z0-9+.-]*:|//)""", re.I)
    assert not attr.findall(page)
    assert not re.search(r"url\s*\(|@import|<link\b|<iframe|<img\b|<object|<embed", page, re.I)
    # the release URL is shown as text, never linked
    assert "https://www.mofa.go.kr/1" in page and 'href="https://' not in page
    assert "http://" not in page.replace("https://www.mofa.go.kr/1", "")
    # every href is an anchor in the page
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    for target in re.findall(r'href="#([^"]+)"', page):
        assert target in ids, target


def test_highlights_are_at_the_right_offsets(out_dir):
    parser = Marks()
    parser.feed(build_report(out_dir))
    texts = {"1.0": B10, "1.1": B11, "2.0": B20}
    assert set(parser.blocks) == set(texts)
    for bid, block in parser.blocks.items():
        text = texts[bid]
        assert block["text"] == text  # labels and tags aside, the text is exact
        for m in block["marks"]:
            assert m["at"] == m["s"] and m["text"] == text[m["s"]:m["e"]], (bid, m)
    kinds = {(bid, m["kind"], m["text"]) for bid, b in parser.blocks.items() for m in b["marks"]}
    assert kinds == {
        ("1.0", "official", "Minister Park Jin"), ("1.0", "country", "Japan"),
        ("1.0", "date", "October 6"), ("1.1", "action", "agreed to"),
        ("1.1", "country", "the United States"), ("1.1", "country", "China"),
        ("2.0", "country", "Korea"), ("2.0", "action", "said"), ("2.0", "date", "5 May"),
    }
    # action content underlined, country marks nested inside it
    assert parser.blocks["1.1"]["acts"] == {
        "0": "expand cooperation with the United States and China"}
    assert parser.blocks["2.0"]["acts"] == {"0": '<script>alert("x")</script> & more'}


def test_highlight_overlaps_and_bad_offsets():
    text = "On 6 October 2021 Korea and Japan agreed to meet in Seoul."
    spans = [Span(3, 17, "date"), Span(5, 12, "date"),  # nested: the longer one wins
             Span(18, 23, "country"), Span(20, 33, "country"),  # crossing: the earlier wins
             Span(50, 99, "country"), Span(9, 9, "date")]  # out of range / empty: ignored
    act = ActionSpan(44, 57, "agreement", "note",
                     find_trigger(text, "agreed to", 44, 57))
    out = highlight(text, spans, [act])
    parser = Marks()
    parser.feed(f'<p class="btext" data-block="x">{out}</p>')
    block = parser.blocks["x"]
    assert block["text"] == text
    assert [(m["kind"], m["text"]) for m in block["marks"]] == [
        ("date", "6 October 2021"), ("country", "Korea"), ("action", "agreed to")]
    assert block["acts"] == {"0": "meet in Seoul"}
    # an action whose content starts inside a mark, and one without a trigger
    out = highlight("Korea-Japan talks", [Span(0, 5, "country")],
                    [ActionSpan(3, 11, "call", "n"), ActionSpan(6, 17, "pledge", "m")])
    parser = Marks()
    parser.feed(f'<p class="btext" data-block="y">{out}</p>')
    assert parser.blocks["y"]["text"] == "Korea-Japan talks"
    assert parser.blocks["y"]["acts"] == {"0": "ea-Japan", "1": "Japan talks"}
    assert 'class="act act2"' in out and out.count('class="atag"') == 2


def test_triggers_found_before_or_after_content():
    text = "Cooperation on energy was agreed by both."
    assert find_trigger(text, "was agreed", 0, 21) == (22, 32)
    assert find_trigger("They agreed to meet.", "agreed to", 15, 19) == (5, 14)
    assert find_trigger("They meet.", "agreed to", 5, 9) is None
    assert find_trigger("x", None, 0, 1) is None


def test_months_and_charts():
    labels, values, unit, missing = _months(["2021-10-02", "2021-12-30", "2021-12-01", None])
    assert (labels, values, unit, missing) == (["2021-10", "2021-11", "2021-12"], [1, 0, 2],
                                                "month", 1)
    labels, values, unit, _ = _months(["1900-01-01", "2021-01-01"])
    assert unit == "year" and labels[0] == "1900" and sum(values) == 2
    svg = svg_columns(["a<", "b"], [3, 0], "T & t")
    assert svg.startswith("<svg") and "a&lt;" in svg and "T &amp; t" in svg
    assert svg_columns([], [], "x").startswith("<p")


def test_max_releases_limits_sections(out_dir):
    page = build_report(out_dir, max_releases=1, max_actions=1)
    assert 'id="r0"' in page and 'id="r1"' not in page
    assert "first 1 of 2 releases" in page
    assert "first 1 of 2 actions" in page
    index = _section(page, "index")
    assert "<code>mofa/2</code>" in index and 'href="#r0"' in index


def test_evaluation_section(out_dir, scores_file):
    page = build_report(out_dir, scores_file)
    section = _section(page, "evaluation")
    assert "0.600" in section and "0.750" in section and "0.500" in section
    assert "dates_granularity" in section and "countries" in section
    assert "&lt;i&gt;October&lt;/i&gt;" in section and "a &lt;note&gt;" in section
    assert "mofa/9" in section and "Per release" in section
    # lenient: a bare dict of scores works, and files without scores just say so
    assert "0.600" in build_report(out_dir, {"x_f": 0.6})
    assert "no keys ending in" in build_report(out_dir, {"something": "else"})


def test_bad_eval_file(out_dir, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(BadEvalFile):
        build_report(out_dir, bad)
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(BadEvalFile):
        build_report(out_dir, bad)


def test_report_of_empty_tables(tmp_path):
    with TableWriter(tmp_path / "empty"):
        pass
    page = build_report(tmp_path / "empty")
    assert "No data." in page and "No actions." in page and page.rstrip().endswith("</html>")


# -- command line ------------------------------------------------------------------------------
@pytest.fixture()
def report_cli():
    added = "report" not in cli.commands
    if added:
        cli.add_command(report_command, "report")
    yield cli
    if added:
        cli.commands.pop("report", None)


def test_cli_report(report_cli, out_dir, scores_file, tmp_path):
    runner = CliRunner()
    target = tmp_path / "sub" / "review.html"
    result = runner.invoke(report_cli, ["report", str(out_dir), "--out", str(target),
                                        "--eval", str(scores_file)])
    assert result.exit_code == 0, result.output
    assert str(target) in result.output and 'id="evaluation"' in target.read_text("utf-8")
    result = runner.invoke(report_cli, ["report", str(out_dir), "--max-releases", "0"])
    assert result.exit_code == 0 and (out_dir / "report.html").exists()
    assert 'id="r0"' not in (out_dir / "report.html").read_text("utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("nope", encoding="utf-8")
    result = runner.invoke(report_cli, ["report", str(out_dir), "--eval", str(bad)])
    assert result.exit_code != 0 and "Evaluation scores could not be read" in result.output
    (tmp_path / "nothing").mkdir()
    result = runner.invoke(report_cli, ["report", str(tmp_path / "nothing")])
    assert result.exit_code != 0 and "run `pressfacts run` first" in result.output
    result = runner.invoke(report_cli, ["report", "--help"])
    assert result.exit_code == 0 and "OUTPUT_DIR" in result.output


# -- a real browser ----------------------------------------------------------------------------
needs_chromium = pytest.mark.skipif(browser.find_chromium() is None,
                                    reason="chromium not installed (apt-get install chromium)")

HARNESS = """<script>
window.addEventListener("load", function () {
  var box = document.querySelector('input[data-filter="actions-table"]');
  box.value = "pledge";
  box.dispatchEvent(new Event("input"));
  setTimeout(function () {
    var t = document.getElementById("actions-table");
    var shown = Array.prototype.filter.call(t.tBodies[0].rows, function (r) { return !r.hidden; });
    document.body.setAttribute("data-filtered", String(shown.length));
    document.body.setAttribute("data-counter",
      document.querySelector('[data-count-for="actions-table"]').textContent);
    var idx = document.getElementById("release-index"), th = idx.tHead.rows[0].cells[2];
    th.click(); th.click();  // published, descending
    document.body.setAttribute("data-first", idx.tBodies[0].rows[0].cells[0].textContent);
    document.body.setAttribute("data-sort", th.getAttribute("aria-sort"));
  }, 50);
});
</script></body>"""


@pytest.fixture()
def page(out_dir, scores_file):
    return write_report(out_dir, out_dir / "report.html", scores_file)


@needs_chromium
def test_browser_screenshot_renders(page, tmp_path):
    png = tmp_path / "report.png"
    run = browser.screenshot(page, png)
    assert png.exists(), run.stderr[-2000:]
    assert png.stat().st_size > 20_000
    image = browser.read_png(png)
    assert (image.width, image.height) == (1280, 2000)
    colours = image.colours(step=3)
    assert len(colours) > 50  # text, charts, marks: not a blank page
    bar = bytes.fromhex("4a78b5")  # the chart bars' fill
    assert any(c[:3] == bar for c in colours), "no chart bar in the screenshot"
    assert run.console_lines(page) == [], run.console_lines(page)


@needs_chromium
def test_browser_runs_the_script_without_errors(page):
    run = browser.dump_dom(page)
    dom = run.stdout
    root = re.search(r"<html[^>]*>", dom).group(0)
    assert 'data-js="ready"' in root and "data-js-error" not in root, root
    assert "4 of 4 rows" in dom and "2 of 2 rows" in dom  # counters filled by the script
    assert not [line for line in run.console_lines(page)], run.console_lines(page)
    assert "<script>alert" not in dom


@needs_chromium
def test_browser_filter_and_sort(page, tmp_path):
    harnessed = tmp_path / "harness.html"
    html = page.read_text(encoding="utf-8")
    harnessed.write_text(html.replace("</body>", HARNESS, 1), encoding="utf-8")
    run = browser.dump_dom(harnessed)
    head = re.search(r"<body[^>]*>", run.stdout)
    assert head, run.stderr[-2000:]
    attrs = dict(re.findall(r'(data-[a-z]+)="([^"]*)"', head.group(0)))
    assert attrs.get("data-filtered") == "1" and attrs.get("data-counter") == "1 of 2 rows"
    assert attrs.get("data-sort") == "descending" and attrs.get("data-first") == "mofa/2"
    assert run.console_lines(harnessed) == []
