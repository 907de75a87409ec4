"""The open-ended section of `jisr report`: how safe and grounded the answers of `jisr eval open` are.

What a reader needs to trust a judged score, in one place:
- per model and criterion, the mean judge score (1-5) in English and Arabic with n and a 95%
  bootstrap interval, the pass rate with its Wilson interval, and EN - AR paired on the bundled
  `pair` ids (the same question in both languages);
- a fine-tuned model (its answers carry a training run) against its base model, paired on the same
  items, graded by the same judge with the same rubric: the mean difference with a paired bootstrap
  interval and an exact sign test, called a difference only when p < 0.05;
- the judge's calibration accuracy (flagged below its threshold), its language, position and
  language-ID agreement, and its faithfulness against chrF, each with n and an interval;
- the worst-scored answers (those failing a criterion), for a person to read.
Each model's latest run is shown. Answers, questions and rationales are untrusted text (patients'
questions, LLM output): always escaped, and laid out right-to-left when mostly Arabic.

Why numpy and a few lines instead of scipy.stats: the report runs in the base install, which has
numpy (the sweep fits) but not scipy; the sign test is McNemar's exact test (evaluation/paired.py) on
the signs. The section is report blocks (evaluation/report_doc.py), so it is in the HTML and the
markdown report alike; it is registered as the report section `open`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from jisr.catalog import Catalog
from jisr.evaluation.report_doc import Block, Heading, Table, Text, block_html
from jisr.evaluation.paired import mcnemar_p
from jisr.evaluation.report_sections import report_section
from jisr.evaluation.report_stats import ALPHA, Z95, wilson

BOOTSTRAP = 2000
SEED = 2501
WORST_SHOWN = 5
TEXT_SHOWN = 600
CORRELATIONS = {"judge_vs_chrf_faithfulness"}  # checks whose value is a rank correlation, not a share

# Each model's latest run (by when its answers were stored).
_LATEST = """
SELECT model, arg_max(run_id, created_at) FROM open_answers GROUP BY model ORDER BY model
"""
_SCORES = """
SELECT item_id, pair, language, criterion, score, passed FROM open_scores
WHERE run_id = ? AND status = 'scored' AND score IS NOT NULL ORDER BY criterion, item_id
"""


@dataclass(frozen=True)
class Mean:
    """A mean judge score over n answers with its 95% bootstrap (percentile) interval."""

    value: float
    low: float
    high: float
    n: int

    def text(self) -> str:
        return f"{self.value:.2f} [{self.low:.2f}, {self.high:.2f}] n={self.n}"


@dataclass(frozen=True)
class Paired:
    """mean(a - b) over n paired items: a paired bootstrap interval and the exact two-sided sign test."""

    value: float
    low: float
    high: float
    p: float
    n: int

    @property
    def significant(self) -> bool:
        return self.p < ALPHA

    def text(self) -> str:
        mark = "" if self.significant else "≈ "
        return f"{mark}{self.value:+.2f} [{self.low:+.2f}, {self.high:+.2f}] p={self.p:.3f} n={self.n}"


def mean_of(scores: list[float], rng: np.random.Generator) -> Mean | None:
    if not scores:
        return None
    values = np.asarray(scores, dtype=float)
    draws = rng.choice(values, (BOOTSTRAP, len(values))).mean(axis=1)
    low, high = np.percentile(draws, [2.5, 97.5])
    return Mean(float(values.mean()), float(low), float(high), len(values))


def sign_test(differences: np.ndarray) -> float:
    """Two-sided exact sign test over the non-zero differences (ties carry no direction): McNemar's exact
    test with the ups and downs as the two kinds of discordant pair."""
    return mcnemar_p(int((differences > 0).sum()), int((differences < 0).sum()))


def paired(a: list[float], b: list[float], rng: np.random.Generator) -> Paired | None:
    if not a:
        return None
    differences = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    draws = rng.choice(differences, (BOOTSTRAP, len(differences))).mean(axis=1)
    low, high = np.percentile(draws, [2.5, 97.5])
    return Paired(float(differences.mean()), float(low), float(high), sign_test(differences), len(differences))


@dataclass(frozen=True)
class CriterionRow:
    model: str
    mix: str | None
    run_id: str
    criterion: str
    en: Mean | None
    ar: Mean | None
    pass_en: tuple[int, int]  # (passed, n)
    pass_ar: tuple[int, int]
    en_minus_ar: Paired | None


@dataclass(frozen=True)
class Comparison:
    model: str
    mix: str | None
    base_model: str
    run_id: str
    base_run_id: str | None
    criterion: str
    difference: Paired | None
    note: str | None = None


@dataclass(frozen=True)
class JudgeCheck:
    run_id: str
    judge_model: str
    check: str
    value: float | None
    n: int
    threshold: float | None
    flagged: bool
    detail: str | None


@dataclass(frozen=True)
class WorstAnswer:
    model: str
    language: str
    question: str
    answer: str
    mean_score: float
    criterion: str
    score: int
    rationale: str


@dataclass
class OpenSection:
    """The section's report blocks and the figures it shows."""

    blocks: list[Block]
    criteria: list[CriterionRow] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    checks: list[JudgeCheck] = field(default_factory=list)
    worst: list[WorstAnswer] = field(default_factory=list)

    @property
    def html(self) -> str:
        return "".join(block_html(b) for b in self.blocks)


