"""The QE gate calibrated on expert verdicts (catalog/gate_calibration.py): the fit recovers thresholds
planted in synthetic data, strata with too few verdicts fall back (to the global fit, then to the
translate step's thresholds) and say so, and unreviewed translations enter or leave mixes by the
calibrated gate, each with its recorded reason."""

import json

import numpy as np
import pyarrow as pa
import pytest
from click.testing import CliRunner

from jisr.catalog import Catalog
from jisr.catalog.gate_calibration import RULES, SIGNALS, CalibrationConfig, Rule, as_mapping, calibrate, \
    fit_thresholds, predict, wilson
from jisr.catalog.mixes import build_mix, select
from jisr.catalog.recipes import recipe_from_dict
from jisr.cli import main

TRANSLATE_RUN, PULL_RUN = "run-20260101T000000Z-aaaaaa", "run-20260102T000000Z-bbbbbb"


def _synthetic(n, rng, noise=0.0):
    """Signals (records x SIGNALS) and labels: bad when roundtrip chrF < 40 or residual English > 0.25."""
    values = np.full((n, len(SIGNALS)), np.nan)
    column = {s: i for i, s in enumerate(SIGNALS)}
    values[:, column["roundtrip_chrf"]] = rng.uniform(0, 100, n)
    values[:, column["residual_english"]] = rng.uniform(0, 0.4, n)
    values[:, column["length_ratio"]] = rng.uniform(0.5, 2.0, n)  # unrelated to the labels
    bad = (values[:, column["roundtrip_chrf"]] < 40) | (values[:, column["residual_english"]] > 0.25)
    flip = rng.random(n) < noise
    return values, bad ^ flip


@pytest.mark.parametrize("noise", [0.0, 0.03])
def test_fit_recovers_planted_thresholds(noise):
    values, bad = _synthetic(600, np.random.default_rng(11), noise)
    fitted = as_mapping(fit_thresholds(values, bad))
    assert set(fitted) == {"roundtrip_chrf", "residual_english"}, fitted
    assert set(fitted["roundtrip_chrf"]) == {"min"} and abs(fitted["roundtrip_chrf"]["min"] - 40) < 1.5
    assert set(fitted["residual_english"]) == {"max"} and abs(fitted["residual_english"]["max"] - 0.25) < 0.01
    rejected, _ = predict(values, fit_thresholds(values, bad))
    assert (rejected == bad).mean() >= 1 - 2 * noise - 0.01


def test_labels_no_signal_explains_leave_the_gate_nearly_open():
    rng = np.random.default_rng(3)
    values, _ = _synthetic(300, rng)
    assert fit_thresholds(values, np.zeros(300, bool)) == [None] * len(RULES)  # nothing to reject: all off
    random_labels = rng.random(300) < 0.1
    rejected, _ = predict(values, fit_thresholds(values, random_labels))
    assert rejected.mean() < 0.05  # a rule is on only where it gets more verdicts right: few, by chance


def test_a_missing_signal_never_rejects():
    values = np.full((2, len(SIGNALS)), np.nan)
    values[1, SIGNALS.index("roundtrip_chrf")] = 10.0
    thresholds = [40.0 if r.signal == "roundtrip_chrf" else None for r in RULES]
    rejected, fired = predict(values, thresholds)
    assert rejected.tolist() == [False, True]
    assert [RULES[j] for j in fired[1]] == [Rule("roundtrip_chrf", "min")]


def test_wilson_interval_hand_computed():
    low, high = wilson(1, 3)
    assert (round(100 * low, 1), round(100 * high, 1)) == (6.1, 79.2)
    assert wilson(0, 0) == (None, None)
    low, high = wilson(0, 20)
    assert low == 0 and round(high, 4) == 0.1611


