"""The build config as users write it: every problem in one run, YAML's traps, and what a default leaves out."""

import json
import re

import pytest
from click.testing import CliRunner

from catalog_rows import rows
from jisr.cli import main
from jisr.config import load_config
from jisr.errors import InputError
from jisr.safe_yaml import MAX_NODES, load_yaml

QA = "Question,Answer,Category\nما أسباب فقر الدم؟,نقص الحديد أو فيتامين ب12 أو فقدان الدم.,الدم\n"


def test_every_config_problem_is_reported_in_one_run(write):
    write("a.csv", QA)
    write("short.csv", "Question\nس\n")
    config = write("build.yaml", """
nme: typo
tokenizers: [llama3, llama4]
shard_records: 0
sources:
  - {name: a, adapter: ahqad, path: a.csv, language: [ar, en], cop_base: 3}
  - {name: b, adapter: ahqad, path: missing-*.csv}
  - {name: c, adapter: ahqad, path: a.csv, colums: {prompt: q}}
  - {name: d, adapter: ahqad, path: short.csv}
curation: [quality: 3]
""")
    with pytest.raises(InputError) as error:
        load_config(config)
    message = str(error.value)
    assert message.startswith("9 problems:\n")
    for expected in ("unknown key nme (did you mean 'name'?)", "sources[0]: cop_base must be 0 or 1, not 3",
                     "sources[0]: language must be text, not ['ar', 'en'] (one language code (ar, en); give a "
                     "source per language",
                     "sources[1].path: ", "missing-*.csv: no file matches this pattern",
                     "sources[2]: unknown parameter 'colums' (did you mean 'columns'?)",
                     "shard_records: expected a positive integer",
                     "curation[0].quality: parameters must be a mapping", "unknown tokenizer 'llama4'",
                     "short.csv: missing required column 'Answer'"):
        assert expected in message, expected


def test_a_list_of_languages_is_one_line(write):
    write("a.csv", QA)
    config = write("build.yaml", "sources:\n  - {name: a, adapter: ahqad, path: a.csv, language: [ar, en]}\n")
    with pytest.raises(InputError, match=r"^\S+build\.yaml: sources\[0\]: language must be text, not \['ar', 'en'\] "
                                         r"\(one language code \(ar, en\); give a source per language") as error:
        load_config(config)
    assert "\n" not in str(error.value)


def test_numbers_that_are_versions_stay_text(write):
    write("a.csv", QA)
    config = write("build.yaml", "curation: []\nsources:\n"
                                 "  - {name: a, adapter: ahqad, path: a.csv, version: 1.10, license: 2.0}\n"
                                 "  - {name: b, adapter: ahqad, path: a.csv, version: 007}\n")
    first, second = load_config(config).sources
    assert (first.version, first.license, second.version) == ("1.10", "2.0", "007")


def test_a_config_without_curation_says_what_runs(write):
    write("a.csv", QA)
    silent = load_config(write("quiet.yaml", "curation: []\nsources: [{name: a, adapter: ahqad, path: a.csv}]\n"))
    assert silent.notes == () and silent.curation == ()
    config = load_config(write("build.yaml", "sources: [{name: a, adapter: ahqad, path: a.csv}]\n"))
    (note,) = config.notes
    assert "no `curation:`, so no curation step runs: every record read is kept" in note


BOMB = """
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
sources: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_a_yaml_alias_bomb_is_one_line_not_an_abort(write, tmp_path):
    result = CliRunner().invoke(main, ["--home", str(tmp_path / "home"), "build", str(write("bomb.yaml", BOMB))])
    assert result.exit_code == 1
    assert re.search(rf"error: \S+bomb\.yaml: the YAML stands for more than {MAX_NODES:,} values once its aliases", result.output)
    with pytest.raises(InputError, match="refers to itself"):
        load_yaml("a: &x [1, *x]", "self.yaml")
    with pytest.raises(InputError, match="nested too deep"):
        load_yaml("[" * 100_000 + "]" * 100_000, "deep.yaml")
    small = "base: &b {lang: ar}\nsources: [*b, *b]\n"  # aliases as people use them are fine
    assert load_yaml(small, "ok.yaml")["sources"] == [{"lang": "ar"}, {"lang": "ar"}]


def test_build_notes_what_it_decided_and_lists_every_file_problem(tmp_path, write):
    write("mixed.jsonl", [
        {"Question ": "ما هي أعراض فقر الدم؟", "answer": "التعب والدوخة وشحوب الجلد وضيق التنفس عند المجهود."},
        {"Question ": "What are the symptoms of anaemia?", "answer": "Tiredness, dizziness and pale skin on effort."},
    ])
    config = write("build.yaml", """
tokenizers: [llama3]
sources:
  - {name: mixed, adapter: mapped, path: mixed.jsonl, columns: {prompt: question, response: answer}}
""")
    home = tmp_path / "home"
    result = CliRunner().invoke(main, ["--home", str(home), "build", str(config)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if line.startswith("note: ")]
    assert len(notes) == 3 and "no `curation:`" in notes[0]
    assert "read column 'Question ' as 'question'" in notes[1]
    assert "language came from language ID (ar 1, en 1)" in notes[2]
    assert sorted(rows(home, "SELECT r.language, s.text FROM signals s JOIN records r USING (record_id) "
                             "WHERE s.step = 'ingest' AND s.name = 'detected_language'")) == [("ar", "ar"), ("en", "en")]
    (summary,) = rows(home, "SELECT summary FROM runs")[0]
    assert len(json.loads(summary)["notes"]) == 3

    write("a.csv", "Question,Category\nس,ف\n")
    write("b.csv", "Answer\nج\n")
    write("build.yaml", """
tokenizers: [llama3]
curation: [language_id, exact_dedup: {key: nope}]
sources:
  - {name: a, adapter: ahqad, path: a.csv}
  - {name: b, adapter: ahqad, path: b.csv}
""")
    result = CliRunner().invoke(main, ["--home", str(home), "build", str(config)], catch_exceptions=False)
    assert result.exit_code == 1
    assert len([line for line in result.output.splitlines() if line.startswith("error:")]) == 1
    assert "error: 3 problems:" in result.output
    assert "a.csv: missing required column 'Answer'" in result.output
    assert "b.csv: missing required column 'Question'" in result.output
    assert "exact_dedup" in result.output


NASTY = ["a\x00b", "\u200f\u200fنص\u200f", "🩺" * 50, "ا" + "\u0651" * 200, "x" * 20_000, "\t\x0b\x0c\x1c", "؟؟؟",
         "[bold]markup[/]", "مريض " * 3000, "\ufeffBOM", "\U0010ffff", "0:100:"]


def test_every_curation_step_takes_text_of_any_shape(tmp_path, write):
    """Texts that read fine but are odd (NUL, bidi marks, 20k characters, only marks) never crash curation."""
    write("odd.jsonl", [{"prompt": p, "response": r, "language": lang}
                        for p in NASTY for r, lang in ((NASTY[(len(p) % 11)], "ar"), (p, "en"))])
    config = write("build.yaml", """
tokenizers: [llama3]
curation:
  - language_id
  - quality
  - pii
  - exact_dedup: {key: prompt_response}
  - near_dedup: {key: prompt_response, threshold: 0.7}
sources:
  - {name: odd, adapter: jisr, path: odd.jsonl}
""")
    home = tmp_path / "home"
    result = CliRunner().invoke(main, ["--home", str(home), "build", str(config)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    ((read, kept, dropped, quarantined),) = rows(home, "SELECT read, kept, dropped, quarantined FROM run_sources")
    assert read == 2 * len(NASTY) == kept + dropped + quarantined
