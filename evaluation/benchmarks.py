"""The paper's Table 1 benchmarks in English and Arabic, and where each is read from.

Each benchmark x language is a hub dataset plus a `Columns` mapping (evaluation/mapping.py); a local
CSV / JSONL / Parquet file with the same columns (a downloaded copy, say) is read the same way, and a
benchmark name that is not listed here is a user's own set, read with the generic mapping.

English sets are the ones lm-evaluation-harness and the paper use: MedMCQA's validation split (the
test split has no answers), MedQA's 4-option USMLE test split, MMLU's test split. PubMedQA: the
paper scores the 500-question test set; `qiaojin/PubMedQA` `pqa_labeled` holds all 1,000 labelled
questions in one split, so the hub English set is those 1,000 (point --file at the 500 to match the
paper exactly). Arabic sets are BiMediX's translations, each a single `train` split in parquet.
Only `BiMediX/medmcqa-arabic` has a documented schema (`question, opa..opd, cop`); the others are
assumed to keep their English source's columns, with the answer read as a letter, an index or text,
whichever it is. That is unverified: a column that is in no row stops the read with a one-line error
naming it, and `--columns KEY=COLUMN` maps the real one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jisr.errors import InputError
from jisr.evaluation.mapping import Columns

MMLU_SUBJECTS = ("anatomy", "clinical_knowledge", "college_biology", "college_medicine", "medical_genetics",
                 "professional_medicine")
# The order of Table 1's columns; `mmlu` is the unweighted mean of the six subjects.
GROUPS = ("pubmedqa", "medmcqa", "medqa", "mmlu")
TITLES = {"pubmedqa": "PubMedQA", "medmcqa": "MedMCQA", "medqa": "MedQA", "mmlu": "MMLU"}

PUBMEDQA_CHOICES = {"en": ("yes", "no", "maybe"), "ar": ("نعم", "لا", "ربما")}
# Either language's word for a decision names the same option, whichever language the set is in.
_PUBMEDQA_ALIASES = {word: i for words in PUBMEDQA_CHOICES.values() for i, word in enumerate(words)}


@dataclass(frozen=True)
class HubSource:
    id: str
    split: str
    subset: str | None = None

    def __str__(self) -> str:
        return f"hub:{self.id}" + (f"/{self.subset}" if self.subset else "") + f"@{self.split}"


@dataclass(frozen=True)
class Benchmark:
    name: str
    group: str
    hub: dict[str, HubSource]
    columns: dict[str, Columns]


_PUBMEDQA = Columns(question="question", answer="final_decision", answer_format="text", choices=PUBMEDQA_CHOICES["en"],
                    aliases=_PUBMEDQA_ALIASES, context="context", id="pubid")
_MEDMCQA = Columns(options=("opa", "opb", "opc", "opd"), answer="cop", answer_format="index", n_options=4,
                   specialty="subject_name", id="id")
# MedQA's `meta_info` is the USMLE step (`step1`, `step2&3`): the item's level.
_MEDQA = Columns(options=("options",), answer="answer_idx", answer_format="letter", n_options=4, level="meta_info")
_MMLU = Columns(options=("choices",), answer="answer", answer_format="index", n_options=4, specialty="subject")


def _unverified(columns: Columns, **changes) -> Columns:
    """An Arabic set assumed to keep its English source's columns: its answer may be a letter, an index or text."""
    return replace(columns, answer_format="auto", **changes)


def _mmlu(subject: str) -> Benchmark:
    return Benchmark(f"mmlu_{subject}", "mmlu",
                     {"en": HubSource("cais/mmlu", "test", subject),
                      "ar": HubSource(f"BiMediX/mmlu-{subject}-arabic", "train")},
                     {"en": _MMLU, "ar": _unverified(_MMLU)})


BENCHMARKS: dict[str, Benchmark] = {b.name: b for b in (
    Benchmark("pubmedqa", "pubmedqa",
              {"en": HubSource("qiaojin/PubMedQA", "train", "pqa_labeled"),
               "ar": HubSource("BiMediX/pubmedqa-test_arabic", "train")},
              {"en": _PUBMEDQA, "ar": _unverified(_PUBMEDQA, choices=PUBMEDQA_CHOICES["ar"])}),
    Benchmark("medmcqa", "medmcqa",
              {"en": HubSource("openlifescienceai/medmcqa", "validation"),
               "ar": HubSource("BiMediX/medmcqa-arabic", "train")},
              {"en": _MEDMCQA, "ar": _MEDMCQA}),
    Benchmark("medqa", "medqa",
              {"en": HubSource("GBaker/MedQA-USMLE-4-options", "test"),
               "ar": HubSource("BiMediX/medqa-test_arabic", "train")},
              {"en": _MEDQA, "ar": _unverified(_MEDQA)}),
    *(_mmlu(subject) for subject in MMLU_SUBJECTS),
)}


def group_of(benchmark: str) -> str:
    """The Table 1 column a benchmark counts towards (a user's own set is its own column)."""
    known = BENCHMARKS.get(benchmark)
    return known.group if known else benchmark


def expand(names: list[str]) -> list[str]:
    """`mmlu` stands for its six subjects; other names are known benchmarks, checked here."""
    out: list[str] = []
    for name in names:
        if name == "mmlu":
            out += [f"mmlu_{subject}" for subject in MMLU_SUBJECTS]
        elif name in BENCHMARKS:
            out.append(name)
        else:
            raise InputError(f"--benchmarks: unknown benchmark '{name}' (known: {', '.join(GROUPS)}, "
                             f"{', '.join(b for b in BENCHMARKS if b.startswith('mmlu_'))}); "
                             "a set of your own goes in with --file NAME-LANG=PATH")
    return list(dict.fromkeys(out))


def default_columns(benchmark: str, language: str) -> Columns:
    known = BENCHMARKS.get(benchmark)
    if known is None:
        return Columns()
    return known.columns.get(language, known.columns["en"])


def hub_source(benchmark: str, language: str) -> HubSource:
    known = BENCHMARKS.get(benchmark)
    if known is None or language not in known.hub:
        raise InputError(f"{benchmark}-{language}: no hub dataset known for it; give a local file with "
                         f"--file {benchmark}-{language}=PATH")
    return known.hub[language]
