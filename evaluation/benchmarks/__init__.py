"""The eval benchmarks are data: one small YAML file each (as lm-eval's `tasks/*/*.yaml`), read by this loader.

A benchmark x language is a hub dataset plus a `Columns` mapping (evaluation/mapping.py); a local
CSV / JSONL / Parquet file with the same columns (a downloaded copy, say) is read the same way, and a
name no file defines is a user's own set, read with the generic mapping. Adding a benchmark is adding
a file: no Python. Three kinds of file, told apart by their first key (docs/evaluation.md):

- `benchmark: NAME`: `title`, `columns` (the mapping every language starts from) and `languages`,
  each with its `hub` source (`id`, `split`, `subset`) and the `columns` it changes.
- `group: NAME`: `title` and `benchmarks`; they count towards one column, their unweighted mean (MMLU's
  six subjects), and `--benchmarks NAME` stands for them all.
- `suite: NAME`: `title` and `columns` in order; `all` is the paper's Table 1 (`--benchmarks all`).

`include: FILE` starts a file from another one's keys (nested mappings merge); files named `_*.yaml`
are such templates and define nothing themselves. The bundled files are read first, then those of
each installed package's `jisr.benchmarks` entry point (a package whose folder holds the files), then
those in each folder of `JISR_BENCHMARK_PATH` (separated as in PATH); a name defined twice is an error.

The bundled English sets are the ones lm-evaluation-harness and the paper use; the Arabic ones are
BiMediX's translations. Only `BiMediX/medmcqa-arabic` has a documented schema; the others are
assumed to keep their English source's columns, with the answer read as a letter, an index or text,
whichever it is. That is unverified: a column that is in no row stops the read with a one-line error
naming it, and `--columns KEY=COLUMN` maps the real one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from jisr.errors import InputError
from jisr.evaluation.mapping import ANSWER_FORMATS, Columns
from jisr.registry import did_you_mean, from_config, parameters
from jisr.safe_yaml import load_yaml

PATH_VARIABLE = "JISR_BENCHMARK_PATH"
ENTRY_POINT_GROUP = "jisr.benchmarks"
BUNDLED = Path(str(resources.files("jisr.evaluation.benchmarks")))
PAPER_SUITE = "all"
_KINDS = {"benchmark": {"title", "columns", "languages"}, "group": {"title", "benchmarks", "members_are"},
          "suite": {"title", "columns"}}
_LANGUAGE_KEYS = {"hub", "columns"}
_TEXT_KEYS = ("split", "subset", "id", "question", "answer", "context", "specialty", "level")


@dataclass(frozen=True)
class HubSource:
    id: str
    split: str
    subset: str | None = None

    def __str__(self) -> str:
        return f"hub:{self.id}" + (f"/{self.subset}" if self.subset else "") + f"@{self.split}"


@dataclass(frozen=True)
class Benchmark:
    """One benchmark file: per language its hub source and columns; `default` for a language not listed."""

    name: str
    title: str
    hub: dict[str, HubSource]
    columns: dict[str, Columns]
    default: Columns
    path: Path


@dataclass(frozen=True)
class Group:
    """Benchmarks scored as one column, the unweighted mean of its `members` (`members_are` names them)."""

    name: str
    title: str
    members: tuple[str, ...]
    members_are: str
    path: Path


@dataclass(frozen=True)
class Suite:
    name: str
    title: str
    columns: tuple[str, ...]
    path: Path


def _mapping(value: Any, where: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{where}: expected a mapping, not {type(value).__name__}")
    for key in value:
        if key not in allowed:
            raise InputError(f"{where}: unknown key '{key}'{did_you_mean(str(key), sorted(allowed))} "
                             f"(known: {', '.join(sorted(allowed))})")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: expected text, not {value!r}")
    return value


def _texts(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise InputError(f"{where}: expected a list of names, not {value!r}")
    return tuple(_text(v, f"{where}[{i}]") for i, v in enumerate(value))


def _columns(base: Columns, value: Any, where: str) -> Columns:
    """`base` with the file's changes, each key and type checked against `Columns`' fields."""
    changes = _mapping(value or {}, where, set(parameters(base)))
    made = from_config(Columns, {**parameters(base), **changes}, where)
    if made.answer_format not in ANSWER_FORMATS:
        raise InputError(f"{where}: answer_format must be one of {', '.join(ANSWER_FORMATS)}, "
                         f"not '{made.answer_format}'")
    return replace(made, options=tuple(made.options), choices=tuple(made.choices))


def _merged(template: dict, changes: dict) -> dict:
    out = dict(template)
    for key, value in changes.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _read(path: Path, including: tuple[Path, ...] = ()) -> dict:
    """A file's keys with its `include:` chain applied (the including file's keys win)."""
    if path in including:
        raise InputError(f"{path}: includes itself (through {' -> '.join(p.name for p in including)})")
    if not path.is_file():
        raise InputError(f"{including[-1]}: include: no file {path}")
    document = load_yaml(path.read_text(encoding="utf-8"), str(path), text_keys=_TEXT_KEYS)
    if not isinstance(document, dict):
        raise InputError(f"{path}: expected a mapping of keys, not {type(document).__name__}")
    include = document.pop("include", None)
    if include is None:
        return document
    return _merged(_read(path.parent / _text(include, f"{path}: include"), (*including, path)), document)


def _benchmark(name: str, title: str, entry: dict, path: Path) -> Benchmark:
    default = _columns(Columns(), entry.get("columns"), f"{path}: columns")
    languages = entry.get("languages") or {}
    if not isinstance(languages, dict):
        raise InputError(f"{path}: languages: expected a mapping of language codes, not {languages!r}")
    hub, columns = {}, {}
    for language, settings in languages.items():
        where = f"{path}: languages.{language}"
        settings = _mapping(settings or {}, where, _LANGUAGE_KEYS)
        columns[language] = _columns(default, settings.get("columns"), f"{where}.columns")
        if "hub" in settings:
            hub[language] = from_config(HubSource, settings["hub"], f"{where}.hub")
    return Benchmark(name, title, hub, columns, default, path)


def _entry(path: Path) -> Benchmark | Group | Suite:
    document = _read(path)
    kind = next((k for k in _KINDS if k in document), None)
    if kind is None:
        raise InputError(f"{path}: expected one of the keys {', '.join(_KINDS)} (what the file defines)")
    entry = _mapping(document, str(path), _KINDS[kind] | {kind})
    name = _text(entry[kind], f"{path}: {kind}")
    title = _text(entry.get("title", name), f"{path}: title")
    if kind == "benchmark":
        return _benchmark(name, title, entry, path)
    if kind == "group":
        return Group(name, title, _texts(entry.get("benchmarks"), f"{path}: benchmarks"),
                     _text(entry.get("members_are", "sets"), f"{path}: members_are"), path)
    return Suite(name, title, _texts(entry.get("columns"), f"{path}: columns"), path)


class Benchmarks:
    """Every benchmark, group and suite the files define, checked against each other."""

    def __init__(self, entries: list[Benchmark | Group | Suite]):
        self.entries: dict[str, Benchmark | Group | Suite] = {}
        for entry in entries:
            if entry.name in self.entries:
                raise InputError(f"{entry.path}: '{entry.name}' is already defined in {self.entries[entry.name].path}")
            self.entries[entry.name] = entry
        self.benchmarks = {n: e for n, e in self.entries.items() if isinstance(e, Benchmark)}
        self.groups = {n: e for n, e in self.entries.items() if isinstance(e, Group)}
        self.suites = {n: e for n, e in self.entries.items() if isinstance(e, Suite)}
        self.group_of: dict[str, str] = {}
        for group in self.groups.values():
            for member in group.members:
                if member not in self.benchmarks:
                    raise InputError(f"{group.path}: benchmarks: no benchmark '{member}'"
                                     f"{did_you_mean(member, list(self.benchmarks))}")
                if member in self.group_of:
                    raise InputError(f"{group.path}: '{member}' is already in group '{self.group_of[member]}'")
                self.group_of[member] = group.name
        for suite in self.suites.values():
            for column in suite.columns:
                if column not in self.benchmarks and column not in self.groups:
                    raise InputError(f"{suite.path}: columns: no benchmark or group '{column}'"
                                     f"{did_you_mean(column, [*self.benchmarks, *self.groups])}")

    def expand(self, name: str) -> list[str]:
        """The benchmarks a name stands for: itself, a group's members, or every column of a suite."""
        if name in self.benchmarks:
            return [name]
        if name in self.groups:
            return list(self.groups[name].members)
        if name in self.suites:
            return [b for column in self.suites[name].columns for b in self.expand(column)]
        paper = list(self.suites[PAPER_SUITE].columns)
        known = [*paper, *(n for n in self.entries if n not in paper and n not in self.suites)]
        raise InputError(f"--benchmarks: unknown benchmark '{name}'{did_you_mean(name, known)} (known: "
                         f"{', '.join(known)}); a set of your own goes in with --file NAME-LANG=PATH, "
                         f"a benchmark of your own with a YAML file in ${PATH_VARIABLE}")


