"""`jisr review`: a real embedded Argilla (server, worker, Redis) started once for this module.

Skipped, with the reason, where the optional `annotation` extra (argilla-server) is not installed.
"""

import json
import os
import stat
from pathlib import Path

import httpx
import pyarrow as pa
import pytest

pytest.importorskip("argilla_server", reason='argilla-server not installed: pip install -e ".[annotation]"')

import argilla as rg  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from jisr.annotation.embedded import EmbeddedArgilla  # noqa: E402
from jisr.annotation.push import push, sample_pairs  # noqa: E402
from jisr.annotation.pull import Rule, fetch_reviews, store  # noqa: E402
from jisr.catalog.store import CATALOG_FILE, Catalog  # noqa: E402

CATEGORIES = ["cardiology", "cardiology", "cardiology", "dermatology", "dermatology", "pediatrics"]
ARABIC = {"cardiology": "ضغط الدم المرتفع", "dermatology": "الأكزيما الجلدية", "pediatrics": "حمى الأطفال"}


def _seed_catalog(path: Path) -> list[str]:
    """English originals and their Arabic translations (parent_id set), plus a QE signal per translation."""
    records, signals = [], []
    for i, category in enumerate(CATEGORIES):
        parent = f"en{i:018d}"
        child = f"ar{i:018d}"
        records.append(dict(record_id=parent, source="med", language="en", kind="qa", category=category,
                            prompt=f"What about {category} case {i}?", response=f"Answer {i}", parent_id=None,
                            created_run_id="r"))
        records.append(dict(record_id=child, source="translated:med", language="ar", kind="qa", category=category,
                            prompt=f"ما هو {ARABIC[category]} رقم {i}؟", response=f"الجواب {i}", parent_id=parent,
                            created_run_id="r"))
        signals.append(dict(run_id="r", record_id=child, step="translation_qe", name="chrf", value=50.0 + i))
    with Catalog.open(path) as catalog, catalog.transaction():
        catalog.append("records", pa.Table.from_pylist(records))
        catalog.append("signals", pa.Table.from_pylist(signals))
    return [r["record_id"] for r in records if r["language"] == "ar"]