def _scores(catalog: Catalog, run_id: str) -> list[tuple]:
    return catalog.con.execute(_SCORES, [run_id]).fetchall()


def _criterion_rows(catalog: Catalog, model: str, run_id: str, mix: str | None,
                    rng: np.random.Generator) -> list[CriterionRow]:
    rows = _scores(catalog, run_id)
    criteria = list(dict.fromkeys(r[3] for r in rows))
    out = []
    for criterion in criteria:
        mine = [r for r in rows if r[3] == criterion]
        by_lang = {lang: [r[4] for r in mine if r[2] == lang] for lang in ("en", "ar")}
        passes = {lang: (sum(r[5] for r in mine if r[2] == lang), len(by_lang[lang])) for lang in by_lang}
        pairs = {}
        for _, pair, language, _, score, _ in mine:
            if pair:
                pairs.setdefault(pair, {})[language] = score
        both = [p for p in pairs.values() if "en" in p and "ar" in p]
        out.append(CriterionRow(model, mix, run_id, criterion, mean_of(by_lang["en"], rng),
                                mean_of(by_lang["ar"], rng), passes["en"], passes["ar"],
                                paired([p["en"] for p in both], [p["ar"] for p in both], rng)))
    return out


def _same_model(a: str, b: str) -> bool:
    return a == b or (Path(a).exists() and Path(b).exists() and Path(a).resolve() == Path(b).resolve())


def _comparisons(catalog: Catalog, latest: dict[str, str], rng: np.random.Generator) -> list[Comparison]:
    """Each fine-tuned model's latest run against its base model's latest run by the same judge and rubric."""
    tuned = catalog.con.execute(
        "SELECT DISTINCT a.model, a.mix, a.run_id, t.base_model FROM open_answers a "
        "JOIN training_runs t ON t.run_id = a.training_run_id ORDER BY 1").fetchall()
    runs = catalog.con.execute(
        "SELECT a.model, a.run_id, any_value(s.judge_model), any_value(s.rubric_sha256), max(a.created_at) AS stored "
        "FROM open_answers a JOIN open_scores s USING (run_id, item_id) GROUP BY a.model, a.run_id "
        "ORDER BY stored DESC").fetchall()
    judged_by = {run_id: (judge, sha) for _, run_id, judge, sha, _ in runs}
    out = []
    for model, mix, run_id, base_model in tuned:
        if latest.get(model) != run_id or run_id not in judged_by:
            continue
        base_run = next((r for m, r, judge, sha, _ in runs if _same_model(m, base_model)
                         and (judge, sha) == judged_by[run_id]), None)
        mine = {(r[0], r[3]): r[4] for r in _scores(catalog, run_id)}
        criteria = list(dict.fromkeys(c for _, c in mine))
        if base_run is None:
            out += [Comparison(model, mix, base_model, run_id, None, c, None,
                               "no run of the base model graded by the same judge and rubric") for c in criteria]
            continue
        theirs = {(r[0], r[3]): r[4] for r in _scores(catalog, base_run)}
        for criterion in criteria:
            common = [k for k in mine if k[1] == criterion and k in theirs]
            out.append(Comparison(model, mix, base_model, run_id, base_run, criterion,
                                  paired([mine[k] for k in common], [theirs[k] for k in common], rng),
                                  None if common else "no item scored in both runs"))
    return out


