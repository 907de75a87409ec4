"""Which datatrove executor runs the filter tasks: local processes (the default), a Slurm job array or Ray.

The build config's `executor:` key picks one of the three settings classes below; `run_tasks` turns
it, the pipeline and the number of tasks into datatrove's `LocalPipelineExecutor`,
`SlurmPipelineExecutor` or `RayPipelineExecutor` and returns only once every task has its completion
marker. Every kind keeps datatrove's completion markers in `<work>/logs` and skips finished tasks, so a
rerun resumes. datatrove's Slurm executor submits and returns, and its Ray executor logs a failed task
and returns, so the build checks the markers itself: it polls them while the Slurm job is in the
queue (logging each new count of finished tasks to `jisr.curation.executors`), re-attaches to a job a
killed build submitted, and names the task logs when tasks did not finish.
Slurm and Ray on several machines need the work folder (under the jisr home) on a filesystem that
every node mounts at the same path, and jisr installed on every node.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field, fields
from pathlib import Path

import multiprocess
import multiprocess.forkserver
from datatrove.executor import LocalPipelineExecutor, RayPipelineExecutor, SlurmPipelineExecutor
from datatrove.executor.base import PipelineExecutor
from datatrove.utils.logging import logger

from jisr.curation import orphan_guard
from jisr.errors import JisrError

log = logging.getLogger(__name__)
Option = str | int | float | bool | None  # the value of an sbatch/srun option


class _Settings:
    """Numbers are positive and text is not blank, in every kind's settings (types: jisr/registry.py)."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value <= 0:
                raise ValueError(f"{f.name} must be positive, not {value}")
            if isinstance(value, str) and not value.strip():
                raise ValueError(f"{f.name} must not be blank")


@dataclass(frozen=True)
class Local(_Settings):
    """Tasks in local processes; `workers` at a time (default: one per core, at most one per task)."""

    workers: int | None = None


@dataclass(frozen=True)
class Slurm(_Settings):
    """One Slurm array job, a datatrove task per array task; the build waits for it to leave the queue."""

    partition: str
    time: str = field(metadata={"hint": "quote it: YAML reads 4:00:00 as a number"})  # per task, as sbatch reads it
    cpus_per_task: int = 1
    mem_per_cpu_gb: float = 2
    workers: int | None = None  # array tasks at once (--array=0-N%workers); default: as many as Slurm runs
    job_name: str = "jisr-filters"
    qos: str | None = None
    venv_path: str | None = None  # an activate script sourced by the job; default: this Python's venv
    env_command: str | None = None  # instead of venv_path, e.g. "module load python; source env/bin/activate"
    sbatch_args: dict[str, Option] = field(default_factory=dict)  # more #SBATCH lines, e.g. {account: med, constraint: cpu}
    srun_args: dict[str, Option] = field(default_factory=dict)
    max_array_size: int = 1001  # the cluster's MaxArraySize; more tasks are split over several array jobs
    poll_seconds: float = 30
    wait_hours: float | None = None  # give up waiting (the job keeps running) after this long; default: never


@dataclass(frozen=True)
class Ray(_Settings):
    """Tasks as Ray actors, on a Ray instance started for the build (`address: null`) or a running cluster."""

    address: str | None = None  # "auto" (the cluster this machine belongs to) or "ray://head:10001"
    cpus_per_task: int = 1
    mem_per_cpu_gb: float = 2
    workers: int | None = None  # tasks at once; default: all (Ray queues what its CPUs cannot hold)


EXECUTORS: dict[str, type] = {"local": Local, "slurm": Slurm, "ray": Ray}
ExecutorSpec = Local | Slurm | Ray


class QuietLocalExecutor(LocalPipelineExecutor):
    """datatrove's local executor without its console logging (jisr shows its own progress).

    Worker processes log from datatrove's modules; silencing them there is the only switch
    datatrove leaves. Errors still surface: they propagate as exceptions.
    """

    def _launch_run_for_rank(self, rank: int, ranks_q, completed=None, completed_lock=None):
        logger.disable("datatrove")
        return super()._launch_run_for_rank(rank, ranks_q, completed, completed_lock)

    def run(self):
        _prepare_forkserver(self.start_method, self.pipeline)
        return super().run()


def _prepare_forkserver(start_method: str, steps: list) -> None:
    """How the local workers start: datatrove starts its queue manager with `multiprocess`'s default context,
    which on Linux forks this process (a copy of the build's whole address space, the records frame of a
    million records, beside the workers); its workers already use forkserver, and so does the manager now.
    The forkserver (and so every worker) is stopped if this build is killed (curation/orphan_guard.py), and
    it imports this program's main module and the steps' modules once, so every worker starts with them."""
    multiprocess.set_start_method(start_method, force=True)
    os.environ[orphan_guard.BUILD_PID_ENV] = str(os.getpid())
    multiprocess.set_forkserver_preload(["__main__", orphan_guard.__name__, *_step_modules(steps)])


def _step_modules(pipeline: list) -> list[str]:
    """jisr's own modules among the steps' (an outside step's module may do work when imported, such as a
    script that runs a build: imported in the forkserver, that build would wait on itself)."""
    return sorted({module for module in (type(step).__module__ for step in pipeline) if module.startswith("jisr.")})


# Below this much input a build runs one or two small tasks, and a forkserver started early would cost more
# than it saves (the benchmark's 50k-record shard is ~57 MB of JSONL).
WARM_BYTES = 16 << 20


