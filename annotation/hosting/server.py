"""The embedded Argilla server process: `python -m jisr.annotation.hosting.server CREDENTIALS HOST PORT`.

Run as a child of `jisr review serve` (annotation/hosting/embedded.py), which sets the ARGILLA_* environment
(SQLite under the home folder, Redis, the `jisr-sql` search engine). Migrations and the owner account
are done here from Python, not through `argilla_server`'s own CLI: that CLI is typer<0.10, which
breaks with click >= 8.2. The owner's password and API key come from the 0600 credentials file, so
neither passes through the command line or the environment. The process runs with umask 077, so the
files it creates (SQLite's argilla.db and its -wal/-shm, which hold every user's API key) are 0600,
and it serves Argilla behind security headers (annotation/hosting/page_security.py).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

import jisr.annotation.hosting.search_engine  # noqa: F401  (registers the `jisr-sql` engine before the app starts)
from jisr.annotation.hosting import argilla_speedups
from jisr.annotation.hosting.page_security import SecurityHeaders

WORKSPACE = "review"


def migrate() -> None:
    import alembic.config
    from argilla_server.database import ALEMBIC_CONFIG_FILE

    alembic.config.main(argv=["-c", ALEMBIC_CONFIG_FILE, "-q", "upgrade", "head"])


async def ensure_owner(credentials: dict) -> None:
    """Create the owner (with the generated password and API key) and the default workspace, once."""
    from argilla_server.contexts import accounts
    from argilla_server.database import AsyncSessionLocal
    from argilla_server.models import UserRole, Workspace

    async with AsyncSessionLocal() as db:
        if await accounts.get_user_by_username(db, credentials["username"]) is not None:
            return
        if await Workspace.get_by(db, name=WORKSPACE) is None:
            await accounts.create_workspace(db, {"name": WORKSPACE})
        owner = await accounts.create_user(
            db, {"first_name": "Owner", "last_name": None, "username": credentials["username"],
                 "role": UserRole.owner, "password": credentials["password"]}, workspaces=[WORKSPACE])
        owner.api_key = credentials["api_key"]
        await db.commit()


async def prepare(credentials: dict) -> None:
    """The owner, then the search engine's side tables (and any unindexed record indexed), before serving.

    One event loop for both, and the connection pool emptied at the end: asyncpg connections belong
    to the loop that opened them, and uvicorn serves from a loop of its own.
    """
    from argilla_server.database import AsyncSessionLocal, async_engine

    from jisr.annotation.hosting.search_index import prepare as prepare_search

    await ensure_owner(credentials)
    async with AsyncSessionLocal() as db:
        await prepare_search(db)
    await async_engine.dispose()


def main(argv: list[str]) -> None:
    credentials_path, host, port = argv
    os.umask(0o077)
    with open(credentials_path, encoding="utf-8") as fh:
        credentials = json.load(fh)
    migrate()
    asyncio.run(prepare(credentials))
    argilla_speedups.apply()

    import uvicorn
    from argilla_server import app

    uvicorn.run(SecurityHeaders(app), host=host, port=int(port), log_level="warning", access_log=False)


if __name__ == "__main__":
    main(sys.argv[1:])
