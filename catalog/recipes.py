"""Mix recipes: what a training mix is made of, as YAML validated with errors that name the key.

A recipe fixes a token budget measured with one tokenizer, an Arabic:English (or any language) ratio,
which kept records are eligible (SQL predicates over the `records` view), optional per-source
weights and token caps, a validation holdout and a seed. The same recipe on the same catalog state
always selects the same records.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


from jisr.catalog.verdicts import REVIEW_MODES
from jisr.errors import InputError
from jisr.safe_yaml import load_yaml

# The paper's seven Arabic:English ratios and its fixed budget (469.97M Llama-3 tokens, Table 3).
PAPER_RATIOS = ("100:0", "80:20", "60:40", "50:50", "40:60", "20:80", "0:100")
PAPER_BUDGET = 469_970_000
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_KEYS = {"name", "tokenizer", "budget", "ratio", "languages", "eligible", "sources", "validation", "seed", "description", "review"}


def canonical_digest(recipe: dict[str, Any]) -> str:
    """sha256 of a recipe's canonical JSON: what `mixes.recipe_hash` holds (and what verification recomputes)."""
    text = json.dumps(recipe, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class SourcePolicy:
    weight: float = 1.0
    cap: int | None = None  # at most this many tokens from the source


@dataclass(frozen=True)
class Recipe:
    name: str
    budget: int
    ratio: dict[str, float]  # language -> share, summing to 1
    tokenizer: str = "llama3"
    eligible: tuple[str, ...] = ()
    sources: dict[str, SourcePolicy] = field(default_factory=dict)
    validation: float = 0.0  # validation tokens as a fraction of each language's train target
    seed: int = 0
    description: str = ""
    review: str = "gate"  # how expert verdicts decide translations (catalog/verdicts.py)

    def canonical(self) -> dict[str, Any]:
        data = asdict(self)
        data["eligible"] = list(self.eligible)
        return data

    def digest(self) -> str:
        return canonical_digest(self.canonical())

    def targets(self) -> dict[str, int]:
        """Train tokens per language; rounding leftovers go to the last language so they sum to the budget."""
        languages = [lang for lang, share in self.ratio.items() if share > 0]
        targets = {lang: int(round(self.budget * self.ratio[lang])) for lang in languages}
        if languages:
            targets[languages[-1]] += self.budget - sum(targets.values())
        return targets


def parse_budget(value: Any, where: str) -> int:
    """`469970000`, `469.97M`, `1.2B` or `500k` tokens."""
    if isinstance(value, bool):
        raise InputError(f"{where}: expected a token count like 469.97M")
    if isinstance(value, (int, float)) and value > 0:
        return int(value)
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([kKmMbB]?)\s*", str(value))
    if not match:
        raise InputError(f"{where}: expected a token count like 469970000 or 469.97M, not {value!r}")
    number = float(match.group(1)) * {"": 1, "k": 1e3, "m": 1e6, "b": 1e9}[match.group(2).lower()]
    if number <= 0:
        raise InputError(f"{where}: the budget must be positive")
    return int(round(number))


def parse_ratio(value: Any, languages: list[str], where: str) -> dict[str, float]:
    """`80:20` (with `languages: [ar, en]`, the default) or a mapping `{ar: 80, en: 20}`."""
    if isinstance(value, str):
        parts = value.split(":")
        if len(parts) != len(languages):
            raise InputError(f"{where}: '{value}' has {len(parts)} parts for languages {', '.join(languages)}")
        try:
            weights = {lang: float(part) for lang, part in zip(languages, parts)}
        except ValueError as exc:
            raise InputError(f"{where}: '{value}' is not a ratio like 80:20") from exc
    elif isinstance(value, dict) and value:
        try:
            weights = {str(k): float(v) for k, v in value.items()}
        except (TypeError, ValueError) as exc:
            raise InputError(f"{where}: shares must be numbers") from exc
    else:
        raise InputError(f"{where}: expected a ratio like 80:20 or {{ar: 80, en: 20}}")
    total = sum(weights.values())
    if total <= 0 or any(v < 0 for v in weights.values()):
        raise InputError(f"{where}: shares must be non-negative and not all zero")
    return {lang: v / total for lang, v in weights.items()}


def ratio_label(ratio: dict[str, float]) -> str:
    return ":".join(f"{round(v * 100):g}" for v in ratio.values())


def recipe_from_dict(raw: Any, origin: str) -> Recipe:
    if not isinstance(raw, dict):
        raise InputError(f"{origin}: expected a mapping with name, budget and ratio")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise InputError(f"{origin}: unknown key {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))})")
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise InputError(f"{origin}: name: expected letters, digits, '.', '_' or '-' (it becomes NAME@VERSION)")
    if "budget" not in raw or "ratio" not in raw:
        raise InputError(f"{origin}: `budget` and `ratio` are required")
    languages = raw.get("languages", ["ar", "en"])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise InputError(f"{origin}: languages: expected a list like [ar, en]")
    eligible = raw.get("eligible", [])
    eligible = [eligible] if isinstance(eligible, str) else eligible
    if not isinstance(eligible, list) or not all(isinstance(x, str) and x.strip() for x in eligible):
        raise InputError(f"{origin}: eligible: expected SQL predicates over `records`, e.g. \"kind <> 'mcq'\"")
    sources = {}
    for source, policy in (raw.get("sources") or {}).items():
        if not isinstance(policy, dict) or set(policy) - {"weight", "cap"}:
            raise InputError(f"{origin}: sources.{source}: expected {{weight: 1.0, cap: 10M}}")
        weight = policy.get("weight", 1.0)
        if not isinstance(weight, (int, float)) or weight <= 0:
            raise InputError(f"{origin}: sources.{source}.weight: expected a positive number")
        cap = parse_budget(policy["cap"], f"{origin}: sources.{source}.cap") if policy.get("cap") is not None else None
        sources[str(source)] = SourcePolicy(float(weight), cap)
    validation = raw.get("validation", 0.0)
    if isinstance(validation, dict):
        validation = validation.get("fraction", 0.0)
    if not isinstance(validation, (int, float)) or not 0 <= validation < 1:
        raise InputError(f"{origin}: validation: expected a fraction in [0, 1), e.g. 0.01")
    seed = raw.get("seed", 0)
    if not isinstance(seed, int):
        raise InputError(f"{origin}: seed: expected an integer")
    tokenizer = raw.get("tokenizer", "llama3")
    review = raw.get("review", "gate")
    if review not in REVIEW_MODES:
        raise InputError(f"{origin}: review: expected one of {', '.join(REVIEW_MODES)}, not {review!r}")
    return Recipe(
        name=name, budget=parse_budget(raw["budget"], f"{origin}: budget"),
        ratio=parse_ratio(raw["ratio"], languages, f"{origin}: ratio"), tokenizer=str(tokenizer),
        eligible=tuple(e.strip() for e in eligible), sources=sources, validation=float(validation), seed=seed,
        description=str(raw.get("description", "")), review=review,
    )


def load_recipe(path: str | Path) -> Recipe:
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: recipe file not found")
    return recipe_from_dict(load_yaml(path.read_text(encoding="utf-8"), str(path)), str(path))


def sweep_recipes(ratios: list[str], budget: str, prefix: str = "sweep", tokenizer: str = "llama3",
                  eligible: tuple[str, ...] = (), validation: float = 0.0, seed: int = 2501,
                  review: str = "gate") -> list[Recipe]:
    """One recipe per Arabic:English ratio, named PREFIX-arA-enE (the names `jisr mix sweep` gives)."""
    recipes = []
    for ratio in ratios:
        ar, _, en = ratio.strip().partition(":")
        recipes.append(recipe_from_dict({"name": f"{prefix}-ar{ar}-en{en}", "budget": budget, "ratio": ratio.strip(),
                                         "tokenizer": tokenizer, "eligible": list(eligible),
                                         "validation": validation, "seed": seed, "review": review},
                                        f"--ratios {ratio.strip()}"))
    return recipes
