"""The embedded Argilla background worker: `python -m jisr.annotation.hosting.worker`.

argilla-server runs some work (dataset deletion, webhooks, bulk updates) as rq jobs, and those jobs
call the search engine too, so the worker process must register the `jisr-sql` engine before it
starts; argilla's own `worker` command would not (and its typer CLI breaks with click >= 8.2).
"""

from __future__ import annotations

import jisr.annotation.hosting.search_engine  # noqa: F401  (registers the `jisr-sql` engine)


def main() -> None:
    from argilla_server.jobs.queues import DEFAULT_QUEUE, HIGH_QUEUE, REDIS_CONNECTION
    from rq import Worker

    Worker([HIGH_QUEUE, DEFAULT_QUEUE], connection=REDIS_CONNECTION).work(logging_level="WARNING")


if __name__ == "__main__":
    main()
