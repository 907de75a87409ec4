"""The review loop end to end, from a fresh home: build -> translate -> push -> expert verdicts -> pull
(which recalibrates the QE gate) -> mix, with the default review policy.

Real parts throughout: `jisr build` on a small JSONL, `jisr translate --back-translate` through the
http backend against a scripted OpenAI-compatible server (a real HTTP server in this process, whose
answers are written below, so each translation's round-trip chrF is known: the faithful ones
back-translate to their source, the unfaithful ones to another sentence), the embedded Argilla
(server, worker, Redis), an annotator answering over Argilla's HTTP API (accept one, correct one,
reject one), and the `jisr review pull`, `review calibrate`, `mix build`, `mix diff` and `review
stats` commands. What is asserted is the catalog as SQL sees it. Skipped, with the reason, where the
optional `annotation` extra is not installed.
"""

import json
import threading
from http.server import ThreadingHTTPServer

import pytest
import yaml

pytest.importorskip("argilla_server", reason='argilla-server not installed: pip install -e ".[annotation]"')

import httpx  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from catalog_rows import rows as query  # noqa: E402
from jisr.commands.review import review  # noqa: E402
from jisr.annotation.embedded import EmbeddedArgilla  # noqa: E402
from jisr.catalog import CATALOG_FILE, Catalog  # noqa: E402
from jisr.catalog.mixes import review_changes  # noqa: E402
from jisr.cli import main  # noqa: E402
from ports import free_port  # noqa: E402
from scripted_openai import ScriptedOpenAI  # noqa: E402

# English source -> (Arabic translation, its back-translation). The first four back-translate to their
# source (round-trip chrF 100), the last four to an unrelated sentence (chrF far below).
PAIRS = {
    "What causes high blood pressure in adults?": ("ما أسباب ارتفاع ضغط الدم عند البالغين؟", None),
    "Salt, weight and stress all raise it over time.": ("الملح والوزن والتوتر كلها ترفعه مع الوقت.", None),
    "How is eczema on the hands treated?": ("كيف تعالج الأكزيما على اليدين؟", None),
    "Moisturise often and use the cream your doctor prescribes.": ("رطب كثيرا واستعمل الكريم الذي يصفه طبيبك.", None),
    "When should a child with fever see a doctor?": ("متى يجب أن يرى الطفل المحموم الطبيب؟", "Why do birds fly south?"),
    "If the fever lasts more than three days or the child is drowsy.": (
        "إذا استمرت الحمى أكثر من ثلاثة أيام أو كان الطفل نعسانا.", "Paint dries slowly on cold walls."),
    "Can asthma start in adulthood?": ("هل يمكن أن يبدأ الربو في سن البلوغ؟", "Trains leave the station early."),
    "Yes, adult-onset asthma is common after infections.": (
        "نعم، الربو الذي يبدأ عند البالغين شائع بعد العدوى.", "Music sounds better at night."),
    "What helps a migraine attack?": ("ما الذي يساعد في نوبة الصداع النصفي؟", "Why do birds sing in spring?"),
    "Rest in a dark quiet room and take your usual medicine early.": (
        "استرح في غرفة مظلمة هادئة وتناول دواءك المعتاد مبكرا.", "Rivers carry sand to the sea."),
    "Is a cough after a cold normal?": ("هل السعال بعد الزكام طبيعي؟", None),
    "A dry cough can last a few weeks after a cold.": ("قد يستمر السعال الجاف بضعة أسابيع بعد الزكام.", None),
}
ARABIC = {ar: (en, back or en) for en, (ar, back) in PAIRS.items()}
QUESTIONS = list(PAIRS)[0::2]  # one record per question, with the answer after it


