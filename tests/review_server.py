"""What the review test modules (tests/test_annotation*.py) share: a real embedded Argilla per module, a
small seeded catalog, the `jisr review` command, HTTP clients, and the web UI's sign-in in Chromium.

A module uses the server with `from review_server import argilla  # noqa: F401` (pytest finds the
fixture by name); each module gets its own server, so modules run side by side on free ports.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pyarrow as pa
import pytest
from click.testing import CliRunner

from jisr.annotation.hosting.embedded import EmbeddedArgilla
from jisr.catalog import lifecycle
from jisr.catalog.store import Catalog
from ports import free_port

CATEGORIES = ["cardiology", "cardiology", "cardiology", "dermatology", "dermatology", "pediatrics"]
ARABIC = {"cardiology": "ضغط الدم المرتفع", "dermatology": "الأكزيما الجلدية", "pediatrics": "حمى الأطفال"}


def seed_catalog(path: Path, texts: list[tuple[str, str, str, str]] | None = None) -> list[str]:
    """English originals and their Arabic translations (parent_id set), plus a QE signal per translation.

    `texts`: (English prompt, English response, Arabic prompt, Arabic response) per pair, one category
    each; by default six pairs over CATEGORIES. Returns the translations' record ids, in order.
    """
    if texts is None:
        texts = [(f"What about {c} case {i}?", f"Answer {i}", f"ما هو {ARABIC[c]} رقم {i}؟", f"الجواب {i}")
                 for i, c in enumerate(CATEGORIES)]
    records, signals = [], []
    for i, (en_prompt, en_response, ar_prompt, ar_response) in enumerate(texts):
        category = CATEGORIES[i] if len(texts) == len(CATEGORIES) else f"specialty {i}"
        parent, child = f"en{i:018d}", f"ar{i:018d}"
        records.append(dict(record_id=parent, source="med", language="en", kind="qa", category=category,
                            prompt=en_prompt, response=en_response, parent_id=None, created_run_id="r"))
        records.append(dict(record_id=child, source="translated:med", language="ar", kind="qa", category=category,
                            prompt=ar_prompt, response=ar_response, parent_id=parent, created_run_id="r"))
        signals.append(dict(run_id="r", record_id=child, step="translation_qe", name="chrf", value=50.0 + i))
    with Catalog.open(path) as catalog, catalog.transaction():
        catalog.append("records", pa.Table.from_pylist(records))
        catalog.append("signals", pa.Table.from_pylist(signals))
    return [r["record_id"] for r in records if r["language"] == "ar"]


def keep_all(path: Path, tokenizer: str = "llama3") -> None:
    """Make every record of a seeded catalog mix-eligible, as a build would: a succeeded run that keeps each
    one, and its token counts (a word count, standing in for the tokenizer's)."""
    with Catalog.open(path) as catalog, lifecycle.run(catalog, "build", {"seeded": True}) as run, run.landing():
        run_id = run.run_id
        rows = catalog.con.execute("SELECT record_id, prompt, response FROM store.records").fetchall()
        catalog.append("decisions", pa.Table.from_pylist(
            [dict(run_id=run_id, record_id=rid, seq=0, step="ingest", kept=True) for rid, _, _ in rows]))
        catalog.append("token_counts", pa.Table.from_pylist(
            [dict(record_id=rid, tokenizer=tokenizer, exact=False, prompt_tokens=len(p.split()),
                  response_tokens=len(r.split()), total_tokens=len(p.split()) + len(r.split()), run_id=run_id)
             for rid, p, r in rows]))


def _chat(i: int) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    english = [{"role": "system", "content": "Be careful."}, {"role": "user", "content": f"Chest pain {i}?"},
               {"role": "assistant", "content": "See a doctor."}, {"role": "user", "content": "When?"},
               {"role": "assistant", "content": "Today."}]
    arabic = [{"role": "system", "content": "كن حذرا."}, {"role": "user", "content": f"ألم في الصدر {i}؟"},
              {"role": "assistant", "content": "راجع طبيبا."}, {"role": "user", "content": "متى؟"},
              {"role": "assistant", "content": "غدا."}]
    return english, arabic


def seed_chats(path: Path, chats: list[tuple[list[dict], list[dict]]] | None = None) -> list[str]:
    """English chats and their Arabic translations, (English messages, Arabic messages) per pair; by
    default two of five turns (system, user, assistant, user, assistant). The translations' ids."""
    records = []
    for i, (english, arabic) in enumerate(chats or [_chat(0), _chat(1)]):
        for rid, language, source, messages, parent in ((f"ce{i:018d}", "en", "chat", english, None),
                                                        (f"ca{i:018d}", "ar", "translated:chat", arabic, f"ce{i:018d}")):
            prompt = "\n\n".join(m["content"] for m in messages if m["role"] != "assistant")
            response = "\n\n".join(m["content"] for m in messages if m["role"] == "assistant")
            records.append(dict(record_id=rid, source=source, language=language, kind="chat", category="cardiology",
                                prompt=prompt, response=response, messages=json.dumps(messages, ensure_ascii=False),
                                parent_id=parent, pair_id=parent, created_run_id="r"))
    with Catalog.open(path) as catalog, catalog.transaction():
        catalog.append("records", pa.Table.from_pylist(records))
    return [r["record_id"] for r in records if r["language"] == "ar"]


@pytest.fixture(scope="module")
def argilla(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    with EmbeddedArgilla(home, port=free_port()) as server:
        yield server
    assert not server.children


def api_client(server, api_key=None) -> httpx.Client:
    """An HTTP client signed in with an API key (the owner's by default)."""
    return httpx.Client(base_url=server.url, headers={"X-Argilla-Api-Key": api_key or server.api_key}, timeout=30)


def user_client(server, name: str, password: str) -> httpx.Client:
    """An HTTP client signed in as a user, with the bearer token the web UI gets."""
    with httpx.Client(base_url=server.url, timeout=30) as anon:
        token = anon.post("/api/v1/token", data={"username": name, "password": password})
    assert token.status_code == 201, token.text
    return httpx.Client(base_url=server.url, timeout=30,
                        headers={"Authorization": f"Bearer {token.json()['access_token']}"})


def cli(server, *args):
    """`jisr --home <the server's home> review ARGS...`, in process."""
    from jisr.commands.review import review
    from jisr.cli import main

    if "review" not in main.commands:
        main.add_command(review)
    return CliRunner().invoke(main, ["--home", str(server.dir.parent), "review", *args])


def add_reviewer(server, name: str) -> str:
    """`jisr review users add NAME` in the `review` workspace; the password it printed once."""
    added = cli(server, "users", "add", name, "--workspace", "review", "--url", server.url)
    assert added.exit_code == 0, added.output
    return added.output.split(f"Password for {name}: ")[1].split()[0]


def need_chromium():
    """tests/browser.py's Browser class, or a skip naming what is missing."""
    pytest.importorskip("websockets.sync.client", reason="no websocket client: pip install websockets")
    from browser import CHROMIUM, Browser

    if CHROMIUM is None:
        pytest.skip("no Chromium on PATH (Debian: apt-get install chromium; or set JISR_CHROMIUM)")
    return Browser


def sign_in_ui(page, server, name: str, password: str) -> None:
    """Sign in on Argilla's sign-in page as a reviewer would, and wait for the home page."""
    page.goto(f"{server.url}/sign-in")
    page.type("input[name=Username]", name)
    page.type("input[name=Password]", password)
    page.click("form button[type=submit]")
    page.wait("!location.pathname.startsWith('/sign-in')", "the sign-in to finish")


def settle(page, ms: int = 500) -> None:
    """Let the UI finish what it started (requests, a repaint) before the page is read or photographed."""
    page.eval(f"new Promise(done => setTimeout(() => requestAnimationFrame(done), {json.dumps(ms)}))")
