"""Child processes that end when the process that started them dies, however it dies
(``kill -9`` included): a local batch's forkserver and workers, and the web app's
upload worker.

Two guards, because either alone has a gap. On Linux the kernel sends SIGKILL to a
process whose parent dies (``prctl(PR_SET_PDEATHSIG)``): the forkserver asks for it
against the batch process, each worker against the forkserver. Everywhere, a worker's
watchdog thread checks every second that the process it works for (the batch, the web
server) is still alive and that its own parent has not changed (which covers a parent that died before the request was
made). The resource tracker needs neither: it ends when the last process holding its
pipe (the batch process, the forkserver, the workers) has gone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 1.0


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux only; a no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - an unusual libc
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - a pid reused by another user's process
        return False
    return True


def watch_parent(owner_pid: int) -> None:
    """End this process soon after ``owner_pid`` or this process's parent is gone."""
    parent = os.getppid()

    def watch() -> None:
        stop = threading.Event()
        while not stop.wait(_WATCH_SECONDS):
            if os.getppid() != parent or not _alive(owner_pid):
                os._exit(1)

    threading.Thread(target=watch, name="ficscope-parent-watch", daemon=True).start()


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's processes now; a task still running is abandoned.
    ``ProcessPoolExecutor`` has no public way to stop one: end its processes."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
