"""The build config (YAML): sources, curation steps, tokenizers and the executor, validated with errors that name the key.

The bundled sample config (`jisr.corpus/sample/build.yaml`) is the default, so `jisr build` with no
argument runs the whole main job on data that ships with the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Literal

from jisr.corpus.sources.ingest import SourceSpec, expand_paths, source_problems
from jisr.curation.executors import EXECUTORS, ExecutorSpec, Local
from jisr.errors import InputError, problems_error
from jisr.registry import did_you_mean, parse_params
from jisr.safe_yaml import load_yaml

DEFAULT_TOKENIZERS = ("llama3", "qwen2.5")
_TOP_KEYS = {"name", "tokenizers", "curation", "sources", "shard_records", "executor"}
DEFAULT_SHARD_RECORDS = 50_000


@dataclass(frozen=True)
class BuildConfig:
    path: Path
    name: str
    sources: tuple[SourceSpec, ...]
    curation: tuple[tuple[str, dict[str, Any]], ...]
    tokenizers: tuple[str, ...] = DEFAULT_TOKENIZERS
    shard_records: int = DEFAULT_SHARD_RECORDS  # records per datatrove task (the unit of parallelism and resume)
    executor: ExecutorSpec = Local()  # what runs those tasks: local processes, a Slurm job array or Ray
    raw: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # what the config leaves to defaults that a user should hear about


def sample_config_path() -> Path:
    return Path(str(resources.files("jisr.corpus") / "sample" / "build.yaml"))


def _fail(path: Path, where: str, message: str) -> InputError:
    return InputError(f"{path}: {where}: {message}")


# Source keys that are text even when YAML reads a number: `version: 1.10` is the version "1.10", not 1.1
# (the loader keeps the scalar's text for them; jisr/safe_yaml.py).
_TEXT_KEYS = ("version", "revision", "license", "split", "subset", "encoding")


_LANGUAGE_HINT = "one language code (ar, en); give a source per language, or leave `language` out to detect each record's"


@dataclass(frozen=True)
class SourceEntry(SourceSpec):
    """A `sources:` entry as YAML writes it: `SourceSpec`'s fields with `path` for `paths`, checked like a plugin's
    parameters (jisr/registry.py: an unknown key gets a did-you-mean, every problem at once); `spec()` then
    gives the `SourceSpec` the build reads."""

    language: str | None = field(default=None, metadata={"hint": _LANGUAGE_HINT})
    columns: dict[str, str] = field(default_factory=dict,
                                    metadata={"hint": "a mapping like {prompt: Question, response: Answer}"})
    cop_base: Literal[0, 1] = 0
    path: str | list[str] | None = field(default=None, metadata={"hint": "a path or a list of paths"})

    def spec(self, config: Path, where: str, problems: list[str]) -> SourceSpec | None:
        """The `SourceSpec`, its paths expanded next to the config; problems go to `problems` (then None)."""
        before = len(problems)
        for key in ("name", "adapter"):
            if not getattr(self, key).strip():
                problems.append(f"{where}.{key}: required text")
        if (self.path is None) == (self.hub is None):
            problems.append(f"{where}: give exactly one of `path` (local files) and `hub` (a dataset id)")
        language = self.language.strip() if self.language is not None else None
        if language is not None and not language.replace("-", "").replace("_", "").isalnum():
            problems.append(f"{where}.language: {self.language!r} is not {_LANGUAGE_HINT}")
        paths: tuple[Path, ...] = ()
        if self.path is not None:
            try:
                paths = expand_paths([self.path] if isinstance(self.path, str) else self.path, config.parent)
            except InputError as exc:
                problems.append(f"{where}.path: {exc}")
        if len(problems) > before:
            return None
        values = {f.name: getattr(self, f.name) for f in fields(SourceSpec) if f.name not in ("paths", "language")}
        return SourceSpec(**values, paths=paths, language=language)


def _source(path: Path, index: int, entry: Any, problems: list[str]) -> SourceSpec | None:
    """One `sources:` entry, every problem of it appended to `problems` (None when there are any)."""
    where = f"{path}: sources[{index}]"
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected a mapping with at least `name` and `adapter`")
        return None
    parsed, wrong = parse_params(SourceEntry, entry, where)
    problems += wrong
    return parsed.spec(path, where, problems) if parsed else None


def _curation(path: Path, entries: Any) -> tuple[tuple[str, dict[str, Any]], ...]:
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise _fail(path, "curation", "expected a list of steps, e.g. [exact_dedup: {key: prompt_response}]")
    steps = []
    for i, entry in enumerate(entries):
        if isinstance(entry, str):
            steps.append((entry, {}))
        elif isinstance(entry, dict) and len(entry) == 1:
            (name, params), = entry.items()
            if params is not None and not isinstance(params, dict):
                raise _fail(path, f"curation[{i}].{name}", "parameters must be a mapping")
            steps.append((name, params or {}))
        else:
            raise _fail(path, f"curation[{i}]", "expected a step name or {name: {parameters}}")
    return tuple(steps)


def _executor(path: Path, entry: Any, problems: list[str]) -> ExecutorSpec:
    """`executor: {kind: local|slurm|ray, ...}` (or just the kind); each kind's keys are its class's fields,
    checked like a plugin's parameters (jisr/registry.py). Problems are appended to `problems`."""
    if entry is None:
        return Local()
    entry = {"kind": entry} if isinstance(entry, str) else entry
    if not isinstance(entry, dict):
        problems.append(str(_fail(path, "executor", "expected a mapping like {kind: local, workers: 2}")))
        return Local()
    kind = entry.get("kind", "local")
    cls = EXECUTORS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        close = did_you_mean(kind, list(EXECUTORS)) if isinstance(kind, str) else ""
        problems.append(str(_fail(path, "executor.kind", f"expected one of {', '.join(EXECUTORS)}, not {kind!r}{close}")))
        return Local()
    spec, wrong = parse_params(cls, {k: v for k, v in entry.items() if k != "kind"}, f"{path}: executor ({kind})")
    problems += wrong
    return spec or Local()


