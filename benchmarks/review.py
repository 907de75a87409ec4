"""Benchmark: `jisr review push` of 10k translation pairs and the web UI's search latency.

Starts the embedded Argilla (server, worker, Redis; state in a temporary home, always stopped at the
end), then for each size N: writes a catalog of N synthetic pairs through `Catalog.append` (English
originals and Arabic `translated:*` records with parent_id / pair_id, a `translation_qe` chrF signal
each), times `push` of all N pairs into a dataset of its own, and measures search latency over the
HTTP API the way the UI asks (`POST /api/v1/me/datasets/{id}/records/search`, as a signed-in
annotator, responses and suggestions included): an Arabic text query, an English text query, a
metadata filter (category terms + QE range), the per-user "pending" queue (after the annotator has
answered some records), and pagination at random offsets. Prints p50/p95 per kind and the ratio to
each target (push of 10k <= 60 s, p95 <= 200 ms), with the server process's CPU time per query (and
for the push), a figure that other jobs on a shared machine inflate far less than wall-clock time.

With `--push-max P`, a size above P pushes its first P pairs through `push` (timed) and writes the
rest straight into Argilla's SQLite `records` table (server stopped); the server is then started
again and the search engine's own start-up pass (`search_index.prepare`, the same code its
`index_records` hook runs) indexes them, timed as "index". Searches therefore run against records
the engine really indexed, without ~10 minutes of SDK upserts per 100k.

Run (in the annotation venv): `.venv-review/bin/python benchmarks/review.py [--sizes 10000,100000]
[--queries 50] [--answered 100] [--push-max 10000]`.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import socket
import statistics
import tempfile
import time
from pathlib import Path

import httpx
import pyarrow as pa

import argilla as rg

from jisr.annotation.hosting import embedded
from jisr.annotation.hosting.embedded import EmbeddedArgilla
from jisr.annotation.push import push, sample_pairs, to_argilla_record
from jisr.catalog.store import CATALOG_FILE, Catalog

PUSH_TARGET_S = 60.0
PUSH_TARGET_RECORDS = 10_000
P95_TARGET_MS = 200.0
WORKSPACE = "review"
PASSWORD = "bench-password-123"

CATEGORIES = ["cardiology", "dermatology", "pediatrics", "oncology", "neurology", "endocrinology",
              "gastroenterology", "psychiatry"]
SOURCES = ["medqa", "ahqad", "healthsearch"]
EN_WORDS = ("patient blood pressure hypertension diabetes insulin dose fever rash eczema tumor chemotherapy "
            "seizure migraine thyroid stomach ulcer anxiety depression heart attack chest pain infection "
            "antibiotic vaccine child allergy asthma kidney liver symptom treatment diagnosis chronic acute "
            "daily tablet injection therapy surgery recovery doctor hospital").split()
AR_WORDS = ("المريض ضغط الدم المرتفع السكري الأنسولين جرعة الحمى الطفح الأكزيما الورم العلاج الكيميائي "
            "النوبة الصداع النصفي الغدة الدرقية المعدة القرحة القلق الاكتئاب القلب ألم الصدر العدوى "
            "المضاد الحيوي اللقاح الطفل الحساسية الربو الكلى الكبد الأعراض التشخيص المزمن الحاد يومياً "
            "حبة حقنة الجراحة التعافي الطبيب المستشفى").split()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sentence(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n))


def make_catalog(path: Path, pairs: int, seed: int = 0) -> float:
    """`pairs` English originals and their Arabic translations (~60-word answers), written like the tests do."""
    rng = random.Random(seed)
    started = time.perf_counter()
    records, signals = [], []
    for i in range(pairs):
        parent, child = f"en{i:018d}", f"ar{i:018d}"
        category, source = CATEGORIES[i % len(CATEGORIES)], SOURCES[i % len(SOURCES)]
        records.append(dict(record_id=parent, source=source, language="en", kind="qa", category=category,
                            prompt=f"{sentence(rng, EN_WORDS, 12)} case {i}?",
                            response=sentence(rng, EN_WORDS, 60), parent_id=None, pair_id=parent,
                            created_run_id="bench"))
        records.append(dict(record_id=child, source=f"translated:{source}", language="ar", kind="qa",
                            category=category, prompt=f"{sentence(rng, AR_WORDS, 12)} رقم {i}؟",
                            response=sentence(rng, AR_WORDS, 60), parent_id=parent, pair_id=parent,
                            created_run_id="bench"))
        signals.append(dict(run_id="bench", record_id=child, step="translation_qe", name="chrf",
                            value=round(rng.uniform(20, 95), 2)))
    with Catalog.open(path) as catalog, catalog.transaction():
        catalog.append("records", pa.Table.from_pylist(records))
        catalog.append("signals", pa.Table.from_pylist(signals))
    return time.perf_counter() - started


def annotator(client: rg.Argilla, url: str, name: str) -> httpx.Client:
    user = rg.User(username=name, password=PASSWORD, role="annotator", client=client).create()
    client.workspaces(WORKSPACE).add_user(user)
    token = httpx.post(f"{url}/api/v1/token", data={"username": name, "password": PASSWORD}, timeout=30)
    token.raise_for_status()
    return httpx.Client(base_url=url, timeout=60, headers={"Authorization": f"Bearer {token.json()['access_token']}"})


def terms(scope: dict, values: list) -> dict:
    return {"type": "terms", "scope": scope, "values": values}


def query_bodies(rng: random.Random, n: int, kind: str, total: int) -> list[tuple[dict, dict]]:
    """(json body, url params) pairs as the UI sends them: pages of 10 in focus view, 50 when paging."""
    out = []
    for _ in range(n):
        params = {"include": ["responses", "suggestions"], "offset": 0, "limit": 10}
        if kind == "text_ar":
            body = {"query": {"text": {"q": rng.choice(AR_WORDS)}}}
        elif kind == "text_en":
            body = {"query": {"text": {"q": rng.choice(EN_WORDS)}}}
        elif kind == "metadata":
            body = {"query": {}, "filters": {"and": [
                terms({"entity": "metadata", "metadata_property": "category"}, [rng.choice(CATEGORIES)]),
                {"type": "range", "scope": {"entity": "metadata", "metadata_property": "qe_chrf"},
                 "ge": rng.choice([40, 60, 80])}]}}
        elif kind == "pending":
            body = {"query": {}, "filters": {"and": [terms({"entity": "response", "property": "status"}, ["pending"])]}}
        elif kind == "pagination":
            body = {"query": {}}
            params.update(offset=rng.randrange(0, max(1, total - 50)), limit=50)
        else:
            raise ValueError(kind)
        out.append((body, params))
    return out


KINDS = ["text_ar", "text_en", "metadata", "pending", "pagination"]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), which other jobs' load does not inflate."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pid(server: EmbeddedArgilla) -> int:
    return next(c.pid for c in server.children if "jisr.annotation.hosting.server" in c.args)


def measure_search(http: httpx.Client, dataset_id: str, total: int, queries: int, seed: int,
                   pid: int) -> dict[str, dict]:
    rng = random.Random(seed)
    path = f"/api/v1/me/datasets/{dataset_id}/records/search"
    results = {}
    for kind in KINDS:
        bodies = query_bodies(rng, queries, kind, total)
        http.post(path, json=bodies[0][0], params=bodies[0][1]).raise_for_status()  # warm-up, not timed
        times, hits = [], []
        cpu = cpu_seconds(pid)
        for body, params in bodies:
            started = time.perf_counter()
            response = http.post(path, json=body, params=params)
            times.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            hits.append(response.json()["total"])
        cpu_ms = (cpu_seconds(pid) - cpu) * 1000 / len(bodies)
        times.sort()
        results[kind] = {"p50": statistics.median(times), "p95": times[max(0, round(0.95 * len(times)) - 1)],
                         "max": times[-1], "hits": statistics.median(hits), "cpu": cpu_ms}
    return results


def answer_some(http: httpx.Client, dataset_id: str, count: int) -> None:
    """The annotator submits `count` records, so "pending" has answered records to leave out."""
    path = f"/api/v1/me/datasets/{dataset_id}/records/search"
    pending = {"query": {}, "filters": {"and": [terms({"entity": "response", "property": "status"}, ["pending"])]}}
    items = http.post(path, json=pending, params={"limit": count}).json()["items"]
    for item in items:
        r = http.post(f"/api/v1/records/{item['record']['id']}/responses",
                      json={"values": {"adequacy": {"value": 4}, "fluency": {"value": 5}}, "status": "submitted"})
        r.raise_for_status()


def seed_records(db_path: Path, dataset_id: str, pairs: list[dict], qe_names: list[str]) -> None:
    """Write pairs as Argilla records straight into the server's SQLite tables (the server must be stopped)."""
    from uuid import UUID, uuid4

    from argilla_server.models import Record
    from sqlalchemy import create_engine, insert

    now = datetime.datetime.utcnow()
    engine = create_engine(f"sqlite:///{db_path}")
    with engine.begin() as connection:
        for start in range(0, len(pairs), 5000):
            records = [to_argilla_record(pair, qe_names) for pair in pairs[start:start + 5000]]
            connection.execute(insert(Record.__table__), [
                {"id": uuid4(), "dataset_id": UUID(dataset_id), "external_id": str(r.id), "fields": r.fields,
                 "metadata": r.metadata.to_dict(), "status": "pending", "inserted_at": now, "updated_at": now}
                for r in records])
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated numbers of pairs")
    parser.add_argument("--queries", type=int, default=50, help="timed queries per kind")
    parser.add_argument("--answered", type=int, default=100, help="records the annotator submits before timing")
    parser.add_argument("--push-max", type=int, default=None,
                        help="push at most this many pairs per size; seed the rest in SQL (see the docstring)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    embedded.START_TIMEOUT_S = 3600  # a restart indexes the seeded records before it answers
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)

    rows = []
    with tempfile.TemporaryDirectory(prefix="jisr-review-bench-") as tmp:
        home = Path(tmp)
        port = free_port()
        started = time.perf_counter()
        server = EmbeddedArgilla(home, port=port).__enter__()
        try:
            print(f"embedded Argilla up at {server.url} in {time.perf_counter() - started:.1f} s", flush=True)
            client = rg.Argilla(api_url=server.url, api_key=server.api_key)
            for n in sizes:
                pushed = min(n, args.push_max or n)
                catalog = home / f"catalog-{n}" / CATALOG_FILE
                catalog.parent.mkdir()
                written = make_catalog(catalog, pushed)
                print(f"[{n}] catalog: {2 * pushed:,} records written in {written:.1f} s", flush=True)
                started, cpu = time.perf_counter(), cpu_seconds(server_pid(server))
                result = push(client, catalog, f"bench-{n}", WORKSPACE, per_stratum=n, include_dropped=True)
                push_s = time.perf_counter() - started
                push_cpu = cpu_seconds(server_pid(server)) - cpu
                assert result["records"] == pushed, result
                print(f"[{n}] push: {pushed:,} records in {push_s:.1f} s ({pushed / push_s:,.0f} records/s; "
                      f"server CPU {push_cpu:.1f} s)", flush=True)
                dataset_id = str(client.datasets(name=f"bench-{n}", workspace=WORKSPACE).id)
                index_s = None
                if pushed < n:  # the same generator: its first `pushed` pairs are the ones pushed
                    full = home / f"catalog-{n}-full" / CATALOG_FILE
                    full.parent.mkdir()
                    make_catalog(full, n)
                    rest = sample_pairs(full, per_stratum=n, include_dropped=True)
                    done = {f"ar{i:018d}" for i in range(pushed)}
                    server.__exit__(None, None, None)
                    seed_records(server.dir / "argilla.db", dataset_id, [p for p in rest if p["record_id"] not in done],
                                 ["chrf"])
                    started = time.perf_counter()
                    server = EmbeddedArgilla(home, port=port).__enter__()
                    index_s = time.perf_counter() - started
                    client = rg.Argilla(api_url=server.url, api_key=server.api_key)
                    print(f"[{n}] seeded {n - pushed:,} records in SQL; server restart with indexing: {index_s:.1f} s",
                          flush=True)
                with annotator(client, server.url, f"bench{n}") as http:
                    answer_some(http, dataset_id, args.answered)
                    search = measure_search(http, dataset_id, n, args.queries, seed=n, pid=server_pid(server))
                for kind, s in search.items():
                    print(f"[{n}] {kind:<10} p50 {s['p50']:7.1f} ms  p95 {s['p95']:7.1f} ms  "
                          f"max {s['max']:7.1f} ms  server CPU {s['cpu']:6.1f} ms/query  hits(median) {s['hits']:,.0f}",
                          flush=True)
                rows.append((n, pushed, push_s, index_s, search))
        finally:
            server.__exit__(None, None, None)
        assert not server.children

    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"\n| records | pushed | push (s) | push / target | indexed at start (s) | query | p50 (ms) | p95 (ms) "
          f"| p95 / {P95_TARGET_MS:.0f} ms | server CPU (ms/query) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n, pushed, push_s, index_s, search in rows:
        push_ratio = (push_s / (pushed / PUSH_TARGET_RECORDS)) / PUSH_TARGET_S  # scaled to 10k records
        for i, (kind, s) in enumerate(search.items()):
            head = (f"{n:,} | {pushed:,} | {push_s:.1f} | {push_ratio:.2f}x"
                    + ("" if pushed == PUSH_TARGET_RECORDS else " (per 10k)")
                    + f" | {'' if index_s is None else f'{index_s:.1f}'}" if i == 0 else " | | | | ")
            print(f"| {head} | {kind} | {s['p50']:.1f} | {s['p95']:.1f} | {s['p95'] / P95_TARGET_MS:.2f}x "
                  f"| {s['cpu']:.1f} |")


if __name__ == "__main__":
    main()
