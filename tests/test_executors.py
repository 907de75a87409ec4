"""The `executor:` key: the same filters on local processes, a Slurm job array and Ray decide the same.

Slurm cannot run here, so its test puts stand-ins for `sbatch`, `squeue`, `srun` and `scontrol` on
PATH: sbatch keeps the script datatrove submits and runs its array tasks in the background, one after
another, as a cluster would; everything on jisr's and datatrove's side is the real code.
"""

import os
import stat
import sys
import textwrap
from pathlib import Path

import polars as pl
import pytest
import yaml

from jisr.config import load_config, sample_config_path
from jisr.corpus.sources.ingest import read_source
from jisr.curation.executors import Local, Ray, Slurm, run_tasks
from jisr.curation.landing import records_frame
from jisr.curation.steps import make_steps, run_steps
from jisr.errors import InputError, JisrError

SHARD = 400  # the sample's 1,085 records in 3 tasks


@pytest.fixture(scope="module")
def sample():
    config = load_config()
    records = records_frame([read_source(spec) for spec in config.sources])
    filters = [(name, params) for name, params in config.curation if name in ("language_id", "quality", "pii")]
    return records, filters


def _run(records, filters, work: Path, executor):
    decisions, signals = run_steps(records, make_steps(filters)[0], [], work, SHARD, executor=executor)
    return (decisions.sort("record_id", "seq"), signals.collect().sort("record_id", "step", "name"))


@pytest.fixture(scope="module")
def local(sample, tmp_path_factory):
    return _run(*sample, tmp_path_factory.mktemp("local"), Local())


def _same(got, expected):
    for mine, theirs in zip(got, expected):
        assert mine.height == theirs.height > 0
        assert mine.equals(theirs), mine.join(theirs, on=mine.columns, how="anti").head(5)


# --- the config key -------------------------------------------------------------------------------------

def _config(tmp_path: Path, executor) -> Path:
    raw = yaml.safe_load(sample_config_path().read_text(encoding="utf-8"))
    raw["sources"] = [{**s, "path": str(sample_config_path().parent / s["path"])} for s in raw["sources"]]
    path = tmp_path / "build.yaml"
    path.write_text(yaml.safe_dump({**raw, "executor": executor}) if executor is not None else yaml.safe_dump(raw),
                    encoding="utf-8")
    return path


def test_executor_defaults_to_local_and_reads_each_kind(tmp_path):
    assert load_config(_config(tmp_path, None)).executor == Local()
    assert load_config(_config(tmp_path, {"kind": "local", "workers": 2})).executor == Local(workers=2)
    assert load_config(_config(tmp_path, "ray")).executor == Ray()
    slurm = {"kind": "slurm", "partition": "cpu", "time": "4:00:00", "mem_per_cpu_gb": 3.5,
             "sbatch_args": {"account": "med"}}
    assert load_config(_config(tmp_path, slurm)).executor == Slurm(partition="cpu", time="4:00:00", mem_per_cpu_gb=3.5,
                                                                   sbatch_args={"account": "med"})


