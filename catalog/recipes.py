"""Mix recipes: what a training mix is made of, as YAML checked like every plugin's parameters (jisr/registry.py).

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
from typing import Any, Literal

from jisr.catalog.verdicts import REVIEW_MODES
from jisr.errors import InputError, problems_error
from jisr.registry import from_config, parse_params
from jisr.safe_yaml import load_yaml

# The paper's seven Arabic:English ratios and its fixed budget (469.97M Llama-3 tokens, Table 3).
PAPER_RATIOS = ("100:0", "80:20", "60:40", "50:50", "40:60", "20:80", "0:100")
PAPER_BUDGET = 469_970_000
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


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


def check_budget(value: Any, where: str, problems: list[str]) -> int | None:
    """`parse_budget`, its problem appended to `problems` (then None) rather than raised."""
    try:
        return parse_budget(value, where)
    except InputError as exc:
        problems.append(str(exc))
        return None


def ratio_label(ratio: dict[str, float]) -> str:
    return ":".join(f"{round(v * 100):g}" for v in ratio.values())


@dataclass(frozen=True)
class SourcePolicyConfig:
    """A `sources:` entry of a recipe as YAML writes it: `{weight: 1.0, cap: 10M}`."""

    weight: float = 1.0
    cap: int | float | str | None = field(default=None, metadata={"hint": "a token count like 10M"})


@dataclass(frozen=True)
class RecipeConfig:
    """A recipe as YAML writes it. `jisr.registry.parse_params` checks its keys and types (an unknown key gets
    a did-you-mean, every problem at once); `recipe()` then checks the values and gives the `Recipe`."""

    name: str = field(metadata={"hint": "letters, digits, '.', '_' or '-'; it becomes NAME@VERSION"})
    budget: int | float | str = field(metadata={"hint": "a token count like 469970000 or 469.97M"})
    ratio: str | dict[str, float] = field(metadata={"hint": "a ratio like 80:20 or {ar: 80, en: 20}"})
    tokenizer: str = "llama3"
    languages: list[str] = field(default_factory=lambda: ["ar", "en"])
    eligible: str | list[str] = ()
    sources: dict[str, Any] = field(default_factory=dict,
                                metadata={"hint": "source: {weight: 1.0, cap: 10M}"})
    validation: float | dict[str, float] = field(default=0.0, metadata={"hint": "a fraction in [0, 1), e.g. 0.01"})
    seed: int = 0
    description: str = ""
    review: Literal[REVIEW_MODES] = "gate"

    def recipe(self, origin: str) -> Recipe:
        """The checked `Recipe`; every value that cannot be one is a line of one `InputError`."""
        problems: list[str] = []

        if not _NAME.match(self.name):
            problems.append(f"{origin}: name: expected letters, digits, '.', '_' or '-' (it becomes NAME@VERSION)")
        budget = check_budget(self.budget, f"{origin}: budget", problems)
        ratio = None
        try:
            ratio = parse_ratio(self.ratio, self.languages, f"{origin}: ratio")
        except InputError as exc:
            problems.append(str(exc))
        eligible = [self.eligible] if isinstance(self.eligible, str) else list(self.eligible)
        if not all(e.strip() for e in eligible):
            problems.append(f"{origin}: eligible: expected SQL predicates over `records`, e.g. \"kind <> 'mcq'\"")
        sources = {}
        for source, entry in self.sources.items():
            policy = _source_policy(entry, f"{origin}: sources.{source}", problems)
            if policy:
                sources[str(source)] = policy
        validation = self.validation.get("fraction", 0.0) if isinstance(self.validation, dict) else self.validation
        if not 0 <= validation < 1:
            problems.append(f"{origin}: validation: expected a fraction in [0, 1), e.g. 0.01")
        if problems:
            raise problems_error(problems)
        return Recipe(name=self.name, budget=budget, ratio=ratio, tokenizer=self.tokenizer,
                      eligible=tuple(e.strip() for e in eligible), sources=sources, validation=float(validation),
                      seed=self.seed, description=self.description, review=self.review)


def _source_policy(entry: Any, where: str, problems: list[str]) -> SourcePolicy | None:
    """One `sources:` entry of a recipe; what is wrong with it is appended to `problems` (then None)."""
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected {{weight: 1.0, cap: 10M}}")
        return None
    config, wrong = parse_params(SourcePolicyConfig, entry, where)
    if wrong:
        problems += wrong
        return None
    before = len(problems)
    if config.weight <= 0:
        problems.append(f"{where}.weight: expected a positive number")
    cap = None if config.cap is None else check_budget(config.cap, f"{where}.cap", problems)
    return SourcePolicy(float(config.weight), cap) if len(problems) == before else None


def recipe_from_dict(raw: Any, origin: str) -> Recipe:
    """A checked `Recipe` from a mapping (what a recipe YAML holds); every problem is a line of one InputError."""
    if not isinstance(raw, dict):
        raise InputError(f"{origin}: expected a mapping with name, budget and ratio")
    return from_config(RecipeConfig, raw, origin).recipe(origin)


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