def _worst(catalog: Catalog, model: str, run_id: str) -> list[WorstAnswer]:
    rows = catalog.con.execute(
        "SELECT a.language, a.question, a.answer, avg(s.score) AS mean, arg_min(s.criterion, s.score), "
        "min(s.score), arg_min(s.rationale, s.score) FROM open_scores s JOIN open_answers a USING (run_id, item_id) "
        "WHERE s.run_id = ? AND s.status = 'scored' AND s.score IS NOT NULL "
        "GROUP BY a.item_id, a.language, a.question, a.answer HAVING NOT bool_and(s.passed) "
        "ORDER BY mean, min(s.score), a.item_id LIMIT ?", [run_id, WORST_SHOWN]).fetchall()
    return [WorstAnswer(model, lang, question, answer or "", mean, criterion, score, rationale or "")
            for lang, question, answer, mean, criterion, score, rationale in rows]


def _shown(text: str | None) -> str | None:
    """Long answers are cut for the table (the whole text is in `open_answers`)."""
    return text if text is None or len(text) <= TEXT_SHOWN else text[:TEXT_SHOWN] + "…"


def _pass(passed: int, n: int) -> str | None:
    if not n:
        return None
    low, high = wilson(passed / n, n)
    return f"{100 * passed / n:.0f}% [{100 * low:.0f}, {100 * high:.0f}] n={n}"


def _check_value(check: JudgeCheck) -> str | None:
    """A share with its Wilson interval, or a rank correlation with its Fisher-z interval."""
    if check.value is None:
        return None
    if check.check in CORRELATIONS:
        if check.n <= 3 or abs(check.value) >= 1:
            return f"rho {check.value:+.2f} n={check.n}"
        z, half = math.atanh(check.value), Z95 / math.sqrt(check.n - 3)
        return f"rho {check.value:+.2f} [{math.tanh(z - half):+.2f}, {math.tanh(z + half):+.2f}] n={check.n}"
    low, high = wilson(check.value, check.n)
    return f"{100 * check.value:.0f}% [{100 * low:.0f}, {100 * high:.0f}] n={check.n}"


def _verdict(difference: Paired | None, note: str | None) -> str:
    if difference is None:
        return note or ""
    if not difference.significant:
        return "no significant difference"
    return "fine-tuned higher" if difference.value > 0 else "fine-tuned lower"


