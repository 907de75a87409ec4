"""The `jisr` command on small configs: builds, idempotence, SQL output, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog_rows import rows as count
from jisr.cli import main

QA = [
    {"instruction": "What is hypertension?", "input": "", "output": "Blood pressure persistently at or above 130/80 mmHg."},
    {"instruction": "What is hypertension?", "input": "", "output": "Blood pressure persistently at or above 130/80 mmHg."},
    {"instruction": "what is  Hypertension", "input": "", "output": "Blood pressure persistently at or above 130/80 mmHg!"},
    {"instruction": "Name a loop diuretic.", "input": "", "output": ""},
    {"instruction": "Name a thiazide diuretic.", "input": "", "output": "Hydrochlorothiazide."},
]
AR = ",Question,Answer,Category\n0,ما هو ضغط الدم المرتفع؟,ارتفاع مستمر في ضغط الدم.,أمراض القلب\n1,ما هو ضغط الدم المرتفع,ارتفاع مستمر في ضغط الدم,أمراض القلب\n"


@pytest.fixture
def project(tmp_path, write):
    write("qa.jsonl", QA)
    write("ar.csv", AR)
    config = write("build.yaml", """
name: tiny
tokenizers: [llama3]
curation:
  - exact_dedup: {key: prompt_response}
sources:
  - {name: en-qa, adapter: alpaca, path: qa.jsonl, version: t1}
  - {name: ar-qa, adapter: ahqad, path: ar.csv}
