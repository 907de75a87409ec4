"""Paired tests on synthetic item outcomes of known result, and the sweep's "best" marker that depends on them."""

import numpy as np
import pytest

from jisr.evaluation.paired import mcnemar_p, paired_difference
from jisr.evaluation.intervals import Acc, difference
from jisr.evaluation.sweep.run import BASELINE, SweepTable

TASK = ("medqa", "ar")


def outcomes(pattern: list[int], stratum: str = "medqa") -> dict[str, dict[str, int]]:
    return {stratum: {f"item-{i}": v for i, v in enumerate(pattern)}}


def test_mcnemar_is_the_exact_two_sided_binomial_tail_over_discordant_pairs():
    assert mcnemar_p(0, 0) == 1.0 and mcnemar_p(3, 3) == 1.0
    assert mcnemar_p(10, 0) == pytest.approx(2 / 2 ** 10)
    assert mcnemar_p(1, 5) == pytest.approx(2 * (1 + 6) / 2 ** 6)
    assert mcnemar_p(5, 0) > 0.05  # five items all one way are still no difference at 5%
    stats = pytest.importorskip("scipy.stats")
    for only_a, only_b in [(13, 27), (40, 61), (2, 9), (300, 250)]:
        assert mcnemar_p(only_a, only_b) == pytest.approx(stats.binomtest(only_a, only_a + only_b).pvalue, rel=1e-9)


def test_identical_outcomes_are_no_difference():
    pattern = [1, 0, 1, 1, 0] * 40
    diff = paired_difference(outcomes(pattern), outcomes(pattern))
    assert (diff.points, diff.low, diff.high, diff.p, diff.n) == (0.0, 0.0, 0.0, 1.0, 200)
    assert not diff.significant and diff.test == "McNemar"


def test_the_paired_test_finds_a_difference_on_the_same_items_that_the_unpaired_test_misses():
    # 400 items, the two agree on 370; a alone is right on 25, b alone on 5: +5 points.
    a = [1] * 200 + [0] * 170 + [1] * 25 + [0] * 5
    b = [1] * 200 + [0] * 170 + [0] * 25 + [1] * 5
    paired = paired_difference(outcomes(a), outcomes(b))
    assert paired.points == pytest.approx(5.0) and paired.significant and paired.p < 0.001
    assert 0 < paired.low < 5 < paired.high
    assert not difference(Acc(sum(a) / 400, 400), Acc(sum(b) / 400, 400)).significant


def test_the_paired_bootstrap_interval_covers_the_true_difference_about_95_percent_of_the_time():
    rng = np.random.default_rng(11)
    covered = 0
    for trial in range(200):
        skill = rng.random(300)                         # per-item difficulty shared by both models
        a = (rng.random(300) < np.clip(skill + 0.10, 0, 1)).astype(int).tolist()
        b = (rng.random(300) < skill).astype(int).tolist()
        truth = 100 * float(np.mean(np.clip(skill + 0.10, 0, 1) - skill))
        diff = paired_difference(outcomes(a), outcomes(b), seed=trial)
        covered += diff.low <= truth <= diff.high
    assert 0.9 <= covered / 200 <= 0.99


def test_only_items_scored_by_both_are_paired_and_strata_are_averaged_unweighted():
    a = {**outcomes([1] * 10, "mmlu_anatomy"), **outcomes([1] * 50 + [0] * 50, "mmlu_virology")}
    b = {**outcomes([0] * 5 + [1] * 5 + [1] * 4, "mmlu_anatomy"), **outcomes([1] * 50 + [0] * 50, "mmlu_virology")}
    diff = paired_difference(a, b)
    assert diff.n == 110                                # anatomy items 10-13 were scored by b alone
    assert diff.points == pytest.approx((50 + 0) / 2)   # +50 on anatomy, 0 on virology
    assert paired_difference(outcomes([1, 0]), outcomes([1, 0], "other")) is None


def sweep(ratios: dict[float, list[int]], baseline: list[int] | None = None) -> SweepTable:
    """A sweep of one task whose ratios scored the given item outcomes (lm-eval's stderr for a mean of 0/1)."""
    def acc(pattern):
        n = len(pattern)
        value = sum(pattern) / n
        return Acc(value, n, float(np.std(pattern, ddof=1) / np.sqrt(n)) if n > 1 else None)

    scores = {share: {TASK: acc(p)} for share, p in ratios.items()}
    items = {share: {TASK: outcomes(p)} for share, p in ratios.items()}
    if baseline is not None:
        items[BASELINE] = {TASK: outcomes(baseline)}
    return SweepTable("base", "sweep", [TASK], scores, {TASK: acc(baseline)} if baseline else {}, outcomes=items)


def test_tied_five_item_sets_get_no_best_marker_and_cannot_be_told_apart():
    patterns = [[1, 0, 1, 0, 0], [0, 1, 1, 0, 0], [1, 1, 0, 0, 0], [0, 0, 1, 1, 0], [1, 0, 0, 0, 1]]
    table = sweep({share: p for share, p in zip([100, 80, 50, 20, 0], patterns)})
    assert table.best() == {}
    assert not any(str(cell).endswith("*") for row in table.rows() for cell in row)
    (_, tests, baseline, verdict, _), = table.verdicts()
    assert "cannot tell apart" in verdict and "≈" in tests and "unpaired" not in tests and baseline == "—"


