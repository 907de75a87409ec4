"""Curation workers end with the build that started them, even when it is killed with SIGKILL.

datatrove's local executor runs its workers (and its queue manager) as children of a multiprocess
*forkserver*, and each child holds the forkserver's liveness pipe, so none of them notices when the build
dies: a killed build's workers ran on for minutes, writing into a work folder that the rerun uses. The
forkserver imports this module at start (`set_forkserver_preload`, see curation/executors.py); in that
process only (its parent is the build named by `JISR_BUILD_PID`) a thread watches the build and, once
it is gone, kills the forkserver's children and exits. Nothing runs where the module is merely imported.
"""

from __future__ import annotations

import os
import threading
import time

import psutil

BUILD_PID_ENV = "JISR_BUILD_PID"
POLL_S = 0.5


def _watch(build: int) -> None:
    while os.getppid() == build:
        time.sleep(POLL_S)
    for child in psutil.Process().children(recursive=True):
        try:
            child.kill()
        except psutil.Error:
            pass
    os._exit(1)


def _start() -> None:
    build = os.environ.get(BUILD_PID_ENV, "")
    if build.isdigit() and os.getppid() == int(build):
        threading.Thread(target=_watch, args=(int(build),), daemon=True, name="jisr-orphan-guard").start()


_start()
