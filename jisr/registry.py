"""One way to extend jisr: a named registry per kind of plugin, and parameters that are a dataclass.

Every kind of plugin (source adapters, curation steps, tokenizers, generation backends, eval
benchmarks, report sections) has one `Registry`. A built-in plugin registers itself where it is
defined, with `@REGISTRY.register("name")` (as lm-eval's and dolma's registries do); an outside
package registers through a Python entry point in the registry's group (`jisr.adapters`,
`jisr.curation_steps`, ...), so a user adds one without forking. Both load on the first lookup.

A plugin's parameters are a dataclass (often the plugin class itself): `parse_params` turns the
mapping a YAML config gives into it, with one line per unknown key (and a did-you-mean) or wrong
type, every problem at once; `parameters` gives them back for the run record. Neither is written by
hand per plugin, so a new parameter is one annotated field.
"""

from __future__ import annotations

import difflib
import importlib
import types
from dataclasses import MISSING, Field, fields, is_dataclass
from importlib.metadata import entry_points
from typing import Any, Callable, Generic, Literal, Mapping, TypeVar, Union, get_args, get_origin, get_type_hints

from jisr.errors import InputError, problems_error

T = TypeVar("T")


def did_you_mean(name: str, known: list[str]) -> str:
    """' (did you mean 'x'?)' when `name` is close to a known name, else ''."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class Registry(Generic[T]):
    """Plugins of one kind by name: the built-in modules listed in `builtins` and the entry points of `group`.

    `name_attribute`, when given, is set on each registered object to the name it is registered under
    (a curation step's `step`), so the name is written once, in the decorator.
    """

    def __init__(self, kind: str, group: str, builtins: tuple[str, ...] = (), name_attribute: str | None = None):
        self.kind = kind
        self.group = group
        self._builtins = builtins
        self._name_attribute = name_attribute
        self._entries: dict[str, T] = {}
        self._aliases: dict[str, str] = {}
        self._loaded = False

    def register(self, name: str, aliases: tuple[str, ...] = ()) -> Callable[[T], T]:
        """Decorator: register the decorated class, function or object under `name` (and `aliases`)."""

        def add(obj: T) -> T:
            self._add(name, obj, f"{getattr(obj, '__module__', '?')}")
            for alias in aliases:
                self._aliases[alias] = name
            return obj

        return add

    def _add(self, name: str, obj: T, origin: str) -> None:
        if name in self._entries and self._entries[name] is not obj:
            raise InputError(f"{self.kind} '{name}' is registered twice (again by {origin})")
        if self._name_attribute:
            try:
                setattr(obj, self._name_attribute, name)
            except (AttributeError, TypeError) as exc:
                raise InputError(f"{self.kind} '{name}' ({origin}) is {obj!r}, which cannot be one") from exc
        self._entries[name] = obj

    def _load(self) -> None:
        """Import the built-in modules, then every entry point of the group (once)."""
        if self._loaded:
            return
        self._loaded = True  # before importing: a module that registers does not load again
        try:
            for module in self._builtins:
                importlib.import_module(module)
            for point in entry_points(group=self.group):
                try:
                    obj = point.load()
                except Exception as exc:  # an outside package's bug: name it, do not hide it
                    raise InputError(f"{self.kind} '{point.name}' from entry point {point.value} "
                                     f"({self.group}) could not be loaded: {type(exc).__name__}: {exc}") from exc
                if self._entries.get(point.name) is not obj:  # it may have registered itself on import
                    self._add(point.name, obj, f"entry point {point.value}")
        except BaseException:
            self._loaded = False  # the next lookup tries again, and fails the same way, rather than finding half
            raise

    def names(self) -> list[str]:
        """Every registered name (not aliases), built-in first, in registration order."""
        self._load()
        return list(self._entries)

    def canonical(self, name: str) -> str | None:
        """The name `name` is registered under (itself, or what it is an alias of), or None."""
        self._load()
        name = self._aliases.get(name, name)
        return name if name in self._entries else None

    def find(self, name: str) -> T | None:
        """The plugin called `name` (or an alias of it), or None."""
        canonical = self.canonical(name)
        return None if canonical is None else self._entries[canonical]

    def get(self, name: str) -> T:
        """The plugin called `name`; an unknown name is a one-line `InputError` with a did-you-mean."""
        found = self.find(name)
        if found is None:
            raise InputError(self.unknown(name))
        return found

    def unknown(self, name: str) -> str:
        known = [*self._entries, *self._aliases]
        return f"unknown {self.kind} '{name}'{did_you_mean(name, known)} (known: {', '.join(sorted(self.names()))})"

    def items(self) -> list[tuple[str, T]]:
        self._load()
        return list(self._entries.items())

    def __contains__(self, name: str) -> bool:
        return self.find(name) is not None


def parameter_fields(cls: type) -> list[Field]:
    """The fields a config may set: init fields not marked `metadata={"parameter": False}`."""
    return [f for f in fields(cls) if f.init and f.metadata.get("parameter", True)]


def parameters(obj: Any) -> dict[str, Any]:
    """A plugin's parameters as they are recorded with a run (its parameter fields, in order)."""
    return {f.name: getattr(obj, f.name) for f in parameter_fields(type(obj))}


def parse_params(cls: type[T], values: Mapping[str, Any] | None, where: str) -> tuple[T | None, list[str]]:
    """`cls(**values)` after checking every key and type; (None, problems) when any is wrong.

    Problems are one line each and start with `where`: unknown keys (with a did-you-mean), missing
    required ones, wrong types (followed by the field's `metadata["hint"]`, if it has one), and what
    the dataclass's own `__post_init__` refuses (a ValueError or InputError it raises).
    """
    if not is_dataclass(cls):
        return None, [f"{where}: {getattr(cls, '__name__', cls)} is not a dataclass, so its parameters cannot be "
                      "checked (decorate it with @dataclass)"]
    values = dict(values or {})
    known = parameter_fields(cls)
    names = [f.name for f in known]
    hints = get_type_hints(cls)
    problems = [f"{where}: unknown parameter '{key}'{did_you_mean(str(key), names)} (known: {', '.join(names) or 'none'})"
                for key in values if key not in names]
    for f in known:
        if f.name not in values:
            if f.default is MISSING and f.default_factory is MISSING:
                problems.append(f"{where}: {f.name} is required")
            continue
        wrong = type_problem(values[f.name], hints[f.name])
        if wrong:
            hint = f" ({f.metadata['hint']})" if "hint" in f.metadata else ""  # what users get wrong there
            problems.append(f"{where}: {f.name} must be {wrong}, not {values[f.name]!r}"[:300] + hint)
    if problems:
        return None, problems
    try:
        return cls(**values), []
    except (ValueError, InputError) as exc:
        message = str(exc)
        return None, [message if message.startswith(where) else f"{where}: {message}"]


def from_config(cls: type[T], values: Mapping[str, Any] | None, where: str) -> T:
    """`parse_params`, raising one `InputError` that lists every problem."""
    made, problems = parse_params(cls, values, where)
    if problems:
        raise problems_error(problems)
    return made


def type_problem(value: Any, expected: Any) -> str | None:
    """What `value` should have been to fit the annotation `expected` (None when it fits).

    Covers what YAML gives: text, numbers (an int fits a float; a bool fits neither), booleans,
    `Literal` choices, optional values, lists/tuples and mappings of those, and `Any`.
    """
    origin, args = get_origin(expected), get_args(expected)
    if expected is Any or expected is object:
        return None
    if origin is Literal:
        return None if value in args else " or ".join(repr(a) for a in args)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        wrongs = [type_problem(value, a) for a in options]
        return None if any(w is None for w in wrongs) else " or ".join(w for w in wrongs if w)
    if expected is bool:
        return None if isinstance(value, bool) else "true or false"
    if expected is int:
        return None if isinstance(value, int) and not isinstance(value, bool) else "an integer"
    if expected is float:
        return None if isinstance(value, (int, float)) and not isinstance(value, bool) else "a number"
    if expected is str:
        return None if isinstance(value, str) else "text"
    if origin in (list, tuple) or expected in (list, tuple):
        if not isinstance(value, (list, tuple)):
            return "a list"
        item = args[0] if args else Any
        wrong = next((w for v in value if (w := type_problem(v, item))), None)
        return f"a list of {wrong}" if wrong else None
    if origin is dict or expected is dict:
        if not isinstance(value, Mapping):
            return "a mapping"
        item = args[1] if len(args) == 2 else Any
        wrong = next((w for v in value.values() if (w := type_problem(v, item))), None)
        return f"a mapping of names to {wrong}" if wrong else None
    return None if isinstance(expected, type) and isinstance(value, expected) else f"a {getattr(expected, '__name__', expected)}"
