"""Benchmark: requests/s and output tokens/s of jisr's generation layer, per backend, on the same prompts.

The same N medical translation prompts (the bundled `translate-en-ar` template around short English
texts) go through each backend with jisr's own classes (`make_backend`, `BackendSpec`, `Sampling`) and
`run_calls`, the cached path `jisr translate` takes. Every backend gets a fresh catalog, so no answer
comes from the cache and every request really runs (and is written to the catalog, as in a real job).

- transformers: the model in this process (CPU, or CUDA when torch sees a GPU);
- http: a `transformers serve` process this script starts on 127.0.0.1 and a free port, and always stops;
- vllm: the offline engine, only when a CUDA GPU and vllm are both present (else it says why it is skipped).

Loading a model and the server's first answer are not timed: each backend answers one warm-up
conversation before the clock starts. Without `--model`, the model is a tiny random Llama built by
tests/tiny_models.py, so the figures show the layer's overhead, not a model's speed; a random model
rarely stops early, so nearly every call writes `--max-new-tokens` tokens.

Run: `python benchmarks/generation.py [--prompts 64] [--max-new-tokens 32] [--concurrency N] [--model DIR]
[--backends transformers,http,vllm]`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jisr.catalog import Catalog, lifecycle
from jisr.corpus.generation.backends import Backend, BackendSpec, Sampling, make_backend
from jisr.corpus.generation.runner import run_calls
from jisr.corpus.generation.templates import PromptTemplate, load_template

ROOT = Path(__file__).resolve().parent.parent
CHAT_TEMPLATE = "{% for m in messages %}<s>{{ m['role'] }}\n{{ m['content'] }}</s>\n{% endfor %}" \
                "{% if add_generation_prompt %}<s>assistant\n{% endif %}"
SERVER_START_S = 120.0

DRUGS = [("metformin", "500 mg", "twice daily with meals"), ("amoxicillin", "250 mg", "every 8 hours"),
         ("ibuprofen", "400 mg", "every 6 hours after food"), ("paracetamol", "15 mg/kg", "every 6 hours"),
         ("lisinopril", "10 mg", "once daily"), ("atorvastatin", "20 mg", "at night"),
         ("omeprazole", "20 mg", "before breakfast"), ("salbutamol", "100 mcg", "two puffs when needed")]
FORMS = ["Take {dose} of {drug} {when}.",
         "What is the usual dose of {drug} for an adult?",
         "Can I take {drug} if I am pregnant?",
         "My doctor prescribed {drug} {dose} {when}. What side effects should I watch for?",
         "Do not stop {drug} without talking to your doctor; check your blood pressure every 3 months.",
         "Is it safe to give {drug} to a child of 6 years with a fever of 38.5 °C?",
         "Store {drug} below 25 °C and keep it away from children.",
         "Check HbA1c, ALT and creatinine before starting {drug} {dose}."]


def medical_texts(n: int) -> list[str]:
    """`n` distinct short medical texts (distinct, so the runner's dedup does not shrink the batch)."""
    base = [form.format(drug=drug, dose=dose, when=when) for form in FORMS for drug, dose, when in DRUGS]
    return [base[i % len(base)] + ("" if i < len(base) else f" (case {i // len(base) + 1})") for i in range(n)]


def build_model(folder: Path, template: PromptTemplate, texts: list[str]) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_models import tiny_llama

    return tiny_llama(folder, [template.system, template.user, *texts] * 3, vocab_size=600, max_positions=2048,
                      chat_template=CHAT_TEMPLATE)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(backend: Backend, template: PromptTemplate, conversations: list, sampling: Sampling,
            folder: Path) -> dict:
    """One warm-up call, then every conversation through run_calls into a fresh catalog."""
    for _ in backend.generate(conversations[:1], Sampling(max_new_tokens=4, seed=sampling.seed + 1)):
        pass
    with Catalog.open(folder / f"{backend.name}.duckdb") as catalog, \
            lifecycle.run(catalog, "benchmark", {"backend": backend.name}) as run:
        began = time.perf_counter()
        results = run_calls(catalog, backend, run.run_id, "translate", template, sampling, conversations)
        seconds = time.perf_counter() - began
        run.summary.update(results.counts())
    counts = results.counts()
    assert counts["from_catalog"] == 0 and counts["generated"] == len(conversations), counts
    tokens = sum(a["completion_tokens"] or 0 for a in results.answers.values())
    finishes = sorted({a["finish_reason"] for a in results.answers.values()})
    return {"device": backend.device, "requests": counts["generated"], "failed": counts["failed"], "seconds": seconds,
            "requests_s": counts["generated"] / seconds, "tokens": tokens, "tokens_s": tokens / seconds,
            "finish": ",".join(finishes)}


def run_transformers(model: str, concurrency: int | None, *args) -> dict:
    backend = make_backend(BackendSpec("transformers", model, concurrency))
    try:
        return measure(backend, *args)
    finally:
        backend.close()


def run_http(model: str, concurrency: int | None, template, conversations, sampling, folder: Path) -> dict:
    port = free_port()
    log = folder / "serve.log"
    command = [str(Path(sys.executable).parent / "transformers"), "serve", model, "--host", "127.0.0.1",
               "--port", str(port), "--device", "cpu"]
    with open(log, "w") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"transformers serve exited ({server.returncode}):\n{log.read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"transformers serve did not listen within {SERVER_START_S:.0f} s")
                time.sleep(0.2)
        backend = make_backend(BackendSpec("http", model, concurrency, base_url=f"http://127.0.0.1:{port}/v1"))
        try:
            return measure(backend, template, conversations, sampling, folder)
        finally:
            backend.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def vllm_skip_reason() -> str | None:
    import torch

    if not torch.cuda.is_available():
        return "no CUDA GPU visible to torch"
    if importlib.util.find_spec("vllm") is None:
        return "vllm is not installed in this environment (it needs its own; see docs/generation.md)"
    return None


def run_vllm(model: str, concurrency: int | None, *args) -> dict:
    backend = make_backend(BackendSpec("vllm", model, concurrency))
    try:
        return measure(backend, *args)
    finally:
        backend.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=64, help="How many prompts (default 64).")
    parser.add_argument("--max-new-tokens", type=int, default=32)
    parser.add_argument("--concurrency", type=int, default=None,
                        help="Batch size / requests in flight / vLLM chunk (default: each backend's own).")
    parser.add_argument("--model", type=Path, default=None,
                        help="A model folder (with a chat template); default: build a tiny random Llama.")
    parser.add_argument("--backends", default="transformers,http,vllm")
    parser.add_argument("--json", type=Path, default=None, help="Also write each backend's figures to this file.")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="jisr-bench-gen-"))
    try:
        template = load_template("translate-en-ar")
        texts = medical_texts(args.prompts)
        model = str(args.model or build_model(folder / "model", template, texts))
        conversations = [template.render(t) for t in texts]
        sampling = Sampling(max_new_tokens=args.max_new_tokens)
        print(f"model: {'tiny random Llama (tests/tiny_models.py)' if args.model is None else model}; "
              f"{len(conversations)} prompts, max_new_tokens {args.max_new_tokens}, greedy; "
              f"concurrency {args.concurrency or 'backend default'}")
        runners = {"transformers": run_transformers, "http": run_http, "vllm": run_vllm}
        figures: dict[str, dict] = {}
        for name in args.backends.split(","):
            if name == "vllm" and (reason := vllm_skip_reason()):
                print(f"vllm: skipped ({reason})")
                continue
            figures[name] = runners[name](model, args.concurrency, template, conversations, sampling, folder)
            f = figures[name]
            print(f"{name}: {f['requests']} requests ({f['failed']} failed) in {f['seconds']:.2f} s: "
                  f"{f['requests_s']:.2f} requests/s, {f['tokens']} output tokens, {f['tokens_s']:.1f} tokens/s "
                  f"(finish: {f['finish']})", flush=True)
        print("\n| backend | requests | seconds | requests/s | output tokens | output tokens/s |")
        print("|---|---|---|---|---|---|")
        for name, f in figures.items():
            print(f"| {name} | {f['requests']} | {f['seconds']:.2f} | {f['requests_s']:.2f} | {f['tokens']} | "
                  f"{f['tokens_s']:.1f} |")
        if "vllm" in figures and "transformers" in figures:
            v, t = figures["vllm"], figures["transformers"]
            print(f"\nvLLM / transformers: {v['requests_s'] / t['requests_s']:.2f}x requests/s, "
                  f"{v['tokens_s'] / t['tokens_s']:.2f}x output tokens/s")
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main()