@pytest.mark.parametrize("executor, message", [
    ({"kind": "spark"}, "executor.kind: expected one of local, slurm, ray, not 'spark'"),
    ({"kind": "slrum"}, "executor.kind: expected one of local, slurm, ray, not 'slrum' (did you mean 'slurm'?)"),
    ({"kind": "local", "partition": "cpu"}, "executor (local): unknown parameter 'partition' (known: workers)"),
    ({"kind": "local", "worker": 2}, "executor (local): unknown parameter 'worker' (did you mean 'workers'?)"),
    ({"kind": "slurm", "time": "1:00:00"}, "executor (slurm): partition is required"),
    ("kind: slurm\n  partition: cpu\n  time: 4:00:00",
     "executor (slurm): time must be text, not 14400 (quote it: YAML reads 4:00:00 as a number)"),
    ({"kind": "local", "workers": 0}, "executor (local): workers must be positive, not 0"),
    ({"kind": "local", "workers": 1.5}, "executor (local): workers must be an integer, not 1.5"),
    ({"kind": "ray", "mem_per_cpu_gb": "lots"}, "executor (ray): mem_per_cpu_gb must be a number, not 'lots'"),
    ({"kind": "slurm", "partition": " ", "time": "1:00:00"}, "executor (slurm): partition must not be blank"),
    ({"kind": "slurm", "partition": "cpu", "time": "1:00:00", "sbatch_args": ["--account=med"]},
     "executor (slurm): sbatch_args must be a mapping, not ['--account=med']"),
    ({"kind": "slurm", "partition": "cpu", "time": "1:00:00", "sbatch_args": {"account": ["a", "b"]}},
     "executor (slurm): sbatch_args must be a mapping of names to text or an integer or a number or true or false, "
     "not {'account': ['a', 'b']}"),
    (["local"], "executor: expected a mapping like {kind: local, workers: 2}"),
])
def test_bad_executor_settings_fail_in_one_line_naming_the_key(tmp_path, executor, message):
    path = _config(tmp_path, {})
    if isinstance(executor, str):  # raw YAML, as a user would type it
        path.write_text(path.read_text(encoding="utf-8").replace("executor: {}", f"executor:\n  {executor}"),
                        encoding="utf-8")
    else:
        path = _config(tmp_path, executor)
    with pytest.raises(InputError) as failure:
        load_config(path)
    assert message in str(failure.value) and "\n" not in str(failure.value)


# --- Slurm, through stand-ins for its commands ------------------------------------------------------------

SBATCH = '''\
import os, re, subprocess, sys, time
state = os.environ["FAKE_SLURM"]
args, script = sys.argv[1:-1], sys.argv[-1]
job = str(100 + len(os.listdir(f"{state}/scripts")))
text = open(script).read()
open(f"{state}/scripts/{job}.sh", "w").write(text)
open(f"{state}/queue/{job}", "w").close()
first, last = map(int, re.search(r"--array=(\\d+)-(\\d+)", text).groups())
after = [a.rsplit(":", 1)[1] for a in args if a.startswith("--dependency=")]
offset = [a.rsplit("=", 1)[1] for a in args if "RUN_OFFSET=" in a]
if os.fork() == 0:  # the "cluster": run the array tasks, then leave the queue; sbatch returns at once
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    while any(os.path.exists(f"{state}/queue/{a}") for a in after):
        time.sleep(0.2)
    time.sleep(float(os.environ.get("FAKE_SLURM_DELAY", "0")))
    with open(f"{state}/{job}.log", "w") as log:
        for task in range(first, last + 1):
            if os.environ.get("FAKE_SLURM_LOSE_TASKS"):
                break
            env = {**os.environ, "SLURM_ARRAY_TASK_ID": str(task), "SLURM_JOB_ID": job, "SLURM_NODELIST": "localhost",
                   "RUN_OFFSET": offset[0] if offset else "0"}
            subprocess.run(["bash", f"{state}/scripts/{job}.sh"], env=env, stdout=log, stderr=log)
    os.remove(f"{state}/queue/{job}")
    os._exit(0)
print(f"Submitted batch job {job}")
'''

COMMANDS = {
    "sbatch": f"#!{sys.executable}\n{SBATCH}",
    "squeue": '#!/bin/bash\n# squeue --noheader --jobs ID --format %T\n[ -e "$FAKE_SLURM/queue/$3" ] && echo RUNNING\nexit 0\n',
    "srun": '#!/bin/bash\nwhile [[ "$1" == -* ]]; do [ "$1" = -n ] && shift; shift; done\nexec "$@"\n',
    "scontrol": "#!/bin/bash\necho localhost\n",
}


