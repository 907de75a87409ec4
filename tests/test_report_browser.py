"""`jisr report` on a catalog with several models, two scoring modes, a chat-template sweep and reviews,
checked as written (HTML and markdown) and as rendered by headless Chromium.

The catalog is the bundled sample (`jisr build`) with mixes built by the real mix code, training runs
recorded by the real catalog calls, and scores and review verdicts written straight into the store
tables, as `jisr eval` and `jisr review pull` would. The scores are chosen so that some differences
are real (MedQA AR over 500 items: 80:20 clearly beats 50:50) and some are not (MedQA EN over 5
items), so the best-ratio marker must appear for one and not the other. Screenshots of every
section land in the test's tmp folder (and tests/artifacts/report/ for people to look at).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import arabic_reshaper
import pytest
from bidi import get_display
from click.testing import CliRunner

from browser import CHROMIUM, Browser
from conftest import copy_bundled
from jisr.catalog import Catalog
from jisr.catalog.evaluations import record_results
from jisr.catalog.mixes import build_mix
from jisr.catalog.recipes import Recipe
from jisr.catalog import lifecycle
from jisr.catalog.training_runs import record_losses, training_run
from jisr.cli import main
from jisr.evaluation.report import charts

ARTIFACTS = Path(__file__).parent / "artifacts" / "report"
BASE = "/models/Qwen2.5-0.5B"
SHARES = (80, 50, 20)
INJECTION = '<script>window.injected = 1</script> | *not bold* [link](http://x) <img src=x onerror="window.injected=2">'
ACC_TEXT = re.compile(r"^\d+\.\d ±\d+\.\d \(n=[\d,]+\)( ★ best)?$")


def _scores(share: int | None, chat: bool) -> dict[tuple[str, str], tuple[float, int]]:
    """(benchmark, language) -> (accuracy, n) for the base model (share None) or the model trained at `share`.

    MedQA AR rises with the Arabic share over 500 items (a real difference); MedQA EN moves on 5 items
    (noise); MedMCQA is scored in Arabic only, so its English cell is "—".
    """
    bump = 0.03 if chat else 0.0
    if share is None:
        return {("medqa", "en"): (0.4, 5), ("medqa", "ar"): (0.3 + bump, 500), ("medmcqa", "ar"): (0.31, 200)}
    return {("medqa", "en"): (0.6 if share == 20 else 0.4, 5), ("medqa", "ar"): (0.25 + share / 200 + bump, 500),
            ("medmcqa", "ar"): (0.3 + share / 1000, 200)}


def _result(run_id: str, model: str, benchmark: str, language: str, value: float, n: int, scoring: str,
            chat: bool, adapter: str | None = None, training_run_id: str | None = None, mix: str | None = None,
            stderr: float | None = None) -> dict:
    return {"run_id": run_id, "model": model, "adapter": adapter, "training_run_id": training_run_id, "mix": mix,
            "eval_set": f"{benchmark}-{language}", "eval_set_version": "v1", "benchmark": benchmark,
            "language": language, "scoring": scoring, "chat_template": chat, "metric": "acc", "value": value,
            "stderr": stderr, "n": n, "lm_eval_version": "0.4.13"}


def _seed_reviews(catalog: Catalog) -> None:
    """Three machine translations of English records (accepted, corrected, rejected) and the correction record."""
    (build_run,), = catalog.con.execute("SELECT run_id FROM runs WHERE command = 'build'").fetchall()
    english = [r for (r,) in catalog.con.execute(
        "SELECT record_id FROM records WHERE kept AND source = 'med42-alpaca' ORDER BY record_id LIMIT 3").fetchall()]
    texts = [("ما هي أعراض فقر الدم؟", "التعب والشحوب وضيق التنفس."),
             ("كيف يعالج ارتفاع ضغط الدم؟", "بتغيير نمط الحياة والأدوية."),
             ("ما هو السكري؟", "مرض يصيب القلب فقط.")]
    rows = [(f"mt-{k}", "translated:med42-alpaca", "ar", "qa", p, r, english[k], build_run)
            for k, (p, r) in enumerate(texts)]
    rows.append(("fix-1", "corrected:translated:med42-alpaca", "ar", "qa", texts[1][0],
                 "بتغيير نمط الحياة والأدوية الخافضة للضغط. " + INJECTION, "mt-1", build_run))
    catalog.con.executemany("INSERT INTO store.records (record_id, source, language, kind, prompt, response, "
                            "parent_id, created_run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    catalog.con.executemany("INSERT INTO store.decisions VALUES (?, ?, 0, 'ingest', true, NULL, NULL)",
                            [(build_run, row[0]) for row in rows])
    verdicts = [("mt-0", "accepted", None), ("mt-1", "corrected", "fix-1"), ("mt-2", "rejected", None),
                ("fix-1", "correction", None)]
    catalog.con.executemany("INSERT INTO store.review_status (dataset, record_id, status, reviews, adequacy, fluency, "
                            "rule, run_id, corrected_record_id) VALUES ('translation-review', ?, ?, 1, 3.0, 4.0, "
                            "'{}', 'run-r', ?)", verdicts)
    catalog.con.executemany("INSERT INTO store.reviews (dataset, record_id, reviewer, status, adequacy, fluency, "
                            "run_id) VALUES ('translation-review', ?, 'amal', 'submitted', 3, 4, 'run-r')",
                            [("mt-0",), ("mt-1",), ("mt-2",)])


def seed(home: Path) -> None:
    """On a copy of the bundled build: mixes, training runs, scores and reviews for every section."""
    with Catalog.open(home / "catalog.ducklake") as catalog:
        runs = {}
        for share in SHARES:
            mix = build_mix(catalog, Recipe(f"sweep-ar{share}-en{100 - share}", 4000,
                                            {"ar": share / 100, "en": 1 - share / 100})).ref
            with training_run(catalog, mix, BASE, "lora", {"max_steps": 30, "lr": 2e-4},
                              str(home / "models" / mix)) as trained:
                record_losses(trained, [{"step": s, "loss": 2.5 - share / 100 * (s / 30) - s / 40}
                                        for s in range(1, 31)])
            runs[share] = (trained.run_id, mix)
        for budget in (3000, 5000):  # two versions: the older one is folded away
            build_mix(catalog, Recipe("general", budget, {"ar": 0.5, "en": 0.5}, eligible=("r.kind <> 'chat'",)))
        with lifecycle.run(catalog, "eval", {"seeded": True}) as run, run.landing():
            run_id = run.run_id
            rows = []
            for chat in (False, True):
                rows += [_result(run_id, BASE, b, lang, v, n, "fulltext", chat)
                         for (b, lang), (v, n) in _scores(None, chat).items()]
                for share, (train_id, mix) in runs.items():
                    rows += [_result(run_id, BASE, b, lang, v, n, "fulltext", chat, str(home / "models" / mix),
                                     train_id, mix) for (b, lang), (v, n) in _scores(share, chat).items()]
            llama = "meta-llama/Llama-3.1-8B"
            rows += [_result(run_id, llama, "medqa", "en", 0.62, 1273, "fulltext", False, stderr=0.0136),
                     _result(run_id, llama, "medqa", "ar", 0.41, 1273, "fulltext", False, stderr=0.0138),
                     _result(run_id, llama, "pubmedqa", "en", 0.74, 500, "fulltext", False),
                     _result(run_id, llama, "mmlu_anatomy", "en", 0.6, 135, "fulltext", False),
                     _result(run_id, llama, "medmcqa", "en", 0.55, 4183, "fulltext", False),
                     _result(run_id, llama, "mmlu_medical_genetics", "en", 0.5, 100, "fulltext", False)]
            rows += [_result(run_id, m, "medqa", lang, v, 300, "letter", False)
                     for m, lang, v in ((BASE, "en", 0.33), (BASE, "ar", 0.27), (llama, "en", 0.58))]
            record_results(catalog, rows)
            run.summary["results"] = len(rows)
        _seed_reviews(catalog)


@pytest.fixture(scope="module")
def home(tmp_path_factory, bundled_build) -> Path:
    home = copy_bundled(bundled_build, tmp_path_factory.mktemp("report") / "home")
    seed(home)
    return home


def write(home: Path, *args: str) -> Path:
    result = CliRunner().invoke(main, ["--home", str(home), "report", *args])
    assert result.exit_code == 0, result.output
    return Path(re.search(r"Wrote (\S+)", result.output.replace("\n", "")).group(1))


@pytest.fixture(scope="module")
def page(home) -> Path:
    return write(home)


def _section(html: str, anchor: str) -> str:
    return html.split(f'<section id="{anchor}">')[1].split("</section>")[0]


def test_report_has_a_header_contents_and_every_section(page, home):
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing fetched: opens offline
    header = html.split("<header>")[1].split("</header>")[0]
    assert "<dt>jisr</dt><dd>0.1.0</dd>" in header and str(home / "catalog.ducklake") in header
    assert re.search(r"<dt>build config</dt><dd>[0-9a-f]{12} \(.*build\.yaml, run run-", header)
    anchors = re.findall(r'<li><a href="#([a-z]+)">', html)
    assert anchors == ["composition", "drops", "mixes", "training", "reviews", "evaluation", "sweep", "open",
                       "records"]
    assert all(f'<section id="{a}">' in html for a in anchors)
    composition = _section(html, "composition")
    totals = dict(((lang, (p, r)) for lang, p, r in __import__("catalog_rows").rows(
        home, "SELECT language, sum(prompt_tokens)::BIGINT, sum(response_tokens)::BIGINT FROM composition "
              "WHERE tokenizer = 'llama3' GROUP BY ALL")))
    for lang, (prompt, response) in totals.items():
        assert f'<td>{lang}</td><td class="num">' in composition and f"{prompt:,}" in composition \
            and f"{response:,}" in composition
    mixes = _section(html, "mixes")
    assert "<td>general@2</td>" in mixes and "<td>r.kind &lt;&gt; &#x27;chat&#x27;</td><td>gate</td>" in mixes
    folded = mixes.split("<details>")[1]
    assert "1 older mix version" in folded and "<td>general@1</td>" in folded
    assert "general@1" not in mixes.split("<details>")[0]
    training = _section(html, "training")
    assert training.count("<td>sweep-ar") == 3 and '<td class="num">30</td>' in training
    assert "Training loss per logged step" in training


def test_report_escapes_untrusted_text_and_marks_arabic(page):
    reviews = _section(page.read_text(encoding="utf-8"), "reviews")
    assert "<script>" not in reviews and "&lt;script&gt;window.injected = 1&lt;/script&gt;" in reviews
    assert "Corrected translations" in reviews and "Rejected translations" in reviews
    assert '<td class="num">33% [6, 79]</td>' in reviews  # 1 of 3 accepted, with its interval
    assert '<td dir="rtl" lang="ar">ما هو السكري؟' in reviews  # the rejected machine text


def test_markdown_report_has_the_sections_as_tables_with_text_escaped(home, tmp_path):
    md = write(home, "--format", "md", "--out", str(tmp_path / "report.md")).read_text(encoding="utf-8")
    for title in ("## Catalog composition", "## Mixes", "## Training runs", "## Review outcomes",
                  "## Evaluation: English vs Arabic per benchmark", "## Ratio sweep: accuracy vs Arabic share",
                  "## Record browser"):
        assert title in md
    assert "<script>" not in md and r"\<script\>window.injected = 1\</script\> \| \*not bold\*" in md
    assert "<details><summary>1 older mix version</summary>" in md
    # PubMedQA EN and MedMCQA EN never scored for the base model: "—", not 0
    assert "| Qwen2.5-0.5B | — | — | — | 31.0 ±6.4 (n=200) |" in md
    assert "<svg" not in md


JS_CHARTS = r"""
(() => Array.from(document.querySelectorAll('svg.chart')).map((svg) => {
  const name = (g) => Array.from(g.childNodes).filter((n) => n.nodeType === 8).map((n) => n.data.trim()).join('')
    || g.id;
  const box = svg.getBoundingClientRect();
  const outside = Array.from(svg.querySelectorAll('g[id^="text_"]')).filter((g) => {
    const r = g.getBoundingClientRect();
    return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5 ||
                           r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5);
  }).map(name);
  const boxes = Array.from(svg.querySelectorAll('g[id^="text_"]')).map((g) => [g, g.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0);
  const overlapping = [];
  boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, q]) => {
    const w = Math.min(r.right, q.right) - Math.max(r.left, q.left);
    const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
    if (w > 1 && h > 1) overlapping.push([name(a), name(b)]);
  }));
  const yaxes = Array.from(svg.querySelectorAll('g[id$="-yaxis"]')).map((axis) =>
    Array.from(axis.querySelectorAll('g[id^="ytick_"] g[id^="text_"]')).map(name));
  return {title: svg.querySelector('title').textContent, kind: svg.dataset.kind, outside, overlapping, yaxes,
          section: svg.closest('section').id, bad: svg.innerHTML.toLowerCase().includes('#d55e00'), width: box.width, right: box.right,
          page: document.documentElement.clientWidth};
}))()
"""

JS_CELLS = r"""
(() => Array.from(document.querySelectorAll('#evaluation td, #sweep td')).map((td) => ({
  section: td.closest('section').id, text: td.textContent, cls: td.className,
  paper: td.parentElement.classList.contains('paper'), column: td.cellIndex,
  header: td.closest('table').querySelector('thead tr').children[td.cellIndex].textContent,
  row: td.parentElement.children[0].textContent,
  table: Array.from(td.closest('section').querySelectorAll('table')).indexOf(td.closest('table')),
  heading: (() => { let e = td.closest('table'); while (e && e.tagName !== 'H3') e = e.previousElementSibling;
                    return e ? e.textContent : ''; })()})))()