def input_problems(curation: tuple[tuple[str, dict[str, Any]], ...], tokenizers: tuple[str, ...],
                   sources: Iterable[SourceSpec]) -> list[str]:
    """What only the steps, tokenizers and files can tell: unknown or misordered steps, bad parameters,
    unknown tokenizers, missing files and columns. Checked before anything is read."""
    from jisr.curation.steps import step_problems
    from jisr.curation.tokens import get_counter

    problems = step_problems(list(curation))
    for name in tokenizers:
        try:
            get_counter(name)
        except InputError as exc:
            problems.append(str(exc))
    return problems + source_problems(sources)


def load_config(path: str | Path | None = None) -> BuildConfig:
    """Read and check a build config; every problem it has is listed in one `InputError`."""
    path = Path(path) if path else sample_config_path()
    if not path.exists():
        raise InputError(f"{path}: config file not found")
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"), str(path), text_keys=_TEXT_KEYS) or {}
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: the config must be UTF-8") from exc
    if not isinstance(raw, dict):
        raise InputError(f"{path}: expected a mapping with `sources:` at the top")
    problems: list[str] = []
    problems += [f"{path}: unknown key {key}{did_you_mean(str(key), sorted(_TOP_KEYS))} "
                 f"(known: {', '.join(sorted(_TOP_KEYS))})" for key in sorted(set(raw) - _TOP_KEYS, key=str)]
    sources = raw.get("sources")
    specs: list[SourceSpec] = []
    if not isinstance(sources, list) or not sources:
        problems.append(str(_fail(path, "sources", "expected a non-empty list of sources")))
    else:
        specs = [spec for i, entry in enumerate(sources) if (spec := _source(path, i, entry, problems))]
    names = [s.name for s in specs]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        problems.append(str(_fail(path, "sources", f"source names must be unique; repeated: {', '.join(duplicated)}")))
    tokenizers = raw.get("tokenizers", list(DEFAULT_TOKENIZERS))
    if isinstance(tokenizers, str):
        tokenizers = [tokenizers]
    if not isinstance(tokenizers, list) or not tokenizers or not all(isinstance(t, str) for t in tokenizers):
        problems.append(str(_fail(path, "tokenizers", "expected a list of tokenizer names, e.g. [llama3, qwen2.5]")))
    shard_records = raw.get("shard_records", DEFAULT_SHARD_RECORDS)
    if isinstance(shard_records, bool) or not isinstance(shard_records, int) or shard_records < 1:
        problems.append(str(_fail(path, "shard_records", "expected a positive integer (records per datatrove task)")))
    curation = ()
    try:
        curation = _curation(path, raw.get("curation"))
    except InputError as exc:
        problems.append(str(exc))
    executor = _executor(path, raw.get("executor"), problems)
    if problems:  # with the rest of what is wrong, so one run shows all of it
        named = tuple(t for t in tokenizers if isinstance(t, str)) if isinstance(tokenizers, list) else ()
        raise problems_error(problems + input_problems(curation, named, specs))
    notes = []
    if "curation" not in raw:
        notes.append(f"{path}: no `curation:`, so no curation step runs: every record read is kept and counted "
                     "(add steps such as [language_id, quality, exact_dedup], or `curation: []` to say so)")
    return BuildConfig(path=path.resolve(), name=str(raw.get("name", path.stem)), sources=tuple(specs),
                       curation=curation, tokenizers=tuple(tokenizers), shard_records=shard_records,
                       executor=executor, raw=raw, notes=tuple(notes))
