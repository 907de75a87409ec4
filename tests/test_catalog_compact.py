"""Many small commits (one per generation call, say) leave many small files; a writer compacts them, keeping
every row and every snapshot."""

import pytest

from jisr.catalog import CATALOG_FILE, Catalog
from jisr.catalog.store import COMPACT_AFTER_FILES

pytestmark = pytest.mark.usefixtures("any_catalog")


def test_a_writer_compacts_many_small_commits_and_loses_nothing(tmp_path):
    path = tmp_path / CATALOG_FILE
    commits = COMPACT_AFTER_FILES + 20
    with Catalog.open(path) as catalog:
        for i in range(commits):
            catalog.con.execute("INSERT INTO store.signals VALUES ('r', ?, 'generation', 'n', ?, NULL)", [str(i), i])
        assert catalog._data_files(per_table=True) > COMPACT_AFTER_FILES  # before it closes
        snapshots = catalog.con.execute("SELECT count(*) FROM store.snapshots()").fetchone()[0]
    with Catalog.open(path, read_only=True) as catalog:
        assert catalog._data_files(per_table=True) < COMPACT_AFTER_FILES // 10
        assert catalog.con.execute("SELECT count(*), sum(value) FROM signals").fetchone() == \
            (commits, sum(range(commits)))
        assert catalog.con.execute("SELECT count(*) FROM store.snapshots()").fetchone()[0] >= snapshots
        assert catalog.con.execute("SELECT count(*) FROM store.signals AT (VERSION => 10)").fetchone()[0] > 0
