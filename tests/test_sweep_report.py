"""`jisr sweep` and `jisr report` end to end on the bundled sample catalog and a tiny random Llama.

The sweep runs in three calls on one home: one ratio, then two (the first must be reused, not
retrained), then the same two again (nothing new at all). The model folder is named `Llama-3.1-8B`,
a base model the paper reports, so the report shows the paper's reference row. The report is
rendered in headless Chromium when the Debian `chromium` package is installed; the screenshot is
kept under tests/artifacts/ for people to look at (tests/test_report_browser.py checks the page's
geometry in the browser).
"""

import re
import shutil
import struct
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import copy_bundled
from jisr.catalog import Catalog
from jisr.cli import JisrGroup
from jisr.display import console
from jisr.commands.report import report
from jisr.evaluation.sweep.run import sweep_tables
from jisr.commands.sweep import sweep
from tiny_models import tiny_llama

FIXTURES = Path(__file__).parent / "fixtures" / "evaluation"
ARTIFACTS = Path(__file__).parent / "artifacts"
SETS = ["--file", f"medqa-en={FIXTURES / 'medqa-en.jsonl'}", "--file", f"medqa-ar={FIXTURES / 'medqa-ar.jsonl'}",
        "--file", f"medmcqa-ar={FIXTURES / 'medmcqa-ar.jsonl'}"]
TINY = ["--budget", "2k", "--max-steps", "2", "--max-length", "256", "--dtype", "float32"]


def cli(home: Path) -> click.Group:
    """`sweep` and `report` under a group that, like `jisr`, sets the home and prints errors in one line."""
    @click.group(cls=JisrGroup)
    @click.pass_context
    def group(ctx):
        ctx.obj = {"home": home}

    group.add_command(sweep)
    group.add_command(report)
    return group


def invoke(home: Path, *args) -> str:
    width = console.width
    console.width = 300
    try:
        result = CliRunner().invoke(cli(home), list(map(str, args)))
    finally:
        console.width = width
    assert result.exit_code == 0, result.output
    return result.output


def query(home: Path, sql: str) -> list[tuple]:
    with Catalog.open(home / "catalog.ducklake", read_only=True) as catalog:
        return catalog.con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def swept(tmp_path_factory, bundled_build) -> dict:
    root = tmp_path_factory.mktemp("sweep")
    home = copy_bundled(bundled_build, root / "home")
    texts = [p + " " + r for p, r in query(home, "SELECT prompt, response FROM records WHERE kept")]
    texts += [line for path in FIXTURES.glob("*.jsonl") for line in path.read_text(encoding="utf-8").splitlines()]
    base = tiny_llama(root / "Llama-3.1-8B", texts, vocab_size=500)
    outputs, counts = [], []
    for ratios in ("80:20", "80:20,20:80", "80:20,20:80"):
        outputs.append(invoke(home, "sweep", "--base", base, "--ratios", ratios, *TINY, *SETS))
        counts.append(query(home, "SELECT (SELECT count(*) FROM training_runs), (SELECT count(*) FROM eval_results)")[0])
    return {"home": home, "base": base, "outputs": outputs, "counts": counts}


def test_sweep_trains_and_scores_each_ratio_with_results_linked_to_run_and_mix(swept):
    rows = query(swept["home"], "SELECT r.mix, count(DISTINCT r.benchmark || r.language), any_value(t.status) "
                                "FROM eval_results r JOIN training_runs t ON r.training_run_id = t.run_id "
                                "GROUP BY ALL ORDER BY 1")
    assert rows == [("sweep-ar20-en80@1", 3, "succeeded"), ("sweep-ar80-en20@1", 3, "succeeded")]
    baseline = query(swept["home"], "SELECT count(DISTINCT eval_set) FROM eval_results "
                                    f"WHERE model = '{swept['base']}' AND adapter IS NULL")
    assert baseline == [(3,)]


def test_sweep_resumes_reusing_finished_training_runs_and_scores(swept):
    (runs1, results1), (runs2, results2), (runs3, results3) = swept["counts"]
    assert (runs1, runs2, runs3) == (1, 2, 2)      # the second call trained 20:80 only
    assert results2 > results1 and results3 == results2
    steps = re.findall(r"│ (baseline|80:20|20:80) .*?│ (-|new|reused) +│ (new|reused) +│", swept["outputs"][1])
    assert steps == [("baseline", "-", "reused"), ("80:20", "reused", "reused"), ("20:80", "new", "new")]
    assert "new" not in swept["outputs"][2].split("Sweep steps")[1].split("best ratio")[0]


