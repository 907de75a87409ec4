"""`jisr review`: a real embedded Argilla (server, worker, Redis) started once for this module.

Skipped, with the reason, where the optional `annotation` extra (argilla-server) is not installed.
"""

import json
import os
import re
import secrets
import stat
from pathlib import Path

import httpx
import pytest

pytest.importorskip("argilla_server", reason='argilla-server not installed: pip install -e ".[annotation]"')

import argilla as rg  # noqa: E402

from jisr.annotation.hosting.embedded import EmbeddedArgilla  # noqa: E402
from jisr.annotation.push import push, sample_pairs  # noqa: E402
from jisr.annotation.agreement import krippendorff_alpha  # noqa: E402
from jisr.annotation.pull import Rule, fetch_reviews, store  # noqa: E402
from jisr.annotation.stats import review_stats  # noqa: E402
from jisr.catalog.store import CATALOG_FILE, Catalog  # noqa: E402
from jisr.errors import InputError  # noqa: E402
from ports import free_port  # noqa: E402
from review_server import ARABIC, CATEGORIES, add_reviewer, argilla, need_chromium, settle, sign_in_ui  # noqa: E402,F401
from review_server import api_client as _http, cli as _cli, seed_catalog as _seed_catalog  # noqa: E402
from review_server import seed_chats as _seed_chats, user_client as _sign_in  # noqa: E402

