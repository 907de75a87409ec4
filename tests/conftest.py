import os

# torch on 2 threads swings 40x on a loaded machine; every test runs single-threaded.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("JISR_RTL", "logical")
# Tests never reach a hub; offline mode makes hub code paths fail at once instead of retrying.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import contextlib
import json
from pathlib import Path
from typing import Iterator

import pytest


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory) -> tuple[Path, str]:
    """`jisr build` of the bundled sample, once for the whole session: (its home, the command's output).

    Several modules start from this catalog; building it once saves a build per module. Nothing may write
    to this home: a test that builds on, mixes or seeds takes its own copy with `copy_bundled`."""
    from click.testing import CliRunner

    from jisr.catalog import lake
    from jisr.cli import main

    home = tmp_path_factory.mktemp("bundled") / "home"
    with pytest.MonkeyPatch.context() as env:
        env.delenv(lake.CATALOG_ENV, raising=False)  # an embedded catalog, whichever test asks first
        result = CliRunner().invoke(main, ["--home", str(home), "build"])
    assert result.exit_code == 0, result.output
    return home, result.output


def copy_bundled(bundled: tuple[Path, str], home: Path) -> Path:
    """A writable copy of the session's bundled build at `home`: the same catalog, as an embedded catalog's
    data folder is found beside its metadata file, wherever the home is."""
    import shutil

    shutil.copytree(bundled[0], home)
    return home


@pytest.fixture
def write(tmp_path: Path):
    """Write a fixture file: write("a.jsonl", [dict, ...]) or write("a.csv", "raw text")."""

    def _write(name: str, content, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        if isinstance(content, list):
            content = "".join(json.dumps(r, ensure_ascii=False) + "\n" if not isinstance(r, str) else r + "\n"
                              for r in content)
        path.write_text(content, encoding=encoding)
        return path

    return _write


PG_SERVER = "dbname=test host=127.0.0.1"  # CI's PostgreSQL (trust authentication)


@contextlib.contextmanager
def postgres_catalog(data: Path) -> Iterator[str]:
    """A team catalog's URL on CI's PostgreSQL: a schema of its own (dropped after), data files in `data`.
    Skips the test where no PostgreSQL answers."""
    import uuid

    from jisr.catalog import lake

    schema = f"jisr_test_{uuid.uuid4().hex[:12]}"
    admin = lake.new_connection()
    try:
        admin.execute(f"ATTACH '{PG_SERVER}' AS pg (TYPE postgres)")
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server means: no PostgreSQL here
        admin.close()
        pytest.skip(f"no PostgreSQL at {PG_SERVER}: {str(exc).splitlines()[0]}")
    try:
        yield f"postgres://127.0.0.1/test?schema={schema}&data={data}"
    finally:
        admin.execute(f"CALL postgres_execute('pg', 'DROP SCHEMA IF EXISTS {schema} CASCADE')")
        admin.close()


@pytest.fixture(params=["embedded", "postgres"])
def any_catalog(request, tmp_path, monkeypatch):
    """Run a test on the embedded catalog and on a team catalog in PostgreSQL (a schema of its own, dropped after)."""
    if request.param == "embedded":
        yield "embedded"
        return
    from jisr.catalog import lake

    with postgres_catalog(tmp_path / "lake") as url:
        monkeypatch.setenv(lake.CATALOG_ENV, url)
        yield "postgres"
