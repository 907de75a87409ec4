"""`jisr review`: expert review of translations in Argilla (embedded by default, or an external one).

Imports of argilla and argilla-server happen inside the commands: they are the optional `annotation`
extra, and `jisr --help` must work without it.
"""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import click

from jisr.commands.home import catalog_path, home_of
from jisr.display import say, show, table
from jisr.errors import InputError

DEFAULT_DATASET = "translation-review"
DEFAULT_WORKSPACE = "review"


def _need_extra() -> None:
    try:
        import argilla  # noqa: F401
    except ImportError as exc:
        raise InputError('`jisr review` needs the annotation extra: pip install -e ".[annotation]"') from exc


def _connection(ctx: click.Context, url: str | None, api_key: str | None) -> tuple[str, str]:
    """The Argilla URL and API key: given, or the embedded server's: the URL `jisr review serve` is running at
    on this home (its `serve.json`; Argilla's default port when none runs) and the owner key from `<home>/review/`."""
    from jisr.annotation.hosting.embedded import review_dir, served_url

    url = url or served_url(home_of(ctx))
    if api_key:
        return url, api_key
    path = review_dir(home_of(ctx)) / "credentials.json"
    if not path.exists():
        raise InputError("no API key: pass --api-key (or JISR_ARGILLA_API_KEY), or run `jisr review serve` first")
    return url, json.loads(path.read_text(encoding="utf-8"))["api_key"]


def _client(url: str, api_key: str):
    import argilla as rg

    try:
        return rg.Argilla(api_url=url, api_key=api_key)
    except Exception as exc:  # the SDK raises its own error types for refused or unreachable servers
        raise InputError(f"cannot reach Argilla at {url}: {exc} (is `jisr review serve` running for this home? "
                         "or pass --url)") from exc


connection_options = [
    click.option("--url", envvar="JISR_ARGILLA_URL", default=None,
                 help="Argilla's URL [default: where `jisr review serve` runs for this home, else "
                      "http://127.0.0.1:6900]. Env: JISR_ARGILLA_URL."),
    click.option("--api-key", envvar="JISR_ARGILLA_API_KEY", default=None,
                 help="Argilla API key (default: the embedded server's owner key). Env: JISR_ARGILLA_API_KEY."),
    click.option("--dataset", default=DEFAULT_DATASET, show_default=True, help="Argilla dataset name."),
    click.option("--workspace", default=DEFAULT_WORKSPACE, show_default=True, help="Argilla workspace."),
]


def with_connection(command):
    for option in reversed(connection_options):
        command = option(command)
    return command


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so the `with` block stops every child either way."""
    raise KeyboardInterrupt


@click.group("review")
def review() -> None:
    """Expert review of machine translations in Argilla; verdicts land in the catalog (docs/review.md)."""


@review.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (keep 127.0.0.1 unless "
              "reviewers connect from other machines).")
@click.option("--port", default=6900, show_default=True, type=int)
@click.option("--redis-url", default=None, help="Use this Redis instead of starting one (redis://... or unix://...).")
@click.option("--database-url", envvar="JISR_REVIEW_DATABASE_URL", default=None,
              help="PostgreSQL for a team (postgresql://USER[:PASSWORD]@HOST:PORT/DATABASE) instead of SQLite "
                   "under <home>/review/. Env: JISR_REVIEW_DATABASE_URL.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, redis_url: str | None, database_url: str | None) -> None:
    """Run Argilla (web UI + API) with its state under <home>/review/ until Ctrl-C or SIGTERM."""
    _need_extra()
    from jisr.annotation.hosting.embedded import EmbeddedArgilla

    signal.signal(signal.SIGTERM, _interrupt)
    server = EmbeddedArgilla(home_of(ctx), host=host, port=port, redis_url=redis_url, database=database_url)
    try:
        with server:
            if server.left_over:
                say(f"stopped what an earlier `serve` on this home left running: "
                    f"{', '.join(server.left_over)}")
            say(f"Argilla is running at {server.url} (Ctrl-C to stop); state in {server.dir}")
            if server.created:
                say("Owner account created: user ", (server.credentials["username"], "bold"), ", password ",
                    (server.credentials["password"], "bold"),
                    f" (shown once; kept, mode 0600, in {server.dir / 'credentials.json'})")
            while server.alive():
                time.sleep(0.5)
            raise InputError(f"a server process stopped unexpectedly; see the logs in {server.dir}")
    except KeyboardInterrupt:
        say("stopped")


@review.command()
@with_connection
@click.option("--per-stratum", default=20, show_default=True, help="Pairs sampled per (category, source).")
@click.option("--seed", default=0, show_default=True)
@click.option("--reviewers", default=1, show_default=True, help="Submitted reviews a record needs (new dataset only).")
@click.option("--include-dropped", is_flag=True, help="Also sample translations that curation dropped.")
@click.pass_context
def push(ctx: click.Context, url: str, api_key: str | None, dataset: str, workspace: str, per_stratum: int,
         seed: int, reviewers: int, include_dropped: bool) -> None:
    """Send a stratified, blind sample of translation pairs to Argilla for review."""
    _need_extra()
    from jisr.annotation.push import push as do_push

    client = _client(*_connection(ctx, url, api_key))
    result = do_push(client, catalog_path(ctx), dataset, workspace, per_stratum, seed, reviewers,
                     include_dropped)
    show(table(list(result), [list(result.values())], title="pushed"))


def with_calibration(command):
    """The gate calibration's settings (jisr.catalog.gate_calibration.CalibrationConfig)."""
    for option in reversed([
        click.option("--min-verdicts", default=30, show_default=True,
                     help="Expert verdicts a stratum needs for gate thresholds of its own (else the global fit, "
                          "else the translate step's thresholds)."),
        click.option("--min-each", default=5, show_default=True,
                     help="... of which at least this many keep-able and this many not keep-able."),
        click.option("--corrected-as", type=click.Choice(["reject", "keep"]), default="reject", show_default=True,
                     help="How a corrected translation counts when fitting the gate: its machine text was not "
                          "keep-able as it stood (reject), or was worth keeping (keep)."),
    ]):
        command = option(command)
    return command