POSTGRES = os.environ.get("JISR_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="module")
def pushed(argilla):
    catalog = argilla.dir.parent / CATALOG_FILE
    ids = _seed_catalog(catalog)
    client = rg.Argilla(api_url=argilla.url, api_key=argilla.api_key)
    result = push(client, catalog, "t", "review", per_stratum=10, include_dropped=True)
    dataset = client.datasets(name="t", workspace="review")
    return client, dataset, catalog, ids, result


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
    client, dataset, _, ids, _ = pushed
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
        # Substrings (Arabic without its article), any case, words in different fields, short words.
        assert _search(http, did, {"query": {"text": {"q": "أكزيما"}}})["total"] == 2
        assert _search(http, did, {"query": {"text": {"q": "CARDIOLOGY"}}})["total"] == 3
        assert _search(http, did, {"query": {"text": {"q": "الأكزيما case"}}})["total"] == 2
        assert _search(http, did, {"query": {"text": {"q": "الأكزيما", "field": "source_en"}}})["total"] == 0
        assert _search(http, did, {"query": {"text": {"q": "هو", "field": "translation_ar"}}})["total"] == 6
        # Text search with a filter, and its pages.
        derm = {"and": [{"type": "terms", "scope": {"entity": "metadata", "metadata_property": "category"},
                         "values": ["dermatology"]}]}
        assert _search(http, did, {"query": {"text": {"q": "case"}}, "filters": derm})["total"] == 2
        found = [_search(http, did, {"query": {"text": {"q": "case"}}}, offset=o, limit=4)["items"] for o in (0, 4)]
        assert len({i["record"]["id"] for page in found for i in page}) == len(CATEGORIES)
        # Metadata filters (terms and range) and sort.
        terms = {"and": [{"type": "terms", "scope": {"entity": "metadata", "metadata_property": "category"},
                          "values": ["cardiology"]}]}
        assert _search(http, did, {"query": {}, "filters": terms})["total"] == 3
        qe_range = {"and": [{"type": "range", "scope": {"entity": "metadata", "metadata_property": "qe_chrf"},
                             "ge": 53}]}
        assert _search(http, did, {"query": {}, "filters": qe_range})["total"] == 3
        # Several filters intersect (cardiology has qe_chrf 50, 51, 52), a range may have both bounds.
        both = {"and": terms["and"] + [{"type": "range", "scope": {"entity": "metadata", "metadata_property": "qe_chrf"},
                                        "ge": 51, "le": 51.5}]}
        assert [i["record"]["metadata"]["qe_chrf"] for i in _search(http, did, {"query": {}, "filters": both})["items"]] == [51]
        assert _search(http, did, {"query": {"text": {"q": "الأكزيما"}}, "filters": terms})["total"] == 0
        # The UI's filter options come from the metadata index too.
        properties = {p["name"]: p["id"] for p in http.get(f"/api/v1/me/datasets/{did}/metadata-properties").json()["items"]}
        metrics = http.get(f"/api/v1/metadata-properties/{properties['category']}/metrics").json()
        assert metrics["total"] == 6 and {v["term"]: v["count"] for v in metrics["values"]} == {
            "cardiology": 3, "dermatology": 2, "pediatrics": 1}
        assert http.get(f"/api/v1/metadata-properties/{properties['qe_chrf']}/metrics").json() == {
            "type": "float", "min": 50.0, "max": 55.0}
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
    # Each user's default order is stable, and its pages are disjoint and cover everything.
    for http in keys.values():
        order = [i["record"]["id"] for o in (0, 2, 4) for i in _search(http, did, {"query": {}}, offset=o, limit=2)["items"]]
        assert sorted(order) == sorted(i["record"]["id"] for i in everything["items"])
        assert order == [i["record"]["id"] for i in _search(http, did, {"query": {}}, limit=10)["items"]]
    pending = {"and": [{"type": "terms", "scope": {"entity": "response", "property": "status"}, "values": ["pending"]}]}
    first = _search(keys["ann1"], did, {"query": {}, "filters": pending})
    assert first["total"] == len(CATEGORIES)
    # ids[0]: the one record the pull test leaves alone (each user's record order is shuffled per user).
    untouched = {r.id: r for r in dataset.records}[ids[0]]._server_id
    assert str(untouched) in {i["record"]["id"] for i in first["items"]}
    _answer(keys["ann1"], untouched, {"adequacy": 5, "fluency": 5})
    assert _search(keys["ann1"], did, {"query": {}, "filters": pending})["total"] == len(CATEGORIES) - 1
    left = [i["record"]["id"] for o in (0, 3) for i in
            _search(keys["ann1"], did, {"query": {}, "filters": pending}, offset=o, limit=3)["items"]]
    assert len(set(left)) == len(CATEGORIES) - 1 and str(untouched) not in left
    assert _search(keys["ann2"], did, {"query": {}, "filters": pending})["total"] == len(CATEGORIES)
    # Pending with a metadata filter and a text query: the answered record (a cardiology one) leaves both.
    cardiology_pending = {"and": pending["and"] + terms["and"]}
    for body, mine, theirs in (({"query": {}}, 2, 3), ({"query": {"text": {"q": "case"}}}, 2, 3),
                               ({"query": {"text": {"q": "الأكزيما"}}}, 0, 0)):
        found = _search(keys["ann1"], did, {**body, "filters": cardiology_pending})
        assert found["total"] == mine and str(untouched) not in {i["record"]["id"] for i in found["items"]}
        assert _search(keys["ann2"], did, {**body, "filters": cardiology_pending})["total"] == theirs
    submitted = {"and": [{"type": "terms", "scope": {"entity": "response", "property": "status"},
                          "values": ["submitted"]}]}
    assert _search(keys["ann1"], did, {"query": {}, "filters": submitted})["total"] == 1
    progress = keys["ann1"].get(f"/api/v1/me/datasets/{did}/metrics").json()
    assert progress["responses"]["submitted"] == 1 and progress["responses"]["pending"] == len(CATEGORIES) - 1
    for http in keys.values():
        http.close()


def test_search_index_follows_updates_and_deletes(argilla, pushed):
    """The engine's index is kept by Argilla's hooks: an upsert re-indexes, deletes drop rows, a dataset its table."""
    import sqlite3

    client, _, catalog, ids, _ = pushed
    push(client, catalog, "idx", "review", per_stratum=10, include_dropped=True)
    dataset = client.datasets(name="idx", workspace="review")
    did = str(dataset.id)
    word = {"query": {"text": {"q": "zebrafish"}}}

    def category(*values):
        return {"query": {}, "filters": {"and": [{"type": "terms", "values": list(values),
                                                  "scope": {"entity": "metadata", "metadata_property": "category"}}]}}

    with _http(argilla) as http:
        assert _search(http, did, word)["total"] == 0
        dataset.records.log([rg.Record(id=ids[0], fields={"source_en": "A zebrafish case", "translation_ar": "حالة"},
                                       metadata={"category": "zoology", "source": "med"})])
        assert _search(http, did, word)["total"] == 1
        # The old text is gone; "0?" also finds punctuation, which push escaped (the quality table's "51.00" holds a 0).
        assert _search(http, did, {"query": {"text": {"q": "cardiology case 1?"}}})["total"] == 1
        assert _search(http, did, {"query": {"text": {"q": "cardiology case 0?"}}})["total"] == 0
        assert _search(http, did, category("zoology"))["total"] == 1  # and the old metadata
        assert _search(http, did, category("cardiology", "zoology"))["total"] == 3
        dataset.records.delete([r for r in dataset.records if r.id == ids[0]])
        assert _search(http, did, word)["total"] == 0
        assert _search(http, did, category("zoology"))["total"] == 0
        assert _search(http, did, {"query": {}})["total"] == len(CATEGORIES) - 1
    dataset.delete()
    with sqlite3.connect(argilla.dir / "argilla.db") as db:
        rows = [db.execute(f"SELECT count(*) FROM {table} WHERE dataset_id = ?", [dataset.id.hex]).fetchone()[0]
                for table in ("jisr_search_records", "jisr_search_metadata")]
        tables = db.execute("SELECT name FROM sqlite_master WHERE name = ?", [f"jisr_fts_{dataset.id.hex}"]).fetchall()
    assert rows == [0, 0] and tables == []


def test_upserts_still_validate_metadata_and_notify_webhooks(argilla, pushed):
    """annotation/hosting/argilla_speedups.py: cached validators still reject bad metadata; record events still reach a webhook."""
    import http.server
    import threading
    import time

    client, dataset, _, ids, _ = pushed
    heard = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            heard.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    receiver = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    items = [{"external_id": ids[0], "fields": {"source_en": "x", "translation_ar": "y"}, "metadata": {"qe_chrf": "high"}}]
    with _http(argilla) as http_client:
        bad = http_client.put(f"/api/v1/datasets/{dataset.id}/records/bulk", json={"items": items})
        assert bad.status_code == 422 and "qe_chrf" in bad.text
        hook = http_client.post("/api/v1/webhooks", json={"url": f"http://127.0.0.1:{receiver.server_port}/hook",
                                                          "events": ["record.updated", "record.created"]})
        assert hook.status_code == 201, hook.text
        try:
            record = {r.id: r for r in dataset.records}[ids[5]]
            items = [{"id": str(record._server_id), "metadata": {**record.metadata, "qe_chrf": 60.5}}]
            ok = http_client.put(f"/api/v1/datasets/{dataset.id}/records/bulk", json={"items": items})
            assert ok.status_code == 200, ok.text
            deadline = time.monotonic() + 30
            while not heard and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            http_client.delete(f"/api/v1/webhooks/{hook.json()['id']}")
            receiver.shutdown()
    assert [(h["type"], h["data"]["id"]) for h in heard] == [("record.updated", str(record._server_id))]
    assert {r.id: r for r in dataset.records}[ids[5]].metadata["qe_chrf"] == 60.5


def test_index_of_another_version_is_rebuilt_at_start(argilla, pushed, tmp_path):
    """A database indexed by an older jisr (other layout version) is re-indexed whole by the start-up pass."""
    import asyncio
    import sqlite3

    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

    from jisr.annotation.hosting import search_index

    copy = tmp_path / "argilla.db"
    with sqlite3.connect(argilla.dir / "argilla.db") as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as db:  # as left by the engine before metadata was indexed
        db.execute("DROP TABLE jisr_search_metadata")
        db.execute("DROP TABLE jisr_search_state")
        indexed = db.execute("SELECT count(*) FROM jisr_search_records").fetchone()[0]
        records = db.execute("SELECT count(*) FROM records").fetchone()[0]

    async def prepare():
        engine = create_async_engine(f"sqlite+aiosqlite:///{copy}")
        try:
            async with AsyncSession(engine) as db:
                return await search_index.prepare(db), await search_index.prepare(db)
        finally:
            await engine.dispose()

    assert indexed == records > 0
    assert asyncio.run(prepare()) == (records, 0)  # everything again, then nothing left to do
    dataset_id = pushed[1].id.hex
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT term, count(*) FROM jisr_search_metadata WHERE dataset_id = ? AND name = 'category' "
                          "GROUP BY term ORDER BY term", [dataset_id]).fetchall() == [
            ("cardiology", 3), ("dermatology", 2), ("pediatrics", 1)]
        assert db.execute("SELECT version FROM jisr_search_state").fetchall() == [(search_index.VERSION,)]


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
    result = _cli(argilla, "pull", "--dataset", "t", "--url", argilla.url)
    assert result.exit_code == 0, result.output
    assert "pulled" in result.output