@lru_cache(maxsize=1)
def _installed() -> tuple[Path, ...]:
    """The folders of the packages that `jisr.benchmarks` entry points name (looked up once per process)."""
    folders = []
    for point in entry_points(group=ENTRY_POINT_GROUP):
        try:
            package = point.load()
        except Exception as exc:  # an outside package's bug: name it, do not hide it
            raise InputError(f"benchmarks '{point.name}' from entry point {point.value} ({ENTRY_POINT_GROUP}) "
                             f"could not be loaded: {type(exc).__name__}: {exc}") from exc
        folders.append(Path(str(resources.files(package))))
    return tuple(folders)


def search_path() -> tuple[Path, ...]:
    """The bundled folder, the installed packages' folders, then each folder of JISR_BENCHMARK_PATH."""
    extra = [Path(p).expanduser() for p in os.environ.get(PATH_VARIABLE, "").split(os.pathsep) if p]
    return (BUNDLED, *_installed(), *extra)


@lru_cache(maxsize=8)
def _load(folders: tuple[Path, ...]) -> Benchmarks:
    entries = []
    for folder in folders:
        if not folder.is_dir():
            raise InputError(f"{PATH_VARIABLE}: no folder {folder}")
        entries += [_entry(path) for path in sorted(folder.glob("*.yaml")) if not path.name.startswith("_")]
    return Benchmarks(entries)