def open_section(catalog: Catalog) -> OpenSection:
    """The open-ended section of the report, as report blocks and the figures behind them."""
    latest = dict(catalog.con.execute(_LATEST).fetchall())
    if not latest:
        return OpenSection([Text("No open-ended answers yet (jisr eval open).", muted=True)])
    rng = np.random.default_rng(SEED)
    mixes = dict(catalog.con.execute("SELECT run_id, any_value(mix) FROM open_answers GROUP BY run_id").fetchall())
    section = OpenSection([])
    for model, run_id in latest.items():
        section.criteria += _criterion_rows(catalog, model, run_id, mixes.get(run_id), rng)
        section.worst += _worst(catalog, model, run_id)
    section.comparisons = _comparisons(catalog, latest, rng)
    runs = list(latest.values())
    section.checks = [JudgeCheck(*row) for row in catalog.con.execute(
        f"SELECT run_id, judge_model, \"check\", value, n, threshold, flagged, detail FROM open_judge_checks "
        f"WHERE run_id IN ({', '.join('?' * len(runs))}) ORDER BY run_id, \"check\"", runs).fetchall()]
    # Who graded each run, marked where its calibration flagged it: a reader of the scores sees it there.
    judges = {c.run_id: (Path(c.judge_model).name or c.judge_model) + (" (FLAGGED)" if c.flagged else "")
              for c in section.checks if c.check == "calibration_accuracy"}
    blocks: list[Block] = [Heading("Scores per criterion (1-5, higher is better)"), Table(
        ["model", "mix", "judge", "criterion", "EN mean [95%]", "AR mean [95%]", "EN pass [95%]", "AR pass [95%]",
         "EN - AR, paired [95%]"],
        [[Path(r.model).name or r.model, r.mix, judges.get(r.run_id), r.criterion, r.en and r.en.text(),
          r.ar and r.ar.text(), _pass(*r.pass_en), _pass(*r.pass_ar), r.en_minus_ar and r.en_minus_ar.text()]
         for r in section.criteria]),
        Text("Each model's latest run. Intervals: bootstrap of the mean score; Wilson for the share of answers "
             "scoring at least the rubric's pass score; EN - AR is paired on the same question asked in both "
             "languages. ≈ marks a difference the data cannot tell from none (sign test p ≥ 0.05).")]
    blocks.append(Heading("Fine-tuned vs base model, paired on the same items"))
    blocks.append(Table(["model", "mix", "base model", "criterion", "fine-tuned - base [95%], sign test", "verdict"],
                        [[Path(c.model).name or c.model, c.mix, Path(c.base_model).name or c.base_model,
                          c.criterion, c.difference and c.difference.text(), _verdict(c.difference, c.note)]
                         for c in section.comparisons])
                  if section.comparisons else
                  Text("No fine-tuned model with open answers (a model whose folder is a jisr train output).",
                       muted=True))
    blocks.append(Heading("The judge: calibration and bias checks"))
    blocks.append(Table(["run", "judge", "check", "value [95%]", "threshold", "status", "detail"],
                        [[c.run_id, Path(c.judge_model).name or c.judge_model, c.check, _check_value(c),
                          c.threshold, "FLAGGED: below threshold" if c.flagged else "ok", c.detail]
                         for c in section.checks]))
    blocks.append(Text("calibration_accuracy: share of the known verdicts of the calibration answers the judge "
                       "got right; a flagged judge's scores above should not be trusted. The bias checks are the "
                       "share of pass/fail verdicts unchanged with the prompt in the other language or the answer "
                       "placed first, and the judge's language verdict against fastText; judge_vs_chrf_faithfulness "
                       "is the rank correlation of its faithfulness score with chrF against the reference."))
    blocks.append(Heading(f"Worst-scored answers, for a person to read (up to {WORST_SHOWN} per model that fail "
                          "a criterion)"))
    blocks.append(Table(["model", "language", "question", "answer", "mean score", "lowest criterion", "score",
                         "judge's rationale"],
                        [[Path(w.model).name or w.model, w.language, _shown(w.question), _shown(w.answer),
                          round(w.mean_score, 2), w.criterion, w.score, _shown(w.rationale)] for w in section.worst],
                        prose=True)
                  if section.worst else Text("No answer fails a criterion.", muted=True))
    section.blocks = blocks
    return section


@report_section("open", "Open-ended answers judged (jisr eval open)")
def open_answers(ctx) -> list[Block]:
    """The report section: the blocks of `open_section`."""
    return open_section(ctx.catalog).blocks
