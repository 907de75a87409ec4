"""The paper's published zero-shot accuracies (arXiv 2501.09825), shown as reference rows in reports.

Table 1 for the instruct / bilingual models, and Table 4's baselines for the two base models it
fine-tunes; each row is (PubMedQA, MedMCQA, MedQA, MMLU) x (en, ar), accuracy in %. A model matches a
row when their names agree ignoring case, punctuation, a hub organisation and a leading "Meta-".
"""

from __future__ import annotations

import re

# (benchmark group, language) in the order of each row below.
COLUMNS = tuple((group, language) for group in ("pubmedqa", "medmcqa", "medqa", "mmlu") for language in ("en", "ar"))

PUBLISHED: dict[str, tuple[float, ...]] = {
    "Qwen2.5-3B-Instruct": (29.2, 61.2, 49.2, 35.5, 48.8, 41.7, 68.0, 28.0),
    "Qwen2.5-7B-Instruct": (45.2, 74.4, 56.8, 39.5, 60.2, 53.9, 76.7, 34.9),
    "Pangea-7B": (57.0, 61.0, 50.2, 37.5, 53.0, 49.6, 68.3, 32.4),
    "Mistral-7B-Instruct v0.3": (45.8, 46.6, 46.3, 28.0, 49.3, 33.8, 65.1, 21.6),
    "Llama3.1-8B-Instruct": (76.2, 73.2, 58.4, 35.8, 62.0, 29.5, 73.4, 46.4),
    "Silma-9B-Instruct-v1.0": (75.6, 64.0, 54.9, 38.9, 61.6, 54.7, 76.1, 31.5),
    "Llama-3.1-70B-Instruct": (73.6, 79.4, 71.8, 52.2, 78.2, 56.6, 87.6, 70.0),
    "Qwen2.5-72B-Instruct": (63.2, 76.6, 68.4, 56.9, 76.1, 76.1, 87.4, 76.1),
    "Med42-Llama3.1-70B": (77.6, 75.0, 72.4, 49.3, 80.4, 53.5, 86.8, 67.7),
    "Meditron3-70B": (80.6, 75.8, 70.9, 51.2, 79.3, 72.0, 87.0, 56.6),
    "BiMedix (Bilingual)": (77.2, 78.4, 61.6, 49.1, 65.2, 47.3, 73.2, 56.9),
    "Llama-3.1-8B (base, Table 4)": (38.0, 34.4, 50.0, 32.2, 55.1, 27.3, 64.8, 39.8),
    "Llama-3.1-70B (base, Table 4)": (15.6, 51.8, 65.1, 41.6, 75.9, 48.2, 82.4, 55.8),
}
# Hub names that differ from the paper's spelling.
_ALIASES = {"bimedixbi": "BiMedix (Bilingual)", "llama318b": "Llama-3.1-8B (base, Table 4)",
            "llama3170b": "Llama-3.1-70B (base, Table 4)"}


def _key(name: str) -> str:
    name = re.sub(r"\(.*?\)", "", name.rsplit("/", 1)[-1].lower())
    return re.sub(r"[^a-z0-9]", "", name).removeprefix("meta")


_BY_KEY = {**{_key(name): name for name in PUBLISHED if "Table 4" not in name}, **_ALIASES}


def published_for(model: str) -> tuple[str, dict[tuple[str, str], float]] | None:
    """The paper's row for a model id or folder name, as {(group, language): accuracy %}, or None."""
    name = _BY_KEY.get(_key(model))
    if name is None:
        return None
    return name, dict(zip(COLUMNS, PUBLISHED[name]))