@pytest.fixture
def fake_slurm(tmp_path, monkeypatch):
    state, bin_dir = tmp_path / "slurm", tmp_path / "bin"
    for folder in (state / "scripts", state / "queue", bin_dir):
        folder.mkdir(parents=True)
    for name, text in COMMANDS.items():
        (bin_dir / name).write_text(text, encoding="utf-8")
        (bin_dir / name).chmod((bin_dir / name).stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_SLURM", str(state))
    return state


def test_slurm_job_array_decides_as_local_processes_do(sample, local, fake_slurm, tmp_path):
    spec = Slurm(partition="cpu", time="1:00:00", cpus_per_task=2, mem_per_cpu_gb=3, workers=2,
                 sbatch_args={"account": "med"}, poll_seconds=0.2)
    _same(_run(*sample, tmp_path / "work", spec), local)
    scripts = sorted((fake_slurm / "scripts").glob("*.sh"))
    assert len(scripts) == 2  # the tasks' array job and datatrove's merge-stats job after it
    script = scripts[0].read_text(encoding="utf-8")
    tasks = -(-sample[0].height // SHARD)
    for line in ("#SBATCH --partition=cpu", "#SBATCH --time=1:00:00", "#SBATCH --cpus-per-task=2",
                 "#SBATCH --mem-per-cpu=3G", f"#SBATCH --array=0-{tasks - 1}%2", "#SBATCH --account=med",
                 f"source {Path(sys.prefix) / 'bin' / 'activate'}"):
        assert line in script, script
    assert "launch_pickled_pipeline " in script and "executor.pik" in script

    _run(*sample, tmp_path / "work", spec)  # every task is marked complete: nothing is submitted
    assert len(list((fake_slurm / "scripts").glob("*.sh"))) == 2


def test_a_build_that_stopped_waiting_reattaches_to_its_job(sample, local, fake_slurm, tmp_path, monkeypatch):
    records, filters = sample
    monkeypatch.setenv("FAKE_SLURM_DELAY", "3")
    impatient = Slurm(partition="cpu", time="1:00:00", poll_seconds=0.2, wait_hours=0.5 / 3600)
    with pytest.raises(JisrError, match="still running after executor.wait_hours"):
        _run(records, filters, tmp_path / "work", impatient)
    _same(_run(records, filters, tmp_path / "work", Slurm(partition="cpu", time="1:00:00", poll_seconds=0.2)), local)
    assert len(list((fake_slurm / "scripts").glob("*.sh"))) == 2  # waited on the first job, submitted no other


def test_tasks_a_slurm_job_did_not_finish_are_an_error_naming_their_logs(fake_slurm, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_SLURM_LOSE_TASKS", "1")  # the job leaves the queue with no task run
    spec = Slurm(partition="cpu", time="1:00:00", poll_seconds=0.1)
    with pytest.raises(JisrError, match=r"3 of 3 curation tasks did not finish on slurm .* logs are in .*logs"):
        run_tasks(spec, [], 3, tmp_path / "work")


# --- Ray, on a local instance -----------------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore:placement_group:DeprecationWarning")  # datatrove's call into Ray 2.60
def test_ray_decides_as_local_processes_do(sample, local, tmp_path):
    pytest.importorskip("ray", reason='Ray is optional: pip install -e ".[ray]" (in dev)')
    _same(_run(*sample, tmp_path / "work", Ray(mem_per_cpu_gb=0.5)), local)


@pytest.mark.filterwarnings("ignore:placement_group:DeprecationWarning")
def test_a_failed_ray_task_is_an_error_naming_its_log(tmp_path):
    """datatrove's Ray executor logs a failed task and returns; the build must not go on without it."""
    pytest.importorskip("ray", reason='Ray is optional: pip install -e ".[ray]" (in dev)')
    from datatrove.pipeline.readers import ParquetReader

    inputs = tmp_path / "input"
    inputs.mkdir()
    pl.DataFrame({"id": ["a"], "text": ["fine"]}).write_parquet(inputs / "00000.parquet")
    (inputs / "00001.parquet").write_bytes(b"not parquet")  # task 1 reads this one
    with pytest.raises(JisrError, match=r"1 of 2 curation tasks did not finish on ray \(first: task 1\)"):
        run_tasks(Ray(mem_per_cpu_gb=0.5), [ParquetReader(str(inputs))], 2, tmp_path / "work")
    assert "ArrowInvalid" in (tmp_path / "work" / "logs" / "logs" / "task_00001.log").read_text(encoding="utf-8")