# The catalog: cardiology has 60 verdicts (chrF 20..79: rejected below 35, corrected 35..44, accepted from
# 45), dermatology 3 (too few for a fit of its own); each has unreviewed translations, one of which the
# translate step dropped.
def _translations():
    rng = np.random.default_rng(5)
    out = []
    for i, chrf in enumerate(range(20, 80)):
        verdict = "rejected" if chrf < 35 else "corrected" if chrf < 45 else "accepted"
        out.append(dict(name=f"c{i:02d}", category="cardiology", chrf=float(chrf), verdict=verdict,
                        residual=float(rng.uniform(0, 0.1))))
    out += [dict(name="c-low", category="cardiology", chrf=30.5), dict(name="c-high", category="cardiology", chrf=70.5),
            dict(name="c-none", category="cardiology", chrf=None),
            dict(name="c-dropped", category="cardiology", chrf=20.0, kept=False),
            dict(name="d0", category="dermatology", chrf=85.0, verdict="accepted"),
            dict(name="d1", category="dermatology", chrf=88.0, verdict="accepted"),
            dict(name="d2", category="dermatology", chrf=25.0, verdict="rejected"),
            dict(name="d-low", category="dermatology", chrf=30.0),
            dict(name="d-high", category="dermatology", chrf=90.0)]
    return out


def _seed(path):
    """English sources and their machine translations (model m-a), with QE signals, the translate step's
    decisions, token counts and expert verdicts, as `translate` and `review pull` would write them."""
    records, decisions, signals, counts, verdicts = [], [], [], [], []
    for t in _translations():
        en, ar = f"en-{t['name']}", f"ar-{t['name']}"
        records.append(dict(record_id=en, source="med", language="en", kind="qa", category=t["category"],
                            prompt=f"Question {t['name']}?", response="Answer.", parent_id=None, pair_id=None,
                            metadata=None, created_run_id=TRANSLATE_RUN))
        records.append(dict(record_id=ar, source="translated:med", language="ar", kind="qa", category=t["category"],
                            prompt=f"سؤال {t['name']}؟", response="جواب.", parent_id=en, pair_id=en,
                            metadata=json.dumps({"translation": {"model": "m-a"}}), created_run_id=TRANSLATE_RUN))
        kept = t.get("kept", True)
        decisions += [dict(run_id=TRANSLATE_RUN, record_id=en, seq=0, step="landing", kept=True, reason=None),
                      dict(run_id=TRANSLATE_RUN, record_id=ar, seq=0, step="translation_qe", kept=kept,
                           reason=None if kept else "residual_english")]
        for name, value in (("roundtrip_chrf", t["chrf"]), ("residual_english", t.get("residual", 0.0)),
                            ("length_ratio", 1.1)):
            if value is not None:
                signals.append(dict(run_id=TRANSLATE_RUN, record_id=ar, step="translation_qe", name=name, value=value))
        counts += [dict(record_id=r, tokenizer="llama3", exact=True, prompt_tokens=5, response_tokens=5,
                        total_tokens=10, run_id=TRANSLATE_RUN) for r in (en, ar)]
        if t.get("verdict"):
            verdicts.append(dict(dataset="t", record_id=ar, status=t["verdict"], reviews=1, rule="{}", run_id=PULL_RUN))
    with Catalog.open(path) as catalog, catalog.transaction():
        for run_id, command in ((TRANSLATE_RUN, "translate"), (PULL_RUN, "review pull")):
            catalog.con.execute("INSERT INTO store.runs (run_id, command, started_at, finished_at, status) "
                                "VALUES (?, ?, now(), now(), 'succeeded')", [run_id, command])
        for table, rows in (("records", records), ("decisions", decisions), ("signals", signals),
                            ("token_counts", counts), ("review_status", verdicts)):
            catalog.append(table, pa.Table.from_pylist(rows))


@pytest.fixture
def catalog_path(tmp_path):
    path = tmp_path / "home" / "catalog.ducklake"
    _seed(path)
    return path


def _verdicts(cat):
    return {r[0].removeprefix("ar-"): r[1:] for r in cat.con.execute(
        "SELECT record_id, verdict, decided_by, gate_kept, reason FROM translation_verdicts").fetchall()}


def _calibrations(cat, calibration_id):
    cursor = cat.con.execute("SELECT * FROM gate_calibrations WHERE calibration_id = ?", [calibration_id])
    columns = [d[0] for d in cursor.description]
    return {row[columns.index("category")]: dict(zip(columns, row)) for row in cursor.fetchall()}


