"""The main job on the bundled sample data: every planted case ends where it should, counts are exact."""

import json
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog_rows import rows
from conftest import copy_bundled
from hf_reference import reference_tokenizer
from jisr.cli import main

SAMPLE = Path(str(resources.files("jisr.corpus") / "sample"))
PLANTED = json.loads((SAMPLE / "planted.json").read_text(encoding="utf-8"))["files"]
SOURCES = {  # file -> source name in the bundled build.yaml
    "ahqad_sample.csv": "ahqad", "cidar_sample.jsonl": "cidar", "med42_alpaca_sample.jsonl": "med42-alpaca",
    "med42_chat_sample.jsonl": "med42-chat", "medmcqa_sample.parquet": "medmcqa", "medqa_sample.jsonl": "medqa",
    "clinic_export_sample.csv": "clinic-export",
}


@pytest.fixture(scope="module")
def home(tmp_path_factory, bundled_build):
    home = copy_bundled(bundled_build, tmp_path_factory.mktemp("sample") / "home")
    first = bundled_build[1]  # the first build: the session's, made on an empty home
    assert "Kept records and tokens by source x language" in first and "Total ar" in first
    again = CliRunner().invoke(main, ["--home", str(home), "build"])
    assert again.exit_code == 0 and "0 new records" in again.output
    return home


@pytest.fixture(scope="module")
def sql(home):
    return lambda query, *params: rows(home, query, *params)


def outcomes(sql, file: str) -> dict[int, tuple]:
    """Row -> (kept, reason, detail, record_id) for the latest build, by the row's position in `file`."""
    rows = sql("""SELECT p."row", r.kept, r.drop_reason, d.detail, r.record_id
                  FROM provenance p JOIN records r USING (record_id)
                  LEFT JOIN decisions d ON d.run_id = p.run_id AND d.record_id = p.record_id AND NOT d.kept
                  WHERE p.run_id = (SELECT max(run_id) FROM runs WHERE command = 'build') AND p.file LIKE ?""",
               f"%/{file}")
    return {row: rest for row, *rest in rows}


@pytest.mark.parametrize("file", sorted(PLANTED))
def test_accounting_and_quarantine_match_what_was_planted(sql, file):
    source, planted = SOURCES[file], PLANTED[file]
    runs = sql('SELECT "read", kept, dropped, quarantined, balanced FROM run_sources WHERE source = ? ORDER BY run_id', source)
    assert len(runs) == 2 and runs[0] == runs[1]  # the second build saw the same and decided the same
    read, kept, dropped, quarantined, balanced = runs[-1]
    assert balanced and read == planted["rows"]
    got = sql("""SELECT "row", field, reason FROM quarantine WHERE source = ? AND run_id =
                 (SELECT max(run_id) FROM runs WHERE command = 'build') ORDER BY "row" """, source)
    expected = sorted((q["row"], q["field"], q["reason"]) for q in planted["quarantine"])
    assert [(row, field, reason.split(":")[0]) for row, field, reason in got] == expected


@pytest.mark.parametrize("file", sorted(PLANTED))
def test_duplicates_are_dropped_in_favour_of_the_original(sql, file):
    cases, seen = PLANTED[file]["cases"], outcomes(sql, file)
    pairs = [(c["row"], c["duplicate_of"]) for c in cases.get("exact_duplicate", [])]
    pairs += [(c["row"], c["original"]) for c in cases.get("near_duplicate", [])]
    for copy, original in pairs:
        kept, reason, detail, _ = seen[copy]
        assert not kept and reason in ("exact_duplicate", "near_duplicate"), (file, copy, reason)
        assert seen[original][0] and detail.startswith(f"duplicate of {seen[original][3]}") or \
            detail.startswith(f"near duplicate of {seen[original][3]}"), (file, copy, detail)


@pytest.mark.parametrize("file", sorted(PLANTED))
def test_only_planted_rows_are_dropped(sql, file):
    """Precision: the clean rows, written to be distinct and on topic, all survive curation."""
    cases, seen = PLANTED[file]["cases"], outcomes(sql, file)
    planted = {c["row"] if isinstance(c, dict) else c for rows in cases.values() for c in rows}
    dropped = {row for row, (kept, *_) in seen.items() if not kept}
    assert dropped <= planted, {row: seen[row][1] for row in dropped - planted}


def test_residual_english_is_dropped_with_its_reason(sql):
    seen = outcomes(sql, "ahqad_sample.csv")
    for row in PLANTED["ahqad_sample.csv"]["cases"]["residual_english"]:
        assert tuple(seen[row][:2]) == (False, "residual_english"), row


def test_token_counts_are_exact(sql):
    """Every record's counts equal an independent reference: HF `tokenizers` rebuilt from the published ranks."""
    for tokenizer in ("llama3", "qwen2.5"):
        reference = reference_tokenizer(tokenizer)
        rows = sql("""SELECT r.prompt, r.response, t.prompt_tokens, t.response_tokens, t.total_tokens
                      FROM records r JOIN token_counts t USING (record_id) WHERE t.tokenizer = ?""", tokenizer)
        assert len(rows) == sql("SELECT count(*) FROM records")[0][0]
        for prompt, response, prompt_tokens, response_tokens, total in rows:
            assert prompt_tokens == len(reference.encode(prompt, add_special_tokens=False).ids)
            assert response_tokens == len(reference.encode(response, add_special_tokens=False).ids)
            assert total == prompt_tokens + response_tokens


def test_summary_sql_and_docs_queries(home):
    """`jisr sql` answers every example query in docs/catalog.md."""
    docs = (Path(__file__).parents[1] / "docs" / "catalog.md").read_text(encoding="utf-8")
    blocks = [b.split("```")[0] for b in docs.split("```sql\n")[1:]]
    queries = [q.strip() for block in blocks for q in block.split(";\n") if q.strip() and "<record_id>" not in q]
    assert len(queries) >= 8
    for query in queries:
        result = CliRunner().invoke(main, ["--home", str(home), "sql", "--format", "json", "--", query.rstrip(";")])
        assert result.exit_code == 0, (query, result.output)
        json.loads(result.output)


def test_sweep_on_the_bundled_data_publishes_seven_verified_mixes(home, tmp_path):
    """The paper's seven ratios at a budget the sample holds; each version hits its targets and verifies."""
    import datasets
    import polars as pl

    from jisr.catalog import load_mix

    result = CliRunner().invoke(main, ["--home", str(home), "mix", "sweep", "--budget", "40k", "--validation", "0.05"])
    assert result.exit_code == 0, result.output
    mixes = rows(home, "SELECT mix, targets, achieved FROM mixes WHERE name LIKE 'sweep-%' ORDER BY name")
    largest = rows(home, "SELECT max(total_tokens) FROM token_counts WHERE tokenizer = 'llama3'")[0][0]
    assert len(mixes) == 7
    for ref, targets, achieved in mixes:
        targets, achieved = json.loads(targets), json.loads(achieved)
        for split in ("train", "validation"):
            for language, target in targets[split].items():
                assert abs(achieved[split][language] - target) <= max(0.001 * target, largest), (ref, split, language)
        train = load_mix(ref, home=home)
        assert train.num_rows and set(train["language"]) == {lang for lang, t in targets["train"].items() if t}
    exported = CliRunner().invoke(main, ["--home", str(home), "mix", "export", "sweep-ar50-en50", "--out", str(tmp_path / "x")])
    assert exported.exit_code == 0, exported.output
    assert datasets.load_from_disk(str(tmp_path / "x" / "hf"))["train"].num_rows == pl.read_parquet(tmp_path / "x" / "train.parquet").height