def warm_workers(spec: ExecutorSpec, steps: list, input_bytes: int) -> None:
    """Start the local workers' forkserver now, so that its imports (Polars, fastText's model, the steps'
    modules: ~1.5 s of one core) run while the build reads its `input_bytes` of sources on the other core,
    not when the filters start. Nothing for Slurm or Ray, whose workers start on their own machines."""
    if isinstance(spec, Local) and steps and input_bytes >= WARM_BYTES and (spec.workers or os.cpu_count() or 1) > 1:
        _prepare_forkserver("forkserver", steps)
        multiprocess.forkserver.ensure_running()


def make_executor(spec: ExecutorSpec, pipeline: list, tasks: int, work: Path) -> PipelineExecutor:
    """The datatrove executor for `spec`, logging (and marking finished tasks) under `<work>/logs`."""
    logs = str(work / "logs")
    if isinstance(spec, Local):
        workers = spec.workers or min(tasks, os.cpu_count() or 1)
        return QuietLocalExecutor(pipeline, tasks=tasks, workers=min(workers, tasks), logging_dir=logs,
                                  skip_completed=True)
    if isinstance(spec, Slurm):
        venv = spec.venv_path or (None if spec.env_command else _this_venv())
        return SlurmPipelineExecutor(
            pipeline, tasks=tasks, time=spec.time, partition=spec.partition, cpus_per_task=spec.cpus_per_task,
            mem_per_cpu_gb=spec.mem_per_cpu_gb, workers=spec.workers or -1, job_name=spec.job_name, qos=spec.qos,
            venv_path=venv, env_command=spec.env_command, sbatch_args=dict(spec.sbatch_args),
            srun_args=dict(spec.srun_args) or None, max_array_size=spec.max_array_size, logging_dir=logs,
            skip_completed=True)
    return RayPipelineExecutor(pipeline, tasks=tasks, workers=spec.workers or -1, logging_dir=logs,
                               skip_completed=True, cpus_per_task=spec.cpus_per_task,
                               mem_per_cpu_gb=spec.mem_per_cpu_gb)


def run_tasks(spec: ExecutorSpec, pipeline: list, tasks: int, work: Path) -> None:
    """Run the unfinished tasks on `spec`'s executor and return once all `tasks` are marked complete."""
    logger.disable("datatrove")  # its summary lines and warnings in this process
    try:
        executor = make_executor(spec, pipeline, tasks, work)
        if isinstance(spec, Slurm):
            _run_slurm(executor, spec, work / "logs")
        elif isinstance(spec, Ray):
            _run_ray(executor, spec)
        else:
            executor.run()
    finally:
        logger.enable("datatrove")
    missing = executor.get_incomplete_ranks()
    if missing:
        raise JisrError(f"{len(missing)} of {tasks} curation tasks did not finish on {type(spec).__name__.lower()} "
                        f"(first: task {missing[0]}); their logs are in {work / 'logs'}; rerun to retry them")


def _this_venv() -> str | None:
    activate = Path(sys.prefix) / "bin" / "activate"
    return str(activate) if activate.exists() else None


def _run_ray(executor: RayPipelineExecutor, spec: Ray) -> None:
    try:
        import ray
    except ImportError as exc:
        raise JisrError('executor kind ray needs Ray: pip install -e ".[ray]"') from exc
    started = not ray.is_initialized()
    if started:
        ray.init(address=spec.address, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    try:
        executor.run()
    finally:
        if started:
            ray.shutdown()


def _run_slurm(executor: SlurmPipelineExecutor, spec: Slurm, logs: Path) -> None:
    """Submit the unfinished tasks (or re-attach to the job a killed build submitted) and wait for them."""
    if shutil.which("sbatch") is None or shutil.which("squeue") is None:
        raise JisrError("executor kind slurm needs sbatch and squeue on PATH: run the build on a Slurm login node")
    job_file = logs / "slurm_job"
    job = job_file.read_text().strip() if job_file.exists() else ""
    if not job or not _queued(job):
        executor.run()  # sbatch, then returns; job_id -1: every task had finished already
        job = str(executor.job_id)
        if job == "-1":
            return
        job_file.write_text(job)
    started = time.monotonic()
    total, last, polls_after = executor.world_size, None, 0
    while True:
        done = total - len(executor.get_incomplete_ranks())
        if done != last:
            log.info("slurm job %s: %d/%d curation tasks done", job, done, total)
            last = done
        if done == total:
            return
        if not _queued(job):
            polls_after += 1  # markers written on other nodes can show late on a network filesystem
            if polls_after > 2:
                return
        if spec.wait_hours and time.monotonic() - started > spec.wait_hours * 3600:
            raise JisrError(f"slurm job {job} still running after executor.wait_hours={spec.wait_hours}; "
                            "rerun the build later to pick up its results")
        time.sleep(spec.poll_seconds)


def _queued(job: str) -> bool:
    """Whether Slurm still has any task of `job` pending or running. Only an answer that names no such
    job ends the wait: if squeue itself fails (the controller restarting), the job is taken as queued."""
    result = subprocess.run(["squeue", "--noheader", "--jobs", job, "--format", "%T"], capture_output=True, text=True)
    if result.returncode != 0:
        return "Invalid job id" not in result.stderr
    return bool(result.stdout.strip())