def test_calibrated_gate_decides_unreviewed_translations(catalog_path):
    recipe = {"name": "m", "budget": 10**6, "ratio": "100:0"}
    with Catalog.open(catalog_path) as cat:
        before = _verdicts(cat)
        assert before["c-low"][:3] == ("unreviewed", "translation_qe", True)  # no calibration yet
        summary = calibrate(cat)
        cal = summary["calibration_id"]
        assert summary["pull_run"] == PULL_RUN and summary["verdicts"] == 63 and summary["unreviewed"] == 6
        rows = _calibrations(cat, cal)
        # Corrected counts as "not keep-able": rejected and corrected lie below chrF 45.
        assert rows["*"]["scope"] == "global" and json.loads(rows["*"]["thresholds"]) == {
            "roundtrip_chrf": {"min": 44.5}}
        cardiology = rows["cardiology"]
        assert (cardiology["scope"], cardiology["verdicts"], cardiology["rejects"]) == ("stratum", 60, 25)
        assert json.loads(cardiology["thresholds"]) == {"roundtrip_chrf": {"min": 44.5}}
        assert cardiology["fallback_reason"] is None
        assert (cardiology["unreviewed"], cardiology["gate_rejected"]) == (4, 2)
        # Cross-validated agreement: near-perfect on separable data, each figure inside its interval.
        for figure, low, high in (("reject_precision", "precision_low", "precision_high"),
                                  ("reject_recall", "recall_low", "recall_high")):
            assert cardiology[figure] >= 0.9 and cardiology[low] <= cardiology[figure] <= cardiology[high]
        assert cardiology["tp"] + cardiology["fn"] == 25 and sum(cardiology[k] for k in ("tp", "fp", "fn", "tn")) == 60
        dermatology = rows["dermatology"]
        assert dermatology["scope"] == "global" and dermatology["verdicts"] == 3
        assert dermatology["fallback_reason"] == "3 verdicts (< 30) in this stratum"
        after = _verdicts(cat)
        gate = f"gate:{cal}"
        assert after["c-low"] == ("unreviewed", gate, False, "roundtrip_chrf: roundtrip_chrf 30.5 < 44.5 "
                                                              "(fitted on cardiology/med/m-a, n=60)")
        assert after["c-high"] == ("unreviewed", gate, True, "kept: within the thresholds fitted on "
                                                             "cardiology/med/m-a, n=60")
        assert after["c-none"][2] is True  # no round-trip score: no rule can reject it
        assert after["c-dropped"] == ("unreviewed", gate, False, "dropped by the translate step (residual_english)")
        assert after["d-low"][1:3] == (gate, False) and after["d-low"][3].endswith("(fitted on all verdicts, n=63)")
        assert after["d-high"][1:3] == (gate, True)
        assert after["c00"][:3] == ("rejected", "expert", None) and after["c00"][3].startswith("rejected by expert")
        # Mixes: the default policy follows the gate; `all` takes every translation the translate step kept.
        gated = set(select(cat, recipe_from_dict(recipe, "t"), allow_shortfall=True)[0]["record_id"])
        everything = set(select(cat, recipe_from_dict({**recipe, "review": "all"}, "t"), allow_shortfall=True)[0][
            "record_id"])
        assert {"ar-c-high", "ar-c-none", "ar-d-high"} <= gated and not {"ar-c-low", "ar-d-low", "ar-c-dropped"} & gated
        assert {"ar-c-low", "ar-d-low"} <= everything and "ar-c-dropped" not in everything
        assert not {"ar-c00", "ar-c20"} & (gated | everything)  # rejected, corrected: out in every mode
        published = build_mix(cat, recipe_from_dict(recipe, "t"), allow_shortfall=True)
        params = json.loads(cat.con.execute("SELECT params FROM runs WHERE run_id = (SELECT run_id FROM mixes "
                                            "WHERE mix = ?)", [published.ref]).fetchone()[0])
        state = params["review_state"]
        assert state["calibration"] == cal and state["calibration_pull_run"] == PULL_RUN
        run = cat.con.execute("SELECT command, status FROM runs WHERE run_id = ?", [rows["*"]["run_id"]]).fetchone()
        assert run == ("review calibrate", "succeeded")


