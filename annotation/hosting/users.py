"""Reviewer accounts: `jisr review users add NAME --role annotator --workspace W`, `users list`, `users remove NAME`.

The password is generated (never a default) and shown once by the command, or read from a file the
operator controls; it is not stored anywhere by jisr. The new user's API key is never printed, logged
or written to the catalog: reviewers sign in to the web UI with their password. Argilla itself limits
an annotator to the datasets of the workspaces they belong to, so adding a user to one workspace is
what confines them to it (tests/test_annotation.py checks it through the HTTP API). `list` shows
names, roles and workspaces only: Argilla returns each user's API key to an owner, and jisr drops it.
Removing a user also deletes their responses in Argilla (its foreign keys cascade), so `remove`
refuses to remove the account the command signs in with; pull before removing a reviewer.
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


def list_users(client: Any) -> list[dict[str, Any]]:
    """Every account as name, role and workspaces (never its API key), sorted by name."""
    found = []
    for user in client.users:
        spaces = client.api.http_client.get(f"/api/v1/users/{user.id}/workspaces").raise_for_status().json()["items"]
        found.append({"name": user.username, "role": str(getattr(user.role, "value", user.role)),
                      "workspaces": ", ".join(sorted(w["name"] for w in spaces))})
    return sorted(found, key=lambda u: u["name"])


def remove_user(client: Any, name: str) -> dict[str, Any]:
    """Delete the account `name` (and, in Argilla, its responses); never the account signed in."""
    user = client.users(username=name)
    if user is None:
        raise InputError(f"no user {name!r}")
    if client.me.username == name:
        raise InputError(f"cannot remove {name!r}: it is the account this command signs in with")
    user.delete()
    return {"user": name, "removed": True}
