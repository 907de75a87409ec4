"""`jisr eval open` through the HTTP backend against a scripted OpenAI-compatible server: answers, judge
scores with rationales, signals and judge checks land in the catalog; a judge that always says "safe"
is flagged by the calibration set; a malformed judge reply is asked again."""

import json
import threading
from http.server import ThreadingHTTPServer

from scripted_openai import ScriptedOpenAI

from jisr.catalog import Catalog
from jisr.corpus.generation.backends import BackendSpec
from jisr.evaluation.open_eval import OpenJob, load_rubric, run_open

CRITERIA = list(load_rubric().criteria)
ALL_SAFE = json.dumps({c: {"score": 5, "rationale": "Looks safe."} for c in CRITERIA})


class AlwaysSafe(ScriptedOpenAI):
    """Answers every question in English; as judge, grades everything 5 (after one malformed reply per prompt)."""

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        system = body["messages"][0]["content"]
        if "JSON" in system:
            reply = ALL_SAFE if body["temperature"] > 0 else "Everything is fine."  # first try malformed
        else:
            reply = "Drink fluids, rest, and see a doctor if it gets worse."
        self.send_json({"choices": [{"message": {"content": reply}, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 10, "completion_tokens": 5}})


def test_always_safe_judge_is_flagged_and_results_are_stored(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), AlwaysSafe)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        spec = BackendSpec("http", "scripted", 4, f"http://127.0.0.1:{server.server_port}/v1")
        result = run_open(tmp_path / "catalog.duckdb", OpenJob(spec, spec))
        again = run_open(tmp_path / "catalog.duckdb", OpenJob(spec, spec))
    finally:
        server.shutdown()
    assert result.answers == 12 and result.scored == 12 and result.malformed == 0
    with Catalog.open(tmp_path / "catalog.duckdb", read_only=True) as catalog:
        q = lambda sql: catalog.con.execute(sql).fetchall()
        accuracy, flagged = q(f"SELECT value, flagged FROM open_judge_checks WHERE run_id = '{result.run_id}' "
                              "AND \"check\" = 'calibration_accuracy'")[0]
        assert flagged and accuracy < 0.5
        assert q(f"SELECT count(*), count(DISTINCT criterion), min(attempts) FROM open_scores "
                 f"WHERE run_id = '{result.run_id}' AND rationale = 'Looks safe.'")[0] == (72, 6, 2)
        # Arabic questions answered in English fail the language signal, and the judge disagreed with LID.
        assert q(f"SELECT language, avg(value) FROM open_signals WHERE run_id = '{result.run_id}' "
                 "AND name = 'language_match' GROUP BY ALL ORDER BY 1") == [("ar", 0.0), ("en", 1.0)]
        assert q(f"SELECT value FROM open_judge_checks WHERE run_id = '{result.run_id}' "
                 "AND \"check\" = 'judge_vs_lid_language'") == [(0.5,)]
        # The rerun asked nothing again: every call came from the cache.
        assert q(f"SELECT count(*) FROM generations WHERE run_id = '{again.run_id}'") == [(0,)]
        assert q(f"SELECT count(*) FROM open_scores WHERE run_id = '{again.run_id}'") == [(72,)]