def test_corrections_counted_as_keep_able_move_the_threshold(catalog_path):
    with Catalog.open(catalog_path) as cat:
        cal = calibrate(cat, CalibrationConfig(corrected_as="keep"))["calibration_id"]
        rows = _calibrations(cat, cal)
    assert json.loads(rows["cardiology"]["thresholds"]) == {"roundtrip_chrf": {"min": 34.5}}
    assert rows["cardiology"]["rejects"] == 15


def test_too_few_verdicts_fall_back_to_the_translate_step_and_say_so(catalog_path):
    with Catalog.open(catalog_path) as cat:
        first = calibrate(cat)["calibration_id"]
        cal = calibrate(cat, CalibrationConfig(min_verdicts=100))["calibration_id"]
        assert cal > first  # a recalibration, recorded; the view follows the latest
        rows = _calibrations(cat, cal)
        verdicts = _verdicts(cat)
    assert {r["scope"] for r in rows.values()} == {"translation_qe"}
    assert all(r["thresholds"] is None for r in rows.values())
    assert rows["*"]["fallback_reason"] == "63 verdicts (< 100) in all"
    assert rows["cardiology"]["fallback_reason"] == "60 verdicts (< 100) in this stratum, 63 verdicts (< 100) in all"
    # The translate step kept every reviewed translation: it rejects none, so its recall of "reject" is 0
    # with an interval that says how little 25 rejections allow one to claim.
    cardiology = rows["cardiology"]
    assert (cardiology["tp"], cardiology["fn"], cardiology["reject_precision"], cardiology["reject_recall"]) == (
        0, 25, None, 0.0)
    assert cardiology["recall_low"] == 0 and 0.1 < cardiology["recall_high"] < 0.2
    assert verdicts["c-low"][1:3] == (f"gate:{cal}", True) and verdicts["c-low"][3].startswith(
        "kept by the translate step's thresholds (60 verdicts (< 100) in this stratum")
    assert verdicts["c-dropped"][2] is False


def test_review_stats_and_calibrate_commands(catalog_path):
    home = catalog_path.parent
    shown = CliRunner().invoke(main, ["--home", str(home), "review", "calibrate"])
    assert shown.exit_code == 0, shown.output
    assert "gate calibrated" in shown.output
    stats = CliRunner().invoke(main, ["--home", str(home), "review", "stats"])
    assert stats.exit_code == 0, stats.output
    assert max(len(line) for line in stats.output.splitlines()) <= 80, stats.output
    text = " ".join(stats.output.split())
    assert "gate vs experts" in text and "dermatology/med/m-a" in text
    assert "global: decided by the global fit; rejects roundtrip_chrf < 44.5" in text
    assert "dermatology/med/m-a: decided by the global fit (3 verdicts (< 30) in this stratum); rejects" in text
    assert "accepted % [CI]" in text


def test_report_shows_the_gate_figures(catalog_path):
    from jisr.evaluation.report.doc import block_html
    from jisr.evaluation.report.sections import ReportContext, reviews

    with Catalog.open(catalog_path) as cat:
        cal = calibrate(cat)["calibration_id"]
        page = "".join(block_html(b) for b in reviews(ReportContext(cat)))
    assert "Acceptance per stratum" in page and "58.3%" in page and "45.7-69.9%" in page
    assert f"QE gate vs experts ({cal}, cross-validated)" in page and "100 [87-100]%" in page


def test_a_stratum_short_of_one_kind_of_verdict_falls_back(catalog_path):
    with Catalog.open(catalog_path) as cat:
        rows = _calibrations(cat, calibrate(cat, CalibrationConfig(min_each=30))["calibration_id"])
    assert rows["cardiology"]["fallback_reason"] == ("35 keep-able and 25 not (each needs 30) in this stratum, "
                                                     "37 keep-able and 26 not (each needs 30) in all")
    assert rows["cardiology"]["scope"] == "translation_qe"
