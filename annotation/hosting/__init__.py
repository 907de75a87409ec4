"""Hosting Argilla for review: the embedded server, worker and Redis, the `jisr-sql` search engine and
its indexes, speed-ups, security headers and reviewer accounts. The review workflow (push, pull,
what reviewers see) is in annotation/ itself."""