def test_four_items_all_right_against_all_wrong_is_still_no_best_ratio_though_a_z_test_would_say_so():
    table = sweep({0: [1, 1, 1, 1], 100: [0, 0, 0, 0]}, baseline=[0, 1, 0, 0])
    assert difference(table.scores[0][TASK], table.scores[100][TASK]).significant   # the unpaired test's claim
    assert table.best() == {} and table.rows()[1:] == [["100:0", "0.0 ±24.5"], ["0:100", "100.0 ±24.5"]]
    (_, tests, baseline, verdict, _), = table.verdicts()
    assert verdict.startswith("cannot tell apart") and tests == "0:100 vs 100:0: ≈ +100.0 [+100.0, +100.0] p=0.12"
    assert baseline == "≈ +75.0 [+25.0, +100.0] p=0.25"


def test_a_ratio_ahead_of_the_runner_up_on_the_same_items_is_marked_best():
    shared = [1] * 100 + [0] * 60
    table = sweep({0: shared + [1] * 35 + [0] * 5, 50: shared + [0] * 35 + [1] * 5, 100: shared + [0] * 40})
    assert table.best() == {TASK: 0}
    assert table.rows()[-1][1].endswith("*")
    (_, tests, _, verdict, _), = table.verdicts()
    assert tests.startswith("0:100 vs 50:50: +15.0") and tests.endswith("p=<0.001")
    assert not verdict.startswith("cannot tell apart")


def test_scores_without_item_outcomes_fall_back_to_the_unpaired_test():
    table = SweepTable("base", "sweep", [TASK], {0: {TASK: Acc(0.7, 2000)}, 100: {TASK: Acc(0.6, 2000)}})
    (_, _, diff), = table.top_two().values()
    assert diff.test == "z (unpaired)" and diff.n is None and table.best() == {TASK: 0}
    assert table.verdicts()[0][1].endswith(" unpaired")


def seeded_catalog(path, sets: dict[str, list[tuple[str | None, int, int]]]):
    """A catalog with one run scoring each set NAME-LANG: items (upstream id, answer index, correct 0/1)."""
    from jisr.catalog import Catalog
    from jisr.catalog.evaluations import record_samples, register_eval_set

    catalog = Catalog.open(path)
    with catalog.transaction():
        for name, items in sets.items():
            benchmark, language = name.split("-")
            rows = [{"item_id": f"{name}-{i}", "question": f"q{i}", "options": ["a", "b", "c"], "answer_index": answer,
                     "context": None, "specialty": None, "level": None, "upstream_id": upstream, "file": None,
                     "row": i} for i, (upstream, answer, _) in enumerate(items)]
            register_eval_set(catalog, "run", name=name, benchmark=benchmark, language=language, version="v",
                              source="test", items=rows, problems=[])
            record_samples(catalog, [{"run_id": "run", "eval_set": name, "eval_set_version": "v", "benchmark": benchmark,
                                      "language": language, "metric": "acc", "item_id": f"{name}-{i}", "correct": c}
                                     for i, (_, _, c) in enumerate(items)])
    return catalog


def test_english_and_arabic_items_pair_by_upstream_id_else_by_position_in_parallel_sets(tmp_path):
    from jisr.evaluation.paired import Scored, compare, cross_language_key

    # medmcqa: the Arabic file lists the same upstream questions in reverse order, each answered as in
    # English (right on the even ones): paired by id no item differs, paired by position every one would.
    # medqa: parallel sets without ids. pubmedqa: different answers and no ids, so nothing pairs.
    en = [(f"u{i}", i % 3, int(i % 2 == 0)) for i in range(12)]
    ar = [(f"u{i}", i % 3, int(i % 2 == 0)) for i in reversed(range(12))]
    catalog = seeded_catalog(tmp_path / "catalog.ducklake", {
        "medmcqa-en": en, "medmcqa-ar": ar,
        "medqa-en": [(None, i % 3, 1) for i in range(12)], "medqa-ar": [(None, i % 3, int(i >= 11)) for i in range(12)],
        "pubmedqa-en": [(None, 0, 1)] * 3, "pubmedqa-ar": [(None, 1, 0)] * 3})
    with catalog:
        ref = {name: Scored("run", name, "v", name.split("-")[0], "acc") for name in (
            "medmcqa-en", "medmcqa-ar", "medqa-en", "medqa-ar", "pubmedqa-en", "pubmedqa-ar")}
        assert cross_language_key(catalog, ref["medmcqa-en"], ref["medmcqa-ar"]) == "upstream_id"
        assert cross_language_key(catalog, ref["medqa-en"], ref["medqa-ar"]) == "seq"
        assert cross_language_key(catalog, ref["pubmedqa-en"], ref["pubmedqa-ar"]) is None
        by_id = compare(catalog, [ref["medmcqa-en"]], [ref["medmcqa-ar"]], cross_language=True)
        assert (by_id.n, by_id.points, by_id.p) == (12, 0.0, 1.0)
        by_seq = compare(catalog, [ref["medqa-en"]], [ref["medqa-ar"]], cross_language=True)
        assert by_seq.n == 12 and by_seq.significant
        assert compare(catalog, [ref["pubmedqa-en"]], [ref["pubmedqa-ar"]], cross_language=True) is None
