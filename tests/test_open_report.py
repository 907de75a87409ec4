"""The open-ended section of `jisr report`, from real `jisr eval open` runs against a scripted server.

A base model answers every question with careless, markup-laden advice; its fine-tuned version
(the output folder of a training run on a mix) tells the patient to see a doctor, in the question's
language. The judge grades an answer that sends the patient to a doctor 5 on every criterion and
anything else 2, with a rationale holding markup of its own. The page must show per-criterion means
with n and intervals in English and Arabic, the fine-tuned model as significantly better than its
base on the same items, the judge's calibration accuracy (flagged in the run with a strict
threshold), the bias checks, and the worst answers as escaped text, Arabic right-to-left.
"""

import json
import re
import threading
from html.parser import HTMLParser
from http.server import ThreadingHTTPServer

import numpy as np
import pytest
from click.testing import CliRunner

from scripted_openai import ScriptedOpenAI

from jisr.catalog import Catalog
from jisr.cli import main
from jisr.evaluation.open_eval import load_rubric, rank_correlation
from jisr.evaluation.report.open_answers import open_section, sign_test

CRITERIA = list(load_rubric().criteria)
BASE_ANSWER = "It is nothing <script>alert(1)</script>, just wait."
TUNED = {"en": "See a doctor today if it gets worse.", "ar": "راجع الطبيب اليوم إذا ساءت حالتك."}
HEADERS = ("Answer to grade:\n", "الإجابة المطلوب تقييمها:\n")


def verdict(score: int, rationale: str, faithfulness: int | None = None) -> str:
    scores = {c: score for c in CRITERIA} | ({"faithfulness": faithfulness} if faithfulness else {})
    return json.dumps({c: {"score": scores[c], "rationale": rationale} for c in CRITERIA}, ensure_ascii=False)


class Graded(ScriptedOpenAI):
    models: list[str] = []  # what GET /v1/models lists: the base, its fine-tuned folder and the judge

    def do_GET(self):
        self.send_json({"data": [{"id": model} for model in self.models]})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        system, user = body["messages"][0]["content"], body["messages"][-1]["content"]
        if "JSON" in system:
            header = next(h for h in HEADERS if h in user)
            answer = user.split(header, 1)[1].split("\n\n", 1)[0]
            # A careless answer, in English, is less faithful to an Arabic reference than to an English one.
            arabic_prompt = header == HEADERS[1]
            reply = verdict(5, "Sends the patient to a doctor.") if "doctor" in answer or "الطبيب" in answer \
                else verdict(2, "Says <b>wait</b> & ignores red flags.", 1 if arabic_prompt else 3)
        elif body["model"] == "base":
            reply = BASE_ANSWER
        else:
            reply = TUNED["ar" if re.search("[\u0600-\u06ff]", user) else "en"]
        self.send_json({"choices": [{"message": {"content": reply}, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 10, "completion_tokens": 5}})


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    root = tmp_path_factory.mktemp("open-report")
    home, tuned = root / "home", root / "tuned-model"
    tuned.mkdir()
    Graded.models = ["base", str(tuned), "judge"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Graded)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/v1"
    try:
        judge = ["--backend", "http", "--base-url", url, "--judge-model", "judge"]
        result = CliRunner().invoke(main, ["--home", str(home), "eval", "open", "--model", "base", *judge])
        assert result.exit_code == 0, result.output
        with Catalog.open(home / "catalog.ducklake") as catalog, catalog.transaction():
            # The training run `jisr train` records: its run, base model, mix, and the folder the weights went to.
            catalog.con.execute("INSERT INTO store.runs (run_id, command, params, started_at, finished_at, status) "
                                "VALUES ('train-1', 'train', '{}', now(), now(), 'succeeded')")
            catalog.con.execute(
                "INSERT INTO store.training_runs (run_id, mix, manifest_hash, base_model, method, hyperparameters, "
                "output_path) VALUES ('train-1', 'medmix@1', 'h', 'base', 'lora', '{}', ?)", [str(tuned)])
        result = CliRunner().invoke(main, ["--home", str(home), "eval", "open", "--model", str(tuned), *judge,
                                           "--calibration-threshold", "0.99"])
        assert result.exit_code == 0, result.output
    finally:
        server.shutdown()
    return home


class Cells(HTMLParser):
    """The open section's tables as lists of (tag attributes, text) cells per row; fails on unbalanced tags."""

    def __init__(self):
        super().__init__()
        self.tables, self.stack, self.scripts = [], [], 0

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        if tag == "script":
            self.scripts += 1
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.tables[-1][-1].append([dict(attrs), ""])

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data):
        if self.stack and self.stack[-1] in ("td", "th"):
            self.tables[-1][-1][-1][1] += data


def parse(html: str) -> Cells:
    cells = Cells()
    cells.feed(html)
    cells.close()
    assert not cells.stack
    return cells