def test_krippendorff_alpha_matches_the_published_example():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders, 12 units, gaps missing.
    n = None
    coders = [[1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
              [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n]]
    units = list(zip(*coders))
    assert round(krippendorff_alpha(units, "nominal"), 3) == 0.743
    assert round(krippendorff_alpha(units, "ordinal"), 3) == 0.815
    assert round(krippendorff_alpha(units, "interval"), 3) == 0.849
    assert krippendorff_alpha([[3, 3], [3, 3]]) is None  # no variation: undefined, not perfect
    assert krippendorff_alpha([[3], [4]]) is None  # nothing pairable


def test_chat_correction_lands_as_corrected_turns(argilla, tmp_path):
    """A chat is shown as numbered turns; a correction keeping them lands with corrected `messages`, one
    that loses a turn is quarantined with a reason naming the record."""
    catalog = tmp_path / CATALOG_FILE
    ids = _seed_chats(catalog)
    client = rg.Argilla(api_url=argilla.url, api_key=argilla.api_key)
    push(client, catalog, "chat", "review", per_stratum=10, include_dropped=True)
    dataset = client.datasets(name="chat", workspace="review")
    records = {r.id: r for r in dataset.records(with_suggestions=True)}
    # The chat is shown turn by turn; the correction box starts with the machine translation's numbered turns.
    assert [t.role for t in records[ids[0]].fields["source_chat"]] == ["system", "user", "assistant", "user",
                                                                    "assistant"]
    shown = records[ids[0]].suggestions["correction"].value
    assert "[1] النظام" in shown and "[5] المساعد" in shown and "*" not in shown
    # The reviewer edits the pre-filled box and fixes the last answer, over two paragraphs.
    fixed = shown.replace("غدا.", "اليوم، دون تأخير.\n\nوإذا اشتد الألم فاتصل بالإسعاف.")
    lost_turn = "**1. النظام**\n\nكن حذرا.\n\n**2. المستخدم**\n\nألم في الصدر؟\n\n**3. المساعد**\n\nراجع طبيبا اليوم."
    with _http(argilla) as http:
        _answer(http, records[ids[0]]._server_id, {"adequacy": 3, "fluency": 4, "correction": fixed})
        _answer(http, records[ids[1]]._server_id, {"adequacy": 3, "fluency": 4, "correction": lost_turn})
    result = store(catalog, "chat", fetch_reviews(argilla.url, argilla.api_key, str(dataset.id), "chat"), Rule())
    assert result["corrected"] == 2 and result["new_records"] == 1 and result["quarantined"] == 1
    assert result["reasons"] == [f"correction of record {ids[1]} by owner does not map onto its turns: 3 turn headings "
                                 "for 5 turns (keep one heading line per turn, as shown: [1] النظام)"]
    with Catalog.open(catalog, read_only=True) as cat:
        status = {r[0]: r[1:] for r in cat.con.execute(
            "SELECT record_id, status, corrected_record_id, ter FROM review_status WHERE dataset = 'chat'").fetchall()}
        new = cat.con.execute("SELECT kind, parent_id, prompt, response, messages, kept FROM records WHERE record_id = ?",
                              [status[ids[0]][1]]).fetchone()
        quarantined = cat.con.execute("SELECT source, field, reason, raw FROM quarantine").fetchall()
        mixable = cat.con.execute("SELECT record_id FROM review_status WHERE status IN ('accepted', 'correction')"
                                  ).fetchall()
    messages = json.loads(new[4])
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user", "assistant"]
    assert [m["content"] for m in messages] == ["كن حذرا.", "ألم في الصدر 0؟", "راجع طبيبا.", "متى؟",
                                                "اليوم، دون تأخير.\n\nوإذا اشتد الألم فاتصل بالإسعاف."]
    assert new[:2] == ("chat", ids[0]) and new[5] is True
    assert new[2] == "كن حذرا.\n\nألم في الصدر 0؟\n\nمتى؟"
    assert new[3] == "راجع طبيبا.\n\nاليوم، دون تأخير.\n\nوإذا اشتد الألم فاتصل بالإسعاف."
    assert status[ids[0]][0] == "corrected" and status[ids[0]][2] > 0
    assert status[ids[1]] == ("corrected", None, None)  # its correction could not be read: nothing to mix
    assert quarantined == [("corrected:translated:chat", "correction", result["reasons"][0], lost_turn)]
    assert mixable == [(status[ids[0]][1],)]


def test_turns_are_read_back_or_refused():
    from jisr.annotation.turns import AR_ROLES, TurnsMismatch, parse, show

    chat = [{"role": "user", "content": "س"}, {"role": "assistant", "content": "ج"}]
    assert parse(show(chat, AR_ROLES).replace("ج", "**جواب**\n\n- أ\n- ب"), chat)[1]["content"] == "**جواب**\n\n- أ\n- ب"
    for text, why in (("**1. المستخدم**\n\nس\n\n**2. المستخدم**\n\nج", "turn 2 is headed"),
                      ("مقدمة\n\n" + show(chat, AR_ROLES), "text before the first"),
                      ("**1. المستخدم**\n\nس\n\n**2. المساعد**\n\n", "turn 2 (المساعد) is empty"),
                      ("جواب فقط", "0 turn headings for 2 turns")):
        with pytest.raises(TurnsMismatch, match=re.escape(why)):
            parse(text, chat)


def test_users_add_confines_an_annotator_to_its_workspace(argilla, tmp_path):
    from jisr.annotation.push import dataset_settings

    result = _cli(argilla, "users", "add", "alice", "--role", "annotator", "--workspace", "ward-a", "--url", argilla.url)
    assert result.exit_code == 0, result.output
    password = result.output.split("Password for alice: ")[1].split()[0]
    secret = tmp_path / "pw"
    secret.write_text("bobs-own-password-9\n")
    result_b = _cli(argilla, "users", "add", "bob", "--workspace", "ward-b", "--password-file", str(secret),
                    "--url", argilla.url)
    assert result_b.exit_code == 0, result_b.output
    assert "bobs-own-password-9" not in result_b.output
    again = _cli(argilla, "users", "add", "alice", "--workspace", "ward-a", "--url", argilla.url)
    assert again.exit_code != 0 and "already exists" in again.output

    client = rg.Argilla(api_url=argilla.url, api_key=argilla.api_key)
    ids = {}
    for space in ("ward-a", "ward-b"):
        ids[space] = str(rg.Dataset(name=f"ds-{space}", workspace=space, settings=dataset_settings([], 1),
                                    client=client).create().id)
    with _http(argilla) as owner:
        keys = {u["username"]: u.get("api_key") for u in owner.get("/api/v1/users").json()["items"]}
    assert keys["alice"] and keys["alice"] not in result.output  # the API key is never shown
    with _sign_in(argilla, "alice", password) as alice, _sign_in(argilla, "bob", "bobs-own-password-9") as bob:
        assert [d["name"] for d in alice.get("/api/v1/me/datasets").json()["items"]] == ["ds-ward-a"]
        assert alice.get(f"/api/v1/datasets/{ids['ward-b']}").status_code == 403
        assert alice.post(f"/api/v1/me/datasets/{ids['ward-b']}/records/search", json={"query": {}}).status_code == 403
        assert alice.get(f"/api/v1/datasets/{ids['ward-a']}").status_code == 200
        assert [d["name"] for d in bob.get("/api/v1/me/datasets").json()["items"]] == ["ds-ward-b"]

    listed = _cli(argilla, "users", "list", "--url", argilla.url)
    assert listed.exit_code == 0, listed.output
    cells = [[c.strip() for c in line.split("│")[1:-1]] for line in listed.output.splitlines() if "│" in line]
    rows = {row[0]: row[1:] for row in cells}
    assert rows["alice"] == ["annotator", "ward-a"] and rows["bob"] == ["annotator", "ward-b"]
    assert rows["owner"][0] == "owner"
    assert not any(key and key in listed.output for key in keys.values())  # no API key, anyone's
    removed = _cli(argilla, "users", "remove", "bob", "--url", argilla.url)
    assert removed.exit_code == 0, removed.output
    with httpx.Client(base_url=argilla.url, timeout=30) as anon:
        assert anon.post("/api/v1/token", data={"username": "bob", "password": "bobs-own-password-9"}).status_code == 401
    assert "bob" not in _cli(argilla, "users", "list", "--url", argilla.url).output
    again = _cli(argilla, "users", "remove", "bob", "--url", argilla.url)
    assert again.exit_code != 0 and "no user 'bob'" in again.output
    itself = _cli(argilla, "users", "remove", "owner", "--url", argilla.url)
    assert itself.exit_code != 0 and "signs in with" in itself.output


def test_pull_measures_agreement_and_lands_corrections(argilla, pushed):
    from sacrebleu.metrics import TER

    client, _, catalog, ids, _ = pushed
    push(client, catalog, "t2", "review", per_stratum=10, include_dropped=True)
    dataset = client.datasets(name="t2", workspace="review")
    by_external = {r.id: r._server_id for r in dataset.records}
    assert len(by_external) == len(CATEGORIES)  # corrections landed by earlier pulls are not pushed for review
    fixed = "**السؤال**\n\nسؤال مصحح\n\n**الجواب**\n\nجواب مصحح"
    answers = {  # (reviewer 1, reviewer 2) on three records
        ids[0]: ({"adequacy": 5, "fluency": 4}, {"adequacy": 5, "fluency": 4}),
        ids[1]: ({"adequacy": 2, "fluency": 3, "errors": ["omission"]},
                 {"adequacy": 3, "fluency": 3, "errors": ["omission", "terminology"]}),
        ids[2]: ({"adequacy": 3, "fluency": 3}, {"adequacy": 3, "fluency": 3, "correction": fixed}),
    }
    for i, name in enumerate(("r1", "r2")):
        _annotator(client, name)
        with _sign_in(argilla, name, "a-long-password-1") as http:
            for record_id, pair in answers.items():
                _answer(http, by_external[record_id], pair[i])
    rows = fetch_reviews(argilla.url, argilla.api_key, str(dataset.id), "t2")
    first = store(catalog, "t2", rows, Rule(min_reviews=2))
    second = store(catalog, "t2", rows, Rule(min_reviews=2))
    assert first["new_records"] == second["new_records"] == 1
    with Catalog.open(catalog, read_only=True) as cat:
        alpha = {(q, label, level): (a, agr, units) for q, label, level, a, agr, units in cat.con.execute(
            "SELECT question, label, level, alpha, agreement, units FROM review_agreement WHERE dataset = 't2'"
        ).fetchall()}
        status = {r[0]: r[1:] for r in cat.con.execute(
            "SELECT record_id, status, ter, chrf, corrected_record_id FROM review_status WHERE dataset = 't2'"
        ).fetchall()}
        mt = cat.con.execute("SELECT prompt, response, pair_id FROM records WHERE record_id = ?", [ids[2]]).fetchone()
        new_id = status[ids[2]][3]
        new = cat.con.execute("SELECT source, parent_id, pair_id, prompt, response, kept FROM records "
                              "WHERE record_id = ?", [new_id]).fetchone()
        signals = dict(cat.con.execute("SELECT name, value FROM signals WHERE record_id = ? AND step = "
                                       "'expert_review'", [new_id]).fetchall())
        per_review = cat.con.execute("SELECT reviewer, ter FROM reviews WHERE dataset = 't2' AND record_id = ? "
                                     "ORDER BY reviewer", [ids[2]]).fetchall()
        copies = cat.con.execute("SELECT count(*) FROM records WHERE parent_id = ?", [ids[2]]).fetchone()[0]
    # Hand-computed: adequacy pairs (5,5) (2,3) (3,3) -> 1 - (2/6) / 3 = 8/9 (interval).
    assert round(alpha["adequacy", None, "interval"][0], 4) == round(8 / 9, 4)
    assert alpha["adequacy", None, "interval"][2] == 3
    assert alpha["fluency", None, "interval"][0] == 1.0
    assert alpha["errors", "omission", "nominal"][:2] == (1.0, 1.0)
    assert alpha["errors", "terminology", "nominal"][0] == 0.0
    assert round(alpha["errors", "terminology", "nominal"][1], 3) == round(2 / 3, 3)
    # The correction: a new record version, kept, selectable, with its post-edit distance.
    assert status[ids[0]][0] == "accepted" and status[ids[1]][0] == "rejected" and status[ids[2]][0] == "corrected"
    assert new == ("corrected:translated:med", ids[2], mt[2], "سؤال مصحح", "جواب مصحح", True)
    assert status[new_id][0] == "correction" and copies == 1
    expected_ter = TER().sentence_score(f"{mt[0]}\n{mt[1]}", ["سؤال مصحح\nجواب مصحح"]).score
    assert status[ids[2]][1] == signals["ter"] == expected_ter > 0 and 0 <= status[ids[2]][2] < 100
    assert per_review == [("r1", None), ("r2", expected_ter)]
    # Verdicts are policy: rejected and corrected translations out, the correction and accepted ones in.
    from jisr.catalog.verdicts import policy_predicate

    with Catalog.open(catalog, read_only=True) as cat:
        verdicts = {r[0]: r[1:] for r in cat.con.execute(
            "SELECT record_id, verdict, decided_by, reviewers, correction_id FROM translation_verdicts").fetchall()}
        admitted = {r for (r,) in cat.con.execute(
            f"SELECT record_id FROM records r WHERE {policy_predicate('gate')}").fetchall()}
    assert verdicts[ids[0]] == ("accepted", "expert", ["r1", "r2"], None)
    assert verdicts[ids[1]][:2] == ("rejected", "expert") and verdicts[ids[2]] == ("corrected", "expert",
                                                                                 ["r1", "r2"], new_id)
    assert verdicts[new_id][:2] == ("correction", "expert")
    assert {ids[0], new_id} <= admitted and not {ids[1], ids[2]} & admitted

    found = review_stats(catalog, "t2")
    acceptance = dict(zip(found["acceptance"][0], found["acceptance"][1][0]))
    assert acceptance["decided"] == 3 and acceptance["accepted"] == 1 and acceptance["acceptance_pct"] == 33.3
    # Wilson 95% interval of 1 in 3: [6.1%, 79.2%] (hand-computed).
    assert (acceptance["ci95_low"], acceptance["ci95_high"]) == (6.1, 79.2)
    errors = {(r[0], r[2]): r[3] for r in found["errors"][1]}
    assert errors == {("cardiology", "omission"): 2, ("cardiology", "terminology"): 1}
    assert ("t2", "adequacy", "", "interval", 0.889, 0.667, 3) in found["agreement"][1]
    result = _cli(argilla, "stats", "--dataset", "t2")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "error types by specialty" in text and "terminology" in text and "0.889" in text and "33.3" in text


def test_browser_review_reaches_the_catalog(argilla, pushed, tmp_path):
    """An annotator signs in to Argilla's web UI in headless Chromium, rates a record and submits; pull lands it."""
    import shutil

    Browser = need_chromium()
    _, _, catalog, ids, _ = pushed
    password = add_reviewer(argilla, "nurse")
    pushed_ui = _cli(argilla, "push", "--dataset", "ui", "--per-stratum", "1", "--include-dropped",
                     "--url", argilla.url)
    assert pushed_ui.exit_code == 0, pushed_ui.output
    dataset_id = str(rg.Argilla(api_url=argilla.url, api_key=argilla.api_key).datasets(name="ui",
                                                                                       workspace="review").id)

    with Browser(tmp_path / "chromium-profile") as page:
        sign_in_ui(page, argilla, "nurse", password)
        page.wait("document.body.innerText.includes('ui')", "the home page to list the dataset")
        page.goto(f"{argilla.url}/dataset/{dataset_id}/annotation-mode")
        page.wait("!!document.querySelector('label[for=adequacy_4]')", "the annotation form")
        english = page.wait("document.body.innerText.match(/case (\\d+)\\?/)?.[1]", "the record's English source")
        page.click("label[for=adequacy_4]")
        page.click("label[for=fluency_5]")
        page.wait("document.querySelector('#adequacy_4').checked && document.querySelector('#fluency_5').checked",
                  "the ratings to be selected")
        settle(page)
        shot = page.screenshot(tmp_path / "review.png")
        page.click("button.button--submit")
        with _http(argilla) as owner:  # the UI posts the response: wait until the server has it
            page._until(lambda: owner.get(f"/api/v1/datasets/{dataset_id}/progress").json()["completed"] == 1,
                        "the submitted response to reach the server")
    artifacts = Path(__file__).parent / "artifacts"
    artifacts.mkdir(exist_ok=True)
    shutil.copy(shot, artifacts / "review.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    pulled = _cli(argilla, "pull", "--dataset", "ui", "--url", argilla.url)
    assert pulled.exit_code == 0, pulled.output
    with Catalog.open(catalog, read_only=True) as cat:
        rows = cat.con.execute("SELECT record_id, status, adequacy, fluency FROM reviews "
                               "WHERE dataset = 'ui' AND reviewer = 'nurse'").fetchall()
        verdict = cat.con.execute("SELECT status FROM review_status WHERE dataset = 'ui'").fetchall()
    assert re.fullmatch(r"\d+", english)
    assert rows == [(ids[int(english)], "submitted", 4, 5)]
    assert verdict == [("accepted",)]


def _postgres_admin():
    """A connection to the PostgreSQL server of `JISR_TEST_POSTGRES` (autocommit), or a skip naming why."""
    psycopg2 = pytest.importorskip("psycopg2", reason="no PostgreSQL drivers: pip install "
                                   "'argilla-server[postgresql]==2.8.0' (psycopg2 and asyncpg)")
    pytest.importorskip("asyncpg", reason="no asyncpg: pip install 'argilla-server[postgresql]==2.8.0'")
    try:
        admin = psycopg2.connect(POSTGRES, connect_timeout=3)
    except psycopg2.OperationalError as exc:
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES.split('@')[-1]} (set JISR_TEST_POSTGRES): {exc}".strip())
    admin.autocommit = True
    return admin


def test_database_url_names_what_is_wrong(tmp_path):
    from jisr.annotation.hosting.embedded import database_url

    assert database_url(None, tmp_path).startswith("sqlite+aiosqlite:///")
    with pytest.raises(InputError, match="expected postgresql://"):
        database_url("mysql://root:secret@db/argilla", tmp_path)
    with pytest.raises(InputError) as wrong:
        database_url("mysql://root:secret@db/argilla", tmp_path)
    assert "secret" not in str(wrong.value)


def test_postgres_push_search_pull(tmp_path):
    """The embedded server on a fresh PostgreSQL database: push, search (pg_trgm), pull; the index rebuilt at start."""
    admin = _postgres_admin()
    name = f"jisr_review_test_{secrets.token_hex(4)}"
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    url = POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    try:
        home = tmp_path / "home"
        home.mkdir()
        catalog = home / CATALOG_FILE
        ids = _seed_catalog(catalog)
        port = free_port()
        with EmbeddedArgilla(home, port=port, database=url) as server:
            assert not (server.dir / "argilla.db").exists()
            client = rg.Argilla(api_url=server.url, api_key=server.api_key)
            push(client, catalog, "pg", "review", per_stratum=10, include_dropped=True)
            dataset = client.datasets(name="pg", workspace="review")
            did = str(dataset.id)
            with _http(server) as http:
                assert _search(http, did, {"query": {"text": {"q": "أكزيما", "field": "translation_ar"}}})["total"] == 2
                assert _search(http, did, {"query": {"text": {"q": "PEDIATRICS case"}}})["total"] == 1
                assert _search(http, did, {"query": {"text": {"q": "هو"}}})["total"] == len(CATEGORIES)
                pages = [_search(http, did, {"query": {}}, offset=o, limit=4)["items"] for o in (0, 4)]
                assert len({i["record"]["id"] for page in pages for i in page}) == len(CATEGORIES)
                terms = {"and": [{"type": "terms", "scope": {"entity": "metadata", "metadata_property": "category"},
                                  "values": ["cardiology"]}]}
                assert _search(http, did, {"query": {"text": {"q": "case"}}, "filters": terms})["total"] == 3
                record = {r.id: r for r in dataset.records}[ids[1]]._server_id
                _answer(http, record, {"adequacy": 5, "fluency": 5})
                pending = {"and": [{"type": "terms", "scope": {"entity": "response", "property": "status"},
                                    "values": ["pending"]}]}
                left = _search(http, did, {"query": {}, "filters": pending}, limit=10)
                assert left["total"] == len(CATEGORIES) - 1 and str(record) not in {i["record"]["id"] for i in left["items"]}
            stored = store(catalog, "pg", fetch_reviews(server.url, server.api_key, did, "pg"), Rule())
            assert stored["responses"] == 1
        with Catalog.open(catalog, read_only=True) as cat:
            assert cat.con.execute("SELECT record_id, status FROM review_status WHERE dataset = 'pg'").fetchall() == [
                (ids[1], "accepted")]
        import psycopg2

        with psycopg2.connect(url) as db, db.cursor() as cursor:  # lose the index: the next start rebuilds it
            cursor.execute("DELETE FROM jisr_search_records; DELETE FROM jisr_search_text; "
                           "DELETE FROM jisr_search_metadata")
        with EmbeddedArgilla(home, port=port, database=url) as server, _http(server) as http:
            assert _search(http, did, {"query": {"text": {"q": "أكزيما"}}})["total"] == 2
            qe = {"type": "range", "scope": {"entity": "metadata", "metadata_property": "qe_chrf"}, "ge": 51}
            assert _search(http, did, {"query": {}, "filters": {"and": terms["and"] + [qe]}})["total"] == 2
            assert _search(http, did, {"query": {"text": {"q": "case"}}, "filters": {"and": [qe]}})["total"] == 5
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()