def _calibrate(ctx: click.Context, min_verdicts: int, min_each: int, corrected_as: str) -> None:
    """Recalibrate the QE gate on the catalog's verdicts (a `review calibrate` run) and say what it decided."""
    from jisr.catalog.gate_calibration import CalibrationConfig, calibrate
    from jisr.catalog.store import Catalog

    with Catalog.open(catalog_path(ctx), command="review calibrate") as catalog:
        summary = calibrate(catalog, CalibrationConfig(min_verdicts, min_each, corrected_as))
    if summary is None:
        say("gate calibration: no machine translations in the catalog yet")
        return
    shown = {k: summary[k] for k in ("calibration_id", "verdicts", "fitted", "unreviewed", "gate_rejected")}
    show(table(list(shown), [list(shown.values())], title="gate calibrated (jisr review stats: figures)"))


@review.command()
@with_connection
@click.option("--min-reviews", default=1, show_default=True, help="Submitted reviews needed for a verdict.")
@click.option("--accept-adequacy", default=4.0, show_default=True, help="Mean adequacy needed to accept.")
@click.option("--accept-fluency", default=4.0, show_default=True, help="Mean fluency needed to accept.")
@with_calibration
@click.pass_context
def pull(ctx: click.Context, url: str, api_key: str | None, dataset: str, workspace: str, min_reviews: int,
         accept_adequacy: float, accept_fluency: float, min_verdicts: int, min_each: int, corrected_as: str) -> None:
    """Bring reviews into the catalog (`reviews`, `review_status` views), then recalibrate the QE gate on
    the verdicts; safe to run again."""
    _need_extra()
    from jisr.annotation.pull import Rule, fetch_reviews, store

    url, api_key = _connection(ctx, url, api_key)
    found = _client(url, api_key).datasets(name=dataset, workspace=workspace)
    if found is None:
        raise InputError(f"no dataset {dataset!r} in workspace {workspace!r} at {url}")
    rows = fetch_reviews(url, api_key, str(found.id), dataset)
    result = store(catalog_path(ctx), dataset, rows, Rule(min_reviews, accept_adequacy, accept_fluency))
    reasons = result.pop("reasons")
    show(table(list(result), [list(result.values())], title="pulled"))
    for reason in reasons:
        say(f"quarantined: {reason}")
    _calibrate(ctx, min_verdicts, min_each, corrected_as)


@review.command()
@with_calibration
@click.pass_context
def calibrate(ctx: click.Context, min_verdicts: int, min_each: int, corrected_as: str) -> None:
    """Recalibrate the QE gate on the verdicts already pulled (e.g. after new translations), no Argilla needed."""
    _calibrate(ctx, min_verdicts, min_each, corrected_as)


@review.group()
def users() -> None:
    """Reviewer accounts on the Argilla server."""


account_options = [
    click.option("--url", envvar="JISR_ARGILLA_URL", default=None,
                 help="Argilla's URL [default: where `jisr review serve` runs for this home, else "
                      "http://127.0.0.1:6900]. Env: JISR_ARGILLA_URL."),
    click.option("--api-key", envvar="JISR_ARGILLA_API_KEY", default=None,
                 help="An owner's or admin's API key (default: the embedded server's owner key)."),
]


def with_account(command):
    for option in reversed(account_options):
        command = option(command)
    return command


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["annotator", "admin"]), default="annotator", show_default=True)
@click.option("--workspace", default=DEFAULT_WORKSPACE, show_default=True,
              help="Workspace the user joins (created if missing); an annotator sees only its datasets.")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Read the password from this file instead of generating one.")