class Translator(ScriptedOpenAI):
    """EN->AR from PAIRS; AR->EN (the back-translation) as written there."""

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        text = body["messages"][-1]["content"].split("\n\n", 1)[1].strip()
        content = PAIRS[text][0] if text in PAIRS else ARABIC[text][1]
        self.send_json({"choices": [{"message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 10, "completion_tokens": len(content.split())}})


def jisr(home, *args):
    if "review" not in main.commands:
        main.add_command(review)
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A fresh home: six English Q&A built, then translated (with back-translations) by the scripted server."""
    root = tmp_path_factory.mktemp("loop")
    texts = list(PAIRS)
    rows = [{"prompt": texts[i], "response": texts[i + 1], "language": "en", "kind": "qa", "category": "general"}
            for i in range(0, len(texts), 2)]
    (root / "data.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (root / "build.yaml").write_text(yaml.safe_dump({
        "name": "loop", "tokenizers": ["llama3"], "curation": [],
        "sources": [{"name": "med", "adapter": "jisr", "path": "data.jsonl", "license": "CC-BY-4.0"}]}))
    home = root / "home"
    jisr(home, "build", str(root / "build.yaml"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Translator)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        jisr(home, "translate", "--backend", "http", "--base-url", f"http://127.0.0.1:{httpd.server_address[1]}/v1",
             "--model", "scripted", "--back-translate")
    finally:
        httpd.shutdown()
    return home


def _translations(home):
    """English question -> (translation id, round-trip chrF, kept by the translate step)."""
    return {q: (rid, chrf, kept) for q, rid, chrf, kept in query(home, """
        SELECT p.prompt, t.record_id, s.value, t.kept FROM records t JOIN records p ON p.record_id = t.parent_id
        JOIN signals s ON s.record_id = t.record_id AND s.step = 'translation_qe' AND s.name = 'roundtrip_chrf'
        WHERE t.source = 'translated:med'""")}


def _answer(http, record_uuid, values):
    response = http.post(f"/api/v1/records/{record_uuid}/responses",
                         json={"values": {k: {"value": v} for k, v in values.items()}, "status": "submitted"})
    assert response.status_code == 201, response.text


def _mix(home, name, root):
    recipe = root / f"{name}.yaml"
    recipe.write_text(yaml.safe_dump({"name": name, "budget": 10**6, "ratio": "100:0"}))
    jisr(home, "mix", "build", str(recipe), "--allow-shortfall")
    version, = query(home, "SELECT max(version) FROM mixes WHERE name = ?", name)[0]
    members = {r for (r,) in query(home, "SELECT record_id FROM mix_members WHERE name = ? AND version = ?",
                                   name, version)}
    return f"{name}@{version}", members


def test_expert_verdicts_and_the_calibrated_gate_decide_the_mix(home, tmp_path):
    translations = _translations(home)
    assert len(translations) == 6 and all(kept for _, _, kept in translations.values())
    faithful = {q for q, (_, chrf, _) in translations.items() if chrf == 100}
    assert faithful == set(QUESTIONS) - set(QUESTIONS[2:5]), translations  # the scripted round trips, as measured
    accepted, corrected, rejected = (translations[QUESTIONS[i]][0] for i in (0, 2, 3))
    with EmbeddedArgilla(home, port=free_port()) as server:
        url = ["--url", server.url]
        jisr(home, "review", "push", "--dataset", "loop", "--per-stratum", "10", *url)
        jisr(home, "review", "users", "add", "nurse", "--password-file", str(_password(tmp_path)), *url)
        with httpx.Client(base_url=server.url, headers={"X-Argilla-Api-Key": server.api_key}, timeout=30) as owner:
            datasets = owner.get("/api/v1/me/datasets").json()["items"]
            dataset_id = next(d["id"] for d in datasets if d["name"] == "loop")
            records = owner.get(f"/api/v1/datasets/{dataset_id}/records", params={"limit": 50}).json()["items"]
        uuid = {r["external_id"]: r["id"] for r in records}
        assert set(uuid) == {rid for rid, _, _ in translations.values()}  # every translation is up for review
        token = httpx.post(f"{server.url}/api/v1/token", data={"username": "nurse", "password": _PASSWORD}).json()
        with httpx.Client(base_url=server.url, timeout=30,
                          headers={"Authorization": f"Bearer {token['access_token']}"}) as nurse:
            _answer(nurse, uuid[accepted], {"adequacy": 5, "fluency": 5})
            _answer(nurse, uuid[corrected], {"adequacy": 2, "fluency": 3, "correction": "جواب صححه الخبير بعناية."})
            _answer(nurse, uuid[rejected], {"adequacy": 1, "fluency": 2, "errors": ["omission"]})
        pulled = jisr(home, "review", "pull", "--dataset", "loop", *url)
    assert "gate calibrated" in pulled
    correction, = query(home, "SELECT correction_id FROM translation_verdicts WHERE record_id = ?", corrected)[0]
    assert correction is not None

    # The pull recalibrated: three verdicts are too few to fit, so the translate step's thresholds decide
    # every unreviewed translation (all kept), and each decision says so.
    first, = query(home, "SELECT max(calibration_id) FROM gate_calibrations")[0]
    scope, reason, pull_run = query(home, "SELECT scope, fallback_reason, pull_run FROM gate_calibrations "
                                          "WHERE calibration_id = ? AND category = '*'", first)[0]
    assert scope == "translation_qe" and reason.startswith("3 verdicts (< 30) in all")
    assert pull_run == query(home, "SELECT max(run_id) FROM runs WHERE command = 'review pull'")[0][0]
    ref_1, members_1 = _mix(home, "loop", tmp_path)
    _check_policy(home, members_1, accepted, corrected, rejected, correction, f"gate:{first}")
    assert all(reason.startswith("kept by the translate step's thresholds (3 verdicts (< 30) in this stratum")
               for (reason,) in query(home, "SELECT reason FROM translation_verdicts WHERE verdict = 'unreviewed'"))

    # Calibrated on the same three verdicts with lower minimums (the one stratum gets a fit of its own):
    # the gate learns a round-trip chrF threshold (the accepted translation is faithful, the corrected
    # and rejected ones are not) and keeps the unfaithful unreviewed translation out of the next mix.
    jisr(home, "review", "calibrate", "--min-verdicts", "3", "--min-each", "1")
    second, = query(home, "SELECT max(calibration_id) FROM gate_calibrations")[0]
    assert second > first
    thresholds, = query(home, "SELECT thresholds FROM gate_calibrations WHERE calibration_id = ? AND category = '*'",
                        second)[0]
    low = max(chrf for q, (_, chrf, _) in translations.items() if q not in faithful)
    assert set(json.loads(thresholds)) == {"roundtrip_chrf"}
    assert low < json.loads(thresholds)["roundtrip_chrf"]["min"] < 100
    ref_2, members_2 = _mix(home, "loop", tmp_path)
    gate = _check_policy(home, members_2, accepted, corrected, rejected, correction, f"gate:{second}")
    unfaithful = {translations[q][0] for q in set(QUESTIONS) - faithful} - {corrected, rejected}
    faithful_ids = {translations[q][0] for q in faithful} - {accepted}
    assert {rid for rid, kept in gate.items() if not kept} == unfaithful and len(unfaithful) == 1
    assert {rid for rid, kept in gate.items() if kept} == faithful_ids and len(faithful_ids) == 2
    reason, = query(home, "SELECT reason FROM translation_verdicts WHERE record_id = ?", *unfaithful)[0]
    assert reason.startswith("roundtrip_chrf: roundtrip_chrf ")
    assert reason.endswith("(fitted on general/med/scripted, n=3)")

    # The manifest says which calibration and pull each mix was built on; mix diff names what changed.
    states = [json.loads(p)["review_state"] for (p,) in query(
        home, "SELECT r.params FROM mixes m JOIN runs r USING (run_id) WHERE m.name = 'loop' ORDER BY m.version")]
    assert [s["calibration"] for s in states] == [first, second]
    assert all(s["calibration_pull_run"] == pull_run == s["pull_run"] for s in states)
    assert "translations that left or entered, by verdict" in jisr(home, "mix", "diff", ref_1, ref_2)
    with Catalog.open(home / CATALOG_FILE, read_only=True) as cat:
        changes = {(c, v, d): n for c, v, d, n, _ in review_changes(cat, ref_1, ref_2).rows()}
    assert changes == {("left", "unreviewed", f"gate:{second}"): 1}

    # `review stats`: acceptance per stratum and the gate's agreement with experts, within 80 columns.
    stats = jisr(home, "review", "stats")
    assert max(len(line) for line in stats.splitlines()) <= 80, stats
    text = " ".join(stats.split())
    assert "33.3 [6.1-79.2]" in text and f"gate calibration {second}" in text
    assert "global: decided by the global fit; rejects roundtrip_chrf <" in text
    assert "general/med/scripted: decided by its own fit; rejects roundtrip_chrf <" in text


def _check_policy(home, members, accepted, corrected, rejected, correction, decided_by):
    """The default policy held in this mix: the rejected translation out, the correction in and its machine
    translation out, the accepted one in, and each unreviewed translation in exactly when the latest
    calibration's gate keeps it, with a recorded reason. Returns unreviewed id -> kept by the gate."""
    assert rejected not in members and corrected not in members
    assert {accepted, correction} <= members
    verdicts = {r[0]: r[1:] for r in query(home, "SELECT record_id, verdict, decided_by, gate_kept, reason "
                                                 "FROM translation_verdicts")}
    assert verdicts[rejected][:2] == ("rejected", "expert") and verdicts[corrected][:2] == ("corrected", "expert")
    assert verdicts[correction][:2] == ("correction", "expert")
    unreviewed = {rid: v for rid, v in verdicts.items() if v[0] == "unreviewed"}
    assert len(unreviewed) == 3
    for rid, (_, by, kept, reason) in unreviewed.items():
        assert by == decided_by and reason and (rid in members) == kept, (rid, by, kept, reason)
    return {rid: v[2] for rid, v in unreviewed.items()}


_PASSWORD = "a-long-password-for-the-nurse"


def _password(tmp_path):
    path = tmp_path / "password"
    path.write_text(_PASSWORD)
    path.chmod(0o600)
    return path
