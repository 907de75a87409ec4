"""`jisr sweep` and `jisr report` end to end on the bundled sample catalog and a tiny random Llama.

The sweep runs in three calls on one home: one ratio, then two (the first must be reused, not
retrained), then the same two again (nothing new at all). The model folder is named `Llama-3.1-8B`,
a base model the paper reports, so the report shows the paper's reference row. The report is
rendered in headless Chromium when the Debian `chromium` package is installed; the screenshot is
kept under tests/artifacts/ for people to look at.
"""

import re
import shutil
import struct
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from jisr.catalog import Catalog
from jisr.cli import JisrGroup, main
from jisr.display import console
from jisr.evaluation.report_cli import report
from jisr.evaluation.sweep import sweep_tables
from jisr.evaluation.sweep_cli import sweep
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
    with Catalog.open(home / "catalog.duckdb", read_only=True) as catalog:
        return catalog.con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def swept(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("sweep")
    home = root / "home"
    result = CliRunner().invoke(main, ["--home", str(home), "build"])
    assert result.exit_code == 0, result.output
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


def test_sweep_table_has_one_row_per_ratio_and_a_best_ratio_per_task(swept):
    with Catalog.open(swept["home"] / "catalog.duckdb", read_only=True) as catalog:
        (table,) = sweep_tables(catalog)
    assert table.prefix == "sweep" and sorted(table.points) == [20.0, 80.0]
    assert table.tasks == [("medmcqa", "ar"), ("medqa", "en"), ("medqa", "ar")]
    best = table.best()
    for task in table.tasks:
        top = max(values[task] for values in table.points.values())
        assert table.points[best[task]][task] == top
    assert [row[0] for row in table.rows()] == ["baseline", "80:20", "20:80"]
    assert sum(str(cell).endswith("*") for row in table.rows() for cell in row) == len(table.tasks)
    assert "best ratio per task: MedMCQA AR at" in swept["outputs"][2]


@pytest.fixture(scope="module")
def report_file(swept) -> Path:
    output = invoke(swept["home"], "report")
    path = Path(re.search(r"Wrote (\S+\.html)", output.replace("\n", "")).group(1))
    assert path.parent == swept["home"] / "reports"
    return path


def test_report_is_self_contained_with_every_section_and_chart(report_file, swept):
    page = report_file.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched: opens offline
    for anchor in ("composition", "drops", "mixes", "gap", "sweep", "arabic"):
        assert f'<section id="{anchor}">' in page
    titles = re.findall(r'<svg class="chart"[^>]*><title>([^<]+)</title>', page)
    assert "Kept tokens by source and language (llama3)" in titles
    assert "Records dropped and rows quarantined, by reason" in titles
    assert "Train tokens per mix by language" in titles
    assert "Llama-3.1-8B: accuracy vs Arabic share (sweep)" in titles
    assert any(t.startswith("Llama-3.1-8B + sweep-ar80-en20@1") for t in titles)  # the EN/AR gap chart
    composition = query(swept["home"], "SELECT source, sum(total_tokens)::BIGINT FROM composition "
                                       "WHERE tokenizer = 'llama3' GROUP BY ALL")
    for source, tokens in composition:
        assert f"<td>{source}</td>" in page and f"{tokens:,}" in page
    assert "dropped: exact_duplicate" in page and "quarantined: malformed_json" in page
    assert '<tr class="paper"><td>paper: Llama-3.1-8B (base, Table 4)</td>' in page
    assert '<blockquote dir="rtl" lang="ar">' in page and '<span dir="rtl" lang="ar">' not in page.split("<body>")[0]


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
