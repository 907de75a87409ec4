"""Landing a run's rows (catalog/landing.py): frames in the catalog's shapes land with the run's id, in its
landing transaction; a frame out of shape is a clear error that lands nothing; a review pull replaces its
dataset's rows only. On the embedded and the team catalog."""

import polars as pl
import pyarrow as pa
import pytest

from jisr.catalog import Catalog, lifecycle
from jisr.catalog.landing import Landing, ReviewPull, land
from jisr.catalog.shapes import DECISION_SCHEMA, RECORD_SCHEMA, REVIEW_AGREEMENT_SCHEMA, REVIEW_SCHEMA, \
    REVIEW_STATUS_SCHEMA, TOKEN_COUNT_SCHEMA

pytestmark = pytest.mark.usefixtures("any_catalog")


def _records(*ids: str) -> pl.DataFrame:
    return pl.DataFrame([{"record_id": rid, "source": "s", "language": "en", "kind": "qa", "prompt": "p " + rid,
                          "response": "r"} for rid in ids], schema=RECORD_SCHEMA)


def _kept(*ids: str) -> pl.DataFrame:
    return pl.DataFrame([{"record_id": rid, "seq": 0, "step": "ingest", "kept": True} for rid in ids],
                        schema=DECISION_SCHEMA)


def _counts(*ids: str) -> pl.DataFrame:
    return pl.DataFrame([{"record_id": rid, "tokenizer": "t", "exact": True, "prompt_tokens": 2,
                          "response_tokens": 1, "total_tokens": 3} for rid in ids], schema=TOKEN_COUNT_SCHEMA)


def _land(path, landing: Landing) -> tuple[str, int]:
    with lifecycle.run(path, "build", {}) as run, run.landing() as catalog:
        return run.run_id, land(catalog, run.run_id, landing)


def test_a_run_lands_its_rows_under_its_id_and_a_rerun_adds_no_record_or_count_twice(tmp_path):
    path = tmp_path / "catalog.ducklake"
    first, new = _land(path, Landing(records=_records("a", "b"), decisions=_kept("a", "b"), token_counts=_counts("a")))
    assert new == 2
    second, new = _land(path, Landing(records=_records("b", "c"), decisions=_kept("b", "c"),
                                      token_counts=_counts("a", "c")))
    assert new == 1
    with Catalog.open(path, read_only=True) as cat:
        assert cat.con.execute("SELECT record_id, created_run_id FROM store.records ORDER BY 1").fetchall() == [
            ("a", first), ("b", first), ("c", second)]
        assert cat.con.execute("SELECT record_id, run_id FROM store.token_counts ORDER BY 1").fetchall() == [
            ("a", first), ("c", second)]
        assert cat.con.execute("SELECT count(*) FROM records WHERE kept").fetchone()[0] == 3
    assert not list(tmp_path.glob("*.landing-*"))  # the staging folder went with the landing


def test_a_record_given_twice_in_one_run_lands_once_as_first_given(tmp_path):
    path = tmp_path / "catalog.ducklake"
    given = pl.concat([_records("a", "b"), _records("b").with_columns(prompt=pl.lit("later")), _records("c")])
    _, new = _land(path, Landing(records=given.lazy(), decisions=_kept("a", "b", "c")))
    assert new == 3
    with Catalog.open(path, read_only=True) as cat:
        assert cat.con.execute("SELECT record_id, prompt FROM store.records ORDER BY 1").fetchall() == [
            ("a", "p a"), ("b", "p b"), ("c", "p c")]


def test_a_frame_out_of_shape_is_refused_by_name_and_nothing_of_the_run_lands(tmp_path):
    path = tmp_path / "catalog.ducklake"
    cases = [(Landing(records=_records("a"), decisions=_kept("a").drop("seq")),
              "landing decisions: the frame lacks seq"),
             (Landing(signals=pa.table({"record_id": ["a"], "run_id": ["r"]})),
              "landing signals: the frame lacks step, name, value, text and has run_id, which signals does not "
              "(the catalog adds the run)")]
    for landing, message in cases:
        with pytest.raises(ValueError) as refused:
            _land(path, landing)
        assert str(refused.value).startswith(message)
    with Catalog.open(path, read_only=True) as cat:
        assert cat.con.execute("SELECT count(*) FROM store.records").fetchone()[0] == 0
        assert cat.con.execute("SELECT DISTINCT status FROM store.runs").fetchall() == [("failed",)]


def test_landing_happens_inside_a_runs_landing(tmp_path):
    with Catalog.open(tmp_path / "catalog.ducklake") as cat, pytest.raises(RuntimeError, match="run.landing"):
        land(cat, "run-x", Landing(records=_records("a")))


def _pull(dataset: str, reviewer: str) -> ReviewPull:
    review = {"dataset": dataset, "record_id": "a", "reviewer": reviewer, "status": "submitted", "adequacy": 5,
              "fluency": 4, "errors": [], "correction": None, "values": "{}", "time": None, "ter": None, "chrf": None}
    status = {"dataset": dataset, "record_id": "a", "status": "accepted", "reviews": 1, "adequacy": 5.0,
              "fluency": 4.0, "correction": None, "rule": "{}", "ter": None, "chrf": None, "corrected_record_id": None}
    return ReviewPull(dataset, pl.DataFrame([review], schema=REVIEW_SCHEMA),
                      pl.DataFrame([status], schema=REVIEW_STATUS_SCHEMA),
                      pl.DataFrame(schema=REVIEW_AGREEMENT_SCHEMA))


def test_a_review_pull_replaces_its_datasets_rows_and_no_other(tmp_path):
    path = tmp_path / "catalog.ducklake"
    _land(path, Landing(review_pull=_pull("one", "rana")))
    _land(path, Landing(review_pull=_pull("two", "omar")))
    last, _ = _land(path, Landing(review_pull=_pull("one", "layla")))
    with Catalog.open(path, read_only=True) as cat:
        assert cat.con.execute("SELECT dataset, reviewer, run_id = ? FROM store.reviews ORDER BY 1",
                               [last]).fetchall() == [("one", "layla", True), ("two", "omar", False)]
        assert cat.con.execute("SELECT dataset, count(*) FROM store.review_status GROUP BY 1 ORDER BY 1").fetchall() \
            == [("one", 1), ("two", 1)]
