"""Issue #12, item 1, for `jisr review pull`: a reader held open for the whole of a pull (in another
process, on the embedded and the team catalog) never stops it, and never sees half of it: at every poll
it sees the catalog as it stood before the pull or as one of the pull's runs left it (a pull is two runs:
`review pull` lands the verdicts, then `review calibrate` refits the QE gate on them).

The pull is the real command, run as its own process against the real embedded Argilla, after an
annotator answered over Argilla's HTTP API (accept, correct, reject), so the pull lands reviews,
verdicts, agreement, a correction record and its decisions and signals in one run.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("argilla_server", reason='argilla-server not installed: pip install -e ".[annotation]"')

from catalog_rows import rows  # noqa: E402
from review_server import api_client, argilla, cli, seed_catalog, user_client  # noqa: E402,F401
from test_catalog_readers import _polls, _start_reader  # noqa: E402

from jisr.catalog import CATALOG_FILE, Catalog  # noqa: E402

pytestmark = pytest.mark.usefixtures("any_catalog")

# One statement, so one snapshot: every table a pull lands into, and the runs that finished.
STATE = """SELECT (SELECT count(*) FROM store.records), (SELECT count(*) FROM store.decisions),
    (SELECT count(*) FROM store.signals), (SELECT count(*) FROM store.record_status),
    (SELECT count(*) FROM store.reviews), (SELECT count(*) FROM store.review_status),
    (SELECT count(*) FROM store.review_agreement), (SELECT count(*) FROM store.gate_calibrations),
    (SELECT count(*) FROM records WHERE kept),
    (SELECT count(*) FROM runs WHERE status = 'succeeded')"""


def _review(home: Path, server, *args: str) -> str:
    result = cli_at(home, server, *args)
    assert result.exit_code == 0, result.output
    return result.output


def cli_at(home: Path, server, *args: str):
    """`jisr --home HOME review ARGS... --url --api-key` for the module's Argilla, in process."""
    from click.testing import CliRunner

    from jisr.cli import main
    from jisr.commands.review import review

    if "review" not in main.commands:
        main.add_command(review)
    return CliRunner().invoke(main, ["--home", str(home), "review", *args, "--url", server.url,
                                     "--api-key", server.api_key])


def test_a_reader_held_open_never_stops_a_pull_nor_sees_half_of_it(argilla, any_catalog, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    dataset = f"readers_{any_catalog}"
    ids = seed_catalog(home / CATALOG_FILE)
    _review(home, argilla, "push", "--dataset", dataset, "--per-stratum", "10", "--include-dropped")
    added = cli(argilla, "users", "add", f"nurse_{any_catalog}", "--workspace", "review", "--url", argilla.url)
    assert added.exit_code == 0, added.output
    password = added.output.split(f"Password for nurse_{any_catalog}: ")[1].split()[0]
    with api_client(argilla) as owner:
        found = next(d for d in owner.get("/api/v1/me/datasets").json()["items"] if d["name"] == dataset)
        uuid = {r["external_id"]: r["id"] for r in owner.get(f"/api/v1/datasets/{found['id']}/records",
                                                              params={"limit": 50}).json()["items"]}
    answers = {ids[0]: {"adequacy": 5, "fluency": 5}, ids[1]: {"adequacy": 1, "fluency": 2, "errors": ["omission"]},
               ids[2]: {"adequacy": 2, "fluency": 3, "correction": "**السؤال**\n\nسؤال مصحح\n\n**الجواب**\n\nجواب"}}
    with user_client(argilla, f"nurse_{any_catalog}", password) as nurse:
        for record_id, values in answers.items():
            response = nurse.post(f"/api/v1/records/{uuid[record_id]}/responses",
                                  json={"values": {k: {"value": v} for k, v in values.items()}, "status": "submitted"})
            assert response.status_code == 201, response.text

    states = [list(rows(home, STATE)[0])]
    reader, seen, stop = _start_reader(home, tmp_path, STATE)
    try:
        pull = subprocess.run([str(Path(sys.executable).with_name("jisr")), "--home", str(home), "review", "pull",
                               "--dataset", dataset, "--url", argilla.url, "--api-key", argilla.api_key],
                              capture_output=True, text=True, timeout=300, env={**os.environ, "OMP_NUM_THREADS": "1"})
        assert pull.returncode == 0, pull.stdout + pull.stderr
    finally:
        polls = _polls(reader, seen, stop)
    # Every whole state the pull made: the catalog as it stood when each of its runs finished (time travel).
    for (run_id,) in rows(home, "SELECT run_id FROM runs WHERE status = 'succeeded' ORDER BY finished_at"):
        with Catalog.open(home / CATALOG_FILE, read_only=True, as_of=run_id) as catalog:
            states.append(list(catalog.con.execute(STATE).fetchone()))
    assert rows(home, "SELECT command FROM runs ORDER BY started_at") == [("review pull",), ("review calibrate",)]
    assert states[-1] == list(rows(home, STATE)[0])
    assert states[0] != states[1] != states[2]
    assert states[1][0] == states[0][0] + 1  # the correction landed as a record of its own
    assert len(polls) > 2
    partial = [poll for poll in polls if poll not in states]
    assert not partial, f"the reader saw a catalog between runs: {partial[:3]} (whole states: {states})"
    assert polls[0] == states[0] and polls[-1] == states[-1]
    assert [states.index(p) for p in polls] == sorted(states.index(p) for p in polls)
