"""Reviewer accounts: `jisr review users add NAME --role annotator --workspace W`.

The password is generated (never a default) and shown once by the command, or read from a file the
operator controls; it is not stored anywhere by jisr. The new user's API key is never printed, logged
or written to the catalog: reviewers sign in to the web UI with their password. Argilla itself limits
an annotator to the datasets of the workspaces they belong to, so adding a user to one workspace is
what confines them to it (tests/test_annotation.py checks it through the HTTP API).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from jisr.errors import InputError

ROLES = ("annotator", "admin")
MIN_PASSWORD = 8  # Argilla refuses shorter passwords


def read_password_file(path: Path) -> str:
    password = Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    if len(password) < MIN_PASSWORD:
        raise InputError(f"{path}: the password must have at least {MIN_PASSWORD} characters")
    return password


def new_password() -> str:
    return secrets.token_urlsafe(15)


def add_user(client: Any, name: str, role: str, workspace: str, password: str) -> dict[str, Any]:
    """Create `name` with `role`, create `workspace` if needed and add the user to it."""
    import argilla as rg

    if role not in ROLES:
        raise InputError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    if client.users(username=name) is not None:
        raise InputError(f"user {name!r} already exists")
    space = client.workspaces(workspace)
    created_workspace = space is None
    if created_workspace:
        space = rg.Workspace(name=workspace, client=client).create()
    try:
        user = rg.User(username=name, password=password, role=role, client=client).create()
    except Exception as exc:  # the SDK wraps the server's 422 (bad name or password) in its own errors
        raise InputError(f"Argilla refused user {name!r}: {type(exc).__name__}") from None
    space.add_user(user)
    return {"user": name, "role": role, "workspace": workspace, "new_workspace": created_workspace}
