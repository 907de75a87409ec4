"""The translation gate: quality signals in, kept/dropped decisions with reasons out.

It is a curation step (`translation_qe`), so its verdicts land in the catalog's `decisions` table
like any other drop, and "drop residual English" is a recorded, explainable decision rather than a
silent filter. Rules run in a fixed order; the first that fails gives the reason, and `detail` lists
every failed rule with its value. Thresholds come from a YAML file of any of `GateConfig`'s fields;
`null` turns a rule off. Empty, truncated and refused outputs are always dropped: no setting keeps them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import polars as pl

from jisr.catalog.shapes import VERDICT_SCHEMA
from jisr.corpus.generation.quality import Signal
from jisr.curation.base import Step
from jisr.errors import InputError
from jisr.registry import from_config
from jisr.safe_yaml import load_yaml


@dataclass(frozen=True)
class GateConfig:
    language: str = "ar"
    min_language_score: float | None = 0.5  # another language predicted at this confidence or more: dropped
    min_arabic_letter_share: float | None = 0.5
    max_residual_english: float | None = 0.15
    max_latin_run: int | None = 4
    min_length_ratio: float | None = 0.3
    max_length_ratio: float | None = 3.0
    min_numbers_preserved: float | None = 1.0
    min_units_preserved: float | None = 1.0
    min_glossary_adherence: float | None = None
    min_roundtrip_chrf: float | None = None

    def failures(self, signals: dict[str, Signal]) -> list[tuple[str, str]]:
        """(reason, what failed) for each failed rule, in the order reasons take precedence."""
        def value(name: str) -> float | None:
            return signals[name].value if name in signals else None

        def below(name: str, limit: float | None) -> bool:
            return limit is not None and value(name) is not None and value(name) < limit

        def above(name: str, limit: float | None) -> bool:
            return limit is not None and value(name) is not None and value(name) > limit

        out = []
        for name, reason in (("empty", "empty_output"), ("truncated", "truncated"), ("refusal", "refusal")):
            if value(name):
                out.append((reason, f"{name}" + (f" ({signals[name].text})" if signals[name].text else "")))
        language = signals.get("language")
        if (language and language.text not in (self.language, "und") and self.min_language_score is not None
                and language.value >= self.min_language_score):
            out.append(("wrong_language", f"language {language.text} ({language.value:.2f})"))
        if above("residual_english", self.max_residual_english):
            out.append(("residual_english", f"residual_english {value('residual_english'):.2f} > "
                                            f"{self.max_residual_english} ({signals['residual_english'].text})"))
        if self.max_latin_run is not None and (value("latin_run") or 0) >= self.max_latin_run:
            out.append(("residual_english", f"latin_run {value('latin_run'):.0f} >= {self.max_latin_run}"))
        if below("arabic_letter_share", self.min_arabic_letter_share):  # script noise fastText cannot name
            out.append(("wrong_language", f"arabic_letter_share {value('arabic_letter_share'):.2f} < "
                                          f"{self.min_arabic_letter_share}"))
        if below("length_ratio", self.min_length_ratio) or above("length_ratio", self.max_length_ratio):
            out.append(("length_ratio", f"length_ratio {value('length_ratio'):.2f} outside "
                                        f"[{self.min_length_ratio}, {self.max_length_ratio}]"))
        for name, limit, reason in (("numbers_preserved", self.min_numbers_preserved, "numbers_changed"),
                                    ("units_preserved", self.min_units_preserved, "units_changed"),
                                    ("glossary_adherence", self.min_glossary_adherence, "glossary_ignored"),
                                    ("roundtrip_chrf", self.min_roundtrip_chrf, "low_roundtrip_chrf")):
            if below(name, limit):
                missing = f" (missing {signals[name].text})" if signals[name].text else ""
                out.append((reason, f"{name} {value(name):.2f} < {limit}{missing}"))
        if self.min_roundtrip_chrf is not None and value("roundtrip_failed"):  # no score to hold to the limit
            out.append(("roundtrip_failed", f"back-translation still bad after retries "
                                            f"({signals['roundtrip_failed'].text})"))
        return out


def load_gate(path: Path | None, config: type = GateConfig) -> Any:
    """`config`'s defaults (a gate settings dataclass), overridden by the YAML mapping at `path` (if given)."""
    if path is None:
        return config()
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), str(path)) or {}
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the gate settings ({str(exc).splitlines()[0]})") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path}: gate settings must be a mapping of setting to value")
    return from_config(config, data, f"{path}: gate settings")


class SignalGate(Step):
    """A curation step named `name` that decides on generated records from their signals
    (record_id -> {name: Signal}) with `config.failures`, so every generation task's gate lands
    its verdicts the same way."""

    def __init__(self, name: str, config: Any, signals: dict[str, dict[str, Signal]]):
        self.step = name
        self.config = config
        self.signals = signals

    def params(self) -> dict[str, Any]:
        return asdict(self.config)

    def decide(self, records: pl.DataFrame) -> pl.DataFrame:
        rows = []
        for record_id in records["record_id"]:
            failed = self.config.failures(self.signals[record_id])
            rows.append({"record_id": record_id, "kept": not failed, "reason": failed[0][0] if failed else None,
                         "detail": "; ".join(what for _, what in failed) or None})
        return pl.DataFrame(rows, schema=VERDICT_SCHEMA)


class TranslationGate(SignalGate):
    """Decides on translated records from their signals (record_id -> {name: Signal})."""

    def __init__(self, config: GateConfig, signals: dict[str, dict[str, Signal]]):
        super().__init__("translation_qe", config, signals)