def test_sweep_table_has_one_row_per_ratio_and_no_best_ratio_the_paired_test_cannot_back(swept):
    with Catalog.open(swept["home"] / "catalog.ducklake", read_only=True) as catalog:
        (table,) = sweep_tables(catalog)
    assert table.prefix == "sweep" and sorted(table.points) == [20.0, 80.0]
    assert table.tasks == [("medmcqa", "ar"), ("medqa", "en"), ("medqa", "ar")]
    # A best ratio needs the top one to beat the runner-up in McNemar's test on the same items; on 4-5 items
    # even all-right against all-wrong is p >= 0.0625, so there is none, whatever the tiny models scored.
    assert table.best() == {}
    assert not any(str(cell).endswith("*") for row in table.rows() for cell in row)
    assert [row[0] for row in table.rows()] == ["baseline", "80:20", "20:80"]
    for task in table.tasks:               # every ratio's and the baseline's item outcomes were stored and paired
        assert {share: len(table.outcomes[share][task][task[0]]) for share in (20.0, 80.0, "baseline")} == {
            share: table.scores[20.0][task].n for share in (20.0, 80.0, "baseline")}
        assert table.top_two()[task][2].test == "McNemar"
    assert [row[3].startswith("cannot tell apart") for row in table.verdicts()] == [True] * 3
    assert all("unpaired" not in row[1] + row[2] for row in table.verdicts())
    assert "top vs baseline" in swept["outputs"][2].split("Which ratio")[1]


@pytest.fixture(scope="module")
def report_file(swept) -> Path:
    output = invoke(swept["home"], "report")
    path = Path(re.search(r"Wrote (\S+\.html)", output.replace("\n", "")).group(1))
    assert path.parent == swept["home"] / "reports"
    return path


def test_report_is_self_contained_with_every_section_and_chart(report_file, swept):
    page = report_file.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched: opens offline
    for anchor in ("composition", "drops", "mixes", "training", "reviews", "evaluation", "sweep", "records"):
        assert f'<section id="{anchor}">' in page
    assert "No reviews yet (jisr review push / pull)." in page  # the review tables exist but are empty
    titles = re.findall(r'<svg class="chart"[^>]*><title>([^<]+)</title>', page)
    assert "Kept tokens by source and language (llama3)" in titles
    assert "Records dropped and rows quarantined, by reason" in titles
    assert "Train tokens per mix (latest versions) by language" in titles
    training = page.split('<section id="training">')[1].split("</section>")[0]
    assert training.count("<td>sweep-ar") == 2 and "2 of 2 runs logged no per-step loss" in training  # 2 steps
    assert "Llama-3.1-8B: accuracy vs Arabic share, sweep-* mixes (fulltext scoring, no chat template)" in titles
    assert "Accuracy per benchmark and language, fulltext scoring (acc): every model" in titles  # all models
    composition = query(swept["home"], "SELECT source, sum(total_tokens)::BIGINT FROM composition "
                                       "WHERE tokenizer = 'llama3' GROUP BY ALL")
    for source, tokens in composition:
        assert f"<td>{source}</td>" in page and f"{tokens:,}" in page
    assert "<td>dropped</td><td>exact_duplicate</td>" in page and "<td>quarantined</td><td>malformed_json</td>" in page
    assert '<tr class="paper"><td>paper: Llama-3.1-8B (base, Table 4)</td>' in page
    # Each fine-tuned ratio against its base, and the sweep's marker, are paired on the stored items (McNemar),
    # as `jisr eval report` and `jisr sweep` test them; on 4-5 items nothing is a best ratio.
    evaluation = page.split('<section id="evaluation">')[1].split("</section>")[0]
    versus = re.findall(r"<td>(McNemar, \d+ pairs|z test \(unpaired\))</td>", evaluation)
    assert len(versus) == 2 * 3 and all(v.startswith("McNemar") for v in versus)
    assert 'class="acc best"' not in page.split('<section id="sweep">')[1].split("</section>")[0]
    records = page.split('<section id="records">')[1]
    assert '<td dir="rtl" lang="ar">' in records and 'dir="rtl"' not in page.split("<body>")[0]