"""


@pytest.fixture(scope="module")
def rendered(page, tmp_path_factory):
    """The page in headless Chromium: chart geometry, table cells, and a screenshot per section."""
    if CHROMIUM is None:
        pytest.skip("no Chromium (apt-get install -y chromium); the HTML and markdown checks still ran")
    shots = tmp_path_factory.mktemp("screenshots")
    with Browser(shots / "profile", timeout=60) as browser:
        browser.goto(page.as_uri())
        found = {"charts": browser.eval(JS_CHARTS), "cells": browser.eval(JS_CELLS),
                 "injected": browser.eval("typeof window.injected"),
                 "images": browser.eval("document.querySelectorAll('img').length"),
                 "rtl": browser.eval("Array.from(document.querySelectorAll('td[dir=rtl]'))"
                                     ".map((td) => getComputedStyle(td).direction)"),
                 "details_open": browser.eval("Array.from(document.querySelectorAll('details')).map((d) => d.open)"),
                 "shots": []}
        browser.send("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
        for anchor in browser.eval("Array.from(document.querySelectorAll('section')).map((s) => s.id)"):
            rect = browser.eval(f"(() => {{ const r = document.getElementById('{anchor}').getBoundingClientRect(); "
                                "return {x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height}; })()")
            data = browser.send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                                clip={"x": rect["x"], "y": rect["y"], "width": rect["w"],
                                      "height": min(rect["h"], 6000), "scale": 1})["data"]
            path = shots / f"{anchor}.png"
            path.write_bytes(__import__("base64").b64decode(data))
            found["shots"].append(path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for path in found["shots"]:
        shutil.copy(path, ARTIFACTS / path.name)
    return found


def test_every_chart_keeps_its_text_inside_and_accuracy_axes_span_0_to_100(rendered):
    charts = rendered["charts"]
    by_section = {}
    for chart in charts:
        by_section.setdefault(chart["section"], []).append(chart)
        assert chart["outside"] == [], f"text outside {chart['title']!r}: {chart['outside']}"
        assert chart["overlapping"] == [], f"labels drawn over each other in {chart['title']!r}"
        assert chart["right"] <= chart["page"] + 0.5, f"{chart['title']!r} is wider than the page"
    accuracy = [c for c in charts if c["kind"] == "accuracy"]
    # one grouped chart per scoring mode (fulltext, letter); one sweep chart per chat setting
    assert len(by_section["evaluation"]) == 2 and len(by_section["sweep"]) == 2
    assert {c["section"] for c in accuracy} == {"evaluation", "sweep"} and len(accuracy) == 4
    for chart in accuracy:
        assert chart["yaxes"], chart["title"]
        for ticks in chart["yaxes"]:
            assert ticks == ["0%", "20%", "40%", "60%", "80%", "100%"], (chart["title"], ticks)
    for section in ("composition", "drops", "mixes", "training", "reviews"):
        assert by_section.get(section), f"no chart in {section}"
    # red (vermillion) means bad: rejected translations and dropped rows, nothing else
    assert {c["section"] for c in charts if c["bad"]} == {"drops", "reviews"}


def test_arabic_chart_labels_are_shaped_and_in_display_order():
    """matplotlib draws code points as they come: the label must arrive joined (presentation forms) and reversed."""
    svg = charts.bars("Records by category", ["أمراض القلب", "cardiology"], {"records": [3, 2]}, "records")
    labels = re.findall(r"<!-- (.*?) -->", svg)
    shaped = get_display(arabic_reshaper.reshape("أمراض القلب"))
    assert shaped in labels and "أمراض القلب" not in labels and "cardiology" in labels
    assert all("\ufe70" <= ch <= "\ufeff" or ch == " " for ch in shaped)  # every letter in its joined form


def test_every_accuracy_has_n_and_interval_and_missing_sets_show_a_dash(rendered):
    cells = rendered["cells"]
    scores = [c for c in cells if "acc" in c["cls"].split()]
    assert len(scores) > 40
    for cell in scores:
        assert ACC_TEXT.match(cell["text"]), cell
    bare = [c for c in cells if not c["paper"] and re.fullmatch(r"\d+(\.\d+)?%?", c["text"])]
    assert bare == []  # no accuracy printed without its n and interval
    missing = [c for c in cells if c["row"] == "Qwen2.5-0.5B" and c["header"] == "MedMCQA EN"]
    assert [c["text"] for c in missing] == ["—"]  # scored in Arabic only: never "0%"
    assert not [c for c in cells if re.match(r"0\.0 ±", c["text"])]  # the seeded catalog has no real 0%


def test_a_best_ratio_is_marked_only_where_it_beats_the_runner_up(rendered):
    sweep = [c for c in rendered["cells"] if c["section"] == "sweep"]
    headings = {c["heading"] for c in sweep}
    assert any("chat template" in h and "no chat" not in h for h in headings)  # the --chat-template sweep shows
    for heading in headings:
        table = [c for c in sweep if c["heading"] == heading]
        best = {(c["row"], c["header"]) for c in table if c["text"].endswith("★ best")}
        assert best == {("80:20", "MedQA AR")}, (heading, best)  # 500 items; MedQA EN's 5 items tell nothing


def test_report_runs_no_catalog_text_and_lays_arabic_out_right_to_left(rendered):
    assert rendered["injected"] == "undefined" and rendered["images"] == 0
    assert rendered["rtl"] and set(rendered["rtl"]) == {"rtl"}
    assert rendered["details_open"] and not any(rendered["details_open"])
    assert len(rendered["shots"]) == 9 and all(p.stat().st_size > 10_000 for p in rendered["shots"])
