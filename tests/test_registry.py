"""The registry core (jisr/registry.py): names, did-you-mean, entry points, and parameters as a dataclass."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Literal

import pytest

from jisr.errors import InputError
from jisr.registry import Registry, from_config, parameters, parse_params


@dataclass
class Shingles:
    size: int = 5
    threshold: float = 0.7
    key: Literal["prompt", "prompt_response"] = "prompt_response"
    label: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    cache: object = field(default=None, metadata={"parameter": False})

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1:
            raise ValueError("threshold must be in (0, 1]")


def _installed(folder, name: str, entry_points: str, monkeypatch) -> None:
    """A distribution `name` with these entry points, as an installer leaves it, on sys.path."""
    info = folder / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(entry_points)
    monkeypatch.syspath_prepend(str(folder))


def test_registered_names_are_found_and_unknown_ones_suggest_the_closest():
    registry: Registry = Registry("widget", "jisr.tests_widgets")

    @registry.register("near_dedup", aliases=("minhash",))
    class NearDedup:
        pass

    registry.register("exact_dedup")(len)
    assert registry.get("near_dedup") is NearDedup and registry.get("minhash") is NearDedup
    assert registry.names() == ["near_dedup", "exact_dedup"] and "exact_dedup" in registry and "nope" not in registry
    with pytest.raises(InputError) as error:
        registry.get("near_dedupe")
    assert str(error.value) == "unknown widget 'near_dedupe' (did you mean 'near_dedup'?) (known: exact_dedup, near_dedup)"
    with pytest.raises(InputError, match="unknown widget 'zzz' \\(known:"):
        registry.get("zzz")
    with pytest.raises(InputError, match="registered twice"):
        registry.register("near_dedup")(str)


def test_the_name_attribute_is_set_from_the_decorator():
    registry: Registry = Registry("step", "jisr.tests_steps", name_attribute="step")

    @registry.register("quality")
    class Quality:
        pass

    assert Quality.step == "quality"
    with pytest.raises(InputError, match=r"^step 'sizes' \(builtins\) is <class 'dict'>, which cannot be one$"):
        registry.register("sizes")(dict)
    assert "sizes" not in registry


def test_entry_points_of_the_group_load_on_first_lookup(tmp_path, monkeypatch):
    package = tmp_path / "outside_widgets"
    package.mkdir()
    (package / "__init__.py").write_text("def shout(text):\n    return text.upper()\n")
    _installed(tmp_path, "outside_widgets", "[jisr.tests_outside]\nshout = outside_widgets:shout\n", monkeypatch)
    registry: Registry = Registry("widget", "jisr.tests_outside")
    assert registry.get("shout")("a") == "A"
    assert registry.names() == ["shout"]
    sys.modules.pop("outside_widgets", None)


def test_a_broken_entry_point_is_one_line_naming_it(tmp_path, monkeypatch):
    _installed(tmp_path, "broken", "[jisr.tests_broken]\nbad = no_such_module_here:thing\n", monkeypatch)
    with pytest.raises(InputError, match=r"widget 'bad' from entry point no_such_module_here:thing .* could not be loaded"):
        Registry("widget", "jisr.tests_broken").get("bad")


def test_parameters_parse_into_the_dataclass_and_come_back_from_it():
    made, problems = parse_params(Shingles, {"size": 3, "threshold": 1, "columns": {"prompt": "q"}}, "step x")
    assert problems == [] and (made.size, made.threshold, made.columns) == (3, 1, {"prompt": "q"})
    assert parameters(made) == {"size": 3, "threshold": 1, "key": "prompt_response", "label": None,
                                "columns": {"prompt": "q"}, "languages": []}


def test_every_problem_of_a_mapping_is_one_line_each():
    made, problems = parse_params(Shingles, {"sise": 3, "threshold": "high", "key": "answer", "size": True,
                                             "languages": ["ar", 3], "label": 4, "cache": 1}, "curation step 'x'")
    assert made is None
    assert problems == [
        "curation step 'x': unknown parameter 'sise' (did you mean 'size'?) (known: size, threshold, key, label, "
        "columns, languages)",
        "curation step 'x': unknown parameter 'cache' (known: size, threshold, key, label, columns, languages)",
        "curation step 'x': size must be an integer, not True",
        "curation step 'x': threshold must be a number, not 'high'",
        "curation step 'x': key must be 'prompt' or 'prompt_response', not 'answer'",
        "curation step 'x': label must be text, not 4",
        "curation step 'x': languages must be a list of text, not ['ar', 3]",
    ]


def test_what_the_dataclass_refuses_is_a_problem_too_and_from_config_raises_them_all():
    assert parse_params(Shingles, {"threshold": 2}, "w") == (None, ["w: threshold must be in (0, 1]"])
    with pytest.raises(InputError, match=r"^2 problems:\n  - w: size must be an integer"):
        from_config(Shingles, {"size": "5", "key": 1}, "w")
    with pytest.raises(InputError, match=r"^w: size must be an integer, not '5'$"):
        from_config(Shingles, {"size": "5"}, "w")


def test_a_plugin_that_is_no_dataclass_is_one_problem():
    class Plain:
        pass

    assert parse_params(Plain, {}, "w") == (None, ["w: Plain is not a dataclass, so its parameters cannot be "
                                                  "checked (decorate it with @dataclass)"])


def test_a_broken_entry_point_fails_every_lookup_not_only_the_first(tmp_path, monkeypatch):
    _installed(tmp_path, "broken", "[jisr.tests_again]\nbad = no_such_module_again:thing\n", monkeypatch)
    registry: Registry = Registry("widget", "jisr.tests_again")
    registry.register("good")(len)
    for _ in range(2):
        with pytest.raises(InputError, match="could not be loaded"):
            registry.names()


def test_a_required_field_without_a_default_is_named():
    @dataclass
    class Needs:
        path: str

    assert parse_params(Needs, {}, "w") == (None, ["w: path is required"])