""")
    return tmp_path, config


def jisr(home: Path, *args: str):
    result = CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)
    return result




def test_build_accounts_for_every_row_and_is_idempotent(project):
    root, config = project
    home = root / "home"
    result = jisr(home, "build", str(config))
    assert result.exit_code == 0, result.output
    assert "catalog.ducklake" in result.output and f"jisr --home {home} sql" in result.output
    accounting = count(home, 'SELECT source, "read", kept, dropped, quarantined FROM run_sources ORDER BY source')
    assert accounting == [("ar-qa", 2, 1, 1, 0), ("en-qa", 5, 2, 2, 1)]
    reasons = count(home, "SELECT source, drop_reason, count(*) FROM records WHERE NOT kept GROUP BY ALL ORDER BY ALL")
    assert reasons == [("ar-qa", "exact_duplicate", 1), ("en-qa", "exact_duplicate", 2)]
    assert count(home, "SELECT field, reason, \"row\" FROM quarantine") == [("output", "empty", 4)]

    again = jisr(home, "build", str(config))
    assert again.exit_code == 0, again.output
    assert count(home, "SELECT count(*) FROM records") == [(7 - 1,)]
    assert count(home, "SELECT count(*) FROM runs WHERE status = 'succeeded'") == [(2,)]
    assert count(home, "SELECT count(*) FROM token_counts") == [(6,)]  # counted once, not per run
    assert count(home, "SELECT count(*) FROM run_sources WHERE NOT balanced") == [(0,)]


def test_sql_formats_and_read_only(project):
    root, config = project
    home = root / "home"
    jisr(home, "build", str(config))
    out = jisr(home, "sql", "SELECT source, count(*) AS n FROM records WHERE kept GROUP BY ALL ORDER BY ALL", "--format", "json")
    assert json.loads(out.output) == [{"source": "ar-qa", "n": 1}, {"source": "en-qa", "n": 2}]
    out = jisr(home, "sql", "SELECT source, count(*) AS n FROM records GROUP BY ALL ORDER BY ALL", "--format", "csv")
    assert out.output.splitlines() == ["source,n", "ar-qa,2", "en-qa,4"]
    denied = jisr(home, "sql", "DELETE FROM store.records")
    assert denied.exit_code == 1 and "read-only" in denied.output
    assert count(home, "SELECT count(*) FROM records") == [(6,)]


@pytest.mark.parametrize("statement", [
    "COPY (SELECT 'x' AS x) TO '{catalog}' (FORMAT csv)",
    "EXPORT DATABASE '{home}/dump'",
    "EXPLAIN ANALYZE COPY (SELECT 1) TO '{home}/out.csv'",
    "SELECT 1; COPY records TO '{home}/out.csv'",
    "DELETE FROM records",
    "SET profiling_output = '{home}/profile.json'",
    "ATTACH '{home}/other.duckdb' AS other",
])
def test_sql_writes_no_file(project, statement):
    root, config = project
    home = root / "home"
    jisr(home, "build", str(config))
    catalog = home / "catalog.ducklake"
    before = sorted(p.relative_to(home) for p in home.rglob("*")), catalog.stat().st_size
    result = jisr(home, "sql", statement.format(catalog=catalog, home=home))
    assert result.exit_code == 1
    assert result.output.startswith("error: read-only: ") and len(result.output.strip().splitlines()) == 1, result.output
    assert (sorted(p.relative_to(home) for p in home.rglob("*")), catalog.stat().st_size) == before
    assert count(home, "SELECT count(*) FROM records") == [(6,)]


def test_sql_cannot_open_files_and_errors_keep_duckdb_hints(project):
    root, config = project
    home = root / "home"
    jisr(home, "build", str(config))
    opened = jisr(home, "sql", f"SELECT * FROM read_csv('{root / 'ar.csv'}')")
    assert opened.exit_code == 1 and "file system operations are disabled" in opened.output
    typo = jisr(home, "sql", "SELECT sorce FROM records")
    assert typo.exit_code == 1 and 'Candidate bindings: "source"' in typo.output and "LINE 1:" in typo.output, typo.output
    view = jisr(home, "sql", "SELECT * FROM recrods")
    assert view.exit_code == 1 and "Did you mean" in view.output


def test_summary_and_why(project):
    root, config = project
    home = root / "home"
    jisr(home, "build", str(config))
    summary = jisr(home, "catalog", "summary")
    assert summary.exit_code == 0 and "Total ar" in summary.output and "Total en" in summary.output
    (dropped,) = count(home, "SELECT record_id FROM records WHERE source = 'ar-qa' AND NOT kept")[0]
    why = jisr(home, "catalog", "why", dropped)
    assert why.exit_code == 0 and "exact_duplicate" in why.output and "duplicate of" in why.output
    assert jisr(home, "catalog", "why", "nope").exit_code == 1


@pytest.mark.parametrize("breakage, message", [
    (lambda root: (root / "ar.csv").unlink(), r"ar\.csv: file not found"),
    (lambda root: (root / "ar.csv").write_text("Question,Category\nq,c\n"), r"ar\.csv: missing required column 'Answer'"),
    (lambda root: (root / "ar.csv").write_bytes("Question,Answer\nما,لا\n".encode("cp1256")), r"ar\.csv: cannot decode as utf-8"),
    (lambda root: (root / "build.yaml").write_text((root / "build.yaml").read_text().replace("name: tiny", "nme: tiny")),
     r"build\.yaml: unknown key nme"),
    (lambda root: (root / "build.yaml").write_text((root / "build.yaml").read_text().replace("adapter: ahqad", "adapter: ahqd")),
     r"unknown adapter 'ahqd'"),
])
def test_bad_input_is_one_line_and_leaves_the_catalog_untouched(project, breakage, message):
    root, config = project
    home = root / "home"
    jisr(home, "build", str(config))
    before = count(home, "SELECT (SELECT count(*) FROM runs), (SELECT count(*) FROM records), (SELECT count(*) FROM decisions)")
    breakage(root)
    result = jisr(home, "build", str(config))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len([line for line in lines if line.startswith("error:")]) == 1
    import re
    assert re.search(message, result.output), result.output
    assert count(home, "SELECT (SELECT count(*) FROM runs), (SELECT count(*) FROM records), (SELECT count(*) FROM decisions)") == before


def test_no_catalog_yet(tmp_path):
    result = jisr(tmp_path / "empty", "sql", "SELECT 1")
    assert result.exit_code == 1 and "run `jisr build` first" in result.output


def test_console_script_reports_errors_without_traceback(tmp_path):
    script = Path(sys.executable).with_name("jisr")
    done = subprocess.run([str(script), "--home", str(tmp_path), "build", str(tmp_path / "missing.yaml")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [f"error: {tmp_path / 'missing.yaml'}: config file not found"]
    assert "Traceback" not in done.stderr


def test_build_decontaminates_against_registered_eval_sets(tmp_path, write):
    """`jisr eval register` puts items in the catalog; the next build drops training records holding one."""
    fixtures = Path(__file__).parent / "fixtures" / "evaluation"
    home = tmp_path / "home"
    registered = jisr(home, "eval", "register", "--data", str(fixtures), "--benchmarks", "medmcqa", "--languages", "en")
    assert registered.exit_code == 0, registered.output
    write("qa.jsonl", [
        {"instruction": "Insulin is secreted by which cells of the pancreas? Explain briefly.", "input": "",
         "output": "Beta cells of the islets of Langerhans secrete insulin."},
        {"instruction": "What does insulin do?", "input": "", "output": "It lowers blood glucose by moving it into cells."},
    ])
    config = write("build.yaml", "tokenizers: [llama3]\ncuration: [decontaminate]\n"
                                 "sources: [{name: qa, adapter: alpaca, path: qa.jsonl}]\n")
    result = jisr(home, "build", str(config))
    assert result.exit_code == 0, result.output
    assert count(home, "SELECT drop_reason, count(*) FROM records GROUP BY ALL ORDER BY ALL") == [
        ("benchmark_contamination", 1), (None, 1)]
    assert count(home, "SELECT detail FROM decisions WHERE NOT kept")[0][0].startswith("contains eval item medmcqa-en:")