def known() -> Benchmarks:
    """The benchmarks on the search path now (read once per distinct path)."""
    return _load(search_path())


def table_columns() -> tuple[str, ...]:
    """The paper's Table 1 columns in order (the `all` suite): tables put them first, then a user's own."""
    return known().suites[PAPER_SUITE].columns


def group_of(benchmark: str) -> str:
    """The column a benchmark counts towards: its group, else itself (a user's own set is its own column)."""
    return known().group_of.get(benchmark, benchmark)


def members(group: str) -> tuple[str, ...]:
    """The benchmarks scored as one column (one, for a benchmark outside any group)."""
    found = known().groups.get(group)
    return found.members if found else (group,)


def title(column: str) -> str:
    """How tables head a column: its file's `title`, else the name."""
    found = known().entries.get(column)
    return found.title if found else column


def shortfall_note(column: str, language: str, found: int) -> str | None:
    """`MMLU AR is the mean of 4 of 6 subjects` when a group's column stands on only some of its members."""
    group = known().groups.get(column)
    if group is None or found >= len(group.members):
        return None
    return f"{group.title} {language} is the mean of {found} of {len(group.members)} {group.members_are}"


def expand(names: list[str]) -> list[str]:
    """The benchmarks the names stand for (a group: its members; a suite: its columns), each checked."""
    catalog = known()
    return list(dict.fromkeys(b for name in names for b in catalog.expand(name)))


def default_columns(benchmark: str, language: str) -> Columns:
    found = known().benchmarks.get(benchmark)
    if found is None:
        return Columns()
    return found.columns.get(language, found.default)


def hub_source(benchmark: str, language: str) -> HubSource:
    found = known().benchmarks.get(benchmark)
    if found is None or language not in found.hub:
        raise InputError(f"{benchmark}-{language}: no hub dataset known for it; give a local file with "
                         f"--file {benchmark}-{language}=PATH")
    return found.hub[language]


# The bundled MMLU group's subjects (tests and docs name them; code asks `members`).
MMLU_SUBJECTS = tuple(name.removeprefix("mmlu_") for name in _load((BUNDLED,)).groups["mmlu"].members)
