"""Mixes: token-exact deterministic sampling, pair-safe splits, immutable verified versions, export."""

import json
import random
import shutil
from pathlib import Path

import datasets
import polars as pl
import pytest
import yaml
from click.testing import CliRunner

from jisr.catalog import Catalog, export_mix, load_mix
from jisr.catalog.mixes import build_mix, diff, review_changes, select
from jisr.catalog.recipes import recipe_from_dict
from jisr.cli import main
from jisr.errors import CatalogError, InputError
from catalog_rows import connection

EN = ["fever", "cough", "insulin", "blood pressure", "asthma", "migraine", "anaemia", "eczema", "otitis", "gout"]
AR = ["الحمى", "السعال", "الأنسولين", "ضغط الدم", "الربو", "الصداع النصفي", "فقر الدم", "الأكزيما", "التهاب الأذن", "النقرس"]


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A catalog of 400 English records and their 400 Arabic 'translations' (same pair_id), of varied length."""
    root = tmp_path_factory.mktemp("mixes")
    rng = random.Random(7)
    rows = []
    for i in range(400):
        n = rng.randint(3, 40)
        topic = i % len(EN)
        pair = f"pair-{i}"
        rows.append({"prompt": f"Question {i}: what should I know about {EN[topic]}?",
                     "response": " ".join([f"Point {j} about {EN[topic]} and care." for j in range(n)]),
                     "language": "en", "kind": "qa", "pair_id": pair, "category": EN[topic]})
        rows.append({"prompt": f"سؤال {i}: ماذا يجب أن أعرف عن {AR[topic]}؟",
                     "response": " ".join([f"النقطة {j} عن {AR[topic]} والرعاية." for j in range(n)]),
                     "language": "ar", "kind": "qa", "pair_id": pair, "category": AR[topic]})
    (root / "pairs.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    (root / "build.yaml").write_text(yaml.safe_dump({
        "name": "pairs", "tokenizers": ["llama3"], "curation": [],
        "sources": [{"name": "bilingual", "adapter": "jisr", "path": "pairs.jsonl", "license": "CC-BY-4.0"}]}))
    result = CliRunner().invoke(main, ["--home", str(root / "home"), "build", str(root / "build.yaml")])
    assert result.exit_code == 0, result.output
    return root / "home"


def recipe(**kw):
    raw = {"name": "m", "budget": 20000, "ratio": "60:40", "seed": 1, **kw}
    return recipe_from_dict(raw, "test")


def tokens_by(members: pl.DataFrame, split: str) -> dict[str, int]:
    part = members.filter(pl.col("split") == split).group_by("language").agg(pl.col("tokens").sum())
    return dict(part.iter_rows())


def test_targets_are_hit_within_one_record(home):
    with Catalog.open(home / "catalog.ducklake") as cat:
        for ratio in ("100:0", "80:20", "50:50", "20:80", "0:100"):
            r = recipe(ratio=ratio, validation=0.1)
            members, targets, achieved = select(cat, r)
            largest = members["tokens"].max()
            for split in ("train", "validation"):
                got = tokens_by(members, split)
                for language, target in targets[split].items():
                    assert abs(got.get(language, 0) - target) <= max(0.001 * target, largest), (ratio, split, language)
                assert set(got) <= {lang for lang, t in targets[split].items() if t}
            assert sum(targets["train"].values()) == 20000


def test_same_recipe_same_version_other_recipe_new_version(home):
    with Catalog.open(home / "catalog.ducklake") as cat:
        first = build_mix(cat, recipe(name="stable"))
        again = build_mix(cat, recipe(name="stable"))
        assert (first.created, again.created) == (True, False)
        assert again.version == first.version and again.manifest_hash == first.manifest_hash
        other = build_mix(cat, recipe(name="stable", seed=2))
        assert other.version == first.version + 1 and other.manifest_hash != first.manifest_hash
        still = cat.con.execute("SELECT count(*) FROM mix_members WHERE name='stable' AND version=?", [first.version]).fetchone()
        assert still[0] == first.records
        changes = diff(cat, "stable@1", "stable@2")
        assert changes["only_a_records"].sum() > 0 and changes["only_b_records"].sum() > 0


def test_translation_pairs_never_straddle_train_and_validation(home):
    with Catalog.open(home / "catalog.ducklake") as cat:
        members, _, _ = select(cat, recipe(budget=60000, ratio="50:50", validation=0.3))
        pairs = cat.con.execute("SELECT record_id, pair_id FROM records").pl()
    splits = members.join(pairs, on="record_id").group_by("pair_id").agg(pl.col("split").n_unique().alias("n"))
    assert splits["n"].max() == 1
    assert set(members["split"]) == {"train", "validation"}


def test_shortfall_and_bad_predicates_are_clear(home):
    with Catalog.open(home / "catalog.ducklake") as cat:
        with pytest.raises(InputError, match=r"not enough eligible tokens \(train ar: .* of 12,000,000"):
            select(cat, recipe(budget="20M"))
        members, _, achieved = select(cat, recipe(budget="20M"), allow_shortfall=True)
        assert achieved["train"]["ar"] > 0
        with pytest.raises(InputError, match=r"recipe 'm': eligible: .*no_such_column"):
            select(cat, recipe(eligible=["no_such_column = 1"]))
        with pytest.raises(InputError, match=r"no 'qwen2.5' token counts"):
            select(cat, recipe(tokenizer="qwen2.5"))
        only_en_topic = select(cat, recipe(ratio="0:100", eligible=["category = 'fever'"], budget=1000))[0]
        topics = cat.con.execute("SELECT DISTINCT category FROM records WHERE record_id IN "
                                 "(SELECT unnest(?))", [only_en_topic["record_id"].to_list()]).fetchall()
        assert topics == [("fever",)]


def test_recipe_errors_name_the_key():
    with pytest.raises(InputError, match="ratio: '80:20:5' has 3 parts"):
        recipe(ratio="80:20:5")
    with pytest.raises(InputError, match="budget: expected a token count"):
        recipe(budget="lots")
    with pytest.raises(InputError, match=r"test: unknown parameter 'bugdet' \(did you mean 'budget'\?\)"):
        recipe_from_dict({"name": "m", "bugdet": 1, "budget": 1, "ratio": "1:1"}, "test")
    assert recipe(budget="469.97M").budget == 469_970_000


def test_every_problem_of_a_recipe_is_listed_at_once_one_line_each():
    with pytest.raises(InputError) as types:
        recipe_from_dict({"name": "m", "seed": "s", "review": "al"}, "r.yaml")
    assert str(types.value).splitlines()[1:] == [
        "  - r.yaml: budget is required", "  - r.yaml: ratio is required",
        "  - r.yaml: seed must be an integer, not 's'", "  - r.yaml: review must be 'gate' or 'all' or 'reviewed', not 'al'"]
    with pytest.raises(InputError) as values:
        recipe(name="m b", budget="lots", sources={"a": {"wieght": 1}, "b": {"weight": -1}, "c": 3}, validation=2)
    assert str(values.value).splitlines()[1:] == [
        "  - test: name: expected letters, digits, '.', '_' or '-' (it becomes NAME@VERSION)",
        "  - test: budget: expected a token count like 469970000 or 469.97M, not 'lots'",
        "  - test: sources.a: unknown parameter 'wieght' (did you mean 'weight'?) (known: weight, cap)",
        "  - test: sources.b.weight: expected a positive number",
        "  - test: sources.c: expected {weight: 1.0, cap: 10M}",
        "  - test: validation: expected a fraction in [0, 1), e.g. 0.01"]


def test_load_mix_verifies_and_fails_loudly_on_tampering(home, tmp_path):
    with Catalog.open(home / "catalog.ducklake") as cat:
        built = build_mix(cat, recipe(name="guarded", validation=0.1))
    train = load_mix(f"guarded@{built.version}", home=home)
    assert isinstance(train, datasets.Dataset)
    assert train.num_rows + load_mix("guarded", split="validation", home=home).num_rows == built.records
    row = train[0]
    assert row["messages"] == [{"role": "user", "content": row["prompt"]}, {"role": "assistant", "content": row["response"]}]

    con = connection(home / "catalog.ducklake", read_only=False)
    victim = row["record_id"]
    con.execute("UPDATE store.records SET response = response || ' (edited)' WHERE record_id = ?", [victim])
    con.close()
    with pytest.raises(CatalogError, match=r"guarded@1: 1 record\(s\) changed or missing"):
        load_mix("guarded@1", home=home)
    con = connection(home / "catalog.ducklake", read_only=False)
    con.execute("UPDATE store.records SET response = replace(response, ' (edited)', '') WHERE record_id = ?", [victim])
    con.close()
    assert load_mix("guarded@1", home=home).num_rows == train.num_rows
    con = connection(home / "catalog.ducklake", read_only=False)
    con.execute("DELETE FROM store.mix_members WHERE name = 'guarded' AND record_id = ?", [victim])
    con.close()
    with pytest.raises(CatalogError, match="manifest does not match its published hash"):
        load_mix("guarded@1", home=home)
    with pytest.raises(CatalogError, match="no mix 'nope@1'"):
        load_mix("nope@1", home=home)


@pytest.mark.parametrize("edit", [
    "UPDATE store.records SET license = 'proprietary' WHERE record_id = $victim",
    "UPDATE store.records SET kind = 'chat' WHERE record_id = $victim",
    "UPDATE store.records SET category = 'other' WHERE record_id = $victim",
    "UPDATE store.records SET language = 'fr' WHERE record_id = $victim",
    "UPDATE store.mix_members SET language = 'fr' WHERE name = 'meta' AND record_id = $victim",
    "UPDATE store.mix_members SET source = 'elsewhere' WHERE name = 'meta' AND record_id = $victim",
    "UPDATE store.mixes SET recipe = json_merge_patch(recipe, '{\"validation\": 0.5}') WHERE name = 'meta'",
], ids=["licence", "kind", "category", "record language", "member language", "member source", "recipe"])
def test_load_mix_detects_edited_metadata_and_recipe(home, tmp_path, edit):
    """What a job relies on besides the text (licence, kind, category, language, source, the recipe) is
    part of the published manifest: an edit in place fails loading and export."""
    home = Path(shutil.copytree(home, tmp_path / "home"))
    with Catalog.open(home / "catalog.ducklake") as cat:
        build_mix(cat, recipe(name="meta", validation=0.1))
    victim = load_mix("meta", home=home)[0]["record_id"]
    con = connection(home / "catalog.ducklake", read_only=False)
    try:
        changed = con.execute(edit.replace("$victim", "?"), [victim] if "$victim" in edit else []).fetchone()[0]
    finally:
        con.close()
    assert changed == 1
    with pytest.raises(CatalogError, match="meta@1: .*(altered after publication|changed or missing)"):
        load_mix("meta", home=home)
    with Catalog.open(home / "catalog.ducklake", read_only=True) as cat, pytest.raises(CatalogError):
        export_mix(cat, "meta", out_dir=home / "out")


def test_export_writes_parquet_datasetdict_and_card(home, tmp_path):
    with Catalog.open(home / "catalog.ducklake") as cat:
        built = build_mix(cat, recipe(name="shipped", validation=0.1))
        out = export_mix(cat, f"shipped@{built.version}", tmp_path / "out")
    loaded = datasets.load_from_disk(str(out / "hf"))
    assert set(loaded) == {"train", "validation"}
    parquet = pl.read_parquet(out / "train.parquet")
    assert parquet.height == loaded["train"].num_rows
    card = (out / "README.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(card.split("---")[1])
    assert meta["language"] == ["ar", "en"]
    assert meta["jisr"]["licenses"] == ["CC-BY-4.0"]
    assert meta["jisr"]["manifest_sha256"] == built.manifest_hash
    assert sum(t["tokens"] for t in meta["jisr"]["tokens"]) == built.tokens
    assert meta["jisr"]["source_runs"] and meta["jisr"]["recipe"]["seed"] == 1


def test_sweep_cli_publishes_every_ratio(home):
    result = CliRunner().invoke(main, ["--home", str(home), "mix", "sweep", "--budget", "10000", "--prefix", "paper"])
    assert result.exit_code == 0, result.output
    with Catalog.open(home / "catalog.ducklake", read_only=True) as cat:
        names = [r[0] for r in cat.query("SELECT name FROM mixes WHERE name LIKE 'paper-%' ORDER BY name").fetchall()]
    assert names == sorted(f"paper-ar{a}-en{100 - a}" for a in (100, 80, 60, 50, 40, 20, 0))
    for ref in names:
        load_mix(ref, home=home)  # each verifies


def test_source_caps_and_weights(tmp_path):
    """A cap bounds a source's tokens; a heavier weight puts a source's records first."""
    rng = random.Random(3)
    for name in ("big", "small"):
        rows = [{"prompt": f"{name} question {i}?", "response": " ".join(["word"] * rng.randint(5, 30)), "language": "en"}
                for i in range(300)]
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (tmp_path / "build.yaml").write_text(yaml.safe_dump({"tokenizers": ["llama3"], "curation": [], "sources": [
        {"name": "big", "adapter": "jisr", "path": "big.jsonl"}, {"name": "small", "adapter": "jisr", "path": "small.jsonl"}]}))
    home = tmp_path / "home"
    assert CliRunner().invoke(main, ["--home", str(home), "build", str(tmp_path / "build.yaml")]).exit_code == 0
    with Catalog.open(home / "catalog.ducklake") as cat:
        def share(**sources):
            members, _, _ = select(cat, recipe(ratio="0:100", budget=4000, sources=sources))
            per = dict(members.group_by("source").agg(pl.col("tokens").sum()).iter_rows())
            return per.get("big", 0), per.get("small", 0)

        even = share()
        capped = share(small={"cap": 500})
        assert capped[1] <= 500 < even[1] and sum(capped) >= 3996
        weighted = share(big={"weight": 5.0})
        assert weighted[0] > even[0] and weighted[1] < even[1]


def test_list_show_diff_commands(home):
    with Catalog.open(home / "catalog.ducklake") as cat:
        build_mix(cat, recipe(name="cli", seed=10))
        build_mix(cat, recipe(name="cli", seed=11))
    for args, expected in ((["mix", "list"], "cli@2"), (["mix", "show", "cli@1"], "train"),
                           (["mix", "diff", "cli@1", "cli@2"], "cli@1 vs cli@2"), (["mix", "show", "nope@3"], "no mix")):
        result = CliRunner().invoke(main, ["--home", str(home), *args])
        assert expected in result.output, result.output


def test_review_policy_decides_translations(home, tmp_path):
    """Default policy: rejected out, corrected replaced by its correction, accepted and unreviewed in;
    `reviewed` takes only expert-approved translations; the documented predicate matches records."""
    import shutil

    copy = tmp_path / "home"
    shutil.copytree(home, copy)
    with Catalog.open(copy / "catalog.ducklake") as cat:
        ar = [r for (r,) in cat.con.execute(
            "SELECT record_id FROM records WHERE language = 'ar' ORDER BY record_id LIMIT 5").fetchall()]
        accepted, rejected, corrected, correction, unreviewed = ar
        cat.con.execute("UPDATE store.records SET source = 'translated:bilingual' WHERE language = 'ar'")
        cat.con.execute("UPDATE store.records SET source = 'corrected:translated:bilingual', parent_id = ? "
                        "WHERE record_id = ?", [corrected, correction])
        before = build_mix(cat, recipe(budget=10**7, ratio="100:0"), allow_shortfall=True)
        rows = [(accepted, "accepted", None), (rejected, "rejected", None), (corrected, "corrected", correction),
                (correction, "correction", None)]
        for record_id, status, corrected_id in rows:
            cat.con.execute("INSERT INTO store.review_status (dataset, record_id, status, reviews, rule, run_id, "
                            "corrected_record_id) VALUES ('t', ?, ?, 1, '{}', 'run-pull', ?)",
                            [record_id, status, corrected_id])
        spans = '{"error_spans": {"value": [{"label": "major", "start": 0, "end": 4}]}}'  # as pull stores them
        cat.con.execute("INSERT INTO store.reviews (dataset, record_id, reviewer, status, errors, \"values\", run_id) "
                        "VALUES ('t', ?, 'nurse', 'submitted', ['omission'], ?, 'run-pull')", [rejected, spans])
        verdicts = dict(cat.con.execute("SELECT record_id, verdict || '/' || coalesce(decided_by, '') "
                                        "FROM translation_verdicts").fetchall())
        assert verdicts[accepted] == "accepted/expert" and verdicts[rejected] == "rejected/expert"
        assert verdicts[corrected] == "corrected/expert" and verdicts[correction] == "correction/expert"
        assert verdicts[unreviewed] == "unreviewed/translation_qe"
        everything = {"budget": 10**7, "ratio": "100:0"}
        default = set(select(cat, recipe(**everything), allow_shortfall=True)[0]["record_id"])
        assert {accepted, correction, unreviewed} <= default and not {rejected, corrected} & default
        only_reviewed = set(select(cat, recipe(**everything, review="reviewed"), allow_shortfall=True)[0]["record_id"])
        assert only_reviewed == {accepted, correction}
        documented = cat.con.execute(  # docs/mixes.md's example predicate for reviewed-only selections
            "SELECT count(*) FROM records WHERE record_id IN (SELECT record_id FROM translation_verdicts "
            "WHERE verdict IN ('accepted', 'correction'))").fetchone()[0]
        assert documented == 2
        published = build_mix(cat, recipe(**everything), allow_shortfall=True)
        params = json.loads(cat.con.execute("SELECT params FROM runs WHERE run_id = (SELECT run_id FROM mixes "
                                            "WHERE mix = ?)", [published.ref]).fetchone()[0])
        assert params["review_policy"] == "gate" and params["review_state"] == {
            "pull_run": "run-pull", "verdicts": 4, "calibration": None, "calibration_pull_run": None}
    shown = CliRunner().invoke(main, ["--home", str(copy), "mix", "diff", before.ref, published.ref])
    assert shown.exit_code == 0, shown.output
    with Catalog.open(copy / "catalog.ducklake", read_only=True) as cat:
        changes = {(c, v, d): n for c, v, d, n, _ in review_changes(cat, before.ref, published.ref).rows()}
    assert changes == {("left", "rejected", "expert"): 1, ("left", "corrected", "expert"): 1,
                       ("entered", "correction", "expert"): 1}
    assert "translations that left or entered, by verdict" in shown.output
    # Every query docs/review.md and docs/mixes.md give returns rows on this reviewed (and calibrated) catalog.
    from pathlib import Path

    from jisr.catalog.gate_calibration import calibrate

    with Catalog.open(copy / "catalog.ducklake") as cat:
        assert calibrate(cat)["verdicts"] == 3  # too few: the translate step's thresholds decide

    docs = Path(__file__).parents[1] / "docs"
    queries = [q.strip() for name in ("review.md", "mixes.md")
               for block in (docs / name).read_text(encoding="utf-8").split("```sql\n")[1:]
               for q in block.split("```")[0].split(";\n") if q.strip()]
    assert len(queries) >= 4
    con = connection(copy / "catalog.ducklake")
    try:
        for query in queries:
            assert con.execute(query.rstrip(";")).fetchall(), query
    finally:
        con.close()
    # `catalog why` by a unique prefix: the chain from English source to verdict, correction and mixes.
    def why(prefix):
        return CliRunner().invoke(main, ["--home", str(copy), "catalog", "why", prefix])

    shown = why(rejected[:12])
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    assert "review by nurse (t, submitted)" in text and "errors omission" in text
    assert "verdict: rejected (decided by expert, pull run-pull)" in text
    assert f"in mixes: {before.ref} (train)" in text and published.ref not in text  # out since the pull
    shown = " ".join(why(correction).output.split())
    assert f"correction: {correction}" in shown and f"machine translation: {corrected}" in shown
    assert f"in mixes: {before.ref} (train), {published.ref} (train, correction)" in shown
    ambiguous = why(rejected[:1])
    assert ambiguous.exit_code == 1 and "is ambiguous" in ambiguous.output and "give more characters" in ambiguous.output
    with pytest.raises(InputError, match="review must be 'gate' or 'all' or 'reviewed', not 'experts'"):
        recipe(review="experts")
