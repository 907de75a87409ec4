"""YAML from users, loaded so that no file can exhaust memory and numbers that are names stay text.

`yaml.safe_load` builds objects only, but an alias bomb (a few lines whose anchors reference each
other nine deep) stands for billions of nodes: the first thing that walks the result (a printout,
`json.dumps` of parameters) runs out of memory and the process aborts. PyYAML has no alias limit,
so the document's node graph is measured with every alias expanded before anything is built.

Keys named in `text_keys` keep their scalar's text: YAML reads `version: 1.10` as the float 1.1.
"""

from __future__ import annotations

from typing import Any, Iterable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from jisr.errors import InputError

MAX_NODES = 100_000  # a config or benchmark file holds hundreds; an alias bomb billions
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class _Loader(yaml.SafeLoader):
    text_keys: frozenset[str] = frozenset()

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        for key, value in node.value:
            if (isinstance(key, ScalarNode) and key.value in self.text_keys and isinstance(value, ScalarNode)
                    and value.tag in _NUMBER_TAGS):
                mapping[key.value] = value.value
        return mapping


def load_yaml(text: str, where: str, text_keys: Iterable[str] = ()) -> Any:
    """The document in `text`; `InputError` (one line naming `where`) for invalid YAML or one too big."""
    loader = _Loader(text)
    loader.text_keys = frozenset(text_keys)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, {}, set(), where) > MAX_NODES:
            raise InputError(f"{where}: the YAML stands for more than {MAX_NODES:,} values once its aliases (*name) "
                             "are expanded; an alias bomb?")
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise InputError(f"{where}: not valid YAML ({str(exc).splitlines()[0]})") from exc
    except RecursionError as exc:
        raise InputError(f"{where}: the YAML is nested too deep") from exc
    finally:
        loader.dispose()


def _expanded_size(node: Node, sizes: dict[int, int], open_: set[int], where: str) -> int:
    """Nodes in the document with each alias counted as a full copy of its anchor (stops past MAX_NODES)."""
    if id(node) in sizes:
        return sizes[id(node)]
    if id(node) in open_:
        raise InputError(f"{where}: the YAML refers to itself through an alias (*name inside its own &name)")
    open_.add(id(node))
    total = 1
    if isinstance(node, SequenceNode):
        children = node.value
    elif isinstance(node, MappingNode):
        children = [part for pair in node.value for part in pair]
    else:
        children = []
    for child in children:
        total += _expanded_size(child, sizes, open_, where)
        if total > MAX_NODES:
            break
    open_.discard(id(node))
    sizes[id(node)] = total
    return total
