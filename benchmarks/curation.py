"""Benchmark: the whole `jisr build` on a synthetic bilingual medical QA corpus with planted duplicates.

Generates N records (default 1,000,000; ~200 Llama-3 tokens each, half Arabic, half English) as JSONL,
with 2% exact copies and 3% near duplicates (1-4 words changed, half of them in short 40-100-word
records), runs language ID, quality, PII, exact and near dedup and one tokenizer's counts, and prints
end-to-end tokens/s, per-stage seconds, peak RSS of the whole process tree (sampled with psutil), and near-duplicate recall
and precision against the planted pairs.

Run: `python benchmarks/curation.py [--records 1000000] [--tokenizers llama3]`.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import shutil
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import psutil
import yaml

from jisr.build import run_build
from jisr.catalog import Catalog
from jisr.config import load_config

AR = ("المريض يعاني من ألم في الصدر وضيق في التنفس منذ ثلاثة أيام مع حمى خفيفة وسعال جاف "
      "ينصح بإجراء فحص الدم وصورة الأشعة وتناول السوائل والراحة ومراجعة الطبيب عند ازدياد الأعراض "
      "ارتفاع ضغط الدم والسكري من الأمراض المزمنة التي تحتاج إلى متابعة دورية وتعديل نمط الحياة "
      "الطفل عمره سنتان ولديه إسهال وقيء والعلاج يبدأ بمحلول الإرواء الفموي ومراقبة علامات الجفاف "
      "الصداع النصفي يتحسن بالنوم المنتظم وتجنب المحفزات وقد يحتاج المريض إلى أدوية وقائية").split()
EN = ("the patient reports chest pain and shortness of breath for three days with mild fever and dry cough "
      "we recommend a blood test a chest x ray fluids rest and a review if the symptoms get worse "
      "high blood pressure and diabetes are chronic diseases that need regular follow up and lifestyle change "
      "the child is two years old with diarrhoea and vomiting so start oral rehydration and watch for dehydration "
      "migraine improves with regular sleep avoiding triggers and sometimes preventive medicines").split()


def make_corpus(path: Path, records: int, seed: int = 2501) -> tuple[int, set[tuple[int, int]]]:
    """Write the corpus; returns (lines written, planted near-duplicate (original, copy) line pairs)."""
    rng = random.Random(seed)
    planted: set[tuple[int, int]] = set()
    written: list[tuple[str, str, str]] = []
    with open(path, "w", encoding="utf-8") as out:
        for i in range(records):
            roll = rng.random()
            if written and roll < 0.02:
                line = rng.choice(written)  # exact copy
            elif len(written) > 10 and roll < 0.05:
                j = rng.randrange(len(written))
                lang, prompt, response = written[j]
                words = response.split()
                bank = AR if lang == "ar" else EN
                for _ in range(rng.randint(1, 4)):
                    words[rng.randrange(len(words))] = rng.choice(bank)
                line = (lang, prompt, " ".join(words))
                planted.add((j, i))
            else:
                lang = "ar" if rng.random() < 0.5 else "en"
                bank = AR if lang == "ar" else EN
                length = rng.randint(40, 100) if rng.random() < 0.5 else rng.randint(100, 220)
                prompt = " ".join(rng.choice(bank) for _ in range(rng.randint(8, 20))) + ("؟" if lang == "ar" else "?")
                line = (lang, prompt, " ".join(rng.choice(bank) for _ in range(length)) + ".")
            written.append(line)
            out.write(json.dumps({"language": line[0], "prompt": line[1], "response": line[2]}, ensure_ascii=False) + "\n")
    return len(written), planted


class TreeMemory:
    """Peak resident memory of this process and all its descendants together (datatrove's workers,
    its queue manager), sampled every `interval` seconds. `ru_maxrss` only knows one process at a time.
    The tree is looked up again every `rescan` seconds only: finding children reads every process's
    /proc entry, which on two cores took ~3% of the build's CPU when done at every sample."""

    def __init__(self, interval: float = 0.2, rescan: float = 1.0):
        self.peak = 0
        self.interval = interval
        self.rescan = rescan
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        me = psutil.Process()
        tree, scanned = [me], 0.0
        while True:
            if time.monotonic() - scanned >= self.rescan:
                tree, scanned = [me, *me.children(recursive=True)], time.monotonic()
            total = 0
            for process in tree:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(self.interval)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--tokenizers", default="llama3")
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="jisr-curation-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        # In a process of its own: the corpus' Python strings stay in this process's RSS after they are freed
        # (1.2 GB at 1M records), which the build's peak would count, while a user's `jisr build` starts clean.
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            lines, planted = pool.submit(make_corpus, folder / "corpus.jsonl", args.records).result()
        print(f"corpus: {lines:,} records ({(folder / 'corpus.jsonl').stat().st_size / 1e6:,.0f} MB) "
              f"in {time.perf_counter() - started:.0f} s; {len(planted):,} planted near duplicates")
        (folder / "build.yaml").write_text(yaml.safe_dump({
            "name": "benchmark", "tokenizers": args.tokenizers.split(","),
            "curation": ["language_id", "quality", "pii", "exact_dedup", "near_dedup"],
            "sources": [{"name": "synthetic", "adapter": "jisr", "path": "corpus.jsonl"}]}), encoding="utf-8")
        memory = TreeMemory()
        started = time.perf_counter()
        result = run_build(load_config(folder / "build.yaml"), folder / "home" / "catalog.ducklake")
        seconds = time.perf_counter() - started
        with Catalog.open(folder / "home" / "catalog.ducklake", read_only=True) as cat:
            tokens = cat.con.execute("SELECT sum(total_tokens) FROM token_counts WHERE tokenizer = ?",
                                     [args.tokenizers.split(",")[0]]).fetchone()[0]
            rows = cat.con.execute("""SELECT p."row", d.kept, d.reason FROM provenance p JOIN decisions d
                                      USING (run_id, record_id) WHERE d.step = 'near_dedup'""").fetchall()
        flagged = {row - 1 for row, kept, _ in rows if not kept}
        copies = {copy for _, copy in planted}
        reached = {row - 1 for row, _, _ in rows}
        recall = len(flagged & copies & reached) / max(1, len(copies & reached))
        precision = len(flagged & copies) / max(1, len(flagged))
        print(f"build: {seconds:,.1f} s end to end, {tokens / 1e6:,.1f}M tokens -> {tokens / seconds / 1e6:.2f}M tokens/s")
        print("stages (s): " + ", ".join(f"{k} {v:,.1f}" for k, v in result.seconds.items()))
        print(f"near duplicates: recall {recall:.1%} of planted copies that reached the step, precision {precision:.1%} "
              f"({len(flagged):,} flagged)")
        print(f"peak RSS: {memory.peak / 1e6:,.0f} MB (the whole process tree, sampled every {memory.interval} s)")
        for row in result.accounting:
            print(f"accounting {row['source']}: read {row['read']:,} = kept {row['kept']:,} + dropped {row['dropped']:,} "
                  f"+ quarantined {row['quarantined']:,}")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
