"""The GPU check: jisr's GPU paths end to end on one CUDA machine, in one go, with figures to keep.

On a small randomly initialised Llama built here (nothing downloaded), it runs the real commands in
this process: the bundled build, a mix, `jisr train` (LoRA, packing, loss on outputs; bf16 where the GPU
has it), `jisr eval` on the sample eval sets, `jisr translate --backend transformers`, then
`benchmarks/generation.py` for the transformers backend. After each GPU step it asserts the step ran
on the GPU: the catalog records where the weights were (`device`), and `torch.cuda.max_memory_allocated()`
grew during the step. The eval is run twice more in float32, on the GPU and on the CPU, and the scores
must agree within TOLERANCE (below). One summary line is printed; the log and a JSON of every figure go
to --out (a folder the device tool copies back).

`--device cpu` is the dry run CI takes: the same steps on the CPU, smaller, without the GPU assertions
and the CPU comparison. On the GPU machine, `scripts/gpu-check.sh` installs what that machine lacks from
the carried bundle (scripts/gpu_bundle.py) and calls this script.

Run: `python scripts/gpu_check.py --device cuda|cpu --out DIR [--steps 30] [--limit 0]`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_DATA = ROOT / "tests" / "fixtures" / "evaluation"
# With {% generation %} markers, so one template serves training (loss on the answers) and translation.
CHAT_TEMPLATE = ("{% for m in messages %}<s>{{ m['role'] }}\n{% if m['role'] == 'assistant' %}{% generation %}"
                 "{{ m['content'] }}</s>{% endgeneration %}{% else %}{{ m['content'] }}</s>{% endif %}\n{% endfor %}"
                 "{% if add_generation_prompt %}<s>assistant\n{% endif %}")
# float32 on a GPU and on a CPU sum in different orders, so a near-tie between two options' log-likelihoods
# can fall either way: the two runs may differ by one item per set, never more.
TOLERANCE_ITEMS = 1
RECIPE = """name: gpu-check
tokenizer: llama3
budget: 20k
ratio: "50:50"
seed: 2501
eligible: ["kind <> 'mcq'"]
"""


class CheckFailed(RuntimeError):
    pass


class Log:
    """Every line both on the terminal and in the log file under --out."""

    def __init__(self, path: Path):
        self.file = path.open("a", encoding="utf-8")

    def __call__(self, text: str) -> None:
        print(text, flush=True)
        self.file.write(text + "\n")
        self.file.flush()


def tiny_model(folder: Path, log_file: Path) -> Path:
    """A seeded random Llama with a chat template, its tokenizer trained on the bundled sample's texts."""
    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_models import tiny_llama

    texts = [line for path in sorted((ROOT / "corpus" / "sample").glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    with log_file.open("a", encoding="utf-8") as out, redirect_stdout(out), redirect_stderr(out):
        return tiny_llama(folder, texts, vocab_size=600, hidden=64, intermediate=160, chat_template=CHAT_TEMPLATE)


def jisr(home: Path, log_file: Path, *args: str) -> None:
    """One `jisr` command in this process (so the CUDA memory it used can be read), output to the log."""
    from jisr.cli import main

    with log_file.open("a", encoding="utf-8") as out, redirect_stdout(out), redirect_stderr(out):
        print(f"$ jisr {' '.join(args)}", flush=True)
        code = main.main(["--home", str(home), *args], prog_name="jisr", standalone_mode=False)
    if code not in (None, 0):
        raise CheckFailed(f"`jisr {' '.join(args)}` exited {code} (see {log_file})")


class Steps:
    """Runs and times named steps; on CUDA, asserts each GPU step allocated GPU memory."""

    def __init__(self, cuda: bool, log: Log):
        self.cuda, self.log, self.figures = cuda, log, {}

    def run(self, name: str, action, gpu: bool = False):
        import torch

        if self.cuda:
            torch.cuda.reset_peak_memory_stats()
        began = time.perf_counter()
        result = action()
        seconds = time.perf_counter() - began
        figure = {"seconds": round(seconds, 2)}
        if self.cuda:
            peak = torch.cuda.max_memory_allocated()
            figure["cuda_peak_bytes"] = peak
            if gpu and peak == 0:
                raise CheckFailed(f"{name}: torch.cuda.max_memory_allocated() is 0: the step never used the GPU")
            torch.cuda.empty_cache()
        self.figures[name] = figure
        self.log(f"{name:<22} {seconds:7.1f} s" + (f"  peak {figure.get('cuda_peak_bytes', 0) / 2**20:,.0f} MiB"
                                                     if self.cuda else ""))
        return result


def one(catalog_path: Path, sql: str, params: list | None = None):
    from jisr.catalog import Catalog

    with Catalog.open(catalog_path, read_only=True) as catalog:
        return catalog.con.execute(sql, params or []).fetchall()


def latest_params(catalog_path: Path, command: str) -> dict:
    rows = one(catalog_path, "SELECT params FROM store.runs WHERE command = ? AND status = 'succeeded' "
               "ORDER BY started_at DESC LIMIT 1", [command])
    if not rows:
        raise CheckFailed(f"no succeeded `{command}` run in the catalog")
    return json.loads(rows[0][0])


def expect_device(what: str, recorded: str | None, device: str) -> None:
    if not (recorded or "").startswith(device):
        raise CheckFailed(f"{what}: the catalog records device {recorded!r}, expected {device}")


def scores(catalog_path: Path, run_id: str) -> dict[str, tuple[float, int]]:
    return {name: (value, n) for name, value, n in one(
        catalog_path, "SELECT eval_set, value, n FROM eval_results WHERE run_id = ? AND metric = 'acc'", [run_id])}


def latest_run_id(catalog_path: Path, command: str) -> str:
    return one(catalog_path, "SELECT run_id FROM store.runs WHERE command = ? ORDER BY started_at DESC LIMIT 1",
               [command])[0][0]


def compare(a: dict[str, tuple[float, int]], b: dict[str, tuple[float, int]]) -> float:
    """The largest per-set gap in items; fails past TOLERANCE_ITEMS."""
    if set(a) != set(b) or not a:
        raise CheckFailed(f"the two eval runs scored different sets: {sorted(a)} vs {sorted(b)}")
    worst = max(abs(a[s][0] - b[s][0]) * a[s][1] for s in a)
    if worst > TOLERANCE_ITEMS + 1e-6:
        raise CheckFailed(f"GPU and CPU float32 scores differ by {worst:.0f} items on a set "
                          f"(tolerance {TOLERANCE_ITEMS}): {a} vs {b}")
    return worst


def generation_benchmark(model: Path, prompts: int, cpu: bool, log_file: Path) -> dict:
    """benchmarks/generation.py for the transformers backend, as its own process; its figures back."""
    env = {**os.environ, **({"CUDA_VISIBLE_DEVICES": ""} if cpu else {})}
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, str(ROOT / "benchmarks" / "generation.py"), "--backends", "transformers",
                   "--model", str(model), "--prompts", str(prompts), "--max-new-tokens", "32", "--json", out.name]
        with log_file.open("a", encoding="utf-8") as log:
            done = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        if done.returncode:
            raise CheckFailed(f"benchmarks/generation.py exited {done.returncode} (see {log_file})")
        figures = json.loads(Path(out.name).read_text())["transformers"]
    expect_device("generation benchmark", figures["device"], "cpu" if cpu else "cuda")
    return figures


def check(device: str, out: Path, steps_n: int, limit: int, prompts: int) -> dict:
    import torch

    cuda = device == "cuda"
    if cuda and not torch.cuda.is_available():
        raise CheckFailed("--device cuda, but torch sees no CUDA GPU (torch.cuda.is_available() is False)")
    log_file = out / "gpu-check.log"
    log = Log(log_file)
    log(f"torch {torch.__version__}, device {torch.cuda.get_device_name(0) if cuda else 'cpu'}")
    steps = Steps(cuda, log)
    work = Path(tempfile.mkdtemp(prefix="jisr-gpu-check-"))
    home, catalog = work / "home", work / "home" / "catalog.ducklake"
    (work / "recipe.yaml").write_text(RECIPE, encoding="utf-8")
    model = steps.run("tiny model", lambda: tiny_model(work / "tiny-llama", log_file))
    steps.run("build", lambda: jisr(home, log_file, "build"))
    steps.run("mix", lambda: jisr(home, log_file, "mix", "build", str(work / "recipe.yaml")))
    adapter = work / "adapter"
    steps.run("train", lambda: jisr(home, log_file, "train", "--mix", "gpu-check@1", "--base", str(model),
                                    "--method", "lora", "--max-steps", str(steps_n), "--max-length", "512",
                                    "--out", str(adapter)), gpu=True)
    trained = json.loads(one(catalog, "SELECT hyperparameters FROM training_runs ORDER BY started_at DESC LIMIT 1")[0][0])
    expect_device("train", trained["device"], device)
    if cuda and trained["precision"] != "bf16" and torch.cuda.is_bf16_supported():
        raise CheckFailed(f"train: ran in {trained['precision']} on a GPU that has bf16")
    if not trained["packing"]:
        raise CheckFailed("train: packing was off")
    steps.figures["train"]["steps_per_s"] = round(steps_n / steps.figures["train"]["seconds"], 2)
    limits = ["--limit", str(limit)] if limit else []
    eval_args = ["eval", "--model", str(model), "--adapter", str(adapter), "--data", str(EVAL_DATA), *limits]
    dtype = "bfloat16" if cuda and torch.cuda.is_bf16_supported() else "float32"
    steps.run("eval", lambda: jisr(home, log_file, *eval_args, "--device", device, "--dtype", dtype), gpu=True)
    expect_device("eval", latest_params(catalog, "eval")["device"], device)
    items = sum(n for _, n in scores(catalog, latest_run_id(catalog, "eval")).values())
    steps.figures["eval"]["items_per_s"] = round(items / steps.figures["eval"]["seconds"], 2)
    if cuda:
        steps.run("eval float32 (gpu)", lambda: jisr(home, log_file, *eval_args, "--device", "cuda",
                                                     "--dtype", "float32"), gpu=True)
        on_gpu = scores(catalog, latest_run_id(catalog, "eval"))
        steps.run("eval float32 (cpu)", lambda: jisr(home, log_file, *eval_args, "--device", "cpu",
                                                     "--dtype", "float32"))
        on_cpu = scores(catalog, latest_run_id(catalog, "eval"))
        steps.figures["eval float32 (cpu)"]["items_per_s"] = round(
            items / steps.figures["eval float32 (cpu)"]["seconds"], 2)
        steps.figures["eval_gap_items"] = compare(on_gpu, on_cpu)
    steps.run("translate", lambda: jisr(home, log_file, "translate", "--backend", "transformers", "--model",
                                        str(model), "--source", "med42-alpaca", "--limit", "16",
                                        "--max-new-tokens", "32", "--retries", "0"), gpu=True)
    expect_device("translate", latest_params(catalog, "translate")["device"], device)
    steps.figures["generation"] = steps.run(
        "generation benchmark", lambda: generation_benchmark(model, prompts, cpu=not cuda, log_file=log_file))
    if cuda:
        steps.figures["generation (cpu)"] = steps.run(
            "generation bench cpu", lambda: generation_benchmark(model, prompts, cpu=True, log_file=log_file))
    return steps.figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", choices=["cuda", "cpu"], default="cuda")
    parser.add_argument("--out", type=Path, required=True, help="folder for gpu-check.log and gpu-check.json")
    parser.add_argument("--steps", type=int, default=None, help="training steps [cuda: 30, cpu: 3]")
    parser.add_argument("--limit", type=int, default=None, help="items per eval set, 0 for all [cuda: 0, cpu: 2]")
    parser.add_argument("--prompts", type=int, default=None, help="generation benchmark prompts [cuda: 64, cpu: 8]")
    args = parser.parse_args(argv)
    cuda = args.device == "cuda"
    if not cuda:
        os.environ["CUDA_VISIBLE_DEVICES"] = ""  # before torch starts: a dry run on a GPU machine stays on the CPU
    args.out.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    try:
        figures = check(args.device, args.out, args.steps or (30 if cuda else 3),
                        (0 if cuda else 2) if args.limit is None else args.limit, args.prompts or (64 if cuda else 8))
    except CheckFailed as exc:
        print(f"gpu-check FAILED ({args.device}): {exc}", flush=True)
        return 1
    total = time.perf_counter() - began
    figures["total_seconds"] = round(total, 1)
    (args.out / "gpu-check.json").write_text(json.dumps({"device": args.device, **figures}, indent=2) + "\n")
    gen = figures["generation"]
    print(f"gpu-check OK ({args.device}): train {figures['train']['steps_per_s']} steps/s, "
          f"eval {figures['eval']['items_per_s']} items/s, generation {gen['requests_s']:.1f} req/s "
          f"{gen['tokens_s']:.0f} tok/s, total {total:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
