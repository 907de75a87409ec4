"""A model or tokenizer named by a Hugging Face hub id that cannot be had fails in seconds, with the next step.

transformers and tokenizers retry an unreachable hub for up to a minute and then fail with an error
that names neither a local folder nor the cache. `require_model` answers before anything is loaded:
a local folder is used as it is; with `HF_HUB_OFFLINE=1` an id is loaded from the Hugging Face cache
or refused at once; otherwise one request with a short timeout tells whether the hub answers at all.
It never downloads anything itself: loading stays with transformers (and its cache).
"""

from __future__ import annotations

import re
from pathlib import Path

from jisr.errors import InputError

PROBE_TIMEOUT_S = 3.0
# A hub id: `name` or `owner/name` (letters, digits, `-`, `_`, `.`); anything else can only be a folder.
_HUB_ID = re.compile(r"^[\w.-]+(/[\w.-]+)?$")
TINY_MODEL_HINT = "`jisr tiny-model PATH` builds a small local one to try things with"


def hub_reachable(endpoint: str) -> bool:
    """Whether the hub answers at all (any HTTP status), within PROBE_TIMEOUT_S."""
    import httpx

    try:
        httpx.head(endpoint, timeout=PROBE_TIMEOUT_S)
    except httpx.HTTPError:
        return False
    return True


def require_model(name: str, what: str, marker: str = "config.json", repo_type: str = "model",
                  instead: str = f"a local folder ({TINY_MODEL_HINT})") -> None:
    """Raise a one-line `InputError` naming the next step unless `name` (a folder or a hub id) can be loaded now.

    `what` names it for the user (`--base`, `--model`, `tokenizer`); `marker` is a file the cache holds
    for it once it has been downloaded (config.json for a model, tokenizer.json for a tokenizer,
    README.md for a dataset); `instead` is what to give in its place.
    """
    if Path(name).expanduser().exists():
        return
    if not _HUB_ID.match(name):
        raise InputError(f"{what} {name}: no such folder (and not a hub id like owner/name)")
    from huggingface_hub import constants, try_to_load_from_cache

    cached = isinstance(try_to_load_from_cache(name, marker, repo_type=repo_type), str)
    if constants.HF_HUB_OFFLINE:
        if cached:
            return
        raise InputError(f"{what} {name}: not in the Hugging Face cache ({constants.HF_HUB_CACHE}), and "
                         f"HF_HUB_OFFLINE=1 forbids downloading it. Give {instead}, "
                         f"or fill the cache where there is a network "
                         f"(`hf download {name}{' --repo-type dataset' if repo_type == 'dataset' else ''}`) and point "
                         "HF_HOME at it")
    if hub_reachable(constants.ENDPOINT):
        return
    if cached:
        raise InputError(f"{what} {name}: the Hugging Face hub ({constants.ENDPOINT}) cannot be reached; "
                         "it is in the cache: set HF_HUB_OFFLINE=1 to load it from there")
    raise InputError(f"{what} {name}: the Hugging Face hub ({constants.ENDPOINT}) cannot be reached and the "
                     f"cache does not hold it ({constants.HF_HUB_CACHE}). Give {instead}, "
                     "or set HF_HUB_OFFLINE=1 with a cache filled elsewhere")