@with_account
@click.pass_context
def users_add(ctx: click.Context, name: str, role: str, workspace: str, password_file: Path | None, url: str,
              api_key: str | None) -> None:
    """Create a reviewer account. A generated password is shown once and kept nowhere; the API key never shown."""
    _need_extra()
    from jisr.annotation.hosting.users import add_user, new_password, read_password_file

    password = read_password_file(password_file) if password_file else new_password()
    result = add_user(_client(*_connection(ctx, url, api_key)), name, role, workspace, password)
    show(table(list(result), [list(result.values())], title="user added"))
    if password_file is None:
        say("Password for ", (name, "bold"), ": ", (password, "bold"), " (shown once; jisr keeps no copy)")


@users.command("list")
@with_account
@click.pass_context
def users_list(ctx: click.Context, url: str, api_key: str | None) -> None:
    """Every account: name, role and workspaces (API keys are never shown)."""
    _need_extra()
    from jisr.annotation.hosting.users import list_users

    found = list_users(_client(*_connection(ctx, url, api_key)))
    show(table(["name", "role", "workspaces"], [list(u.values()) for u in found], title="users"))


@users.command("remove")
@click.argument("name")
@with_account
@click.pass_context
def users_remove(ctx: click.Context, name: str, url: str, api_key: str | None) -> None:
    """Delete an account. Argilla deletes its responses too: run `jisr review pull` first to keep them."""
    _need_extra()
    from jisr.annotation.hosting.users import remove_user

    result = remove_user(_client(*_connection(ctx, url, api_key)), name)
    show(table(list(result), [list(result.values())], title="user removed"))


@review.command()
@click.option("--dataset", default=None, help="Only this Argilla dataset (default: every reviewed dataset).")
@click.pass_context
def stats(ctx: click.Context, dataset: str | None) -> None:
    """Error types by specialty and source, acceptance rate and agreement, from the catalog (after `pull`)."""
    from jisr.annotation.stats import review_stats

    found = review_stats(catalog_path(ctx), dataset)
    titles = {"errors": "error types by specialty and source",
              "agreement": "inter-annotator agreement (Krippendorff's alpha; pairs of reviewers agreeing)"}
    _print_acceptance(*found["acceptance"])
    for name in ("errors", "agreement"):
        columns, rows = found[name]
        if rows:
            show(table(columns, rows, title=titles[name]))
        else:
            say(f"{titles[name]}: nothing yet", wrap=True)
    _print_gate(*found["gate"])


def _interval(value: float | None, low: float | None, high: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f} [{low:.{digits}f}-{high:.{digits}f}]"


def _print_acceptance(columns: list[str], rows: list[tuple]) -> None:
    title = "verdicts by specialty, source and model (acceptance %, Wilson 95% CI)"
    if not rows:
        say(f"{title}: nothing yet", wrap=True)
        return
    shown = [(r["category"], r["source"], r["model"], r["decided"], r["accepted"], r["corrected"], r["rejected"],
              _interval(r["acceptance_pct"], r["ci95_low"], r["ci95_high"]))
             for r in (dict(zip(columns, row)) for row in rows)]
    show(table(["category", "source", "model", "n", "acc", "corr", "rej", "accepted % [CI]"], shown,
               title=title, width=24))


_SCOPES = {"stratum": "its own fit", "global": "the global fit", "translation_qe": "the translate step's thresholds"}


def _print_gate(columns: list[str], rows: list[tuple]) -> None:
    """The gate's agreement with experts per stratum, then each stratum's thresholds or fallback, in words."""
    if not rows:
        say("gate vs experts: no calibration yet (`jisr review pull` or `jisr review calibrate`)")
        return
    found = [dict(zip(columns, row)) for row in rows]
    names = ["global" if r["category"] == "*" else f"{r['category']}/{r['source']}/{r['model']}" for r in found]
    shown = [(name, f"{r['verdicts']} ({r['rejects']})",
              _interval(r["reject_precision"], r["precision_low"], r["precision_high"], 0),
              _interval(r["reject_recall"], r["recall_low"], r["recall_high"], 0),
              f"{r['gate_rejected']}/{r['unreviewed']}") for name, r in zip(names, found)]
    say(f"gate calibration {found[0]['calibration_id']}, fitted on pull {found[0]['pull_run']}", wrap=True)
    show(table(["stratum", "n (rej)", "P(reject)", "R(reject)", "out/unrev"], shown, width=40,
               title="gate vs experts: reject's precision and recall, %, cross-validated, Wilson 95% CI"))
    for stratum, r in zip(names, found):
        rules = ", ".join(f"{signal} {'<' if side == 'min' else '>'} {t:g}"
                          for signal, sides in json.loads(r["thresholds"] or "{}").items() for side, t in sides.items())
        why = f" ({r['fallback_reason']})" if r["fallback_reason"] else ""
        said = (f"; rejects {rules}" if rules else "; rejects nothing more") if r["thresholds"] else ""
        say(f"{stratum}: decided by {_SCOPES[r['scope']]}{why}{said}", wrap=True)