def test_report_shows_the_open_section_with_n_and_intervals(home):
    out = home / "report.html"
    result = CliRunner().invoke(main, ["--home", str(home), "report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    start = page.index('<section id="open">')
    html = page[start:page.index("</section>", start) + len("</section>")]
    scores, compared, checks, worst = parse(html).tables
    header = [text for _, text in scores[0]]
    assert header[4:6] == ["EN mean [95%]", "AR mean [95%]"]
    rows = {(r[0][1], r[3][1]): [text for _, text in r] for r in scores[1:]}
    assert len(rows) == 2 * len(CRITERIA)
    # Every cell of a score: a mean, its interval and n (10 questions per language).
    assert rows[("base", "harmful_advice")][4:6] == ["2.00 [2.00, 2.00] n=10"] * 2
    assert rows[("tuned-model", "harmful_advice")][4:6] == ["5.00 [5.00, 5.00] n=10"] * 2
    assert rows[("tuned-model", "harmful_advice")][1:3] == ["medmix@1", "judge (FLAGGED)"]
    assert rows[("base", "harmful_advice")][1:3] == ["—", "judge"]  # no mix: "—", as every report cell with nothing in it
    assert rows[("base", "medical_correctness")][6] == "0% [0, 28] n=10"  # Wilson interval of 0 of 10
    assert rows[("base", "medical_correctness")][8] == "≈ +0.00 [+0.00, +0.00] p=1.000 n=10"
    assert rows[("base", "faithfulness")][4:6] == ["3.00 [3.00, 3.00] n=10", "1.00 [1.00, 1.00] n=10"]
    assert rows[("base", "faithfulness")][8] == f"+2.00 [+2.00, +2.00] p={2 / 2 ** 10:.3f} n=10"  # a difference
    # Fine-tuned vs base on the same 20 items: +3 on each, a sign test p of 2 / 2^20, called a difference.
    assert [text for _, text in compared[1]][2:] == ["base", compared[1][3][1],
                                                     "+3.00 [+3.00, +3.00] p=0.000 n=20", "fine-tuned higher"]
    assert len(compared) == 1 + len(CRITERIA)
    # The judge: 18 of 19 calibration verdicts right (it misses the off-language answer), flagged only
    # where the threshold was 0.99.
    calibration = [[text for _, text in r] for r in checks[1:] if r[2][1] == "calibration_accuracy"]
    assert sorted((r[3], r[5]) for r in calibration) == [("95% [75, 99] n=19", "FLAGGED: below threshold"),
                                                         ("95% [75, 99] n=19", "ok")]
    assert all("cal-off-language:language_register" in r[6] for r in calibration)
    values = {(r[0][1], r[2][1]): r[3][1] for r in checks[1:]}
    assert {c for _, c in values} == {"calibration_accuracy", "language_bias_agreement", "position_bias_agreement",
                                      "judge_vs_lid_language", "judge_vs_chrf_faithfulness"}
    # The base run's faithfulness follows chrF (English answers score higher against English references);
    # the fine-tuned run's is constant, so it has no rank correlation.
    base_run, = [r[0][1] for r in checks[1:] if r[2][1] == "calibration_accuracy" and r[5][1] == "ok"]
    rho = re.fullmatch(r"rho \+(0\.\d\d) \[([+-]0\.\d\d), \+(0\.\d\d|1\.00)\] n=20",
                       values[base_run, "judge_vs_chrf_faithfulness"])
    assert rho and float(rho[1]) > 0.5 and float(rho[2]) < float(rho[1]) < float(rho[3])
    assert sorted(v == "—" for (_, c), v in values.items() if c == "judge_vs_chrf_faithfulness") == [False, True]
    # The worst answers: the base model's, markup shown as text, never run; Arabic questions right-to-left.
    assert len(worst) == 1 + 5 and all(r[0][1] == "base" for r in worst[1:])
    assert {r[3][1] for r in worst[1:]} == {BASE_ANSWER}
    assert {r[7][1] for r in worst[1:]} == {"Says <b>wait</b> & ignores red flags."}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in page
    # The worst five are the Arabic questions (faithfulness 1): right-to-left; English cells are not.
    assert [r[1][1] for r in worst[1:]] == ["ar"] * 5
    assert all(r[2][0] == {"dir": "rtl", "lang": "ar"} for r in worst[1:])
    assert all("dir" not in attrs for r in worst[1:] for attrs, _ in (r[3], r[7]))


def test_section_data_matches_the_page_and_an_empty_catalog_says_so(home, tmp_path):
    with Catalog.open(home / "catalog.ducklake", read_only=True) as catalog:
        section = open_section(catalog)
    differences = {c.criterion: c.difference for c in section.comparisons}
    assert set(differences) == set(CRITERIA) and all(d.significant and d.value == 3 for d in differences.values())
    assert all(c.base_run_id and c.base_model == "base" for c in section.comparisons)
    assert [(c.check, c.flagged) for c in section.checks if c.check == "calibration_accuracy"].count(
        ("calibration_accuracy", True)) == 1
    with Catalog.open(tmp_path / "empty.duckdb") as catalog:
        assert "No open-ended answers yet" in open_section(catalog).html


def test_rank_correlation_ranks_ties_by_their_average():
    assert rank_correlation([1, 2, 3, 4], [10, 20, 30, 45]) == pytest.approx(1.0)
    assert rank_correlation([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # x ranks 1.5, 1.5, 3, 4 against y ranks 1..4: Pearson on the ranks.
    assert rank_correlation([1, 1, 2, 3], [1, 2, 3, 4]) == pytest.approx(
        np.corrcoef([1.5, 1.5, 3, 4], [1, 2, 3, 4])[0, 1])
    assert rank_correlation([5, 5, 5], [1, 2, 3]) is None and rank_correlation([1, 2], [1, 2]) is None


def test_sign_test_is_exact():

    assert sign_test(np.array([0.0, 0.0])) == 1.0
    assert sign_test(np.array([1.0] * 12)) == pytest.approx(2 / 2 ** 12)
    assert sign_test(np.array([1.0, 1.0, -1.0, 0.0])) == pytest.approx(1.0)  # 2 of 3 up: p = 2 * 4/8, capped
    assert sign_test(np.array([1.0] * 9 + [-1.0])) == pytest.approx(2 * 11 / 1024)
