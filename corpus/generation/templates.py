"""Prompt templates as versioned files, and the optional glossary of medical terms.

A template is a YAML file (`id`, `version`, `system`, `user`) shipped in `prompts/` or given as a
path. Its id, version and the SHA-256 of its bytes go into every call's provenance and cache key, so
editing a template re-asks the model and the catalog tells which wording produced which output.
Placeholders are `{text}` and `{glossary}`; braces elsewhere in a template must be doubled.

A glossary is a CSV with columns `en,ar`: the Arabic term to use for an English one, or an empty
`ar` for a term to keep as written (a drug or brand name). Only the entries whose English term
occurs in a text are put into that text's prompt, which keeps prompts short and cache keys honest.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


from jisr.corpus.generation.backends import Messages
from jisr.errors import InputError
from jisr.safe_yaml import load_yaml

FIELDS = ("id", "version", "system", "user")


@dataclass(frozen=True)
class PromptTemplate:
    id: str
    version: int
    system: str
    user: str
    sha256: str

    @property
    def ref(self) -> str:
        """`id@vN`, as recorded with every call."""
        return f"{self.id}@v{self.version}"

    def render(self, text: str, glossary: "Glossary | None" = None) -> Messages:
        """The conversation for one text: a system turn with the rules (and glossary), a user turn with the text."""
        terms = glossary.block(text) if glossary else ""
        return [{"role": "system", "content": self.system.format(glossary=terms).strip()},
                {"role": "user", "content": self.user.format(text=text).strip()}]


def load_template(name_or_path: str) -> PromptTemplate:
    """A bundled template by name (`translate-en-ar`) or a YAML file of your own."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml"):
        if not path.is_file():
            raise InputError(f"{path}: no such prompt template file")
        data = path.read_bytes()
    else:
        bundled = resources.files("jisr.corpus.generation") / "prompts" / f"{name_or_path}.yaml"
        if not bundled.is_file():
            raise InputError(f"no bundled prompt template '{name_or_path}' (known: {', '.join(bundled_templates())})")
        data = bundled.read_bytes()
    try:
        spec = load_yaml(data.decode("utf-8"), f"prompt template {name_or_path}")
    except UnicodeDecodeError as exc:
        raise InputError(f"prompt template {name_or_path}: not readable YAML ({str(exc).splitlines()[0]})") from exc
    missing = [f for f in FIELDS if not isinstance(spec, dict) or spec.get(f) in (None, "")]
    if missing:
        raise InputError(f"prompt template {name_or_path}: missing {', '.join(missing)}")
    template = PromptTemplate(str(spec["id"]), int(spec["version"]), spec["system"], spec["user"],
                              hashlib.sha256(data).hexdigest())
    try:
        template.render("text")
    except (KeyError, IndexError, ValueError) as exc:
        raise InputError(f"prompt template {name_or_path}: bad placeholder {exc} (use {{text}}, {{glossary}})") from exc
    return template


def bundled_templates() -> list[str]:
    folder = resources.files("jisr.corpus.generation") / "prompts"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


@dataclass(frozen=True)
class Glossary:
    """English term -> Arabic term ("" = keep the English term as written)."""

    terms: dict[str, str]
    sha256: str

    def matches(self, text: str) -> dict[str, str]:
        """The entries whose English term occurs in `text` as a whole word (any case)."""
        return {en: ar for en, ar in self.terms.items()
                if re.search(rf"(?<!\w){re.escape(en)}(?!\w)", text, re.IGNORECASE)}

    def block(self, text: str) -> str:
        found = self.matches(text)
        if not found:
            return ""
        lines = [f"- {en}: {ar}" if ar else f"- {en}: keep as written" for en, ar in found.items()]
        return "Use these terms:\n" + "\n".join(lines)

    @property
    def keep_terms(self) -> set[str]:
        """Terms to leave in Latin script: not residual English."""
        return {en.lower() for en, ar in self.terms.items() if not ar}


def load_glossary(path: Path) -> Glossary:
    try:
        data = path.read_bytes()
        rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the glossary ({exc})") from exc
    if not rows or not {"en", "ar"} <= set(rows[0]):
        raise InputError(f"{path}: a glossary is a CSV with columns en,ar")
    terms = {row["en"].strip(): (row["ar"] or "").strip() for row in rows if (row["en"] or "").strip()}
    return Glossary(terms, hashlib.sha256(data).hexdigest())