def test_report_shows_review_verdicts_ratings_and_agreement(swept, tmp_path):
    """Review rows written straight into a copy of the swept catalog's store tables (as `jisr review pull` would)."""
    home = tmp_path / "home"
    home.mkdir()
    for path in swept["home"].glob("catalog.ducklake*"):  # the metadata file and the folder of data files
        (shutil.copytree if path.is_dir() else shutil.copy)(path, home / path.name)
    with Catalog.open(home / "catalog.ducklake") as catalog:
        heart = [r for (r,) in catalog.con.execute(
            "SELECT record_id FROM records WHERE kept AND source = 'ahqad' AND category = 'أمراض القلب' "
            "ORDER BY record_id LIMIT 3").fetchall()]
        (clinic,), = catalog.con.execute("SELECT min(record_id) FROM records WHERE kept AND source = 'clinic-export'"
                                         ).fetchall()
        verdicts = [(heart[0], "accepted", 2, 5.0, 4.5), (heart[1], "corrected", 1, 3.0, 4.0),
                    (heart[2], "rejected", 1, 2.0, 2.0), (clinic, "accepted", 1, 4.0, 4.0),
                    ("correction-of-" + heart[1], "correction", 1, None, None)]  # a new record, not a verdict
        catalog.con.executemany("INSERT INTO store.review_status (dataset, record_id, status, reviews, adequacy, "
                                "fluency, rule, run_id) VALUES ('translation-review', ?, ?, ?, ?, ?, '{}', 'run-r')",
                                verdicts)
        reviews = [(heart[0], "amal", "submitted", 5, 4), (heart[0], "omar", "submitted", 5, 5),
                   (heart[1], "amal", "submitted", 3, 4), (heart[2], "amal", "submitted", 2, 2),
                   (clinic, "omar", "submitted", 4, 4), (clinic, "amal", "draft", 1, 1)]
        catalog.con.executemany("INSERT INTO store.reviews (dataset, record_id, reviewer, status, adequacy, fluency, "
                                "run_id) VALUES ('translation-review', ?, ?, ?, ?, ?, 'run-r')", reviews)
        catalog.con.execute("INSERT INTO store.review_agreement VALUES ('translation-review', 'adequacy', NULL, "
                            "'interval', 0.614, 0.75, 1, 'run-r')")
    page = tmp_path / "report.html"
    invoke(home, "report", "--out", page)
    section = page.read_text(encoding="utf-8").split('<section id="reviews">')[1].split("</section>")[0]
    assert "No reviews yet" not in section
    assert '<svg class="chart"' in section and "<title>Review verdicts by source</title>" in section
    num = '<td class="num">{}</td>'.format
    assert ('<tr><td>ahqad</td><td dir="rtl" lang="ar">أمراض القلب</td>'
            f'{num(1)}{num(1)}{num(1)}{num(3)}{num("33% [6, 79]")}{num("3.33")}{num("3.50")}</tr>') in section
    assert "<tr><td>clinic-export</td>" in section
    # the last row: every verdict; the ratings over the 5 submitted reviews (the draft is not one)
    assert (f'<tr><td>all</td><td></td>{num(2)}{num(1)}{num(1)}{num(4)}{num("50% [15, 85]")}{num("3.80")}{num("3.80")}'
            '</tr>') in section
    assert "5 submitted reviews of 4 records" in section
    assert ('<td>translation-review</td><td>adequacy</td><td class="missing">—</td><td>interval</td>'
            f'{num("0.61")}{num("0.75")}{num(1)}') in section


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_report_renders_in_headless_chromium(report_file, tmp_path):
    browser = shutil.which("chromium")
    if browser is None:
        pytest.skip("Debian `chromium` is not installed (apt-get install -y chromium); the HTML checks above still ran")
    png = tmp_path / "report.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}",
                    "--window-size=1200,2000", report_file.as_uri()], check=True, capture_output=True, timeout=120)
    assert _png_size(png) == (1200, 2000)
    assert png.stat().st_size > 50_000  # a blank page of that size compresses to a few kB
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(png, ARTIFACTS / "report.png")