@pytest.fixture(scope="module")
def argilla(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    with EmbeddedArgilla(home, port=6931) as server:
        yield server
    assert not server.children


@pytest.fixture(scope="module")
def pushed(argilla):
    catalog = argilla.dir.parent / CATALOG_FILE
    ids = _seed_catalog(catalog)
    client = rg.Argilla(api_url=argilla.url, api_key=argilla.api_key)
    result = push(client, catalog, "t", "review", per_stratum=10, include_dropped=True)
    dataset = client.datasets(name="t", workspace="review")
    return client, dataset, catalog, ids, result


def _http(server, api_key=None):
    return httpx.Client(base_url=server.url, headers={"X-Argilla-Api-Key": api_key or server.api_key}, timeout=30)


def _annotator(client, name):
    user = rg.User(username=name, password="a-long-password-1", role="annotator", client=client).create()
    client.workspaces("review").add_user(user)
    return user


def _answer(http, record_uuid, values, status="submitted"):
    body = {"values": {k: {"value": v} for k, v in values.items()} if values is not None else None, "status": status}
    response = http.post(f"/api/v1/records/{record_uuid}/responses", json=body)
    assert response.status_code == 201, response.text


def _search(http, dataset_id, body, **params):
    response = http.post(f"/api/v1/me/datasets/{dataset_id}/records/search", json=body, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_credentials_are_generated_and_private(argilla):
    path = argilla.dir / "credentials.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    creds = json.loads(path.read_text())
    assert len(creds["password"]) >= 16 and creds["password"] != "12345678"
    assert httpx.get(f"{argilla.url}/api/v1/me", headers={"X-Argilla-Api-Key": "wrong"}).status_code == 401


def test_sample_is_stratified_and_seeded(tmp_path):
    catalog = tmp_path / CATALOG_FILE
    _seed_catalog(catalog)
    pairs = sample_pairs(catalog, per_stratum=1, include_dropped=True)
    assert sorted(p["category"] for p in pairs) == ["cardiology", "dermatology", "pediatrics"]
    assert pairs == sample_pairs(catalog, per_stratum=1, include_dropped=True)
    assert pairs[0]["qe"]["chrf"] >= 50
    assert sample_pairs(catalog, per_stratum=1) == []  # nothing kept by a curation run yet


def test_push_is_blind_and_idempotent(pushed):
    client, dataset, catalog, ids, result = pushed
    assert result["records"] == len(CATEGORIES) and result["strata"] == 3
    records = list(dataset.records)
    assert sorted(r.id for r in records) == sorted(ids)
    # Blind: reviewers see the two texts, the stratum and QE signals, nothing about the translating model.
    assert {key for r in records for key in r.metadata} == {"category", "source", "qe_chrf"}
    assert {r.metadata["source"] for r in records} == {"med"}
    assert 'dir="rtl"' in records[0].fields["translation_ar"]
    assert push(client, catalog, "t", "review", per_stratum=10, include_dropped=True)["records"] == len(CATEGORIES)
    assert len(list(dataset.records)) == len(CATEGORIES)


def test_search_engine_through_the_http_api(argilla, pushed):
    client, dataset, *_ = pushed
    did = str(dataset.id)
    with _http(argilla) as http:
        everything = _search(http, did, {"query": {}}, limit=50)
        assert everything["total"] == len(CATEGORIES)
        # Pagination: pages are disjoint and cover everything.
        pages = [_search(http, did, {"query": {}}, offset=o, limit=2)["items"] for o in (0, 2, 4)]
        assert len({i["record"]["id"] for page in pages for i in page}) == len(CATEGORIES)
        # Text search, Arabic and English, in one field or any.
        arabic = _search(http, did, {"query": {"text": {"q": "الأكزيما", "field": "translation_ar"}}})
        assert arabic["total"] == 2
        assert _search(http, did, {"query": {"text": {"q": "pediatrics case"}}})["total"] == 1
        assert _search(http, did, {"query": {"text": {"q": "nothing-like-this"}}})["total"] == 0
        # Metadata filters (terms and range) and sort.
        terms = {"and": [{"type": "terms", "scope": {"entity": "metadata", "metadata_property": "category"},
                          "values": ["cardiology"]}]}
        assert _search(http, did, {"query": {}, "filters": terms})["total"] == 3
        qe_range = {"and": [{"type": "range", "scope": {"entity": "metadata", "metadata_property": "qe_chrf"},
                             "ge": 53}]}
        assert _search(http, did, {"query": {}, "filters": qe_range})["total"] == 3
        ordered = _search(http, did, {"query": {}, "sort": [{"scope": {"entity": "metadata",
                                                                        "metadata_property": "qe_chrf"},
                                                              "order": "desc"}]})
        assert [i["record"]["metadata"]["qe_chrf"] for i in ordered["items"]] == [55, 54, 53, 52, 51, 50]

    # Per-user pending: what one annotator answered is still pending for another.
    for name in ("ann1", "ann2"):
        _annotator(client, name)
    keys = {}
    for name in ("ann1", "ann2"):
        with httpx.Client(base_url=argilla.url, timeout=30) as anon:
            token = anon.post("/api/v1/token", data={"username": name, "password": "a-long-password-1"})
            assert token.status_code == 201, token.text
            keys[name] = httpx.Client(base_url=argilla.url, timeout=30,
                                      headers={"Authorization": f"Bearer {token.json()['access_token']}"})
    pending = {"and": [{"type": "terms", "scope": {"entity": "response", "property": "status"}, "values": ["pending"]}]}
    first = _search(keys["ann1"], did, {"query": {}, "filters": pending})
    assert first["total"] == len(CATEGORIES)
    _answer(keys["ann1"], first["items"][0]["record"]["id"], {"adequacy": 5, "fluency": 5})
    assert _search(keys["ann1"], did, {"query": {}, "filters": pending})["total"] == len(CATEGORIES) - 1
    assert _search(keys["ann2"], did, {"query": {}, "filters": pending})["total"] == len(CATEGORIES)
    submitted = {"and": [{"type": "terms", "scope": {"entity": "response", "property": "status"},
                          "values": ["submitted"]}]}
    assert _search(keys["ann1"], did, {"query": {}, "filters": submitted})["total"] == 1
    progress = keys["ann1"].get(f"/api/v1/me/datasets/{did}/metrics").json()
    assert progress["responses"]["submitted"] == 1 and progress["responses"]["pending"] == len(CATEGORIES) - 1
    for http in keys.values():
        http.close()


def test_pull_into_catalog_is_idempotent(argilla, pushed):
    client, dataset, catalog, ids, _ = pushed
    by_external = {r.id: r for r in dataset.records}
    _annotator(client, "rev")
    with httpx.Client(base_url=argilla.url, timeout=30) as anon:
        token = anon.post("/api/v1/token", data={"username": "rev", "password": "a-long-password-1"}).json()
    with httpx.Client(base_url=argilla.url, timeout=30,
                      headers={"Authorization": f"Bearer {token['access_token']}"}) as rev:
        _answer(rev, by_external[ids[1]]._server_id, {"adequacy": 5, "fluency": 4})
        _answer(rev, by_external[ids[2]]._server_id, {"adequacy": 2, "fluency": 3, "errors": ["omission"]})
        _answer(rev, by_external[ids[3]]._server_id, {"adequacy": 3, "fluency": 3, "correction": "نص مصحح"})
        _answer(rev, by_external[ids[4]]._server_id, None, status="discarded")  # null values: the SDK's crash
    rows = fetch_reviews(argilla.url, argilla.api_key, str(dataset.id), "t")
    first = store(catalog, "t", rows, Rule())
    second = store(catalog, "t", fetch_reviews(argilla.url, argilla.api_key, str(dataset.id), "t"), Rule())
    assert {k: v for k, v in first.items() if k != "run_id"} == {k: v for k, v in second.items() if k != "run_id"}
    with Catalog.open(catalog, read_only=True) as cat:
        reviews = cat.con.execute("SELECT record_id, reviewer, status FROM reviews WHERE reviewer = 'rev' "
                                  "ORDER BY record_id").fetchall()
        verdicts = dict(cat.con.execute("SELECT record_id, status FROM review_status").fetchall())
        accepted = cat.con.execute("SELECT record_id FROM records WHERE record_id IN "
                                   "(SELECT record_id FROM review_status WHERE status = 'accepted')").fetchall()
    assert [(r, s) for r, _, s in reviews] == [(ids[1], "submitted"), (ids[2], "submitted"), (ids[3], "submitted"),
                                               (ids[4], "discarded")]
    assert verdicts[ids[1]] == "accepted" and verdicts[ids[2]] == "rejected" and verdicts[ids[3]] == "corrected"
    assert ids[4] not in verdicts
    assert (ids[1],) in accepted
    # A stricter rule, pulled again, re-decides every record.
    store(catalog, "t", rows, Rule(accept_fluency=5))
    with Catalog.open(catalog, read_only=True) as cat:
        assert cat.con.execute("SELECT status FROM review_status WHERE record_id = ?", [ids[1]]).fetchone() == (
            "rejected",)


def test_cli_pull_uses_the_embedded_owner_key(argilla, pushed):
    from jisr.cli import main
    from jisr.annotation.cli import review

    if "review" not in main.commands:
        main.add_command(review)
    result = CliRunner().invoke(main, ["--home", str(argilla.dir.parent), "review", "pull", "--dataset", "t",
                                       "--url", argilla.url])
    assert result.exit_code == 0, result.output
    assert "pulled" in result.output
